//! Content errors: each class names the file, line and column with a hint,
//! and one run reports all of them.

use fihris::diagnostics::Diagnostic;

use crate::harness::TestSite;

/// Builds the minimal site with one extra file and returns its one error.
fn error_for(relative: &str, contents: &[u8]) -> Diagnostic {
    let site = TestSite::fixture("minimal");
    site.write(relative, contents);
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors.into_iter().next().unwrap();
    assert!(error.hint.is_some(), "every error has a hint: {error}");
    error
}

fn at(error: &Diagnostic) -> (String, usize, usize) {
    (error.path.display().to_string(), error.line, error.col)
}

#[test]
fn malformed_toml() {
    let error = error_for("content/bad.md", "+++\ntitle = \"x\"\ndate = = 3\n+++\n".as_bytes());
    assert_eq!(at(&error), ("content/bad.md".into(), 3, 8));
}

#[test]
fn missing_closing_fence() {
    let error = error_for("content/bad.md", "+++\ntitle = \"x\"\n\nنص\n".as_bytes());
    assert_eq!(at(&error), ("content/bad.md".into(), 1, 1));
    assert!(error.hint.unwrap().contains("closing `+++`"));
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let error = error_for(
        "content/bad.md",
        "+++\ntitle = \"x\"\nautors = [\"أ\"]\n+++\n".as_bytes(),
    );
    assert_eq!(at(&error), ("content/bad.md".into(), 3, 1));
    assert!(error.message.contains("autors"));
    assert_eq!(error.hint.as_deref(), Some("did you mean `authors`?"));
}

#[test]
fn wrong_type() {
    let error = error_for("content/bad.md", "+++\ntitle = 12\n+++\n".as_bytes());
    assert_eq!(at(&error), ("content/bad.md".into(), 2, 9));
    assert!(error.message.contains("invalid type"), "{error}");
}

#[test]
fn invalid_date() {
    let error = error_for(
        "content/bad.md",
        "+++\ntitle = \"x\"\ndate = \"2022-02-30\"\n+++\n".as_bytes(),
    );
    assert_eq!(at(&error), ("content/bad.md".into(), 3, 8));
    assert!(error.message.starts_with("invalid date"), "{error}");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let mut bytes = "+++\ntitle = \"x\"\n+++\nنص ".as_bytes().to_vec();
    let offset = bytes.len();
    bytes.extend([0xff, 0xfe]);
    let error = error_for("content/bad.md", &bytes);
    assert_eq!(at(&error), ("content/bad.md".into(), 4, 4));
    assert!(error.message.contains(&format!("byte {offset}")), "{error}");
}

#[test]
fn empty_file() {
    let error = error_for("content/empty.md", b"");
    assert_eq!(at(&error), ("content/empty.md".into(), 1, 1));
    assert!(error.message.contains("empty"));
}

#[test]
fn duplicate_output_paths_name_both_files() {
    let error = error_for(
        "content/other.md",
        "+++\ntitle = \"y\"\nslug = \"page\"\n+++\n".as_bytes(),
    );
    assert!(error.path.ends_with("page.md") || error.path.ends_with("other.md"));
    assert!(
        error.message.contains("content/page.md") || error.message.contains("content/other.md"),
        "{error}"
    );
    assert_ne!(
        error.message.contains("page.md"),
        error.path.ends_with("page.md"),
        "both files are named"
    );
}

#[test]
fn slug_with_a_path_separator() {
    for slug in ["a/b", "a\\\\b", ".."] {
        let text = format!("+++\ntitle = \"y\"\nslug = \"{slug}\"\n+++\n");
        let error = error_for("content/other.md", text.as_bytes());
        assert_eq!(at(&error), ("content/other.md".into(), 3, 8), "{slug}");
    }
}

#[test]
fn tera_syntax_error_names_template_and_line() {
    let error = error_for("templates/page.html", b"<html>\n<body>\n{{ page.title }\n</body>");
    assert_eq!(error.path.display().to_string(), "templates/page.html");
    assert_eq!(error.line, 3);
}

#[test]
fn undefined_template_variable_names_template_and_line() {
    let error = error_for(
        "templates/page.html",
        b"<html>\n{{ page.title }}\n{{ page.no_such_field }}\n</html>",
    );
    assert_eq!(error.path.display().to_string(), "templates/page.html");
    assert_eq!(error.line, 3);
}

#[test]
fn missing_template() {
    let error = error_for(
        "content/other.md",
        "+++\ntitle = \"y\"\ntemplate = \"wide.html\"\n+++\n".as_bytes(),
    );
    assert_eq!(error.path.display().to_string(), "content/other.md");
    assert!(error.message.contains("wide.html"));
}

#[test]
fn unknown_config_key() {
    let error = error_for("config.toml", "title = \"x\"\noutput_dri = \"out\"\n".as_bytes());
    assert_eq!(at(&error), ("config.toml".into(), 2, 1));
    assert_eq!(error.hint.as_deref(), Some("did you mean `output_dir`?"));
}

#[test]
fn link_to_unknown_content_file() {
    let error = error_for(
        "content/other.md",
        "+++\ntitle = \"y\"\n+++\n\nنص [رابط](@/nowhere.md).\n".as_bytes(),
    );
    assert_eq!(at(&error), ("content/other.md".into(), 5, 4));
}

#[test]
fn byte_order_mark_and_crlf_are_accepted() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/windows.md",
        "\u{feff}+++\r\ntitle = \"ويندوز\"\r\n+++\r\n\r\nنص.\r\n",
    );
    site.build().unwrap();
    assert!(site.public().join("windows/index.html").is_file());
}

#[test]
fn all_errors_of_a_run_are_reported_together_with_exit_status_1() {
    let site = TestSite::fixture("minimal");
    site.write("content/a.md", "+++\ntitle = 1\n+++\n");
    site.write("content/b.md", "+++\ntitle = \"b\"\n");
    site.write("content/c.md", "");
    site.write("content/d.md", "+++\ntitle = \"d\"\n+++\n[x](@/missing.md)\n");
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for located in ["content/a.md:2:9", "content/b.md:1:1", "content/c.md:1:1"] {
        assert!(stderr.contains(located), "{located} in {stderr}");
    }
    assert!(stderr.contains("3 error(s)"), "{stderr}");
    assert!(!site.public().exists(), "nothing written");
}

/// Front matter of scraped articles is not the user's own writing: a hostile
/// source address is dropped to the source's name with a located warning,
/// listed by `check`; `--strict` and `strict = true` make it an error
/// (regression: the build stopped at the first such address).
#[test]
fn hostile_source_address_is_a_warning_and_an_error_under_strict() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/scraped.md",
        "+++\ntitle = \"مقال منقول\"\ndate = 2022-01-08\n\n[source]\nname = \"وكالة\"\nurl = \"javascript:alert(2)\"\n+++\n\nنص [رابط](javascript:alert(5)) هنا.\n",
    );
    let build = site.run(&["build", "--quiet"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(stderr.contains("content/scraped.md:7:7:"), "{stderr}");
    assert!(stderr.contains("content/scraped.md:10:4:"), "{stderr}");
    let page = std::fs::read_to_string(site.public().join("scraped/index.html")).unwrap();
    assert!(page.contains("وكالة") && !page.contains("javascript:"), "{page}");
    let check = site.run(&["check", "--quiet"]);
    let listed = String::from_utf8_lossy(&check.stderr);
    assert!(
        check.status.success() && listed.contains("content/scraped.md:7:7:"),
        "{listed}"
    );
    for strict in [&["build", "--strict"][..], &["check", "--strict"][..]] {
        let output = site.run(strict);
        assert_eq!(output.status.code(), Some(1), "{strict:?}");
    }
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", format!("strict = true\n{config}"));
    assert_eq!(site.run(&["check"]).status.code(), Some(1));
}

/// A template's runtime error is reported once, with the number of pages it
/// affects (regression: 52 identical errors for 52 articles).
#[test]
fn a_template_error_met_on_every_page_is_reported_once() {
    let site = TestSite::fixture("minimal");
    for n in 1..=3 {
        site.write(
            &format!("content/a{n}.md"),
            format!("+++\ntitle = \"مقال {n}\"\n+++\n\nنص.\n"),
        );
    }
    site.write(
        "templates/page.html",
        "<p>{{ page.title }}</p>\n<p>{{ page.nope.deeper }}</p>\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let (path, line, _) = at(&errors[0]);
    assert_eq!((path.as_str(), line), ("templates/page.html", 2), "{errors:#?}");
    assert!(errors[0].message.contains("met 4 times"), "{}", errors[0].message);
}

/// A template that includes one that does not exist is located at the
/// include (regression: `templates:1:1:` with no hint).
#[test]
fn an_unknown_include_names_its_template_line_and_column() {
    let site = TestSite::fixture("minimal");
    site.write("templates/page.html", "<p>\n{% include \"nope.html\" %}\n");
    let errors = site.build_errors();
    assert_eq!(
        at(&errors[0]),
        ("templates/page.html".to_string(), 2, 12),
        "{errors:#?}"
    );
    assert!(errors[0].hint.as_deref().unwrap_or("").contains("page.html"));
}
