//! Shared helpers: copy a fixture site, build it, parse and walk the output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use fihris::error::Error;
use fihris::site::{self, BuildOptions, BuildSummary};
use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};
use tempfile::TempDir;

/// The repository root, which is also the bundled site.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the bundled site (the repository root) into a temporary folder's `public/`.
pub fn build_bundled() -> TempDir {
    let out = TempDir::new().unwrap();
    let options = BuildOptions {
        root: repo_root(),
        output_dir: Some(out.path().join("public")),
        ..BuildOptions::default()
    };
    site::build(&options).unwrap();
    out
}

/// A fixture site copied into a temporary folder, so tests may change it.
pub struct TestSite {
    pub dir: TempDir,
}

impl TestSite {
    /// Copies the bundled site (content, templates, static) into a fresh
    /// temporary folder, with its config.toml as `config` makes it.
    pub fn bundled(config: impl FnOnce(String) -> String) -> TestSite {
        let site = TestSite {
            dir: TempDir::new().unwrap(),
        };
        for folder in ["content", "templates", "static"] {
            copy_tree(&repo_root().join(folder), &site.root().join(folder));
        }
        let text = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
        site.write("config.toml", config(text));
        site
    }

    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> TestSite {
        let dir = TempDir::new().unwrap();
        copy_tree(&repo_root().join("tests/fixtures").join(name), dir.path());
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Writes (or replaces) a file of the site.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }

    /// Builds with default options into `public/`.
    pub fn build(&self) -> Result<BuildSummary, Error> {
        site::build(&BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        })
    }

    /// Builds and returns the diagnostics of a failed build.
    pub fn build_errors(&self) -> Vec<fihris::diagnostics::Diagnostic> {
        match self.build() {
            Err(Error::Site(list)) => list.into_iter().filter(|d| d.is_error()).collect(),
            Err(other) => panic!("expected content errors, got {other}"),
            Ok(_) => panic!("expected the build to fail"),
        }
    }

    /// Runs the real binary in the site root.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_fihris"))
            .args(args)
            .current_dir(self.root())
            .output()
            .unwrap()
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Parses an output file.
pub fn parse(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

/// Every file under `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every HTML file under `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| dir.join(p))
        .collect()
}

/// Checks that every relative href and src of every HTML page under `out`
/// names an existing file (never a bare folder, which file:// cannot open)
/// and that every fragment names an id in its target. Returns the problems.
pub fn broken_links(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for file in html_files(out) {
        if file.ends_with("404.html") {
            continue;
        }
        let html = parse(&file);
        for element in select(&html, "[href], [src]") {
            let value = element.attr("href").or(element.attr("src")).unwrap();
            if value.contains("://") || value.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
            let target = if path.is_empty() {
                file.clone()
            } else {
                file.parent()
                    .unwrap()
                    .join(percent_decode_str(path).decode_utf8().unwrap().as_ref())
            };
            if !target.is_file() {
                problems.push(format!("{}: {value} does not name a file", file.display()));
                continue;
            }
            let id = percent_decode_str(fragment).decode_utf8().unwrap();
            if !id.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let found = select(&parse(&target), "[id]")
                    .iter()
                    .any(|e| e.attr("id") == Some(id.as_ref()));
                if !found {
                    problems.push(format!(
                        "{}: {value}: no id \"{id}\" in {}",
                        file.display(),
                        target.display()
                    ));
                }
            }
        }
    }
    problems
}

/// Resolves a relative href of `from` to a file and a decoded fragment.
pub fn follow(from: &Path, href: &str) -> (std::path::PathBuf, String) {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap()
        .to_string();
    let target = from.parent().unwrap().join(path);
    (
        target,
        percent_encoding::percent_decode_str(fragment)
            .decode_utf8()
            .unwrap()
            .to_string(),
    )
}
