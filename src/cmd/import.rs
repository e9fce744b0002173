//! `fihris import`: wiring from the CLI options to [`fihris::import::run`].

use fihris::error::{Error, Result};
use fihris::import::{self, ImportOptions, report};

use crate::cli::ImportArgs;

/// Imports the texts and prints the report; a failed input makes the run
/// fail (exit 1) after the others are imported.
pub fn run(args: ImportArgs) -> Result<()> {
    let today = jiff::Zoned::now().date();
    let options = ImportOptions {
        root: args.root,
        paths: args.paths,
        into: args.into,
        dry_run: args.dry_run,
        force: args.force,
        suggest_entries: args.suggest_entries,
        today: (i32::from(today.year()), today.month() as u32, today.day() as u32),
    };
    let outcome = import::run(&options)?;
    print!("{}", report::render(&outcome));
    let failed = outcome.items.iter().filter(|i| i.outcome.is_failure()).count();
    if failed > 0 {
        return Err(Error::Inputs(failed));
    }
    Ok(())
}
