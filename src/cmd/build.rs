//! `fihris build`: wiring from the CLI options to [`fihris::site::build`].

use fihris::diagnostics;
use fihris::error::Result;
use fihris::site::{self, BuildOptions};

use crate::cli::BuildArgs;

/// Runs the build and prints its warnings and summary line.
pub fn run(args: BuildArgs) -> Result<()> {
    let options = BuildOptions {
        root: args.root,
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        force: args.force,
    };
    let mut summary = site::build(&options)?;
    if !summary.warnings.is_empty() {
        eprint!("{}", diagnostics::report(&mut summary.warnings));
    }
    if !args.quiet {
        println!(
            "built {} pages and {} sections into {} ({} files written, {} unchanged) in {} ms",
            summary.pages,
            summary.sections,
            summary.output_dir.display(),
            summary.stats.written,
            summary.stats.unchanged,
            summary.elapsed.as_millis()
        );
    }
    Ok(())
}
