//! What a reader meets beyond an article's text: the home page as the way
//! into the indexes, aliases on entry pages, counts in the site's digits.

use crate::harness::{TestSite, build_bundled, html_files, parse, select};

/// The home page leads into the knowledge layer: every index page, with its
/// most-mentioned entries, and the newest articles with their standfirst
/// (regression: it repeated the site title and listed two articles only).
#[test]
fn home_page_leads_to_every_index_and_its_most_mentioned_entries() {
    let out = build_bundled();
    let html = parse(&out.path().join("public/index.html"));
    let hrefs: Vec<String> = select(&html, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    for index in ["actors", "countries", "framework"] {
        assert!(hrefs.contains(&format!("{index}/index.html")), "{index}: {hrefs:?}");
        let entries = hrefs
            .iter()
            .filter(|h| h.starts_with(&format!("{index}/")) && h.matches('/').count() == 2);
        assert!(entries.count() >= 3, "{index}: too few entries in {hrefs:?}");
    }
    assert!(hrefs.contains(&"actors/tokayev/index.html".to_string()), "{hrefs:?}");
    let text: String = select(&html, "main").iter().flat_map(|m| m.text()).collect();
    assert!(
        text.contains("إن مساعدة موسكو السريعة لنظام مجاور"),
        "standfirst missing"
    );
}

/// An entry page shows the other spellings it is detected by.
#[test]
fn entry_page_shows_its_aliases() {
    let out = build_bundled();
    let html = parse(&out.path().join("public/actors/tokayev/index.html"));
    let text: String = select(&html, "main").iter().flat_map(|m| m.text()).collect();
    assert!(text.contains("يُذكر أيضًا باسم"), "{text}");
    assert!(text.contains("توكاييف"), "{text}");
}

/// With `digits = "arabic"`, every number a reader sees is written in
/// Arabic-Indic digits: dates did, counts did not (regression).
#[test]
fn counts_follow_the_digits_setting() {
    let site = TestSite::fixture("minimal");
    site.write("config.toml", "title = \"موقع\"\ndigits = \"arabic\"\n");
    site.write(
        "content/countries/kazakhstan.md",
        "+++\nname = \"كازاخستان\"\n+++\n\nدولة في آسيا الوسطى.\n",
    );
    site.write(
        "content/actors/tokayev.md",
        "+++\nname = \"توكاييف\"\nkind = \"person\"\ncountry = \"kazakhstan\"\n+++\n",
    );
    site.write(
        "content/articles/a.md",
        "+++\ntitle = \"مقال\"\ndate = 2022-01-07\n+++\n\nقال توكاييف في كازاخستان.\n\nوعاد توكاييف إلى كازاخستان.\n",
    );
    site.build().unwrap();
    for file in html_files(&site.public()) {
        let html = parse(&file);
        // What a reader sees: the body's text outside scripts.
        let body = select(&html, "body")[0];
        let text: String = body
            .descendants()
            .filter(|node| {
                !node
                    .ancestors()
                    .any(|a| a.value().as_element().is_some_and(|e| e.name() == "script"))
            })
            .filter_map(|node| node.value().as_text().map(|t| t.to_string()))
            .collect();
        let latin: String = text.chars().filter(char::is_ascii_digit).collect();
        assert!(latin.is_empty(), "{}: Latin digits {latin:?} in {text}", file.display());
    }
}
