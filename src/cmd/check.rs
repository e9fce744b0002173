//! `fihris check`: wiring from the CLI options to [`fihris::site::check`].

use fihris::diagnostics;
use fihris::error::{Error, Result};
use fihris::site::{self, BuildOptions};

use crate::cli::CheckArgs;

/// Runs the checks, prints every diagnostic; errors make it fail.
pub fn run(args: CheckArgs) -> Result<()> {
    let options = BuildOptions {
        root: args.root,
        base_url: args.base_url,
        drafts: args.drafts,
        strict: args.strict,
        reporter: super::terminal(),
        ..BuildOptions::default()
    };
    let mut found = site::check(&options)?;
    if found.iter().any(|d| d.is_error()) {
        return Err(Error::Site(found));
    }
    if !found.is_empty() {
        eprint!("{}", diagnostics::report(&mut found));
    }
    if !args.quiet {
        println!("check passed: no errors");
    }
    Ok(())
}
