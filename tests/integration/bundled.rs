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

/// The articles keep the seed wording: every line of the scraped text, except
/// the republisher's footer and the lines moved into front matter, is in the page.
#[test]
fn articles_keep_the_seed_text_verbatim() {
    let seeds = repo_root().join("../shared/seeds");
    assert!(seeds.is_dir(), "the seed texts are expected at {}", seeds.display());
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
