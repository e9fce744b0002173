//! Bad input and safety: misconfigured output, symlinks, injection, bidi
//! controls, very large and deeply nested input.

use crate::harness::{TestSite, parse, select, snapshot};

#[test]
fn output_dir_in_config_pointing_at_content_is_located_in_config() {
    let site = TestSite::fixture("minimal");
    site.write("config.toml", "title = \"x\"\noutput_dir = \"content\"\n");
    let before = snapshot(site.root());
    let errors = site.build_errors();
    let error = &errors[0];
    assert_eq!(
        (error.path.display().to_string(), error.line, error.col),
        ("config.toml".into(), 2, 1)
    );
    assert!(error.message.contains("inside the site's content/"), "{error}");
    assert!(error.hint.is_some());
    assert_eq!(snapshot(site.root()), before);
}

#[cfg(unix)]
#[test]
fn symlinks_leading_out_of_the_site_are_not_followed() {
    let outside = tempfile::TempDir::new().unwrap();
    std::fs::write(outside.path().join("secret.md"), "+++\ntitle = \"سر\"\n+++\nسر\n").unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let site = TestSite::fixture("minimal");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.root().join("content/secret.md")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("static/outside")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), site.root().join("static/secret.txt")).unwrap();
    let summary = site.build().unwrap();
    assert_eq!(summary.pages, 1, "the linked page is not read");
    let files = snapshot(&site.public());
    assert!(
        files
            .keys()
            .all(|p| !p.to_string_lossy().contains("secret") && !p.starts_with("outside")),
        "{files:?}"
    );
    assert!(
        summary.warnings.iter().any(|w| w.path.ends_with("secret.md")),
        "{:?}",
        summary.warnings
    );
}

#[test]
fn template_values_are_escaped() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/x.md",
        "+++\ntitle = \"<script>alert(1)</script>\"\nauthors = [\"<img src=x onerror=alert(1)>\"]\n+++\nنص\n",
    );
    site.build().unwrap();
    let html = parse(&site.public().join("x/index.html"));
    let scripts = select(&html, "script");
    assert_eq!(scripts.len(), 1, "only the JSON-LD");
    assert_eq!(scripts[0].attr("type"), Some("application/ld+json"));
    let json: serde_json::Value = serde_json::from_str(&scripts[0].text().collect::<String>()).unwrap();
    assert_eq!(
        json["headline"], "<script>alert(1)</script>",
        "the title stays inside the JSON"
    );
    assert!(select(&html, "img").is_empty());
    let title: String = select(&html, "h1")[0].text().collect();
    assert_eq!(title, "<script>alert(1)</script>");
}

#[test]
fn raw_html_is_sanitized_by_default_and_trusted_on_request() {
    let site = TestSite::fixture("minimal");
    site.write("content/x.md", "+++\ntitle = \"x\"\n+++\n\n<p onclick=\"steal()\">نص</p>\n\n<script>alert(1)</script>\n\n[رابط](javascript:alert(1))\n");
    site.build().unwrap();
    let html = parse(&site.public().join("x/index.html"));
    assert!(select(&html, ".article-body script").is_empty());
    assert!(select(&html, ".article-body [onclick]").is_empty());
    assert!(
        select(&html, ".article-body a")
            .iter()
            .all(|a| !a.attr("href").unwrap_or("").contains("javascript"))
    );
    site.write("config.toml", "title = \"x\"\n[markdown]\ntrust_html = true\n");
    site.build().unwrap();
    let html = parse(&site.public().join("x/index.html"));
    assert_eq!(select(&html, ".article-body script").len(), 1);
}

#[test]
fn source_url_with_javascript_scheme_is_dropped_and_an_error_under_strict() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/x.md",
        "+++\ntitle = \"x\"\n[source]\nname = \"y\"\nurl = \"javascript:alert(1)\"\n+++\n",
    );
    let summary = site.build().unwrap();
    let warning = &summary.warnings[0];
    assert_eq!((warning.line, warning.col, warning.is_error()), (5, 7, false));
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write("config.toml", format!("strict = true\n{config}"));
    let errors = site.build_errors();
    assert_eq!((errors[0].line, errors[0].col), (5, 7));
}

#[test]
fn bidi_controls_are_reported_by_check_and_balanced_in_output() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/x.md",
        "+++\ntitle = \"عنوان \u{202E}مقلوب\"\n+++\n\nنص \u{202E}مقلوب بلا إغلاق.\n\nفقرة تالية.\n",
    );
    let output = site.run(&["check"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/x.md:5:4") && stderr.contains("U+202E"),
        "{stderr}"
    );
    site.build().unwrap();
    let html = parse(&site.public().join("x/index.html"));
    for element in select(&html, ".article-body p, h1, title") {
        let text: String = element.text().collect();
        let opened = text.matches('\u{202E}').count();
        let closed = text.matches('\u{202C}').count();
        assert_eq!(opened, closed, "balanced in {text:?}");
    }
}

#[test]
fn a_ten_megabyte_article_and_a_million_character_line_build() {
    let site = TestSite::fixture("minimal");
    let paragraph = "نشرت منظمة معاهدة الأمن الجماعي قوات في كازاخستان، وقال Tokayev إن الوضع 2022 خطير.\n\n";
    let body = paragraph.repeat(10 * 1024 * 1024 / paragraph.len() + 1);
    site.write("content/big.md", format!("+++\ntitle = \"كبير\"\n+++\n\n{body}"));
    let line = "كلمة ".repeat(200_000);
    assert!(line.chars().count() >= 1_000_000);
    site.write("content/line.md", format!("+++\ntitle = \"سطر\"\n+++\n\n{line}\n"));
    site.build().unwrap();
    let big = std::fs::metadata(site.public().join("big/index.html")).unwrap().len();
    assert!(big > 10 * 1024 * 1024);
}

#[test]
fn nesting_thousands_deep_does_not_overflow_the_stack() {
    let site = TestSite::fixture("minimal");
    let quotes = format!("{} نص عميق\n", ">".repeat(5_000));
    let lists: String = (0..3_000)
        .map(|depth| format!("{}- بند {depth}\n", "  ".repeat(depth)))
        .collect();
    let emphasis = format!("{}نص{}\n", "*_".repeat(5_000), "_*".repeat(5_000));
    site.write(
        "content/deep.md",
        format!("+++\ntitle = \"عميق\"\n+++\n\n{quotes}\n{lists}\n{emphasis}"),
    );
    // Test threads have a 2 MiB stack: a recursive pass would overflow here.
    site.build().unwrap();
    let html = std::fs::read_to_string(site.public().join("deep/index.html")).unwrap();
    // Past 256 levels the deeper elements go and their words stay.
    for words in ["نص عميق", "بند 0", "بند 2999"] {
        assert!(html.contains(words), "{words} lost");
    }
    let depth = scraper::Html::parse_document(&html)
        .root_element()
        .descendants()
        .map(|node| node.ancestors().count())
        .max()
        .unwrap();
    assert!(depth < 300, "the page nests {depth} elements deep");
    let output = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/deep.md:5:") && stderr.contains("the limit is 256"),
        "{stderr}"
    );
}

/// Bidi overrides in front matter are reported by `check` like those in
/// bodies, and removed from what is displayed: a title such as
/// `invoice\u{202E}fdp.exe` no longer reads reversed (regression).
#[test]
fn bidi_overrides_in_front_matter_are_reported_and_removed() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/x.md",
        "+++\ntitle = \"invoice\u{202E}fdp.exe\"\nsummary = \"ملخص \u{202D}abc\"\n+++\n\nنص.\n",
    );
    let output = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/x.md:2:17") && stderr.contains("U+202E"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/x.md:3:17") && stderr.contains("U+202D"),
        "{stderr}"
    );
    site.build().unwrap();
    let html = std::fs::read_to_string(site.public().join("x/index.html")).unwrap();
    assert!(
        !html.contains('\u{202E}') && !html.contains('\u{202D}'),
        "an override reached the page"
    );
    assert!(html.contains("invoicefdp.exe"), "the title's letters are kept");
}
