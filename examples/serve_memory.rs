//! What `fihris serve` holds in memory for a site, by part: renders the site
//! in memory as serve does (`Live::build`), then prints the process's
//! resident memory, the bytes of the generated files, and the bytes of the
//! table of facts (what each page read), which is all that recording adds
//! to a build kept in memory.
//!
//!     cargo run --release --example serve_memory -- --root SITE

use std::path::PathBuf;

use fihris::serve::live::Live;
use fihris::site::BuildOptions;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = args
        .iter()
        .position(|a| a == "--root")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let options = BuildOptions {
        root,
        ..BuildOptions::default()
    };
    let live = match Live::build(&options) {
        Ok(live) => live,
        Err(error) => {
            eprintln!("error: {error}");
            std::process::exit(1);
        }
    };
    let memory = live.memory();
    let mib = |bytes: usize| bytes as f64 / (1024.0 * 1024.0);
    println!("resident: {:.0} MiB", mib(resident_bytes()));
    println!("generated files: {:.0} MiB", mib(memory.files));
    println!(
        "table of facts: {:.0} MiB for {} pages ({} bytes a page)",
        mib(memory.facts),
        memory.pages,
        memory.facts / memory.pages.max(1)
    );
}

/// The process's resident memory (`VmRSS` of /proc/self/status), 0 where
/// the system has no such file.
fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let line = status.lines().find(|l| l.starts_with("VmRSS:"));
    let kib = line.and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok());
    kib.unwrap_or(0) * 1024
}
