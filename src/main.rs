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

/// mimalloc's `mi_option_purge_delay` (in mimalloc 3's `mimalloc.h`); the
/// Rust bindings name no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc keep the memory the process frees for its later
/// allocations, instead of returning it to the system a second after: a build
/// frees each stage's data as the next one allocates, and every page handed
/// back is faulted in and zeroed again. At N = 100,000 that is a few percent of
/// the build, at the same peak RSS (docs/performance.md). Only `build` does
/// this: `serve` returns memory between rebuilds.
fn keep_freed_memory() {
    // SAFETY: mimalloc's options may be set at any time; purges read this one.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match cli.command {
        cli::Command::Build(args) => {
            keep_freed_memory();
            cmd::build::run(args)
        }
        cli::Command::Check(args) => cmd::check::run(args),
        cli::Command::Serve(args) => cmd::serve::run(args),
        cli::Command::Init(args) => cmd::init::run(args),
        cli::Command::Import(args) => cmd::import::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(exit_status(&error))
        }
    }
}

/// 1 for problems in the site's files, 2 for anything else: I/O, a refused
/// output folder, or a site file that cannot be read (listed with the rest).
fn exit_status(error: &Error) -> u8 {
    match error {
        Error::Site(list) if !list.iter().any(|d| d.is_unreadable()) => 1,
        Error::Inputs(_) => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fihris::diagnostics::{Diagnostic, Severity};

    #[test]
    fn an_unreadable_file_among_the_problems_exits_2() {
        let problem = Diagnostic::error("content/a.md", 3, 1, "invalid date");
        assert_eq!(exit_status(&Error::Site(vec![problem.clone()])), 1);
        let unreadable = Diagnostic {
            severity: Severity::Unreadable,
            ..Diagnostic::error("content/b.md", 1, 1, "Permission denied")
        };
        assert_eq!(exit_status(&Error::Site(vec![problem, unreadable])), 2);
    }

    #[test]
    fn the_purge_delay_constant_names_mimallocs_purge_delay() {
        // mimalloc 3 documents a purge delay of 1000 ms by default: an option
        // number that named another option would read another default.
        let default = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000);
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, -1);
    }
}
