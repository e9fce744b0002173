//! The pictures (graph/, map/, timeline/, entry pages, home) on the bundled
//! site: titled SVG with a text alternative beside it, links that resolve,
//! labels that overlap nothing, the same bytes from two builds, and the
//! `[pictures]` keys of config.toml.

use std::path::Path;

use fihris::pictures::svg::{LABEL_HEIGHT, label_width};
use scraper::Html;
use tempfile::TempDir;

use crate::harness::{broken_links, build_bundled, copy_tree, parse, repo_root, select, snapshot};

/// The bundled site copied with `extra` added to its config.toml.
fn bundled_with(extra: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    for part in ["content", "static"] {
        copy_tree(&repo_root().join(part), &dir.path().join(part));
    }
    let config = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
    std::fs::write(dir.path().join("config.toml"), format!("{config}\n{extra}\n")).unwrap();
    dir
}

fn build(root: &Path) -> Result<(), fihris::error::Error> {
    fihris::site::build(&fihris::site::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .map(|_| ())
}

fn attr(element: &scraper::ElementRef, name: &str) -> f64 {
    element.attr(name).unwrap().parse().unwrap()
}

#[test]
fn every_picture_has_a_title_and_a_text_alternative_beside_it() {
    let out = build_bundled();
    let public = out.path().join("public");
    let graph = parse(&public.join("graph/index.html"));
    let nodes = select(&graph, "svg.network .nodes > a[href]");
    assert!(nodes.len() > 20, "{} nodes", nodes.len());
    assert_eq!(select(&graph, "table.picture-table tbody tr").len(), nodes.len());
    let map = parse(&public.join("map/index.html"));
    assert!(!select(&map, "svg.map a[href$=\"countries/kazakhstan/index.html\"]").is_empty());
    let unplaced: Vec<String> = select(&map, "#unplaced-title ~ ul li a")
        .iter()
        .map(|a| a.text().collect())
        .collect();
    assert!(unplaced.contains(&"شبه جزيرة القرم".to_string()), "{unplaced:?}");
    assert!(unplaced.contains(&"الاتحاد السوفيتي".to_string()), "{unplaced:?}");
    let timeline = parse(&public.join("timeline/index.html"));
    let month = "../timeline/2022-01/index.html";
    assert!(!select(&timeline, &format!("svg#articles-timeline a[href=\"{month}\"] rect")).is_empty());
    assert!(!select(&timeline, &format!("#month-2022-01 a[href=\"{month}\"]")).is_empty());
    let tokayev = parse(&public.join("actors/tokayev/index.html"));
    for id in ["neighbourhood", "mentions-timeline"] {
        assert_eq!(select(&tokayev, &format!("svg#{id}")).len(), 1, "{id}");
    }
    // An entry's bars lead to their months' pages too.
    let month = "../../timeline/2022-01/index.html";
    assert!(!select(&tokayev, &format!("svg#mentions-timeline a[href=\"{month}\"] rect")).is_empty());
    let home = parse(&public.join("index.html"));
    assert_eq!(select(&home, "svg#home-graph").len(), 1);
    for (page, html) in [
        ("graph", &graph),
        ("map", &map),
        ("timeline", &timeline),
        ("tokayev", &tokayev),
    ] {
        for svg in select(html, "svg") {
            let id = svg.attr("id").unwrap();
            assert_eq!(
                svg.attr("aria-labelledby"),
                Some(format!("{id}-title").as_str()),
                "{page}"
            );
            let title = select(html, &format!("svg#{id} > title#{id}-title"));
            assert!(
                !title[0].text().collect::<String>().is_empty(),
                "{page}: {id} has a title"
            );
            assert!(
                !svg.html().contains("fill=\"#"),
                "{page}: colours come from the stylesheet"
            );
        }
    }
}

#[test]
fn every_link_inside_a_picture_resolves() {
    let out = build_bundled();
    let public = out.path().join("public");
    let in_pictures: usize = crate::harness::html_files(&public)
        .iter()
        .map(|file| select(&parse(file), "svg [href]").len())
        .sum();
    assert!(in_pictures > 100, "{in_pictures} links in pictures");
    assert_eq!(broken_links(&public), Vec::<String>::new());
}

#[test]
fn two_builds_of_a_site_give_the_same_bytes() {
    let (first, second) = (build_bundled(), build_bundled());
    let (a, b) = (snapshot(first.path()), snapshot(second.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{} differs between two builds", path.display());
    }
}

/// A label's box (x0, y0, x1, y1) and a node's disc (cx, cy, r).
type Boxes = (Vec<[f64; 4]>, Vec<(f64, f64, f64)>);

/// The box of each label and the disc of each node of the networks of `html`.
fn labels_and_nodes(html: &Html, svg: &str) -> Boxes {
    let mut labels = Vec::new();
    let mut nodes = Vec::new();
    for node in select(html, &format!("svg#{svg} .nodes > a")) {
        let circle = node
            .select(&scraper::Selector::parse("circle").unwrap())
            .next()
            .unwrap();
        nodes.push((attr(&circle, "cx"), attr(&circle, "cy"), attr(&circle, "r")));
        let text = node.select(&scraper::Selector::parse("text").unwrap()).next().unwrap();
        assert_eq!(text.attr("text-anchor"), Some("middle"));
        let (x, y) = (attr(&text, "x"), attr(&text, "y"));
        let width = label_width(&text.text().collect::<String>());
        // Coordinates are written with one decimal.
        let slack = 0.1;
        labels.push([
            x - width / 2.0 + slack,
            y - LABEL_HEIGHT / 2.0 + slack,
            x + width / 2.0 - slack,
            y + LABEL_HEIGHT / 2.0 - slack,
        ]);
    }
    (labels, nodes)
}

#[test]
fn labels_overlap_neither_one_another_nor_any_node() {
    let out = build_bundled();
    let public = out.path().join("public");
    for (page, svg) in [
        ("graph/index.html", "graph"),
        ("index.html", "home-graph"),
        ("countries/russia/index.html", "neighbourhood"),
    ] {
        let html = parse(&public.join(page));
        let (labels, nodes) = labels_and_nodes(&html, svg);
        assert!(labels.len() > 5, "{page}");
        for (i, a) in labels.iter().enumerate() {
            for (j, b) in labels.iter().enumerate().skip(i + 1) {
                let overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
                assert!(!overlap, "{page}: labels {i} and {j} overlap: {a:?} {b:?}");
            }
            for (j, &(cx, cy, r)) in nodes.iter().enumerate() {
                let (nx, ny) = (cx.clamp(a[0], a[2]), cy.clamp(a[1], a[3]));
                let inside = (cx - nx).powi(2) + (cy - ny).powi(2) < (r - 0.1).powi(2);
                assert!(!inside, "{page}: label {i} covers node {j}");
            }
        }
    }
}

#[test]
fn pictures_keys_size_the_graph_and_switch_the_pictures_off() {
    let site = bundled_with("[pictures]\ngraph_entries = 5\nhome_entries = 0\nneighbours = 3");
    build(site.path()).unwrap();
    let public = site.path().join("public");
    let graph = parse(&public.join("graph/index.html"));
    assert_eq!(select(&graph, "svg#graph .nodes > a").len(), 5);
    assert!(select(&parse(&public.join("index.html")), "svg#home-graph").is_empty());
    let russia = parse(&public.join("countries/russia/index.html"));
    assert_eq!(
        select(&russia, "svg#neighbourhood circle").len(),
        4,
        "the entry and three around it"
    );

    let off = bundled_with("[pictures]\nenabled = false");
    build(off.path()).unwrap();
    let public = off.path().join("public");
    for page in ["graph", "map", "timeline"] {
        assert!(!public.join(page).exists(), "{page}/ is not built");
    }
    assert!(select(&parse(&public.join("index.html")), "svg").is_empty());
    assert!(select(&parse(&public.join("countries/russia/index.html")), "svg").is_empty());

    let typo = bundled_with("[pictures]\ngraph_entry = 5");
    let Err(fihris::error::Error::Site(problems)) = build(typo.path()) else {
        panic!("an unknown key fails the build");
    };
    assert!(problems[0].message.contains("graph_entry"), "{}", problems[0].message);
}

#[test]
fn the_picture_pages_are_in_the_sitemap_when_they_are_built() {
    let sitemap = |extra: &str| {
        let site = bundled_with(extra);
        let config = std::fs::read_to_string(site.path().join("config.toml")).unwrap();
        std::fs::write(
            site.path().join("config.toml"),
            config.replace("# base_url = ", "base_url = "),
        )
        .unwrap();
        build(site.path()).unwrap();
        std::fs::read_to_string(site.path().join("public/sitemap.xml")).unwrap()
    };
    let on = sitemap("");
    for page in ["graph", "map", "timeline"] {
        assert!(
            on.contains(&format!("<loc>https://example.org/fihris/{page}/</loc>")),
            "{page}/"
        );
    }
    assert!(
        on.contains("<loc>https://example.org/fihris/timeline/2022-01/</loc>"),
        "a month's page"
    );
    let off = sitemap("[pictures]\nenabled = false");
    assert!(!off.contains("https://example.org/fihris/graph/"));
}

#[test]
fn each_month_of_the_timeline_has_a_page_of_its_articles() {
    let site = bundled_with("");
    for (day, month) in [(3, 2), (9, 2), (5, 3)] {
        let text = format!(
            "+++\ntitle = \"تقرير {day}-{month}\"\ndate = 2022-0{month}-0{day}\n+++\n\nقال توكاييف إن الوضع مستقر.\n"
        );
        std::fs::write(site.path().join(format!("content/articles/r-{day}-{month}.md")), text).unwrap();
    }
    build(site.path()).unwrap();
    let public = site.path().join("public");
    let timeline = parse(&public.join("timeline/index.html"));
    let months: Vec<String> = select(&timeline, ".picture-table tbody th a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    let href = |m: &str| format!("../timeline/{m}/index.html");
    assert_eq!(months, [href("2022-01"), href("2022-02"), href("2022-03")]);
    let titles = |month: &str| -> Vec<String> {
        let html = parse(&public.join(format!("timeline/{month}/index.html")));
        select(&html, ".page-list a")
            .iter()
            .map(|a| a.text().collect())
            .collect()
    };
    assert_eq!(titles("2022-02"), ["تقرير 9-2", "تقرير 3-2"], "newest first");
    assert_eq!(titles("2022-03"), ["تقرير 5-3"]);
    assert_eq!(titles("2022-01").len(), 2, "the two bundled articles");
    // The bars of the picture link to the month pages too.
    let bars: Vec<String> = select(&timeline, "svg#articles-timeline a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert!(bars.contains(&href("2022-02")), "{bars:?}");
    assert!(broken_links(&public).is_empty());
}
