//! The `fihris` binary: parses the command line, runs the subcommand and maps
//! the outcome to an exit code: 0 success, 1 problems in the site's files,
//! 2 anything else (I/O, refused output folder). Usage errors exit 2 (clap).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;
use fihris::error::Error;

/// A build allocates and frees millions of small strings (contexts, HTML
/// fragments); mimalloc does that in a fraction of glibc malloc's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Build(args) => cmd::build::run(args),
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            match error {
                Error::Site(_) => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}
