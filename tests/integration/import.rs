//! `fihris import`: raw scraped texts become articles, their words intact,
//! nothing written over, bad inputs failing alone.

use std::path::PathBuf;

use fihris::import::{self, ImportOptions, Outcome};
use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::harness::{TestSite, repo_root};

const SOURCES: [&str; 2] = ["000_ea5e3ea7e789e4ef.txt", "002_f4e20dadbff31c7d.txt"];

/// A site with the bundled config.toml (its `[import] drop` patterns) and
/// no articles.
fn site() -> TestSite {
    let site = TestSite::fixture("minimal");
    site.write("config.toml", std::fs::read(repo_root().join("config.toml")).unwrap());
    site
}

fn options(site: &TestSite, paths: Vec<PathBuf>) -> ImportOptions {
    ImportOptions {
        root: site.root().to_path_buf(),
        paths,
        into: "articles".to_string(),
        dry_run: false,
        force: false,
        suggest_entries: false,
        today: (2026, 12, 7),
    }
}

fn source(name: &str) -> PathBuf {
    repo_root().join("sources").join(name)
}

/// The body of an article file: what follows its front matter.
fn body(text: &str) -> &str {
    text.splitn(3, "+++\n")
        .nth(2)
        .unwrap_or_else(|| panic!("no front matter: {text}"))
}

/// A value of an article's front matter.
fn front(text: &str, key: &str) -> Option<String> {
    let table: toml::Table = text.split("+++\n").nth(1)?.parse().ok()?;
    table.get(key)?.as_str().map(str::to_string)
}

/// The words of a Markdown body as a reader gets them (list numbers are
/// structure, not words).
fn words_read(markdown: &str) -> Vec<String> {
    let mut text = String::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Start(Tag::Image { title, .. }) => text.push_str(&title),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().map(String::from).collect()
}

fn is_list_marker(word: &str) -> bool {
    let digits = word.trim_end_matches([')', '.', '-', '–']);
    digits.len() < word.len()
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
}

/// Imports `paths` and checks that every word of each input is in its
/// article's body (in order), in the front matter it was moved to, or among
/// the dropped lines of the report.
fn assert_every_word_kept(site: &TestSite, paths: Vec<PathBuf>) {
    let report = import::run(&options(site, paths)).unwrap();
    for item in &report.items {
        let (Outcome::Written(file), Some(draft)) = (&item.outcome, &item.draft) else {
            panic!("{}: {:?}", item.input, item.outcome);
        };
        let article = std::fs::read_to_string(site.root().join(file)).unwrap();
        let bytes = std::fs::read(&item.input).unwrap();
        let raw = fihris::import::read::decode(&bytes).unwrap().text;
        let mut read = words_read(body(&article));
        read.retain(|w| !is_list_marker(w));
        let mut raw_words: Vec<&str> = raw.split_whitespace().filter(|w| !is_list_marker(w)).collect();
        // The body's words are the input's, in order.
        let mut from = 0;
        for word in &read {
            let at = raw_words[from..]
                .iter()
                .position(|w| w == word)
                .unwrap_or_else(|| panic!("{}: `{word}` not in the input after word {from}", item.input));
            from += at + 1;
        }
        // And nothing else is missing: the rest were moved or dropped.
        let mut kept: Vec<String> = read.clone();
        kept.extend(draft.moved.iter().flat_map(|m| m.split_whitespace().map(String::from)));
        kept.extend(
            draft
                .dropped
                .iter()
                .flat_map(|d| d.text.split_whitespace().map(String::from)),
        );
        kept.retain(|w| !is_list_marker(w));
        let mut kept: Vec<&str> = kept.iter().map(String::as_str).collect();
        raw_words.sort_unstable();
        kept.sort_unstable();
        assert_eq!(raw_words, kept, "{}: words lost or added", item.input);
    }
}

#[test]
fn bundled_articles_are_what_import_makes_of_the_sources() {
    let site = site();
    let output = site.run(&["import", repo_root().join("sources").to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let bundled: Vec<String> = std::fs::read_dir(repo_root().join("content/articles"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut compared = 0;
    for entry in std::fs::read_dir(site.root().join("content/articles")).unwrap() {
        let imported = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let sha = front(&imported, "source_sha256").unwrap();
        let original = bundled
            .iter()
            .find(|b| front(b, "source_sha256").as_deref() == Some(sha.as_str()))
            .expect("a bundled article records the same source_sha256");
        assert_eq!(
            body(&imported),
            body(original),
            "the bundled body differs from the import's"
        );
        compared += 1;
    }
    assert_eq!(compared, 2);
}

#[test]
fn every_word_of_the_raw_texts_is_kept() {
    assert_every_word_kept(&site(), SOURCES.iter().map(|s| source(s)).collect());
}

/// Texts of other shapes, written here: a wire report, an opinion piece
/// with a byline after the title and Markdown characters in its text, a
/// hard-wrapped analysis with a numbered list and Levantine dates.
const OTHER_TEXTS: &[(&str, &str)] = &[
    (
        "wire.txt",
        "الكرملين: القوات ستبقى في كازاخستان حتى استقرار الوضع\n\n\
موسكو، 10 يناير 2022 (رويترز) - قال المتحدث باسم الكرملين ديمتري بيسكوف يوم الاثنين إن قوات منظمة معاهدة الأمن الجماعي ستبقى في كازاخستان ما دامت هناك حاجة إليها.\n\n\
وأضاف بيسكوف أن المهمة \"محددة بوقت\"، وأن القرار يعود إلى رئيس كازاخستان قاسم جومارت توكاييف.\n\n\
اقرأ أيضاً: توكاييف يعلن انتهاء مهمة القوات\n© 2022 رويترز. جميع الحقوق محفوظة\n",
    ),
    (
        "opinion.txt",
        "# هل تعود موسكو إلى آسيا الوسطى؟\nبقلم: سارة الأحمد و Jane Doe\n\n\
*قراءة* في ما بعد التدخل: <script>alert(1)</script> لم يكن [عابرا](http://example.org) & لن يكون.\n\
- سطر يبدأ بشرطة وليس قائمة في الأصل لكنه سطر من النص.\n\
1. سطر يبدأ برقم ونقطة في وسط فقرة طويلة من النص الأصلي المنشور.\n\
> وسطر يبدأ بعلامة أكبر من، وهذا كله نص كما كتب في المصدر.\n",
    ),
    (
        "analysis.txt",
        "تحليل: ثلاثة أسباب للتدخل\n\n\
بيروت في 6 كانون الثاني/يناير 2022 - يرى باحثون أن قرار موسكو\nإرسال القوات جاء لثلاثة أسباب\nمترابطة، هي:\n\
1) حماية النظام الحليف ،\n2) منع انتقال الاضطرابات ،\n3) تثبيت النفوذ في المنطقة.\n\n\
ويضيف الباحثون أن الكلفة كانت منخفضة.\n\nشارك هذا المقال\n",
    ),
];

#[test]
fn every_word_of_texts_of_other_shapes_is_kept_and_markup_stays_text() {
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = OTHER_TEXTS
        .iter()
        .map(|(name, text)| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    assert_every_word_kept(&site, paths);
    site.build().unwrap();
    let page = site.public().join("articles");
    let html: String = walkdir::WalkDir::new(&page)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the tag is text"
    );
    assert!(!html.contains("<script>alert"), "no script ran");
    assert!(html.contains("<ol"), "the numbered lines are a list");
}

#[test]
fn windows_1256_crlf_and_utf16_copies_give_the_same_articles() {
    let fixtures = repo_root().join("tests/fixtures/import");
    for (copy, original) in [("cp1256-crlf.txt", SOURCES[0]), ("utf16-bom.txt", SOURCES[1])] {
        let (a, b) = (site(), site());
        let copied = import::run(&options(&a, vec![fixtures.join(copy)])).unwrap();
        let plain = import::run(&options(&b, vec![source(original)])).unwrap();
        let (Outcome::Written(fa), Outcome::Written(fb)) = (&copied.items[0].outcome, &plain.items[0].outcome) else {
            panic!("{:?} {:?}", copied.items[0].outcome, plain.items[0].outcome);
        };
        assert_eq!(fa, fb, "same slug");
        let text_a = std::fs::read_to_string(a.root().join(fa)).unwrap();
        let text_b = std::fs::read_to_string(b.root().join(fb)).unwrap();
        assert_eq!(body(&text_a), body(&text_b), "{copy}");
        assert_eq!(front(&text_a, "title"), front(&text_b, "title"));
        assert_ne!(front(&text_a, "source_sha256"), front(&text_b, "source_sha256"));
    }
}

#[test]
fn bad_inputs_fail_alone_with_their_path_and_reason() {
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let put = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    put("a-good.txt", std::fs::read(source(SOURCES[0])).unwrap().as_slice());
    put("empty.txt", b"");
    put("blank.txt", b" \n\n\t\n");
    put("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    put("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n");
    put(
        "byline-only.txt",
        "بقلم: أحمد علي\n\nإشترك في القائمة البريدية\n".as_bytes(),
    );
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("link.txt")).unwrap();
    let output = site.run(&["import", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("photo.png", "not a text file"),
        ("paper.pdf", "not a text file"),
        ("byline-only.txt", "no body"),
        ("link.txt", "cannot be read"),
    ] {
        let at = stdout
            .find(name)
            .unwrap_or_else(|| panic!("{name} not reported: {stdout}"));
        let next_line = stdout[at..].lines().nth(1).unwrap();
        assert!(
            next_line.contains("error:") && next_line.contains(reason),
            "{name}: {next_line}"
        );
    }
    assert!(stdout.contains("1 of 7 text(s) imported"), "{stdout}");
    assert_eq!(
        std::fs::read_dir(site.root().join("content/articles")).unwrap().count(),
        1
    );
}

#[test]
fn nothing_is_written_over_and_the_same_text_is_imported_once() {
    let site = site();
    let input = source(SOURCES[1]);
    let slug = "لماذا-أرسلت-روسيا-قوات-إلى-كازاخستان";
    let path = |name: &str| site.root().join(format!("content/articles/{name}.md"));
    let mine = "+++\ntitle = \"مسودتي\"\n+++\n\nنصي.\n";
    // A file the user wrote at the article's place is never replaced, even
    // with --force: the article takes the next free slug, and says why.
    site.write(&format!("content/articles/{slug}.md"), mine);
    let mut o = options(&site, vec![input.clone()]);
    o.force = true;
    let report = import::run(&o).unwrap();
    let Outcome::Written(file) = &report.items[0].outcome else {
        panic!("{:?}", report.items[0].outcome)
    };
    assert_eq!(file, &PathBuf::from(format!("content/articles/{slug}-2.md")));
    let note = report.items[0].note.as_deref().unwrap();
    assert!(
        note.contains("not written by import") && note.contains(&format!("{slug}-2")),
        "{note}"
    );
    assert_eq!(std::fs::read_to_string(path(slug)).unwrap(), mine);
    // The same text again: already imported, nothing written.
    let again = import::run(&options(&site, vec![input.clone()])).unwrap();
    assert!(
        matches!(again.items[0].outcome, Outcome::AlreadyImported(_)),
        "{:?}",
        again.items[0].outcome
    );
    // Another text with the same title: the next slug, both sources named.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("copy.txt");
    let original = std::fs::read_to_string(&input).unwrap();
    std::fs::write(
        &other,
        format!("{original}\nسطر زائد في آخر النص المنقول من موقع آخر.\n"),
    )
    .unwrap();
    let report = import::run(&options(&site, vec![other.clone()])).unwrap();
    assert_eq!(
        report.items[0].outcome,
        Outcome::Written(PathBuf::from(format!("content/articles/{slug}-3.md")))
    );
    let note = report.items[0].note.as_deref().unwrap();
    assert!(
        note.contains(&input.display().to_string()) || note.contains("not written by import"),
        "{note}"
    );
    // Two texts of one run with one title: both written, the second renamed.
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(
        &a,
        "عنوان مشترك\n\nنص أول طويل بما يكفي ليكون فقرة من فقرات الخبر المنشور.\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "عنوان مشترك\n\nنص ثان مختلف وطويل بما يكفي ليكون فقرة من فقرات الخبر.\n",
    )
    .unwrap();
    let report = import::run(&options(&site, vec![a.clone(), b.clone()])).unwrap();
    assert_eq!(
        report.items[1].outcome,
        Outcome::Written(PathBuf::from("content/articles/عنوان-مشترك-2.md"))
    );
    assert!(
        report.items[1]
            .note
            .as_deref()
            .unwrap()
            .contains("imported in this run")
    );
    // The same input, changed: only --force replaces what import wrote from it.
    let changed = dir.path().join("same.txt");
    std::fs::write(
        &changed,
        "خبر يتغير\n\nالنص الأول للخبر كما نشر في الصباح قبل التحديث.\n",
    )
    .unwrap();
    let o = options(&site, vec![changed.clone()]);
    assert!(matches!(import::run(&o).unwrap().items[0].outcome, Outcome::Written(_)));
    std::fs::write(
        &changed,
        "خبر يتغير\n\nالنص الأول للخبر كما نشر في الصباح قبل التحديث.\nتحديث.\n",
    )
    .unwrap();
    let report = import::run(&o).unwrap();
    assert!(
        matches!(&report.items[0].outcome, Outcome::Failed(r) if r.contains("--force")),
        "{:?}",
        report.items[0].outcome
    );
    let mut forced = o.clone();
    forced.force = true;
    let report = import::run(&forced).unwrap();
    assert!(
        matches!(report.items[0].outcome, Outcome::Replaced(_)),
        "{:?}",
        report.items[0].outcome
    );
    assert!(std::fs::read_to_string(path("خبر-يتغير")).unwrap().contains("تحديث."));
}

#[test]
fn a_dry_run_writes_nothing_and_reports_everything() {
    let site = site();
    let before = crate::harness::snapshot(site.root());
    let output = site.run(&["import", "--dry-run", repo_root().join("sources").to_str().unwrap()]);
    assert!(output.status.success());
    assert_eq!(crate::harness::snapshot(site.root()), before);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("would write content/articles/"), "{stdout}");
    assert!(
        stdout.contains("dropped line 39: إشترك في القائمة البريدية"),
        "{stdout}"
    );
    assert!(stdout.contains("authors: إيمي ماكينون"), "{stdout}");
    assert!(stdout.contains("(dry run: nothing written)"), "{stdout}");
}

#[test]
fn estimated_dates_are_listed_by_check() {
    let site = site();
    let output = site.run(&["import", source(SOURCES[0]).to_str().unwrap()]);
    assert!(output.status.success());
    let check = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("the date was estimated at import"), "{stderr}");
}

#[test]
fn suggested_entries_are_drafts_until_the_user_keeps_them() {
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let text = "الرئيس توكاييف يطلب المساعدة\n\n\
أستانا - طلب الرئيس توكاييف من منظمة معاهدة الأمن الجماعي (CSTO) إرسال قوات. وقال الرئيس توكاييف إن البلاد تتعرض لهجوم.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let output = site.run(&["import", "--suggest-entries", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("2× توكاييف"), "{stdout}");
    let entry = site.root().join("content/actors/توكاييف.md");
    assert!(std::fs::read_to_string(&entry).unwrap().contains("draft = true"));
    site.build().unwrap();
    assert!(
        !site.public().join("actors/توكاييف/index.html").exists(),
        "a draft entry is not published"
    );
    let text = std::fs::read_to_string(&entry).unwrap().replace("draft = true\n", "");
    std::fs::write(&entry, text).unwrap();
    site.build().unwrap();
    assert!(site.public().join("actors/توكاييف/index.html").exists());
}

#[test]
fn an_html_page_gives_its_article_without_the_pages_chrome() {
    let site = site();
    let page = repo_root().join("tests/fixtures/import/html/article-drought.html");
    let output = site.run(&["import", page.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let file = std::fs::read_dir(site.root().join("content/articles"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(front(&text, "title").is_some_and(|t| !t.is_empty()), "{text}");
    let html = std::fs::read_to_string(&page).unwrap();
    // Every paragraph of the article is there, the menus and sidebar are not.
    let document = scraper::Html::parse_document(&html);
    let paragraphs = scraper::Selector::parse("article p").unwrap();
    let words = words_read(body(&text)).join(" ");
    let mut seen = 0;
    for p in document.select(&paragraphs) {
        let para: String = p
            .text()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if para.split_whitespace().count() > 8 {
            assert!(words.contains(&para), "paragraph lost: {para}");
            seen += 1;
        }
    }
    assert!(seen >= 2, "the fixture has article paragraphs");
    for chrome in ["اقرأ أيضا", "جميع الحقوق محفوظة"] {
        assert!(!words.contains(chrome), "{chrome} kept");
    }
    site.build().unwrap();
}

#[test]
fn near_spellings_of_known_names_are_offered_as_aliases() {
    let site = site();
    site.write(
        "content/countries/tajikistan.md",
        "+++\nname = \"طاجيكستان\"\nname_en = \"Tajikistan\"\n+++\n\nبلد في آسيا الوسطى.\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let text = "قوات من تاجيكستان\n\nأرسلت تاجيكستان وحدة صغيرة إلى كازاخستان ضمن قوات المنظمة، وقالت وزارة الدفاع في طاجيكستان إن الوحدة وصلت.\n";
    std::fs::write(dir.path().join("t.txt"), text).unwrap();
    let output = site.run(&["import", "--dry-run", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("1× تاجيكستان beside طاجيكستان (countries/tajikistan)"),
        "{stdout}"
    );
}

#[test]
fn into_puts_the_articles_in_another_section() {
    let site = site();
    let output = site.run(&["import", "--into", "news", source(SOURCES[0]).to_str().unwrap()]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stdout));
    let written: Vec<_> = std::fs::read_dir(site.root().join("content/news")).unwrap().collect();
    assert_eq!(written.len(), 1);
    assert!(!site.root().join("content/articles").exists());
}
