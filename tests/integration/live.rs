//! Incremental rebuilds (`fihris serve`): after each edit of an article's
//! body, the site updated in place must equal the site rendered from scratch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fihris::error::Error;
use fihris::live::{Live, Update};
use fihris::output::FileContents;
use fihris::site::BuildOptions;
use tempfile::TempDir;

use crate::harness::{copy_tree, repo_root};

/// The bundled site, plus dated articles that make an actor's entry page
/// span several pages (`paginate_by = 2`).
fn site() -> TempDir {
    let dir = TempDir::new().unwrap();
    for part in ["content", "static"] {
        copy_tree(&repo_root().join(part), &dir.path().join(part));
    }
    let config = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
    let config = config.replace("name = \"actors\"\n", "name = \"actors\"\npaginate_by = 2\n");
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    for day in 1..=3 {
        let text = format!(
            "+++\ntitle = \"تقرير {day}\"\ndate = 2022-02-0{day}\n+++\n\nقال توكاييف إن الوضع مستقر.\n\nوتحدثت روسيا عن الانسحاب.\n"
        );
        std::fs::write(dir.path().join(format!("content/articles/report-{day}.md")), text).unwrap();
    }
    dir
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

/// Every output file of `live`, the search index included.
fn sorted(live: &Live) -> BTreeMap<String, FileContents> {
    live.paths()
        .map(|path| (path.to_string(), live.file(path).unwrap().into_owned()))
        .collect()
}

/// Edits `file` with `edit`, updates `live`, and compares with a full render.
fn edit_and_compare(live: &mut Live, root: &Path, file: &str, edit: impl FnOnce(String) -> String) -> usize {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    let updated = match live.update(&[path]).unwrap() {
        Update::Incremental(files) => files,
        Update::NeedsFullRebuild => panic!("a body edit of {file} should update in place"),
    };
    let full = Live::build(&options(root)).unwrap();
    let (have, want) = (sorted(live), sorted(&full));
    let mut differing: Vec<&str> = want
        .keys()
        .chain(have.keys())
        .filter(|path| have.get(*path) != want.get(*path))
        .map(String::as_str)
        .collect();
    differing.dedup();
    assert!(
        differing.is_empty(),
        "after editing {file}, these differ from a full render: {differing:?}"
    );
    updated
}

#[test]
fn body_edits_update_the_site_exactly_as_a_full_render_would() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let report = "content/articles/report-2.md";
    // A paragraph without mentions: the article and the search index only.
    let files = edit_and_compare(&mut live, root, report, |t| t + "\nفقرة جديدة بلا أسماء.\n");
    assert!(files <= 3, "{files} files rendered for an edit that names no entry");
    // A new mention of an entry the article did not name (its list of articles
    // grows), in a passage with another entry (both gain a related entry).
    edit_and_compare(&mut live, root, report, |t| t + "\nوعلق بلينكن على موقف روسيا.\n");
    // A paragraph first: every passage id after it moves.
    edit_and_compare(&mut live, root, report, |t| {
        t.replace("+++\n\n", "+++\n\nتمهيد قصير.\n\n")
    });
    // The article stops naming Tokayev: it leaves his list of five articles,
    // two a page, which loses its third page.
    assert!(live.file("actors/tokayev/page/3/index.html").is_some());
    edit_and_compare(&mut live, root, report, |t| t.replace("قال توكاييف", "قيل"));
    assert!(live.file("actors/tokayev/page/3/index.html").is_none());
    // The first code block of the site brings the highlighting stylesheet;
    // removing it takes the stylesheet away again.
    let code = "\n```rust\nfn main() {}\n```\n";
    edit_and_compare(&mut live, root, report, |t| t + code);
    assert!(live.file("syntax.css").is_some());
    edit_and_compare(&mut live, root, report, |t| t.replace(code, ""));
    assert!(live.file("syntax.css").is_none());
    // A seed article, cited as evidence by the framework's cases and in its matrix.
    edit_and_compare(&mut live, root, "content/articles/why-russia-sent-troops.md", |t| {
        t + "\nوأشار التحليل إلى الجدوى الفنية مرة أخرى.\n"
    });
}

#[test]
fn other_changes_ask_for_a_full_rebuild_and_errors_leave_the_site_as_it_was() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let before = sorted(&live);
    let report = root.join("content/articles/report-1.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("تقرير 1", "تقرير أول")).unwrap();
    assert_eq!(
        live.update(std::slice::from_ref(&report)).unwrap(),
        Update::NeedsFullRebuild
    );
    std::fs::write(&report, text.replace("+++\n\n", "actors = [\"blinken\"]\n+++\n\n")).unwrap();
    assert_eq!(
        live.update(std::slice::from_ref(&report)).unwrap(),
        Update::NeedsFullRebuild,
        "the entries named in front matter changed"
    );
    std::fs::write(&report, &text).unwrap();
    let entry = root.join("content/actors/tokayev.md");
    assert_eq!(live.update(&[entry]).unwrap(), Update::NeedsFullRebuild);
    std::fs::write(&report, text.clone() + "\n[رابط](@/articles/missing.md)\n").unwrap();
    match live.update(std::slice::from_ref(&report)) {
        Err(Error::Site(problems)) => assert!(problems.iter().any(|p| p.to_string().contains("missing.md"))),
        other => panic!("expected the broken link to be reported, got {other:?}"),
    }
    assert_eq!(sorted(&live), before);
    let evidence = root.join("content/articles/why-russia-sent-troops.md");
    let seed = std::fs::read_to_string(&evidence).unwrap();
    let cut = seed.find("+++\n\n").unwrap() + 5;
    std::fs::write(&evidence, &seed[..cut]).unwrap();
    assert!(
        matches!(live.update(&[PathBuf::from(&evidence)]), Err(Error::Site(_))),
        "cited passages are gone"
    );
    assert_eq!(sorted(&live), before);
}

#[test]
fn the_search_index_written_to_disk_equals_the_one_served() {
    let dir = site();
    let root = dir.path();
    fihris::site::build(&options(root)).unwrap();
    let on_disk = std::fs::read(root.join("public/search-index.js")).unwrap();
    let live = Live::build(&options(root)).unwrap();
    let served = match live.file("search-index.js").unwrap().into_owned() {
        FileContents::Bytes(bytes) => bytes,
        FileContents::Copy(path) => panic!("the index is generated, not copied from {}", path.display()),
    };
    assert!(on_disk.starts_with(b"window.FIHRIS_SEARCH = {\"fold\":"));
    assert_eq!(on_disk, served);
}
