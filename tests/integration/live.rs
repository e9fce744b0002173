//! Incremental rebuilds (`fihris serve`): after each edit of an article that
//! keeps its place (its body, or the front matter that lists show), the site
//! updated in place must equal the site rendered from scratch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fihris::error::Error;
use fihris::output::FileContents;
use fihris::serve::live::{Live, Update};
use fihris::site::BuildOptions;
use tempfile::TempDir;

use crate::harness::{copy_tree, repo_root};

/// The bundled site with a base URL (so a feed and a sitemap), plus dated
/// articles that make an actor's entry page and the list of articles span
/// several pages (`paginate_by = 2`).
fn site() -> TempDir {
    let dir = TempDir::new().unwrap();
    for part in ["content", "static"] {
        copy_tree(&repo_root().join(part), &dir.path().join(part));
    }
    let config = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
    let config = config
        .replace("name = \"actors\"\n", "name = \"actors\"\npaginate_by = 2\n")
        .replace("# base_url = ", "base_url = ");
    assert!(
        config.contains("\nbase_url = "),
        "config.toml has a base_url line to enable"
    );
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let articles = dir.path().join("content/articles/_index.md");
    let index = std::fs::read_to_string(&articles).unwrap();
    std::fs::write(
        &articles,
        index.replace("sort_by = \"date\"\n", "sort_by = \"date\"\npaginate_by = 2\n"),
    )
    .unwrap();
    for day in 1..=3 {
        let text = format!(
            "+++\ntitle = \"تقرير {day}\"\ndate = 2022-02-0{day}\n+++\n\nقال توكاييف إن الوضع مستقر.\n\nوتحدثت روسيا عن الانسحاب.\n"
        );
        std::fs::write(dir.path().join(format!("content/articles/report-{day}.md")), text).unwrap();
    }
    dir
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

/// Every output file of `live`, the search index included.
fn sorted(live: &Live) -> BTreeMap<String, FileContents> {
    live.paths()
        .map(|path| (path.to_string(), live.file(path).unwrap().into_owned()))
        .collect()
}

/// Edits `file` with `edit`, updates `live`, and compares with a full render.
fn edit_and_compare(live: &mut Live, root: &Path, file: &str, edit: impl FnOnce(String) -> String) -> usize {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
    update_and_compare(live, root, &[path])
}

/// Both versions of a file around their first difference.
fn where_they_differ(have: Option<&FileContents>, want: Option<&FileContents>) -> String {
    let (Some(FileContents::Bytes(have)), Some(FileContents::Bytes(want))) = (have, want) else {
        return format!("updated: {have:?}\nfrom scratch: {want:?}");
    };
    let at = have.iter().zip(want).position(|(a, b)| a != b);
    let at = at.unwrap_or(have.len().min(want.len()));
    let around =
        |bytes: &[u8]| String::from_utf8_lossy(&bytes[at.saturating_sub(200)..(at + 300).min(bytes.len())]).to_string();
    format!("updated: …{}…\nfrom scratch: …{}…", around(have), around(want))
}

/// Updates `live` after `changed` changed, and compares with a full render.
fn update_and_compare(live: &mut Live, root: &Path, changed: &[PathBuf]) -> usize {
    let updated = match live.update(changed).unwrap() {
        Update::Incremental(files) => files,
        Update::NeedsFullRebuild => panic!("an edit of {changed:?} that keeps its place should update in place"),
    };
    let full = Live::build(&options(root)).unwrap();
    let (have, want) = (sorted(live), sorted(&full));
    let mut differing: Vec<&str> = want
        .keys()
        .chain(have.keys())
        .filter(|path| have.get(*path) != want.get(*path))
        .map(String::as_str)
        .collect();
    differing.sort_unstable();
    differing.dedup();
    let first = differing
        .first()
        .map(|path| where_they_differ(have.get(*path), want.get(*path)));
    assert!(
        differing.is_empty(),
        "after {changed:?} changed, these differ from a full render: {differing:?}\n{}",
        first.unwrap_or_default()
    );
    updated
}

#[test]
fn an_editor_s_temporary_and_hidden_files_leave_updates_in_place() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let articles = root.join("content/articles");
    let article = articles.join("report-2.md");
    let text = std::fs::read_to_string(&article).unwrap();
    // Saved as `sed -i` and many editors save: a new file renamed over the
    // article, beside a swap file the site skips (hidden).
    let temporary = articles.join("sedX1b2c3");
    std::fs::write(&temporary, text.replace("تقرير 2", "تقرير ثان")).unwrap();
    std::fs::rename(&temporary, &article).unwrap();
    let swap = articles.join(".report-2.md.swp");
    std::fs::write(&swap, "swap").unwrap();
    update_and_compare(&mut live, root, &[temporary, article, swap.clone()]);
    // Only files the site does not read: nothing to render.
    let probe = articles.join("4913");
    assert_eq!(live.update(&[probe, swap]).unwrap(), Update::Incremental(0));
    // A file that stays is the site's (a backup is copied as an asset).
    let backup = articles.join("report-2.md~");
    std::fs::write(&backup, &text).unwrap();
    assert_eq!(live.update(&[backup]).unwrap(), Update::NeedsFullRebuild);
    // So is a file the site read that is gone.
    let entry = root.join("content/actors/blinken.md");
    std::fs::remove_file(&entry).unwrap();
    assert_eq!(live.update(&[entry]).unwrap(), Update::NeedsFullRebuild);
}

#[test]
fn body_edits_update_the_site_exactly_as_a_full_render_would() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let report = "content/articles/report-2.md";
    // A paragraph without mentions: the article only (the search files are
    // made again when next asked for).
    let files = edit_and_compare(&mut live, root, report, |t| t + "\nفقرة جديدة بلا أسماء.\n");
    assert!(files <= 3, "{files} files rendered for an edit that names no entry");
    // A new mention of an entry the article did not name (its list of articles
    // grows), in a passage with another entry (both gain a related entry).
    edit_and_compare(&mut live, root, report, |t| t + "\nوعلق بلينكن على موقف روسيا.\n");
    // A paragraph first: every passage id after it moves.
    edit_and_compare(&mut live, root, report, |t| {
        t.replace("+++\n\n", "+++\n\nتمهيد قصير.\n\n")
    });
    // The article stops naming Tokayev: it leaves his list of five articles,
    // two a page (the first page three, page 1 the oldest two).
    assert!(live.file("actors/tokayev/page/1/index.html").is_some());
    edit_and_compare(&mut live, root, report, |t| t.replace("قال توكاييف", "قيل"));
    assert!(live.file("actors/tokayev/page/1/index.html").is_some());
    assert!(live.file("actors/tokayev/page/2/index.html").is_none());
    // The first code block of the site brings the highlighting stylesheet;
    // removing it takes the stylesheet away again.
    let code = "\n```rust\nfn main() {}\n```\n";
    edit_and_compare(&mut live, root, report, |t| t + code);
    assert!(live.file("syntax.css").is_some());
    edit_and_compare(&mut live, root, report, |t| t.replace(code, ""));
    assert!(live.file("syntax.css").is_none());
    // A seed article, cited as evidence by the framework's cases and in its matrix.
    edit_and_compare(&mut live, root, "content/articles/why-russia-sent-troops.md", |t| {
        t + "\nوأشار التحليل إلى الجدوى الفنية مرة أخرى.\n"
    });
}

/// A new title renders the pages that list the article, its month's page
/// among them, and not the timeline, which counts articles by date.
#[test]
fn a_new_title_leaves_the_timeline_alone() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let timeline = live.file("timeline/index.html").unwrap().into_owned();
    let month = live.file("timeline/2022-02/index.html").unwrap().into_owned();
    edit_and_compare(&mut live, root, "content/articles/report-2.md", |t| {
        t.replace("تقرير 2", "تقرير ثان")
    });
    assert_eq!(live.file("timeline/index.html").unwrap().into_owned(), timeline);
    assert_ne!(live.file("timeline/2022-02/index.html").unwrap().into_owned(), month);
    // A date in another month moves it to that month's page.
    edit_and_compare(&mut live, root, "content/articles/report-2.md", |t| {
        t.replace("date = 2022-02-02", "date = 2022-03-02")
    });
    assert!(live.file("timeline/2022-03/index.html").is_some());
    edit_and_compare(&mut live, root, "content/articles/report-2.md", |t| {
        t.replace("date = 2022-03-02", "date = 2022-02-02")
    });
    assert!(live.file("timeline/2022-03/index.html").is_none());
}

/// Issue 26: case pages, variable pages and the matrices follow the
/// passages their quotes are in, and the titles of the articles they cite.
#[test]
fn cases_follow_the_passages_and_titles_of_the_articles_they_cite() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let cited = "content/articles/why-russia-sent-troops.md";
    let case = "cases/kazakhstan-2022/index.html";
    let before = live.file(case).unwrap().into_owned();
    // The first words of the quoted passage change: so does its id, and
    // every link to it.
    edit_and_compare(&mut live, root, cited, |t| {
        t.replace("وهكذا ، كان المنطق الاستراتيجي", "هكذا إذن كان المنطق الاستراتيجي")
    });
    assert_ne!(live.file(case).unwrap().into_owned(), before);
    // A new title of a cited article, which case pages name.
    edit_and_compare(&mut live, root, cited, |t| {
        t.replace(
            "title = \"لماذا أرسلت روسيا قوات إلى كازاخستان ؟\"",
            "title = \"لماذا أرسلت روسيا قواتها؟\"",
        )
    });
    // A quote no passage holds any more is an error, located in the case,
    // and the site stays as it was.
    let path = root.join(cited);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("جاء الزناد في شكل", "جاء الدافع في شكل")).unwrap();
    let error = live.update(std::slice::from_ref(&path)).unwrap_err().to_string();
    assert!(error.contains("content/cases/kazakhstan-2022.md"), "{error}");
    std::fs::write(&path, text).unwrap();
    update_and_compare(&mut live, root, &[path]);
}

#[test]
fn front_matter_edits_that_keep_the_place_update_every_list_in_place() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    // Lists of articles, two a page: report-3, report-2 and report-1 on the
    // first page, the 8 and 7 January seeds on page 1.
    assert!(live.file("articles/page/1/index.html").is_some());
    assert!(live.file("articles/page/2/index.html").is_none());
    // A middle article: its neighbours, the first page of the list, the home
    // page, the entry pages that list it, the index pages, feed and sitemap.
    let report = "content/articles/report-2.md";
    let files = edit_and_compare(&mut live, root, report, |t| t.replace("تقرير 2", "تقرير ثان"));
    assert!(files <= 15, "{files} files rendered for a new title");
    for neighbour in ["articles/report-1/index.html", "articles/report-3/index.html"] {
        let FileContents::Bytes(html) = live.file(neighbour).unwrap().into_owned() else {
            panic!("{neighbour} is rendered");
        };
        assert!(
            String::from_utf8(html).unwrap().contains("تقرير ثان"),
            "{neighbour} links to the new title"
        );
    }
    // Summary, authors and an update date, in the feed and on the sitemap.
    edit_and_compare(&mut live, root, report, |t| {
        t.replace(
            "date = 2022-02-02\n",
            "date = 2022-02-02\nupdated = 2022-03-01\nauthors = [\"كاتب\"]\nsummary = \"ملخص جديد.\"\n",
        )
    });
    // The oldest article: the third page of the list and of Tokayev's page.
    edit_and_compare(&mut live, root, "content/articles/why-russia-sent-troops.md", |t| {
        t.replacen("title = \"لماذا", "title = \"لماذا إذن", 1)
    });
    // Front matter and body at once, with a new mention.
    edit_and_compare(&mut live, root, "content/articles/report-1.md", |t| {
        t.replace("تقرير 1", "تقرير أول") + "\nوعلق بلينكن على موقف روسيا.\n"
    });
}

/// Writes a new file at `file` and updates `live`, comparing with a full render.
fn add_and_compare(live: &mut Live, root: &Path, file: &str, text: &str) -> usize {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    update_and_compare(live, root, &[path])
}

#[test]
fn new_dates_and_new_articles_update_every_list_in_place() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    // The oldest report becomes the newest article: it leaves the second
    // page of the list for the first, and Tokayev's list changes order.
    let report = "content/articles/report-1.md";
    edit_and_compare(&mut live, root, report, |t| {
        t.replace("date = 2022-02-01", "date = 2022-02-09")
    });
    // Older than every other: the last page of each list.
    edit_and_compare(&mut live, root, report, |t| {
        t.replace("date = 2022-02-09", "date = 2021-12-31")
    });
    // A new article naming Tokayev and Russia: the newest, so the home page,
    // every page of the list and of their entry pages move by one; the
    // list of articles needs a new page (five articles to six, two a page
    // and the seeds).
    let files = add_and_compare(
        &mut live,
        root,
        "content/articles/report-4.md",
        "+++\ntitle = \"تقرير 4\"\ndate = 2022-02-10\n+++\n\nالتقى توكاييف وفدا من روسيا.\n",
    );
    assert!(files > 0);
    assert!(live.file("articles/report-4/index.html").is_some());
    // With front matter naming an entry, in the middle of the lists.
    add_and_compare(
        &mut live,
        root,
        "content/articles/a-report.md",
        "+++\ntitle = \"تقرير آخر\"\ndate = 2022-01-20\nactors = [\"blinken\"]\n+++\n\nنص بلا ذكر.\n",
    );
    // Undated, in a folder without a section of its own, and at the root.
    add_and_compare(
        &mut live,
        root,
        "content/articles/2022/undated.md",
        "+++\ntitle = \"بلا تاريخ\"\n+++\n\nقالت روسيا.\n",
    );
    add_and_compare(
        &mut live,
        root,
        "content/note.md",
        "+++\ntitle = \"ملاحظة\"\ndate = 2022-01-01\n+++\n\nملاحظة عن توكاييف.\n",
    );
    // Two of Tokayev's oldest articles, at the old end of his list (two a
    // page): every page counted from there shows other articles, and one
    // of the two adds a page.
    for (file, year) in [("oldest.md", 2020), ("older.md", 2021)] {
        let text = format!("+++\ntitle = \"قديم\"\ndate = {year}-01-01\n+++\n\nتوكاييف.\n");
        add_and_compare(&mut live, root, &format!("content/articles/{file}"), &text);
    }
    assert!(live.file("actors/tokayev/page/3/index.html").is_some());
    assert!(live.file("actors/tokayev/page/4/index.html").is_none());
    // Two articles fewer: his newest archived page goes, and comes back.
    for file in ["oldest.md", "older.md"] {
        remove_and_compare(&mut live, root, &format!("content/articles/{file}"));
    }
    assert!(live.file("actors/tokayev/page/3/index.html").is_none());
    for (file, year) in [("oldest.md", 2020), ("older.md", 2021)] {
        let text = format!("+++\ntitle = \"قديم\"\ndate = {year}-01-01\n+++\n\nتوكاييف.\n");
        add_and_compare(&mut live, root, &format!("content/articles/{file}"), &text);
    }
    assert!(live.file("actors/tokayev/page/3/index.html").is_some());
    // A draft is no part of the site until it stops being one.
    let draft = root.join("content/articles/draft.md");
    let text = "+++\ntitle = \"مسودة\"\ndate = 2022-02-11\ndraft = true\n+++\n\nتوكاييف.\n";
    std::fs::write(&draft, text).unwrap();
    assert_eq!(
        live.update(std::slice::from_ref(&draft)).unwrap(),
        Update::NeedsFullRebuild
    );
    let mut live = Live::build(&options(root)).unwrap();
    edit_and_compare(&mut live, root, "content/articles/draft.md", |t| {
        t.replace("draft = true\n", "")
    });
    // Two at once: an edit in place and a new article.
    let changed = [root.join(report), root.join("content/articles/report-5.md")];
    std::fs::write(
        &changed[1],
        "+++\ntitle = \"تقرير 5\"\ndate = 2022-02-12\n+++\n\nروسيا.\n",
    )
    .unwrap();
    let text = std::fs::read_to_string(&changed[0]).unwrap();
    std::fs::write(&changed[0], text.replace("تقرير 1", "تقرير واحد")).unwrap();
    update_and_compare(&mut live, root, &changed);
}

#[test]
fn an_article_that_moves_out_of_the_feed_lets_the_next_one_in() {
    let dir = site();
    let root = dir.path();
    // More dated articles than the feed shows (fifty).
    for day in 1..=56 {
        let text = format!(
            "+++\ntitle = \"خبر {day}\"\ndate = 2022-03-{:02}T{:02}:00:00Z\n+++\n\nخبر عن توكاييف رقم {day}.\n",
            day % 28 + 1,
            day % 24
        );
        std::fs::write(root.join(format!("content/articles/news-{day}.md")), text).unwrap();
    }
    let mut live = Live::build(&options(root)).unwrap();
    let newest = "content/articles/news-55.md";
    edit_and_compare(&mut live, root, newest, |t| {
        t.replace("date = 2022-03-28T07:00:00Z", "date = 2020-01-01")
    });
    edit_and_compare(&mut live, root, newest, |t| {
        t.replace("date = 2020-01-01", "date = 2023-01-01")
    });
    // A new title: the neighbours, older than the feed's articles, show it.
    edit_and_compare(&mut live, root, "content/articles/report-2.md", |t| {
        t.replace("تقرير 2", "تقرير ثان")
    });
    // One of the feed's articles gone: the newest of the others enters it
    // (from a new build, which kept no HTML of it), and the newest after
    // the home page's list enters that.
    let mut live = Live::build(&options(root)).unwrap();
    remove_and_compare(&mut live, root, "content/articles/news-27.md");
    // The title of the one that has just entered the home page's list.
    let Some(FileContents::Bytes(home)) = live.file("index.html").map(|f| f.into_owned()) else {
        panic!("the home page is rendered");
    };
    let home = String::from_utf8(home).unwrap();
    let last = home.rsplit("articles/news-").next().unwrap();
    let day: String = last.chars().take_while(char::is_ascii_digit).collect();
    edit_and_compare(&mut live, root, &format!("content/articles/news-{day}.md"), |t| {
        t.replacen("title = \"خبر", "title = \"آخر خبر", 1)
    });
    // Every title at once: the home page shows those now among the newest.
    let news: Vec<PathBuf> = (1..=56)
        .filter(|&day| day != 27)
        .map(|day| root.join(format!("content/articles/news-{day}.md")))
        .collect();
    for path in &news {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, text.replacen("title = \"خبر", "title = \"نبأ", 1)).unwrap();
    }
    update_and_compare(&mut live, root, &news);
}

/// Removes `file`, updates `live`, and compares with a full render.
fn remove_and_compare(live: &mut Live, root: &Path, file: &str) -> usize {
    let path = root.join(file);
    std::fs::remove_file(&path).unwrap();
    update_and_compare(live, root, &[path])
}

#[test]
fn removed_articles_leave_every_list_in_place() {
    let dir = site();
    let root = dir.path();
    for (file, date) in [
        ("report-4.md", "2022-02-04"),
        ("report-5.md", "2022-02-05"),
        ("old.md", "2019-05-01"),
    ] {
        let text = format!("+++\ntitle = \"{file}\"\ndate = {date}\n+++\n\nقال توكاييف إن روسيا لن تبقى.\n");
        std::fs::write(root.join("content/articles").join(file), text).unwrap();
    }
    let mut live = Live::build(&options(root)).unwrap();
    // The newest: the home page, the first page of every list, the feed.
    remove_and_compare(&mut live, root, "content/articles/report-5.md");
    assert!(live.file("articles/report-5/index.html").is_none());
    // The oldest: the last page of the lists, which then have one page less.
    remove_and_compare(&mut live, root, "content/articles/old.md");
    // One in the middle of the lists.
    remove_and_compare(&mut live, root, "content/articles/report-2.md");
    // One gone and one new at once.
    std::fs::write(
        root.join("content/articles/report-6.md"),
        "+++\ntitle = \"تقرير 6\"\ndate = 2022-02-06\n+++\n\nروسيا.\n",
    )
    .unwrap();
    std::fs::remove_file(root.join("content/articles/report-4.md")).unwrap();
    let changed = [
        root.join("content/articles/report-4.md"),
        root.join("content/articles/report-6.md"),
    ];
    update_and_compare(&mut live, root, &changed);
    // One another article links to: the full load reports the link.
    std::fs::write(
        root.join("content/articles/report-1.md"),
        "+++\ntitle = \"تقرير 1\"\ndate = 2022-02-01\n+++\n\n[السادس](@/articles/report-6.md).\n",
    )
    .unwrap();
    update_and_compare(&mut live, root, &[root.join("content/articles/report-1.md")]);
    let linked = root.join("content/articles/report-6.md");
    std::fs::remove_file(&linked).unwrap();
    assert_eq!(
        live.update(std::slice::from_ref(&linked)).unwrap(),
        Update::NeedsFullRebuild
    );
    // One whose passages a matrix cites: the error is the full load's, and
    // the next change rebuilds the site.
    let report = root.join("content/articles/report-1.md");
    std::fs::write(&report, "+++\ntitle = \"تقرير 1\"\ndate = 2022-02-01\n+++\n\nروسيا.\n").unwrap();
    let mut live = Live::build(&options(root)).unwrap();
    let cited = root.join("content/articles/why-russia-sent-troops.md");
    std::fs::remove_file(&cited).unwrap();
    match live.update(std::slice::from_ref(&cited)) {
        Err(Error::Site(problems)) => assert!(
            problems.iter().any(|p| p.to_string().contains("names no article")),
            "{problems:?}"
        ),
        other => panic!("expected the cited passages to be reported, got {other:?}"),
    }
    assert_eq!(live.update(&[report]).unwrap(), Update::NeedsFullRebuild);
}

#[test]
fn articles_past_the_newest_leave_the_home_page_alone() {
    let dir = site();
    let root = dir.path();
    // Twenty newer articles push the seeds off the home page's list of the newest.
    for day in 1..=20 {
        let text = format!("+++\ntitle = \"خبر {day}\"\ndate = 2022-03-{day:02}\n+++\n\nخبر قصير.\n");
        std::fs::write(root.join(format!("content/articles/news-{day}.md")), text).unwrap();
    }
    let mut live = Live::build(&options(root)).unwrap();
    let seed = "content/articles/three-things-kazakhstan.md";
    let home_before = live.file("index.html").unwrap().into_owned();
    edit_and_compare(&mut live, root, seed, |t| {
        t.replacen("title = \"3 أشياء", "title = \"ثلاثة أشياء", 1)
    });
    assert_eq!(live.file("index.html").unwrap().into_owned(), home_before);
    // The newest: the home page lists it.
    edit_and_compare(&mut live, root, "content/articles/news-20.md", |t| {
        t.replace("خبر 20", "خبر عشرون")
    });
    assert_ne!(live.file("index.html").unwrap().into_owned(), home_before);
}

#[test]
fn other_changes_ask_for_a_full_rebuild_and_errors_leave_the_site_as_it_was() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let before = sorted(&live);
    let report = root.join("content/articles/report-1.md");
    let text = std::fs::read_to_string(&report).unwrap();
    // A new slug moves its page, a draft leaves the site.
    for edit in ["date = 2022-02-01\nslug = \"r1\"", "date = 2022-02-01\ndraft = true"] {
        std::fs::write(&report, text.replace("date = 2022-02-01", edit)).unwrap();
        assert_eq!(
            live.update(std::slice::from_ref(&report)).unwrap(),
            Update::NeedsFullRebuild,
            "{edit}"
        );
    }
    // A new article whose address another one has.
    let twin = root.join("content/articles/twin.md");
    std::fs::write(&twin, "+++\ntitle = \"توأم\"\nslug = \"report-2\"\n+++\n\nنص.\n").unwrap();
    assert_eq!(
        live.update(std::slice::from_ref(&twin)).unwrap(),
        Update::NeedsFullRebuild
    );
    std::fs::remove_file(&twin).unwrap();
    std::fs::write(&report, text.replace("+++\n\n", "actors = [\"blinken\"]\n+++\n\n")).unwrap();
    assert_eq!(
        live.update(std::slice::from_ref(&report)).unwrap(),
        Update::NeedsFullRebuild,
        "the entries named in front matter changed"
    );
    std::fs::write(&report, &text).unwrap();
    let entry = root.join("content/actors/tokayev.md");
    assert_eq!(live.update(&[entry]).unwrap(), Update::NeedsFullRebuild);
    std::fs::write(&report, text.clone() + "\n[رابط](@/articles/missing.md)\n").unwrap();
    match live.update(std::slice::from_ref(&report)) {
        Err(Error::Site(problems)) => assert!(problems.iter().any(|p| p.to_string().contains("missing.md"))),
        other => panic!("expected the broken link to be reported, got {other:?}"),
    }
    assert_eq!(sorted(&live), before);
    let evidence = root.join("content/articles/why-russia-sent-troops.md");
    let seed = std::fs::read_to_string(&evidence).unwrap();
    let cut = seed.find("+++\n\n").unwrap() + 5;
    std::fs::write(&evidence, &seed[..cut]).unwrap();
    assert!(
        matches!(live.update(&[PathBuf::from(&evidence)]), Err(Error::Site(_))),
        "cited passages are gone"
    );
    assert_eq!(sorted(&live), before);
}

#[test]
fn the_search_files_written_to_disk_equal_those_served() {
    let dir = site();
    let root = dir.path();
    fihris::site::build(&options(root)).unwrap();
    let live = Live::build(&options(root)).unwrap();
    let served: Vec<&str> = live.paths().filter(|p| fihris::search::is_search_file(p)).collect();
    assert!(served.contains(&"search-index.js") && served.iter().any(|p| p.starts_with("search/shards/")));
    let on_disk = walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let path = e
                .path()
                .strip_prefix(root.join("public"))
                .unwrap()
                .to_string_lossy()
                .to_string();
            fihris::search::is_search_file(&path)
        })
        .count();
    assert_eq!(on_disk, served.len());
    for path in served {
        let on_disk = std::fs::read(root.join("public").join(path)).unwrap();
        let served = match live.file(path).unwrap().into_owned() {
            FileContents::Bytes(bytes) => bytes,
            FileContents::Copy(path) => panic!("the index is generated, not copied from {}", path.display()),
        };
        assert_eq!(on_disk, served, "{path}");
    }
}

#[test]
fn pictures_are_drawn_again_when_what_they_draw_changes() {
    let dir = site();
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let text = |live: &Live, path: &str| match live.file(path).as_deref() {
        Some(FileContents::Bytes(bytes)) => String::from_utf8(bytes.clone()).unwrap(),
        other => panic!("{path}: {other:?}"),
    };
    for page in ["graph/index.html", "map/index.html", "timeline/index.html"] {
        assert!(live.file(page).is_some(), "{page} is served");
    }
    let report = "content/articles/report-3.md";
    // A new month on the timeline, and in Tokayev's and Russia's timelines.
    edit_and_compare(&mut live, root, report, |t| {
        t.replace("date = 2022-02-03", "date = 2021-11-20")
    });
    assert!(text(&live, "timeline/index.html").contains("id=\"month-2021-11\""));
    assert!(text(&live, "actors/tokayev/index.html").contains("mentions-timeline"));
    // A new pair of entries in one passage: a new edge in the graph.
    edit_and_compare(&mut live, root, report, |t| t + "\nوزار بلينكن كازاخستان.\n");
    // A new title: its month's page lists it.
    edit_and_compare(&mut live, root, report, |t| t.replace("تقرير 3", "تقرير ثالث"));
    assert!(text(&live, "timeline/2021-11/index.html").contains("تقرير ثالث"));
    // Gone: its month leaves the timeline, and its page goes.
    remove_and_compare(&mut live, root, report);
    assert!(!text(&live, "timeline/index.html").contains("id=\"month-2021-11\""));
    assert!(live.file("timeline/2021-11/index.html").is_none());
}

/// The corpus generator of the benchmark (`examples/corpus.rs`), built
/// beside this test (a no-op when `cargo test` built it already).
fn corpus_generator() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().unwrap().parent().unwrap();
    let mut cargo = std::process::Command::new(env!("CARGO"));
    cargo.args(["build", "--quiet", "--example", "corpus"]);
    if profile.ends_with("release") {
        cargo.arg("--release");
    }
    assert!(cargo.status().unwrap().success(), "the corpus generator builds");
    profile
        .join("examples")
        .join(format!("corpus{}", std::env::consts::EXE_SUFFIX))
}

/// A generated site of `articles` articles (seed 7) with a feed, lists of
/// articles and of entries several pages long, the generator's cases, and
/// one more whose evidence is a passage of `article-3`.
fn generated_site(articles: usize) -> TempDir {
    let dir = TempDir::new().unwrap();
    let status = std::process::Command::new(corpus_generator())
        .args(["--articles", &articles.to_string(), "--seed", "7", "--out"])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = format!(
        "base_url = \"https://example.org/\"\n{}",
        config.replace("name = \"actors\"\n", "name = \"actors\"\npaginate_by = 3\n")
    );
    assert!(
        config.contains("name = \"cases\""),
        "the generator declares an index of cases"
    );
    std::fs::write(root.join("config.toml"), config).unwrap();
    let section = root.join("content/articles/_index.md");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replace("paginate_by = 50", "paginate_by = 7")).unwrap();
    // The case quotes the first words of article-3's first paragraph.
    let cited = std::fs::read_to_string(root.join("content/articles/article-3.md")).unwrap();
    let body = cited.rsplit("+++\n").next().unwrap().trim_start();
    let quote: Vec<&str> = body.split_whitespace().take(5).collect();
    let case = format!(
        "+++\nname = \"حالة\"\nyears = [2020]\noutcome = \"intervened\"\n\n[[assessments]]\nvariable = \"trigger\"\nassessment = \"present\"\nevidence = \"@/articles/article-3.md\"\nquote = \"{}\"\n+++\n\nحالة مولدة.\n",
        quote.join(" ")
    );
    std::fs::create_dir_all(root.join("content/cases")).unwrap();
    std::fs::write(root.join("content/cases/case-cited.md"), case).unwrap();
    dir
}

/// A small generator of choices, the same on every run.
struct Choices(u64);

impl Choices {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Issue 25: over a generated site, many edits of every kind (a body, a
/// title, a date that moves the article, a new article, a removal, the
/// article a case cites), each compared with a full build.
#[test]
fn many_edits_of_every_kind_over_a_generated_site_equal_full_builds() {
    let dir = generated_site(120);
    let root = dir.path();
    let mut live = Live::build(&options(root)).unwrap();
    let names: Vec<String> = std::fs::read_dir(root.join("content/actors"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter_map(|text| Some(text.split("name = \"").nth(1)?.split('"').next()?.to_string()))
        .collect();
    let mut articles: Vec<String> = (0..120).map(|n| format!("content/articles/article-{n}.md")).collect();
    // Articles a case cites stay: removing one is an error of the site.
    let cited: Vec<String> = std::fs::read_dir(root.join("content/cases"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .flat_map(|text| {
            let quoted: Vec<String> = text
                .split("evidence = \"@/")
                .skip(1)
                .map(|rest| rest.split('"').next().unwrap().to_string())
                .collect();
            quoted
        })
        .map(|file| format!("content/{file}"))
        .collect();
    assert!(cited.len() > 2, "cases cite articles: {cited:?}");
    let mut choose = Choices(25);
    for round in 0..36 {
        let at = choose.below(articles.len());
        let file = articles[at].clone();
        let name = &names[choose.below(names.len())];
        match round % 6 {
            0 => edit_and_compare(&mut live, root, &file, |t| t + &format!("\nوقال {name} كلاما جديدا.\n")),
            1 => edit_and_compare(&mut live, root, &file, |t| {
                t.replacen("title = \"", "title = \"جديد ", 1)
            }),
            2 => {
                let year = 2005 + choose.below(25);
                let (month, day) = (1 + choose.below(12), 1 + choose.below(28));
                edit_and_compare(&mut live, root, &file, |t| {
                    let start = t.find("date = ").unwrap();
                    let end = start + t[start..].find('\n').unwrap();
                    format!("{}date = {year}-{month:02}-{day:02}{}", &t[..start], &t[end..])
                })
            }
            3 => {
                let new = format!("content/articles/new-{round}.md");
                let year = 2005 + choose.below(25);
                let text = format!(
                    "+++\ntitle = \"مقال جديد {round}\"\ndate = {year}-03-0{}\n+++\n\nقال {name} إن الوضع تغير.\n",
                    1 + round % 9
                );
                articles.push(new.clone());
                add_and_compare(&mut live, root, &new, &text)
            }
            4 if !cited.contains(&file) => {
                articles.remove(at);
                remove_and_compare(&mut live, root, &file)
            }
            // The cited article: a new first word moves the id of the
            // quoted passage; a new title shows on the case's page.
            _ => edit_and_compare(&mut live, root, "content/articles/article-3.md", |t| {
                let t = t.replacen("+++\n\n", "+++\n\nإذن ", 1);
                t.replacen("title = \"", "title = \"مستشهد به ", 1) + &format!("\nوأضاف {name} فقرة أخرى.\n")
            }),
        };
    }
}
