//! Cases as entries (issue 26): the bundled cases, their pages, the pages
//! that list them, the matrix, and every error of a case, located.

use std::path::Path;

use crate::harness::{TestSite, build_bundled, follow, parse, select};

/// The case pages of the bundled site, by id.
const BUNDLED: [&str; 6] = [
    "kazakhstan-2022",
    "georgia-2008",
    "crimea-2014",
    "donbas-2014",
    "belarus-2020",
    "armenia-2021",
];

/// The words of `text`, without punctuation, one space apart.
fn words(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of the element `href` (a link on page `from`) lands on.
fn landing(from: &Path, href: &str) -> String {
    let (file, id) = follow(from, href);
    let html = parse(&file);
    let found = select(&html, &format!("[id='{id}']"));
    assert_eq!(found.len(), 1, "{href} from {}", from.display());
    found[0].text().collect()
}

#[test]
fn each_bundled_case_has_a_page_with_five_variables_and_quoted_evidence() {
    let out = build_bundled();
    let public = out.path().join("public");
    let mut assessed = 0;
    for id in BUNDLED {
        let file = public.join(format!("cases/{id}/index.html"));
        let html = parse(&file);
        let items = select(&html, ".case-assessments .assessment-item");
        assert_eq!(items.len(), 5, "{id}: one row per variable");
        let variables: Vec<String> = items
            .iter()
            .map(|i| i.select(&sel("h3 a")).next().unwrap().text().collect())
            .collect();
        assert_eq!(variables[0], "دافع محدد", "{id}: in the framework's order");
        for item in &items {
            let label: String = item.select(&sel(".assessment-label")).next().unwrap().text().collect();
            let quote = item.select(&sel("blockquote")).next();
            if label == "لم يُقيَّم" {
                assert!(quote.is_none(), "{id}: nothing quoted where nothing is assessed");
                continue;
            }
            assessed += 1;
            assert!(["متوفر", "جزئيا", "غائب"].contains(&label.as_str()), "{id}: {label}");
            // The quote is on the page, and its link lands on the passage
            // that holds those words.
            let quoted: String = quote.unwrap().text().collect();
            let href = item.select(&sel("figcaption a")).next().unwrap().attr("href").unwrap();
            let passage = landing(&file, href);
            assert!(
                words(&passage).contains(&words(&quoted)),
                "{id}: «{quoted}» not in {passage}"
            );
        }
        assert!(
            !select(&html, ".entry-facts .outcome").is_empty(),
            "{id}: outcome shown"
        );
        assert!(
            !select(&html, ".entry-links a[href*='countries/']").is_empty(),
            "{id}: countries linked"
        );
    }
    // Kazakhstan on five, the rest on what the articles say of them.
    assert_eq!(assessed, 5 + 1 + 1 + 1 + 2 + 2);
}

fn sel(css: &str) -> scraper::Selector {
    scraper::Selector::parse(css).unwrap()
}

#[test]
fn the_framework_matrix_groups_cases_by_outcome_with_colour_and_word() {
    let out = build_bundled();
    let file = out.path().join("public/framework/index.html");
    let html = parse(&file);
    let groups = select(&html, ".case-matrix tbody");
    assert_eq!(groups.len(), 2, "with and without intervention");
    let group_rows = |g: &scraper::ElementRef| -> Vec<String> {
        g.select(&sel("tr:not(.group) th[scope=row]"))
            .map(|t| t.text().collect())
            .collect()
    };
    assert_eq!(
        group_rows(&groups[0]),
        ["جورجيا 2008", "القرم 2014", "دونباس 2014", "كازاخستان 2022"]
    );
    assert_eq!(group_rows(&groups[1]), ["بيلاروسيا 2020", "أرمينيا 2021"]);
    let heading: String = groups[1].select(&sel("tr.group th")).next().unwrap().text().collect();
    assert_eq!(heading, "دون تدخّل عسكري");
    for cell in select(&html, ".case-matrix td") {
        let class = cell.attr("class").unwrap();
        let text: String = cell.text().collect();
        let word = match class.split(' ').find(|c| *c != "assessed").unwrap() {
            "present" => "متوفر",
            "partial" => "جزئيا",
            "absent" => "غائب",
            "not-assessed" => "لم يُقيَّم",
            other => panic!("class {other}"),
        };
        assert!(text.starts_with(word), "{class}: {text}");
        // Every assessed cell links to its evidence, which resolves.
        if class.contains("assessed ") {
            let href = cell.select(&sel("a")).next().unwrap().attr("href").unwrap();
            landing(&file, href);
        }
    }
    assert_eq!(select(&html, ".case-matrix td.present").len(), 5 + 2 + 1);
    assert_eq!(select(&html, ".case-matrix td.absent").len(), 4);
    assert_eq!(select(&html, ".case-matrix td.not-assessed").len(), 30 - 12);
    // The cases' own index page shows the same matrix.
    let index = parse(&out.path().join("public/cases/index.html"));
    assert_eq!(select(&index, ".case-matrix tbody tr:not(.group)").len(), 6);
}

#[test]
fn the_matrix_is_also_a_heatmap_whose_cells_link_their_evidence() {
    let out = build_bundled();
    let file = out.path().join("public/framework/index.html");
    let html = parse(&file);
    let svg = select(&html, "svg#case-heatmap");
    assert_eq!(svg.len(), 1);
    let title: String = svg[0].select(&sel("title")).next().unwrap().text().collect();
    assert!(title.contains("حسب المتغيرات"), "{title}");
    assert_eq!(select(&html, "#case-heatmap .row").len(), 6);
    let linked = select(&html, "#case-heatmap a.cell");
    assert_eq!(linked.len(), 12, "one link per assessment");
    for cell in &linked {
        let word: String = cell.select(&sel("text")).next().unwrap().text().collect();
        let class = cell.attr("class").unwrap();
        assert!(
            (class.contains("present") && word == "متوفر") || (class.contains("absent") && word == "غائب"),
            "{class}: {word}"
        );
        landing(&file, cell.attr("href").unwrap());
    }
    assert_eq!(select(&html, "#case-heatmap g.cell.not-assessed").len(), 18);
    // With pictures off, the table alone.
    let site = TestSite::bundled(|config| format!("{config}\n[pictures]\nenabled = false\n"));
    site.build().unwrap();
    let html = parse(&site.public().join("framework/index.html"));
    assert!(select(&html, "svg#case-heatmap").is_empty());
    assert_eq!(select(&html, ".case-matrix tbody tr:not(.group)").len(), 6);
}

#[test]
fn variables_countries_and_actors_list_their_cases() {
    let out = build_bundled();
    let public = out.path().join("public");
    let names = |page: &str| -> Vec<String> {
        let html = parse(&public.join(page));
        select(&html, ".entry-cases .case-list > li > a")
            .iter()
            .map(|a| a.text().collect())
            .collect()
    };
    assert_eq!(names("countries/ukraine/index.html"), ["القرم 2014", "دونباس 2014"]);
    assert_eq!(names("countries/kazakhstan/index.html"), ["كازاخستان 2022"]);
    assert_eq!(names("countries/russia/index.html").len(), 6);
    assert_eq!(
        names("actors/csto/index.html"),
        ["كازاخستان 2022", "بيلاروسيا 2020", "أرمينيا 2021"]
    );
    // A variable's page: each case that assesses it, with the assessment
    // and the evidence, which lands on the quoted words.
    let file = public.join("framework/local-support/index.html");
    let html = parse(&file);
    let items = select(&html, ".entry-cases .case-list > li");
    assert_eq!(items.len(), 6, "every case, assessed here or not");
    for item in items {
        let label: String = item.select(&sel(".assessment-label")).next().unwrap().text().collect();
        assert!(["متوفر", "غائب"].contains(&label.as_str()), "{label}");
        let quoted: String = item.select(&sel("blockquote")).next().unwrap().text().collect();
        let href = item.select(&sel("figcaption a")).next().unwrap().attr("href").unwrap();
        assert!(words(&landing(&file, href)).contains(&words(&quoted)));
    }
    let feasibility = parse(&public.join("framework/technical-feasibility/index.html"));
    let labels: Vec<String> = select(&feasibility, ".entry-cases .case-list .assessment-label")
        .iter()
        .map(|l| l.text().collect())
        .collect();
    assert_eq!(labels.len(), 6);
    assert_eq!(labels.iter().filter(|l| *l == "لم يُقيَّم").count(), 5, "{labels:?}");
}

#[test]
fn cases_are_events_in_json_ld_and_join_search_and_the_sitemap() {
    let site = TestSite::bundled(|config| {
        config.replace(
            "# base_url = \"https://example.org/fihris/\"",
            "base_url = \"https://example.org/f/\"",
        )
    });
    site.build().unwrap();
    let public = site.public();
    let html = parse(&public.join("cases/crimea-2014/index.html"));
    let script: String = select(&html, "script[type='application/ld+json']")[0].text().collect();
    let ld: serde_json::Value = serde_json::from_str(&script).unwrap();
    assert_eq!(ld["@type"], "Event");
    assert_eq!(ld["startDate"], "2014");
    assert_eq!(ld["url"], "https://example.org/f/cases/crimea-2014/");
    let places: Vec<&str> = ld["location"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(places, ["شبه جزيرة القرم", "أوكرانيا", "روسيا"]);
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    for id in BUNDLED {
        assert!(sitemap.contains(&format!("https://example.org/f/cases/{id}/")), "{id}");
    }
    let documents: String = std::fs::read_dir(public.join("search/docs"))
        .unwrap()
        .map(|f| std::fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    for name in ["القرم 2014", "Donbas 2014", "أرمينيا 2021"] {
        assert!(documents.contains(name), "{name} is searchable");
    }
}

/// A site with two countries, an actor, two variables, an article and an
/// index of cases; `case` is the front matter of `content/cases/c.md`.
fn case_site(case: &str) -> TestSite {
    let site = TestSite::fixture("minimal");
    site.write(
        "config.toml",
        "title = \"موقع\"\n[[indexes]]\nname = \"actors\"\ntitle = \"الفاعلون\"\n[[indexes]]\nname = \"countries\"\ntitle = \"الدول\"\n[[indexes]]\nname = \"framework\"\ntitle = \"الإطار\"\n[[indexes]]\nname = \"cases\"\ntitle = \"الحالات\"\nassesses = \"framework\"\n",
    );
    site.write("content/countries/kazakhstan.md", "+++\nname = \"كازاخستان\"\n+++\n");
    site.write("content/countries/russia.md", "+++\nname = \"روسيا\"\n+++\n");
    site.write(
        "content/actors/tokayev.md",
        "+++\nname = \"توكاييف\"\nkind = \"person\"\n+++\n",
    );
    site.write(
        "content/framework/trigger.md",
        "+++\nname = \"دافع محدد\"\nnumber = 1\n+++\n",
    );
    site.write(
        "content/framework/costs.md",
        "+++\nname = \"التكاليف المتوقعة\"\nnumber = 2\n+++\n",
    );
    site.write(
        "content/articles/a.md",
        "+++\ntitle = \"مقال\"\n+++\n\nقال توكاييف في كازاخستان إن القوات ستغادر.\n\nوقال توكاييف في كازاخستان إن الوضع مستقر.\n",
    );
    site.write("content/cases/c.md", format!("+++\n{case}+++\n\nحالة.\n"));
    site
}

const HEAD: &str = "name = \"كازاخستان 2022\"\nyears = [2022]\ncountries = [\"kazakhstan\"]\nactors = [\"tokayev\"]\noutcome = \"intervened\"\n";

fn assessment(variable: &str, value: &str, quote: &str) -> String {
    format!(
        "[[assessments]]\nvariable = \"{variable}\"\nassessment = \"{value}\"\nevidence = \"@/articles/a.md\"\nquote = \"{quote}\"\n"
    )
}

/// The errors of a build, as (file, line, column, message).
fn located(site: &TestSite) -> Vec<(String, usize, usize, String)> {
    site.build_errors()
        .iter()
        .map(|e| (e.path.display().to_string(), e.line, e.col, e.message.clone()))
        .collect()
}

#[test]
fn a_case_builds_and_a_variable_it_leaves_out_is_not_assessed() {
    let site = case_site(&format!("{HEAD}{}", assessment("costs", "partial", "إن الوضع مستقر")));
    site.build().unwrap();
    let file = site.public().join("cases/c/index.html");
    let html = parse(&file);
    let labels: Vec<String> = select(&html, ".assessment-item .assessment-label")
        .iter()
        .map(|l| l.text().collect())
        .collect();
    assert_eq!(labels, ["لم يُقيَّم", "جزئيا"]);
    let href = select(&html, ".evidence figcaption a")[0]
        .attr("href")
        .unwrap()
        .to_string();
    assert!(landing(&file, &href).contains("إن الوضع مستقر"));
    // A case's name is a title, not a form to detect in articles: the
    // country keeps its mention.
    site.write(
        "content/articles/b.md",
        "+++\ntitle = \"ب\"\n+++\n\nأحداث كازاخستان 2022 كانت دامية.\n",
    );
    site.build().unwrap();
    let article = parse(&site.public().join("articles/b/index.html"));
    assert!(select(&article, "a[href*='cases/c/']").is_empty());
    assert!(!select(&article, ".article-body a[href*='countries/kazakhstan/']").is_empty());
}

#[test]
fn unknown_countries_actors_and_variables_are_located_with_a_hint() {
    let head = HEAD
        .replace("[\"kazakhstan\"]", "[\"kazakstan\"]")
        .replace("[\"tokayev\"]", "[\"tokayv\"]");
    let site = case_site(&format!("{head}{}", assessment("trigerr", "present", "إن الوضع مستقر")));
    let errors = site.build_errors();
    let at: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.col)).collect();
    assert_eq!(at, [(4, 14), (5, 11), (8, 12)], "{errors:#?}");
    assert!(errors.iter().all(|e| e.path.ends_with("content/cases/c.md")));
    assert_eq!(errors[0].hint.as_deref(), Some("did you mean `kazakhstan`?"));
    assert_eq!(errors[1].hint.as_deref(), Some("did you mean `tokayev`?"));
    assert!(errors[2].message.contains("variable `trigerr`"), "{}", errors[2]);
    assert_eq!(errors[2].hint.as_deref(), Some("did you mean `trigger`?"));
    // A country is a variable of no case: the variable is looked up in the
    // index the cases assess only.
    let site = case_site(&format!(
        "{HEAD}{}",
        assessment("kazakhstan", "present", "إن الوضع مستقر")
    ));
    assert_eq!(located(&site).len(), 1);
}

#[test]
fn quotes_that_no_passage_or_several_hold_are_located_with_the_closest() {
    let site = case_site(&format!("{HEAD}{}", assessment("trigger", "present", "القوات باقية")));
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!((errors[0].line, errors[0].col), (11, 9));
    assert!(errors[0].message.contains("no passage"), "{}", errors[0]);
    assert!(errors[0].hint.as_deref().unwrap().contains("إن القوات ستغادر"));
    let site = case_site(&format!(
        "{HEAD}{}",
        assessment("trigger", "present", "توكاييف في كازاخستان")
    ));
    let errors = site.build_errors();
    assert!(errors[0].message.contains("2 passages"), "{}", errors[0]);
    let hint = errors[0].hint.as_deref().unwrap();
    assert!(hint.contains("ستغادر") && hint.contains("مستقر"), "{hint}");
    let missing = assessment("trigger", "present", "x").replace("@/articles/a.md", "@/articles/gone.md");
    let site = case_site(&format!("{HEAD}{missing}"));
    assert_eq!(located(&site)[0].1..located(&site)[0].2, 10..12);
}

#[test]
fn bad_case_fields_are_located() {
    let cases = [
        // An unknown assessment.
        (
            format!("{HEAD}{}", assessment("trigger", "maybe", "مستقر")),
            (9, 14),
            "unknown assessment",
        ),
        // An assessment without evidence.
        (
            format!("{HEAD}[[assessments]]\nvariable = \"trigger\"\nassessment = \"present\"\n"),
            (9, 14),
            "without evidence",
        ),
        // The same variable twice.
        (
            format!(
                "{HEAD}{}{}",
                assessment("trigger", "present", "مستقر"),
                assessment("trigger", "absent", "ستغادر")
            ),
            (13, 12),
            "assessed twice",
        ),
        // No outcome.
        (HEAD.replace("outcome = \"intervened\"\n", ""), (1, 1), "no `outcome`"),
        // An outcome that is not one.
        (HEAD.replace("\"intervened\"", "\"maybe\""), (6, 11), "unknown variant"),
    ];
    for (case, at, message) in cases {
        let site = case_site(&case);
        let errors = located(&site);
        assert_eq!(errors.len(), 1, "{case}: {errors:#?}");
        assert_eq!((errors[0].1, errors[0].2), at, "{case}: {errors:?}");
        assert!(errors[0].3.contains(message), "{case}: {errors:?}");
    }
    // "not assessed", written, needs no evidence.
    let site = case_site(&format!(
        "{HEAD}[[assessments]]\nvariable = \"trigger\"\nassessment = \"not assessed\"\nnote = \"لا يقول المقال\"\n"
    ));
    site.build().unwrap();
}

#[test]
fn case_fields_outside_an_index_of_cases_and_old_section_cases_are_errors() {
    let site = case_site(HEAD);
    site.write(
        "content/countries/georgia.md",
        "+++\nname = \"جورجيا\"\noutcome = \"intervened\"\n+++\n",
    );
    let errors = located(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "content/countries/georgia.md");
    assert_eq!((errors[0].1, errors[0].2), (3, 11));
    let site = case_site(HEAD);
    site.write(
        "content/framework/_index.md",
        "+++\ntitle = \"الإطار\"\n[[cases]]\nname = \"حالة\"\n+++\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("entries now"), "{}", errors[0]);
    assert!(errors[0].hint.as_deref().unwrap().contains("content/cases/"));
    // `assesses` names an index of variables.
    let site = case_site(HEAD);
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        config.replace("assesses = \"framework\"", "assesses = \"frame\""),
    );
    let errors = site.build_errors();
    assert!(errors[0].message.contains("assesses \"frame\""), "{}", errors[0]);
    assert_eq!(errors[0].path.display().to_string(), "config.toml");
}
