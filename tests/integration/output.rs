//! The output folder: atomic swap, guard, unchanged files kept.

use std::path::Path;
use std::process::{Command, Output};

use fihris::error::Error;
use fihris::output::{WORK_MARKER, WORK_MARKER_TEXT};
use fihris::site::{self, BuildOptions};

use crate::harness::{TestSite, snapshot};

fn build_into(site: &TestSite, out: &Path, force: bool) -> Result<(), Error> {
    let options = BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(out.to_path_buf()),
        force,
        ..BuildOptions::default()
    };
    site::build(&options).map(|_| ())
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::fixture("mixed");
    site.build().unwrap();
    let before = snapshot(&site.public());
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.title }{% endblock content %}",
    );
    assert!(matches!(site.build(), Err(Error::Site(_))));
    assert_eq!(snapshot(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("fihris"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_template_failing_while_rendering_also_keeps_the_previous_output() {
    let site = TestSite::fixture("mixed");
    site.build().unwrap();
    let before = snapshot(&site.public());
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}",
    );
    assert!(site.build().is_err());
    assert_eq!(snapshot(&site.public()), before);
}

#[test]
fn an_unchanged_rebuild_rewrites_no_file() {
    let site = TestSite::fixture("mixed");
    let first = site.build().unwrap();
    assert_eq!(first.stats.unchanged, 0);
    let page = site.public().join("articles/second/index.html");
    let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = site.build().unwrap();
    assert_eq!(second.stats.written, 0);
    assert_eq!(second.stats.unchanged, first.stats.written);
    assert_eq!(std::fs::metadata(&page).unwrap().modified().unwrap(), modified);
}

#[test]
fn output_folder_may_not_be_the_site_or_inside_its_sources() {
    let site = TestSite::fixture("minimal");
    let before = snapshot(site.root());
    for out in [
        site.root().to_path_buf(),
        site.root().join("content"),
        site.root().join("content/x"),
        site.root().join("static"),
    ] {
        let error = build_into(&site, &out, true).unwrap_err();
        assert!(
            matches!(error, Error::OutputRefused { .. }),
            "{}: {error}",
            out.display()
        );
    }
    assert_eq!(snapshot(site.root()), before, "nothing was deleted or written");
}

#[test]
fn output_folder_may_not_hold_a_site_or_the_home_folder() {
    let site = TestSite::fixture("minimal");
    let other = TestSite::fixture("mixed");
    let error = build_into(&site, other.root(), true).unwrap_err();
    assert!(error.to_string().contains("holds a site"), "{error}");
    let home = std::env::var_os("HOME").unwrap();
    let error = build_into(&site, Path::new(&home), true).unwrap_err();
    assert!(matches!(error, Error::OutputRefused { .. }), "{error}");
}

#[test]
fn a_foreign_non_empty_folder_is_refused_unless_forced() {
    let site = TestSite::fixture("minimal");
    let out = site.root().join("elsewhere");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let error = build_into(&site, &out, false).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("not made by fihris") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    build_into(&site, &out, true).unwrap();
    assert!(out.join("page/index.html").is_file());
    build_into(&site, &out, false).expect("a folder fihris made is replaced without --force");
}

#[test]
fn refused_output_exits_2_with_the_reason() {
    let site = TestSite::fixture("minimal");
    let output = site.run(&["build", "--output-dir", "content"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refusing output folder") && stderr.contains("hint:"),
        "{stderr}"
    );
}

#[test]
fn a_page_wins_over_a_static_file_of_the_same_path() {
    let site = TestSite::fixture("minimal");
    site.write("content/articles/a.md", "+++\ntitle = \"مقال\"\n+++\n\nنص المقال.\n");
    site.write("static/articles/a/index.html", "<p>static copy</p>");
    site.write("static/notes.txt", "kept");
    site.build().unwrap();
    let page = std::fs::read_to_string(site.public().join("articles/a/index.html")).unwrap();
    assert!(page.contains("نص المقال"), "{page}");
    assert_eq!(
        std::fs::read_to_string(site.public().join("notes.txt")).unwrap(),
        "kept"
    );
}

#[test]
fn a_build_never_writes_into_a_file_of_the_previous_output() {
    let site = TestSite::fixture("minimal");
    site.write("static/articles/a/index.html", "<p>static copy</p>");
    site.build().unwrap();
    // Another name for the previous output's file: what the build does to
    // that file shows here.
    let other_name = site.root().join("kept.html");
    std::fs::hard_link(site.public().join("articles/a/index.html"), &other_name).unwrap();
    // The unchanged static file is linked from the previous output, then the
    // new page of the same path replaces it.
    site.write("content/articles/a.md", "+++\ntitle = \"مقال\"\n+++\n\nنص المقال.\n");
    site.build().unwrap();
    let page = std::fs::read_to_string(site.public().join("articles/a/index.html")).unwrap();
    assert!(page.contains("نص المقال"), "{page}");
    assert_eq!(std::fs::read_to_string(&other_name).unwrap(), "<p>static copy</p>");
}

/// Runs the real binary in the site root with `home` as the home folder.
fn run_with_home(site: &TestSite, home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fihris"))
        .args(args)
        .current_dir(site.root())
        .env("HOME", home)
        .output()
        .unwrap()
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn forcing_a_system_folder_is_refused_before_any_work() {
    // The site fails while rendering, after the guard: should the guard ever
    // let a system folder through, the build still stops before the swap.
    let site = TestSite::fixture("mixed");
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}{{ no_such_value }}{% endblock content %}",
    );
    let safety_net = site.run(&["build", "--output-dir", "scratch", "--force"]);
    assert_eq!(safety_net.status.code(), Some(1), "the site must fail to render");
    for out in ["/etc", "/usr", "/usr/local"] {
        let before = names(Path::new(out));
        let output = site.run(&["build", "--output-dir", out, "--force"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{out}: {stderr}");
        // macOS resolves /etc to /private/etc: the message names the resolved path.
        assert!(stderr.contains("refusing output folder"), "{stderr}");
        assert!(stderr.contains(": it is a system folder"), "{stderr}");
        // /usr/local may hold nothing but empty folders.
        assert!(out == "/usr/local" || stderr.contains("would be lost"), "{stderr}");
        assert_eq!(names(Path::new(out)), before);
    }
}

#[test]
fn forcing_a_folder_of_the_home_folder_is_refused_naming_a_file() {
    let site = TestSite::fixture("minimal");
    let home = tempfile::TempDir::new().unwrap();
    let documents = home.path().join("Documents");
    std::fs::create_dir(&documents).unwrap();
    std::fs::write(documents.join("thesis.txt"), "years of work").unwrap();
    for out in [&documents, home.path()] {
        let output = run_with_home(&site, home.path(), &["build", "-o", out.to_str().unwrap(), "--force"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("home folder"), "{stderr}");
    }
    let output = run_with_home(
        &site,
        home.path(),
        &["build", "-o", documents.to_str().unwrap(), "--force"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("thesis.txt would be lost"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(documents.join("thesis.txt")).unwrap(),
        "years of work"
    );
    // A folder deeper in the home folder is judged by what it holds.
    let deeper = documents.join("site");
    let output = run_with_home(&site, home.path(), &["build", "-o", deeper.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(deeper.join("index.html").is_file());
}

#[test]
fn forcing_a_folder_holding_files_a_build_never_writes_is_refused() {
    let site = TestSite::fixture("minimal");
    for (folder, file, lost) in [
        ("elsewhere", "notes.docx", "notes.docx"),
        ("repo", ".git/config", ".git"),
    ] {
        let out = site.root().join(folder);
        site.write(&format!("{folder}/index.html"), "<p>old</p>");
        site.write(&format!("{folder}/{file}"), "mine");
        let before = snapshot(&out);
        let error = build_into(&site, &out, true).unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, Error::OutputRefused { .. }), "{message}");
        assert!(message.contains(&format!("{lost} would be lost")), "{message}");
        assert_eq!(snapshot(&out), before, "{folder}");
    }
    // A file the new build writes again (from static/) may be replaced.
    site.write("static/papers/talk.pdf", "new");
    site.write("third/papers/talk.pdf", "old");
    site.write("third/style.css", "old");
    build_into(&site, &site.root().join("third"), true).unwrap();
    assert_eq!(
        std::fs::read_to_string(site.root().join("third/papers/talk.pdf")).unwrap(),
        "new"
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused_before_any_work() {
    let site = TestSite::fixture("minimal");
    site.write("file.txt", "mine");
    let before = snapshot(site.root());
    let error = build_into(&site, &site.root().join("file.txt"), true).unwrap_err();
    assert!(matches!(error, Error::OutputRefused { .. }), "{error}");
    assert!(error.to_string().contains("not a folder"), "{error}");
    assert_eq!(snapshot(site.root()), before, "nothing was written, moved or deleted");
}

#[test]
fn user_folders_beside_the_output_are_left_alone() {
    let site = TestSite::fixture("minimal");
    site.build().unwrap();
    // Names earlier builds used, and a work folder whose marker is not fihris's.
    site.write(".public.fihris-old/mine.txt", "old");
    site.write(".public.fihris-new/mine.txt", "new");
    site.write(".public.fihris-work/mine.txt", "work");
    site.write(&format!(".public.fihris-work/{WORK_MARKER}"), "not fihris's");
    let folders = [".public.fihris-new", ".public.fihris-old", ".public.fihris-work"];
    let contents = || -> Vec<_> { folders.iter().map(|f| snapshot(&site.root().join(f))).collect() };
    let before = contents();
    site.build().unwrap();
    site.build().unwrap();
    assert_eq!(contents(), before);
    let beside: Vec<_> = names(site.root())
        .into_iter()
        .filter(|n| n.contains("fihris"))
        .collect();
    assert_eq!(beside, folders, "and the build's own work folder is gone");
    assert!(site.public().join("page/index.html").is_file());
}

#[test]
fn a_work_folder_left_by_an_interrupted_build_is_removed() {
    let site = TestSite::fixture("minimal");
    site.write(".public.fihris-work/new/index.html", "<p>half a build</p>");
    site.write(&format!(".public.fihris-work/{WORK_MARKER}"), WORK_MARKER_TEXT);
    site.build().unwrap();
    let leftovers: Vec<_> = names(site.root())
        .into_iter()
        .filter(|n| n.contains("fihris"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
