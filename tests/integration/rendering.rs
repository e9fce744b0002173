//! Rendering of the mixed fixture: code, tables, English pages, links, assets.

use crate::harness::{TestSite, broken_links, parse, select};

fn built() -> TestSite {
    let site = TestSite::fixture("mixed");
    site.build().unwrap();
    site
}

const CODE_PAGE: &str = "public/articles/شيفرة-برمجية/index.html";

#[test]
fn code_blocks_and_inline_code_are_ltr_and_highlighted() {
    let site = built();
    let html = parse(&site.root().join(CODE_PAGE));
    let blocks = select(&html, "pre");
    assert_eq!(blocks.len(), 2);
    for block in &blocks {
        assert_eq!(block.attr("dir"), Some("ltr"));
    }
    assert!(
        !select(&html, "pre code.language-rust span[class^=hl-]").is_empty(),
        "rust is highlighted"
    );
    let plain = select(&html, "pre code.language-nosuchlanguage")[0];
    assert_eq!(plain.children().count(), 1, "unknown language is one escaped text node");
    assert!(plain.text().collect::<String>().contains("<script>"));
    for code in select(&html, "p code") {
        assert_eq!(code.attr("dir"), Some("ltr"));
    }
    let css = select(&html, "link[rel=stylesheet]");
    assert!(css.iter().any(|l| l.attr("href") == Some("../../syntax.css")));
    let syntax = std::fs::read_to_string(site.public().join("syntax.css")).unwrap();
    assert!(syntax.contains(".hl-") && syntax.contains("prefers-color-scheme: dark"));
}

#[test]
fn syntax_stylesheet_is_only_linked_from_pages_with_code() {
    let site = built();
    let html = parse(&site.public().join("articles/second/index.html"));
    assert!(select(&html, "link[href$='syntax.css']").is_empty());
}

#[test]
fn english_blocks_in_arabic_page_get_dir_ltr() {
    let site = built();
    let html = parse(&site.public().join("articles/second/index.html"));
    let paragraphs = select(&html, ".article-body p");
    assert_eq!(
        paragraphs[0].attr("dir"),
        None,
        "Arabic paragraph opening with CSTO stays rtl"
    );
    assert_eq!(paragraphs[1].attr("dir"), Some("ltr"));
    assert_eq!(select(&html, "blockquote")[0].attr("dir"), Some("ltr"));
}

#[test]
fn english_page_is_ltr_with_its_arabic_paragraph_rtl() {
    let site = built();
    let html = parse(&site.public().join("english/report/index.html"));
    let root = select(&html, "html")[0];
    assert_eq!((root.attr("lang"), root.attr("dir")), (Some("en"), Some("ltr")));
    let paragraphs = select(&html, ".article-body p");
    assert_eq!(paragraphs[0].attr("dir"), None);
    let isolated: Vec<String> = select(&html, ".article-body p bdi")
        .iter()
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(
        isolated,
        ["كازاخستان 2022"],
        "an Arabic run ending in digits is isolated"
    );
    assert_eq!(paragraphs[1].attr("dir"), Some("rtl"));
}

#[test]
fn table_cells_use_logical_alignment_and_their_own_direction() {
    let site = built();
    let html = parse(&site.root().join(CODE_PAGE));
    let heads = select(&html, "th");
    assert_eq!(heads[0].attr("class"), Some("align-start"));
    assert_eq!(heads[1].attr("class"), Some("align-end"));
    let cells = select(&html, "td");
    assert_eq!(cells[0].attr("dir"), None);
    assert_eq!(cells[2].attr("dir"), Some("ltr"));
}

#[test]
fn repeated_headings_get_numbered_ids() {
    let site = built();
    let html = parse(&site.root().join(CODE_PAGE));
    let ids: Vec<&str> = select(&html, ".article-body h2")
        .iter()
        .map(|h| h.attr("id").unwrap())
        .collect();
    assert_eq!(ids, ["مقدمة", "مقدمة-1"]);
}

#[test]
fn figure_with_image_and_caption() {
    let site = built();
    let html = parse(&site.root().join(CODE_PAGE));
    let img = select(&html, "figure img")[0];
    assert_eq!(img.attr("src"), Some("../../articles/logo.svg"));
    assert_eq!(img.attr("alt"), Some("شعار"));
    assert_eq!(select(&html, "figure figcaption")[0].attr("dir"), Some("ltr"));
}

#[test]
fn internal_links_and_assets_resolve_from_disk() {
    let site = built();
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(site.public().join("extra.css").is_file());
    assert!(site.public().join("img/dot.gif").is_file());
    assert!(
        site.public().join("style.css").is_file(),
        "the built-in stylesheet is added"
    );
}

#[test]
fn lists_are_sorted_newest_first_and_titles_isolated() {
    let site = built();
    let html = parse(&site.public().join("articles/index.html"));
    let titles: Vec<String> = select(&html, ".page-list a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(titles, ["مقال فيه شيفرة", "مقال ثان"]);
    let home = parse(&site.public().join("index.html"));
    let english = select(&home, ".page-list a[lang=en]");
    assert_eq!(
        english[0].attr("dir"),
        Some("ltr"),
        "an English title in an Arabic list is isolated by dir"
    );
}

#[test]
fn canonical_urls_use_base_url_only_when_set() {
    let site = built();
    let page = parse(&site.public().join("articles/second/index.html"));
    assert!(select(&page, "link[rel=canonical]").is_empty());
    let output = site.run(&["build", "--base-url", "https://example.org/kz"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let page = parse(&site.public().join("articles/second/index.html"));
    let canonical = select(&page, "link[rel=canonical]")[0]
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(canonical, "https://example.org/kz/articles/second/");
    let style = select(&page, "link[rel=stylesheet]")[0]
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(style, "../../style.css", "links stay relative");
}

#[test]
fn drafts_are_built_only_when_asked() {
    let site = TestSite::fixture("minimal");
    site.write("content/draft.md", "+++\ntitle = \"مسودة\"\ndraft = true\n+++\nنص\n");
    site.build().unwrap();
    assert!(!site.public().join("مسودة").exists() && !site.public().join("draft").exists());
    let output = site.run(&["build", "--drafts"]);
    assert!(output.status.success());
    assert!(site.public().join("draft/index.html").is_file());
}

#[test]
fn a_list_sorted_by_weight_pages_from_its_far_end_and_says_previous_and_next() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/articles/_index.md",
        "+++\ntitle = \"المقالات\"\nsort_by = \"weight\"\npaginate_by = 1\n+++\n",
    );
    for weight in 1..=3 {
        site.write(
            &format!("content/articles/w{weight}.md"),
            format!("+++\ntitle = \"وزن {weight}\"\nweight = {weight}\n+++\nنص\n"),
        );
    }
    site.build().unwrap();
    let page = |path: &str| parse(&site.public().join(path));
    let titles = |html: &scraper::Html| -> Vec<String> {
        select(html, ".page-list a")
            .iter()
            .map(|a| a.text().collect())
            .collect()
    };
    let first = page("articles/index.html");
    assert_eq!(titles(&first), ["وزن 1"]);
    assert_eq!(titles(&page("articles/page/2/index.html")), ["وزن 2"]);
    assert_eq!(titles(&page("articles/page/1/index.html")), ["وزن 3"]);
    let words = |html: &scraper::Html, rel: &str| -> String {
        select(html, &format!(".pager a[rel={rel}]"))[0].text().collect()
    };
    // Not dates: the pager says previous and next, not newer and older.
    assert!(
        words(&first, "next").contains("الصفحة التالية"),
        "{}",
        words(&first, "next")
    );
    let pages: Vec<String> = select(&first, ".pager-pages li")
        .iter()
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(pages, ["الأولى", "2", "1"]);
    let last = page("articles/page/1/index.html");
    assert!(words(&last, "prev").contains("الصفحة السابقة"));
}

#[test]
fn long_lists_are_paginated_with_mirrored_arrows() {
    let site = TestSite::fixture("minimal");
    site.write(
        "content/articles/_index.md",
        "+++\ntitle = \"المقالات\"\npaginate_by = 2\n+++\n",
    );
    for day in 1..=5 {
        site.write(
            &format!("content/articles/a{day}.md"),
            format!("+++\ntitle = \"مقال {day}\"\ndate = 2022-01-0{day}\n+++\nنص\n"),
        );
    }
    site.build().unwrap();
    // Five articles two at a time: the first page holds the newest three,
    // page 1 the oldest two.
    let first = parse(&site.public().join("articles/index.html"));
    let titles = |html: &scraper::Html| -> Vec<String> {
        select(html, ".page-list a")
            .iter()
            .map(|a| a.text().collect())
            .collect()
    };
    assert_eq!(titles(&first), ["مقال 5", "مقال 4", "مقال 3"]);
    let next = select(&first, ".pager a[rel=next]")[0];
    assert_eq!(next.attr("href"), Some("../articles/page/1/index.html"));
    assert!(
        next.text().collect::<String>().contains('←'),
        "next points left in a right-to-left page"
    );
    assert!(next.text().collect::<String>().contains("مقالات أقدم"));
    let oldest_path = site.public().join("articles/page/1/index.html");
    let oldest = parse(&oldest_path);
    assert_eq!(titles(&oldest), ["مقال 2", "مقال 1"]);
    assert_eq!(
        select(&oldest, ".pager a[rel=prev]")[0].attr("href"),
        Some("../../../articles/index.html")
    );
    assert!(select(&oldest, ".pager a[rel=next]").is_empty());
    let title: String = select(&oldest, "title")[0].text().collect();
    assert!(title.contains("الصفحة"), "{title}");
    let article = parse(&site.public().join("articles/a3/index.html"));
    let previous = select(&article, ".pager a[rel=prev]")[0];
    assert!(
        previous.text().collect::<String>().contains("مقال 4") && previous.text().collect::<String>().contains('→')
    );
    let next = select(&article, ".pager a[rel=next]")[0];
    assert_eq!(next.attr("href"), Some("../../articles/a2/index.html"));
    let newest = parse(&site.public().join("articles/a5/index.html"));
    assert!(select(&newest, ".pager a[rel=prev]").is_empty());
    assert_eq!(
        select(&newest, ".pager a[rel=next]")[0].attr("href"),
        Some("../../articles/a4/index.html")
    );
    let problems = broken_links(&site.public());
    assert!(problems.is_empty(), "{problems:#?}");
    // Newer articles change the first page and the pages next to it, not
    // the older ones, even when they make a new page.
    let add = |day: usize| {
        let text = format!("+++\ntitle = \"مقال {day}\"\ndate = 2022-01-{day:02}\n+++\nنص\n");
        site.write(&format!("content/articles/a{day}.md"), text);
    };
    (6..=12).for_each(add);
    site.build().unwrap();
    let oldest = || std::fs::read(&oldest_path).unwrap();
    let before = oldest();
    for day in [13, 14] {
        add(day);
        site.build().unwrap();
        assert!(oldest() == before, "page 1 changed with article {day}");
    }
    assert!(site.public().join("articles/page/6/index.html").is_file());
    let first = parse(&site.public().join("articles/index.html"));
    assert_eq!(titles(&first), ["مقال 14", "مقال 13"]);
    let page_6 = parse(&site.public().join("articles/page/6/index.html"));
    assert_eq!(titles(&page_6), ["مقال 12", "مقال 11"]);
}

#[test]
fn dates_are_written_in_arabic_with_the_chosen_digits_and_iso_datetime() {
    let site = TestSite::fixture("minimal");
    site.build().unwrap();
    let time = |site: &TestSite| {
        let html = parse(&site.public().join("page/index.html"));
        let time = select(&html, ".byline time")[0];
        (
            time.attr("datetime").unwrap().to_string(),
            time.text().collect::<String>(),
        )
    };
    assert_eq!(time(&site), ("2022-01-07".to_string(), "7 يناير 2022".to_string()));
    site.write("config.toml", "title = \"x\"\ndigits = \"arabic\"\n");
    site.build().unwrap();
    assert_eq!(time(&site), ("2022-01-07".to_string(), "٧ يناير ٢٠٢٢".to_string()));
}

/// A base_url with characters that mean something in XML is escaped in the
/// feed and the sitemap (regression: `&` made atom.xml invalid).
#[test]
fn base_url_is_escaped_in_the_feed() {
    let site = crate::harness::TestSite::fixture("minimal");
    site.write(
        "config.toml",
        "title = \"موقع\"\nbase_url = \"https://example.org/a&b/\"\n",
    );
    site.build().unwrap();
    for file in ["atom.xml", "sitemap.xml"] {
        let xml = std::fs::read_to_string(site.public().join(file)).unwrap();
        assert!(xml.contains("https://example.org/a&amp;b/"), "{file}: {xml}");
        assert!(!xml.contains("a&b"), "{file}: {xml}");
    }
    let robots = std::fs::read_to_string(site.public().join("robots.txt")).unwrap();
    assert_eq!(
        robots.lines().filter(|l| l.starts_with("Sitemap:")).count(),
        1,
        "{robots}"
    );
}

/// The publishing files are templates a site overrides like any other.
#[test]
fn feed_sitemap_and_robots_are_templates_a_site_overrides() {
    let site = crate::harness::TestSite::fixture("mixed");
    site.write(
        "templates/robots.txt",
        "User-agent: *\nDisallow: /drafts/\n{% if sitemap %}Sitemap: {{ sitemap }}\n{% endif %}",
    );
    site.write(
        "templates/sitemap.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{% for url in urls %}<url><loc>{{ url.loc }}</loc><changefreq>weekly</changefreq></url>{% endfor %}</urlset>\n",
    );
    let out = tempfile::TempDir::new().unwrap();
    fihris::site::build(&fihris::site::BuildOptions {
        root: site.root().to_path_buf(),
        output_dir: Some(out.path().join("public")),
        base_url: Some("https://example.org/a&b/".into()),
        ..Default::default()
    })
    .unwrap();
    let public = out.path().join("public");
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert_eq!(
        robots,
        "User-agent: *\nDisallow: /drafts/\nSitemap: https://example.org/a&b/sitemap.xml\n"
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<changefreq>weekly</changefreq>"), "{sitemap}");
    assert!(sitemap.contains("https://example.org/a&amp;b/"), "escaped: {sitemap}");
    assert!(!sitemap.contains("a&b"), "{sitemap}");
    // The default feed is still there, and escapes what it prints.
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    assert!(
        atom.starts_with("<?xml") && atom.contains("href=\"https://example.org/a&amp;b/atom.xml\""),
        "{atom}"
    );
}
