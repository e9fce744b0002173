//! The README keeps its promises: it is short enough to read, says how to
//! install, and its quick start runs as written.

use std::path::Path;
use std::process::Command;

use crate::harness::repo_root;

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).unwrap()
}

/// Regression (issue 22, finding 11): 3,122 words, no install line, no
/// quick start, no publishing section.
#[test]
fn readme_is_short_and_says_how_to_install_start_and_publish() {
    let text = readme();
    let words = text.split_whitespace().count();
    assert!(words < 1_200, "README has {words} words");
    for needle in [
        "cargo install --locked --path .",
        "## Quick start",
        "## Publishing",
        "cargo run --release -- build",
        "bash scripts/test",
    ] {
        assert!(text.contains(needle), "README lacks {needle:?}");
    }
}

/// The shell block of "Quick start", run line by line with the fihris this
/// test suite built (a long-running `fihris serve` is left out), in an empty
/// folder: every command succeeds and the article links to the entry.
#[test]
fn readme_quick_start_runs_as_written() {
    let text = readme();
    let section = text.split("## Quick start").nth(1).expect("a Quick start section");
    let script = section
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.split("\n```").next())
        .expect("a sh block");
    let script: String = script
        .lines()
        .filter(|line| !line.trim_start().starts_with("fihris serve"))
        .map(|line| format!("{line}\n"))
        .collect();
    let work = tempfile::TempDir::new().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_fihris")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let output = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .current_dir(work.path())
        .env("PATH", path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{script}\n{stderr}");
    let site = std::fs::read_dir(work.path()).unwrap().next().unwrap().unwrap().path();
    let public = site.join("public");
    let article = std::fs::read_dir(public.join("articles"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("index.html"))
        .filter(|p| p.is_file())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("actors/"));
    assert!(
        article.is_some(),
        "no article links to an actor in {}",
        public.display()
    );
}
