//! The bundled site (the repository root) built as a user would.

use std::path::Path;

use crate::harness::{broken_links, build_bundled, html_files, parse, repo_root, select};

fn article(out: &Path, slug: &str) -> scraper::Html {
    parse(&out.join("public/articles").join(slug).join("index.html"))
}

const FRAMEWORK_ARTICLE: &str = "لماذا-أرسلت-روسيا-قوات-إلى-كازاخستان";
const THREE_THINGS_ARTICLE: &str = "3-أشياء-مهمة-عن-التدخل-في-كازاخستان";

#[test]
fn every_page_is_arabic_right_to_left() {
    let out = build_bundled();
    let pages = html_files(&out.path().join("public"));
    assert!(pages.len() >= 5, "{pages:?}");
    for page in pages {
        let html = parse(&page);
        let root = select(&html, "html")[0];
        assert_eq!(root.attr("lang"), Some("ar"), "{}", page.display());
        assert_eq!(root.attr("dir"), Some("rtl"), "{}", page.display());
    }
}

#[test]
fn english_photo_caption_is_ltr_and_arabic_text_is_not_marked() {
    let out = build_bundled();
    let html = article(out.path(), FRAMEWORK_ARTICLE);
    let captions = select(&html, "figure figcaption");
    assert_eq!(captions.len(), 1);
    assert_eq!(captions[0].attr("dir"), Some("ltr"));
    assert!(
        captions[0]
            .text()
            .collect::<String>()
            .starts_with("A gas mask lies near the fence")
    );
    let marked: Vec<_> = select(&html, ".article-body p[dir], .article-body li[dir]");
    assert!(marked.is_empty(), "Arabic blocks need no dir of their own");
}

#[test]
fn framework_variables_are_a_five_item_list() {
    let out = build_bundled();
    let html = article(out.path(), FRAMEWORK_ARTICLE);
    let items: Vec<String> = select(&html, ".article-body ol > li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(items.len(), 5, "{items:?}");
    assert!(items[0].starts_with("دافع محدد"));
    assert!(items[3].starts_with("الجدوى الفنية"));
    assert!(items[4].contains("مثل العقوبات"));
}

#[test]
fn numbered_points_are_headings_with_arabic_ids() {
    let out = build_bundled();
    let html = article(out.path(), THREE_THINGS_ARTICLE);
    let headings = select(&html, ".article-body h2");
    let ids: Vec<&str> = headings.iter().map(|h| h.attr("id").unwrap()).collect();
    assert_eq!(
        ids,
        [
            "1-يحدث-أول-مرة",
            "2-انقطاع-في-السياسة-الخارجية-لكازاخستان",
            "3-هل-هو-تكرار-لما-حدث-بجورجيا-ومولدوفا-وسوريا"
        ]
    );
    let byline: String = select(&html, ".byline")[0].text().collect();
    assert!(byline.contains("إيمي ماكينون"));
    let meta: String = select(&html, ".article-meta")[0].text().collect();
    assert!(meta.contains("الجزيرة"), "translator shown: {meta}");
}

#[test]
fn home_and_articles_section_list_both_articles() {
    let out = build_bundled();
    for list in ["public/index.html", "public/articles/index.html"] {
        let html = parse(&out.path().join(list));
        let links = select(&html, ".page-list a");
        assert_eq!(links.len(), 2, "{list}");
        assert!(
            links[0].attr("href").unwrap().contains("%D8"),
            "Arabic slugs are percent-encoded"
        );
    }
}

#[test]
fn every_relative_link_resolves_to_a_file() {
    let out = build_bundled();
    let problems = broken_links(&out.path().join("public"));
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The articles keep the scraped wording: every line of the raw text the
/// repository carries in `sources/`, except the republisher's footer and the
/// lines moved into front matter, is in the page.
#[test]
fn articles_keep_the_seed_text_verbatim() {
    let seeds = repo_root().join("sources");
    assert!(seeds.is_dir(), "the raw texts are expected at {}", seeds.display());
    let out = build_bundled();
    let cases = [
        (
            "000_ea5e3ea7e789e4ef.txt",
            THREE_THINGS_ARTICLE,
            &["بقلم:", "ترجمة:"][..],
        ),
        (
            "002_f4e20dadbff31c7d.txt",
            FRAMEWORK_ARTICLE,
            &[
                "عن ” فورين بوليسي",
                "يقول محدّثي",
                "لمّا تخرج",
                "كل يرميها",
                "ماهر حمصي",
                "إبداع بلا",
                "إشترك في",
            ][..],
        ),
    ];
    for (seed, slug, moved) in cases {
        let page: String = article(out.path(), slug).root_element().text().collect();
        let page = page.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = std::fs::read_to_string(seeds.join(seed)).unwrap();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if moved.iter().any(|m| line.starts_with(m)) {
                continue;
            }
            let line = line.strip_prefix("الشرق اليوم- ").unwrap_or(line);
            for part in line.split(" باستخدام هذا الإطار ،") {
                let part = part.trim_start_matches(|c: char| c.is_ascii_digit() || c == ')');
                let part = part.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(page.contains(&part), "{seed}: missing {part:?}");
            }
        }
    }
}

#[test]
fn default_stylesheet_uses_logical_properties_only() {
    let css = std::fs::read_to_string(repo_root().join("static/style.css")).unwrap();
    for physical in ["left", "right"] {
        assert!(!css.contains(physical), "style.css mentions {physical}");
    }
    let out = build_bundled();
    for file in html_files(&out.path().join("public")) {
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(
            !html.contains(": left") && !html.contains(": right"),
            "{}",
            file.display()
        );
    }
}

/// No page repeats an id: the framework page shows every variable's
/// description, and each description numbers its passages from `p-1`
/// (regression: `id="p-1"` six times on framework/index.html).
#[test]
fn no_page_repeats_an_id() {
    let out = build_bundled();
    let mut repeated = Vec::new();
    for file in html_files(&out.path().join("public")) {
        let html = parse(&file);
        let mut seen = std::collections::HashSet::new();
        for element in select(&html, "[id]") {
            let id = element.value().id().unwrap_or_default().to_string();
            if !seen.insert(id.clone()) {
                repeated.push(format!("{}: {id}", file.display()));
            }
        }
    }
    assert!(repeated.is_empty(), "{repeated:#?}");
}

/// 404.html is served by hosts at any address and opened from disk before
/// the site is published: it carries its stylesheet and icon inside itself,
/// requests nothing from the public address, and names no canonical URL
/// (regression: with base_url it linked `https://…/style.css`).
#[test]
fn not_found_page_carries_its_style_and_asks_the_public_site_for_nothing() {
    for base_url in [None, Some("https://example.org/sub/".to_string())] {
        let out = tempfile::TempDir::new().unwrap();
        fihris::site::build(&fihris::site::BuildOptions {
            root: repo_root(),
            output_dir: Some(out.path().join("public")),
            base_url: base_url.clone(),
            ..Default::default()
        })
        .unwrap();
        let html = parse(&out.path().join("public/404.html"));
        let style: String = select(&html, "head style").iter().flat_map(|s| s.text()).collect();
        assert!(style.contains(".site-header"), "{base_url:?}: no inline stylesheet");
        assert!(
            select(&html, "link[rel=stylesheet], link[rel=canonical]").is_empty(),
            "{base_url:?}"
        );
        for icon in select(&html, "link[rel=icon]") {
            let href = icon.value().attr("href").unwrap();
            assert!(href.starts_with("data:image/svg+xml,"), "{base_url:?}: icon {href}");
        }
        for element in select(&html, "[src], link[href], script") {
            let value = element.value();
            let target = value.attr("src").or(value.attr("href")).unwrap_or_default();
            assert!(!target.contains("://"), "{base_url:?}: 404.html requests {target}");
        }
    }
}

/// An article without a byline credits its source as the author in its
/// JSON-LD, and one with neither leaves `author` out (regression: the second
/// bundled article had `"author": []`).
#[test]
fn json_ld_never_has_an_empty_author() {
    let out = build_bundled();
    let html = article(out.path(), FRAMEWORK_ARTICLE);
    let script: String = select(&html, "script[type=\"application/ld+json\"]")[0]
        .text()
        .collect();
    let ld: serde_json::Value = serde_json::from_str(&script).unwrap();
    assert_eq!(
        ld["author"],
        serde_json::json!([{"@type": "Organization", "name": "فورين بوليسي"}]),
        "{ld}"
    );
    for file in html_files(&out.path().join("public")) {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("\"author\":[]"), "{}", file.display());
    }
}
