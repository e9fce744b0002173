//! Subcommands: one file each, wiring the CLI to the library.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod serve;

use fihris::reporter::{Message, Reporter};

/// The reporter of the terminal: progress on stdout, problems and stage
/// timings (asked for with the environment variable `FIHRIS_TIMINGS`) on
/// stderr.
pub fn terminal() -> Reporter {
    Reporter::new(|message| match message {
        Message::Progress(text) => println!("{text}"),
        Message::Problem(text) | Message::Timing(text) => eprintln!("{text}"),
    })
    .with_timings(std::env::var_os("FIHRIS_TIMINGS").is_some())
}
