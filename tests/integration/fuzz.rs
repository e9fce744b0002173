//! Bounded property tests (run in CI): arbitrary input to the front matter
//! parser, the Markdown pipeline and the mention matcher never panics, and
//! the output keeps its invariants. PROPTEST_CASES raises the bound.

use std::path::{Path, PathBuf};

use fihris::bidi::TextDirection;
use fihris::content::front_matter;
use fihris::entities::Matcher;
use fihris::markdown::{self, LinkTargets, MarkdownOptions, MentionInput, RenderInput};
use fihris::model::SourceFile;
use proptest::prelude::*;

/// Characters that stress the pipeline: Arabic letters, diacritics, tatweel,
/// Latin, digits, Markdown syntax, bidi controls, CR and NUL.
const ALPHABET: &[char] = &[
    'ا', 'أ', 'ل', 'ك', 'ز', 'خ', 'س', 'ت', 'ن', 'ي', 'ى', 'ة', 'ه', 'و', 'ب', 'ر', '\u{064E}', '\u{0651}', 'ـ', 'a',
    'C', 'S', 'T', 'O', '1', '2', '٣', ' ', ' ', '\n', '\n', '\r', '#', '*', '_', '>', '-', '[', ']', '(', ')', '!',
    '|', '`', '<', '&', '"', ':', '/', '@', '+', '\u{202E}', '\u{202C}', '\u{2067}', '\u{2069}', '\u{200F}', '\0',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn front_matter_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[a-z_]{1,10} = \"[^\"\n]{0,12}\"",
        "[a-z_]{1,10} = [0-9]{1,4}",
        "(date|updated) = [0-9]{4}-[0-9]{2}-[0-9]{2}",
        "[a-z_]{1,8} = \\[[^\\]\n]{0,12}\\]",
        "\\[[a-z]{1,8}\\]",
        ".{0,12}",
    ];
    (
        prop::bool::ANY,
        prop::collection::vec(line, 0..6),
        prop::bool::ANY,
        text(40),
    )
        .prop_map(|(open, lines, close, body)| {
            let mut file = String::new();
            if open {
                file.push_str("+++\n");
            }
            for line in lines {
                file.push_str(&line);
                file.push('\n');
            }
            if close {
                file.push_str("+++\n");
            }
            file + &body
        })
}

/// config.toml-like text: known keys with values of any type, tables,
/// unknown keys and stray lines.
fn config_like() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "title",
        "description",
        "base_url",
        "default_language",
        "output_dir",
        "collation_locale",
        "digits",
        "date_format",
        "strict",
        "theme",
        "highlight_theme",
        "smart_punctuation",
        "trust_html",
        "name",
        "paginate_by",
    ]);
    let value = prop_oneof![
        "\"[^\"\n\\\\]{0,16}\"",
        "-?[0-9]{1,5}",
        "(true|false)",
        "\\[[^\\]\n]{0,12}\\]",
        "\"(https?|javascript|ftp)://[a-z&<>\" ]{0,10}/?\"",
    ];
    let line = prop_oneof![
        (key, value).prop_map(|(k, v)| format!("{k} = {v}")),
        "\\[\\[?(markdown|indexes|extra)\\]?\\]",
        ".{0,16}",
    ];
    prop::collection::vec(line, 0..10).prop_map(|lines| lines.join("\n"))
}

/// 512 cases per property in CI; `PROPTEST_CASES` sets another bound.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

fn balanced(html: &str) -> bool {
    let count = |set: &[char]| html.chars().filter(|c| set.contains(c)).count();
    count(&['\u{202A}', '\u{202B}', '\u{202D}', '\u{202E}']) == count(&['\u{202C}'])
        && count(&['\u{2066}', '\u{2067}', '\u{2068}']) == count(&['\u{2069}'])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_parsing_never_panics(file in front_matter_like()) {
        let result = front_matter::parse_page(Path::new("a.md"), &file);
        if let Err(diagnostic) = result {
            prop_assert!(diagnostic.line >= 1 && diagnostic.col >= 1);
            prop_assert!(diagnostic.hint.is_some());
        }
        for case in [false, true] {
            if let Err(diagnostic) = front_matter::parse_entry(Path::new("e.md"), &file, case) {
                prop_assert!(diagnostic.line >= 1 && diagnostic.col >= 1);
            }
        }
        let _ = front_matter::parse_section(Path::new("_index.md"), &file);
    }

    #[test]
    fn markdown_pipeline_never_panics_and_keeps_bidi_controls_balanced(body in text(400), rtl in prop::bool::ANY) {
        let file = SourceFile { path: PathBuf::from("content/a.md"), body_line: 4 };
        let links = LinkTargets::new();
        let matcher = Matcher::new([(0, "كازاخستان"), (1, "CSTO"), (2, "الكرملين")]);
        let entry_files = ["a/index.html".to_string(), "b/index.html".to_string(), "c/index.html".to_string()];
        let mentions = MentionInput { matcher: &matcher, entry_files: &entry_files, excluded: &[] };
        let dir = if rtl { TextDirection::Rtl } else { TextDirection::Ltr };
        let input = RenderInput { body: &body, file: &file, dir, page_path: "articles/a/", links: &links, mentions: Some(mentions) };
        let rendered = markdown::render(&input, MarkdownOptions::default());
        prop_assert!(balanced(&rendered.html), "{:?}", rendered.html);
        for passage in &rendered.passages {
            for mention in &passage.mentions {
                prop_assert!(passage.text.is_char_boundary(mention.range.start));
                prop_assert!(passage.text.is_char_boundary(mention.range.end));
            }
        }
    }

    #[test]
    fn config_parsing_never_panics_and_locates_every_error(text in config_like()) {
        if let Err(problems) = fihris::config::Config::parse(Path::new("config.toml"), &text) {
            for problem in problems {
                prop_assert!(problem.line >= 1 && problem.col >= 1, "{problem}");
                prop_assert!(problem.hint.is_some(), "no hint: {problem}");
            }
        }
    }

    #[test]
    fn matcher_ranges_are_ordered_char_boundaries(body in text(300)) {
        let matcher = Matcher::new([(0, "كازاخستان"), (1, "ال"), (2, "ب"), (3, "علي"), (4, "CSTO")]);
        let mut end = 0;
        for found in matcher.find_all(&body) {
            prop_assert!(found.range.start >= end && found.range.start < found.range.end);
            prop_assert!(body.is_char_boundary(found.range.start) && body.is_char_boundary(found.range.end));
            end = found.range.end;
        }
    }
}

/// Openers of raw HTML that, unclosed, swallow what follows them once a
/// page is parsed, and others that change how the parser reads the rest.
const RAW_OPENERS: &[&str] = &[
    "<script>",
    "<style>",
    "<textarea>",
    "<title>",
    "<xmp>",
    "<plaintext>",
    "<noscript>",
    "<iframe>",
    "<!--",
    "<noembed>",
    "<noframes>",
    "<template>",
    "<select>",
    "<svg>",
    "<math>",
    "<table>",
    "<a href=\"x\">",
    "<div>",
    "<b>",
    "<div title=\"",
    "<p",
    "</p>",
    "</div>",
    "<object>",
    "<frameset>",
    "<s",
    "<?php",
    "<![CDATA[",
];

/// The words of the paragraphs after the raw HTML, as their text reads.
fn sentinels(count: usize) -> Vec<String> {
    (0..count).map(|i| format!("فقرة{i} تبقى")).collect()
}

fn render_plain(body: &str) -> markdown::Rendered {
    let file = SourceFile {
        path: PathBuf::from("content/a.md"),
        body_line: 1,
    };
    let links = LinkTargets::new();
    let input = RenderInput {
        body,
        file: &file,
        dir: TextDirection::Rtl,
        page_path: "articles/a/",
        links: &links,
        mentions: None,
    };
    markdown::render(&input, MarkdownOptions::default())
}

/// What a reader sees of the HTML: its text, parsed as a browser would.
fn visible_text(html: &str) -> String {
    let page = scraper::Html::parse_fragment(html);
    page.root_element().text().collect::<Vec<_>>().join(" ")
}

/// Regression (issue 23, finding 1): an unclosed `<script>` inside a
/// paragraph deleted everything after it; `<textarea>`, `<title>`, `<xmp>`,
/// `<plaintext>`, `<noscript>`, `<iframe>` and `<!--` turned the rest of the
/// article into escaped source. Each now affects only itself, with a warning.
#[test]
fn an_unclosed_raw_tag_keeps_the_text_after_it() {
    for opener in RAW_OPENERS {
        for body in [
            format!("قبل {opener} بعد.\n\n{}\n", sentinels(3).join("\n\n")),
            format!("{opener}\n\n{}\n", sentinels(3).join("\n\n")),
            format!("<div>\n{opener}\n</div>\n\n{}\n", sentinels(3).join("\n\n")),
        ] {
            let rendered = render_plain(&body);
            let text = visible_text(&rendered.html);
            for sentinel in sentinels(3) {
                assert!(
                    text.contains(&sentinel),
                    "{opener:?}: {sentinel} lost in {}",
                    rendered.html
                );
            }
            assert!(
                !rendered.html.contains("&lt;p id="),
                "{opener:?}: escaped source {}",
                rendered.html
            );
            for n in 1..=3 {
                let id = format!("id=\"p-{n}\"");
                assert!(rendered.html.matches(&id).count() <= 1, "{opener:?}: {id} twice");
            }
        }
    }
}

#[test]
fn dropped_and_repaired_fragments_are_located_warnings() {
    let rendered = render_plain("فقرة أولى.\n\nنص <script>alert(1) ثم.\n\n<textarea>\n\nفقرة.\n");
    let located: Vec<(usize, usize)> = rendered.problems.iter().map(|p| (p.line, p.col)).collect();
    assert!(located.contains(&(3, 4)), "{:?}", rendered.problems);
    assert!(located.contains(&(5, 1)), "{:?}", rendered.problems);
    assert!(rendered.problems.iter().all(|p| !p.is_error()));
}

/// The raw HTML a property test puts before the paragraphs: openers,
/// closers and attributes in any order, in a paragraph or as a block.
fn raw_html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(RAW_OPENERS).prop_map(str::to_string),
        "</?[a-z]{1,8}( [a-z]{1,6}=\"[^\"]{0,6}\")?>",
        "[<>\"'=/! a-z]{0,8}",
    ];
    (prop::collection::vec(piece, 1..5), prop::bool::ANY).prop_map(|(pieces, inline)| {
        let raw = pieces.concat();
        if inline { format!("نص {raw} نص") } else { raw }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    /// No paragraph of an article vanishes, whatever raw HTML sits before it.
    #[test]
    fn no_paragraph_vanishes_after_raw_html(raw in raw_html(), after in 1usize..4) {
        let body = format!("{raw}\n\n{}\n", sentinels(after).join("\n\n"));
        let rendered = render_plain(&body);
        let text = visible_text(&rendered.html);
        for sentinel in sentinels(after) {
            prop_assert!(text.contains(&sentinel), "{sentinel} lost: {:?} -> {}", body, rendered.html);
        }
    }
}
