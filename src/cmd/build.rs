//! `fihris build`: wiring from the CLI options to [`fihris::site::build`],
//! with a progress line and a summary on a terminal.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use fihris::diagnostics;
use fihris::error::Result;
use fihris::site::{self, BuildOptions, Progress};

use crate::cli::BuildArgs;

/// Runs the build; prints its warnings, and on a terminal (unless `--quiet`)
/// its progress after a second and one summary line.
pub fn run(args: BuildArgs) -> Result<()> {
    let talk = !args.quiet && std::io::stdout().is_terminal();
    let progress = talk.then(|| Arc::new(Progress::default()));
    let options = BuildOptions {
        root: args.root,
        output_dir: args.output_dir,
        base_url: args.base_url,
        drafts: args.drafts,
        strict: args.strict,
        force: args.force,
        progress: progress.clone(),
        reporter: super::terminal(),
    };
    let finished = Arc::new(AtomicBool::new(false));
    let reporter = progress.map(|progress| {
        let finished = Arc::clone(&finished);
        std::thread::spawn(move || report_progress(&progress, &finished))
    });
    let result = site::build(&options);
    finished.store(true, Ordering::Relaxed);
    if let Some(reporter) = reporter {
        let _ = reporter.join();
    }
    let mut summary = result?;
    if !summary.warnings.is_empty() {
        eprint!("{}", diagnostics::report(&mut summary.warnings));
    }
    if talk {
        println!(
            "built {}, {} and {} into {}: {} written, {} unchanged, in {} ms",
            counted(summary.pages, "page", "pages"),
            counted(summary.entries, "entry", "entries"),
            counted(summary.sections, "section", "sections"),
            summary.output_dir.display(),
            counted(summary.stats.written, "file", "files"),
            summary.stats.unchanged,
            summary.elapsed.as_millis()
        );
    }
    Ok(())
}

/// After a second, rewrites one line with the pages rendered until the build ends.
fn report_progress(progress: &Progress, finished: &AtomicBool) {
    let tick = Duration::from_millis(100);
    for _ in 0..10 {
        if finished.load(Ordering::Relaxed) {
            return;
        }
        std::thread::sleep(tick);
    }
    while !finished.load(Ordering::Relaxed) {
        let done = progress.done.load(Ordering::Relaxed);
        let total = progress.total.load(Ordering::Relaxed);
        eprint!("\rrendering pages: {done} of {total}");
        std::thread::sleep(tick);
    }
    eprint!("\r\x1b[2K");
}

/// `n` with the English noun's singular or plural form ("1 page", "2 pages").
fn counted(n: usize, one: &str, other: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { other })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_page_is_singular() {
        assert_eq!(counted(1, "page", "pages"), "1 page");
        assert_eq!(counted(0, "entry", "entries"), "0 entries");
        assert_eq!(counted(41, "file", "files"), "41 files");
    }
}
