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
        let _ = front_matter::parse_entry(Path::new("e.md"), &file);
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
