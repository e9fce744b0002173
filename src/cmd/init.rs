//! `fihris init`: wiring from the CLI to [`fihris::init::init`].

use fihris::error::Result;

use crate::cli::InitArgs;

/// Writes the new site and says how to build it.
pub fn run(args: InitArgs) -> Result<()> {
    fihris::init::init(&args.dir)?;
    println!(
        "created a site in {}; build it with: fihris build --root {}",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}
