//! Mention precision and recall per class of matching, on the labelled set
//! `tests/mentions/labelled.toml` (sentences written for this project in
//! the styles of Arabic news), against the bundled registry loaded the way
//! a build loads it, each sentence rendered as a one-paragraph article
//! body. Prints the table (`cargo test --test integration mentions_recall
//! -- --nocapture`) and requires precision ≥ 0.99 and recall ≥ 0.98
//! overall and in every class.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use fihris::bidi::TextDirection;
use fihris::config::Config;
use fihris::content::{self, LoadOptions};
use fihris::entities::{self, Matcher};
use fihris::markdown::{self, LinkTargets, MarkdownOptions, MentionInput, RenderInput};
use fihris::model::SourceFile;
use serde::Deserialize;

use crate::harness::repo_root;

const MIN_PRECISION: f64 = 0.99;
const MIN_RECALL: f64 = 0.98;

/// Every class the set must hold, with the fewest sentences each.
const CLASSES: &[(&str, usize)] = &[
    ("plain", 20),
    ("nisba", 20),
    ("transliteration", 20),
    ("punctuation", 20),
    ("longest", 15),
    ("ambiguous", 20),
    ("trap", 20),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labelled {
    sentence: Vec<Sentence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sentence {
    class: String,
    text: String,
    expect: Vec<String>,
}

/// True positives, false positives and false negatives of some sentences.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Score {
    sentences: usize,
    found: usize,
    wrong: usize,
    missed: usize,
}

impl Score {
    /// Scores one sentence: `found` against `expected`, as multisets of ids.
    fn add(&mut self, expected: &[String], found: &[&str]) {
        let mut remaining: HashMap<&str, usize> = HashMap::new();
        for id in expected {
            *remaining.entry(id).or_default() += 1;
        }
        for id in found {
            match remaining.get_mut(id) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    self.found += 1;
                }
                _ => self.wrong += 1,
            }
        }
        self.missed += remaining.values().sum::<usize>();
        self.sentences += 1;
    }

    /// 1 when nothing was found (a class of traps only).
    fn precision(&self) -> f64 {
        ratio(self.found, self.found + self.wrong)
    }

    /// 1 when nothing was expected.
    fn recall(&self) -> f64 {
        ratio(self.found, self.found + self.missed)
    }

    fn passes(&self) -> bool {
        self.precision() >= MIN_PRECISION && self.recall() >= MIN_RECALL
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 1.0 } else { part as f64 / whole as f64 }
}

/// The bundled registry, as a build loads it, and its matcher.
fn bundled() -> (fihris::model::Content, Matcher, MarkdownOptions) {
    let root = repo_root();
    let config = Config::load(&root).unwrap();
    let (content, problems) = content::load(&root, &config, LoadOptions::default());
    assert!(problems.is_empty(), "{problems:?}");
    let matcher = entities::matcher(&content.entries, &content.kinds);
    let options = MarkdownOptions {
        smart_punctuation: config.markdown.smart_punctuation,
        trust_html: config.markdown.trust_html,
    };
    (content, matcher, options)
}

/// The ids of the entries mentioned in `text`, rendered as an article body.
fn detect<'c>(
    text: &str,
    content: &'c fihris::model::Content,
    matcher: &Matcher,
    options: MarkdownOptions,
) -> Vec<&'c str> {
    let file = SourceFile {
        path: PathBuf::from("content/articles/labelled.md"),
        body_line: 1,
    };
    let links = LinkTargets::new();
    let entry_files: Vec<String> = content.entries.iter().map(|e| e.path.clone()).collect();
    let input = RenderInput {
        body: text,
        file: &file,
        dir: TextDirection::Rtl,
        page_path: "articles/labelled/",
        links: &links,
        mentions: Some(MentionInput {
            matcher,
            entry_files: &entry_files,
            excluded: &[],
        }),
    };
    let rendered = markdown::render(&input, options);
    rendered
        .passages
        .iter()
        .flat_map(|p| &p.mentions)
        .map(|m| content.entries[m.entry].id.as_str())
        .collect()
}

/// The table of scores, one line per class and one for all.
fn table(scores: &BTreeMap<&str, Score>, all: &Score) -> String {
    let mut out = String::from(
        "| class | sentences | found | wrong | missed | precision | recall |\n|---|---|---|---|---|---|---|\n",
    );
    for (class, s) in scores.iter().map(|(c, s)| (*c, s)).chain([("all", all)]) {
        out.push_str(&format!(
            "| {class} | {} | {} | {} | {} | {:.3} | {:.3} |\n",
            s.sentences,
            s.found,
            s.wrong,
            s.missed,
            s.precision(),
            s.recall()
        ));
    }
    out
}

#[test]
fn mentions_reach_the_precision_and_recall_required_in_every_class() {
    let text = std::fs::read_to_string(repo_root().join("tests/mentions/labelled.toml")).unwrap();
    let labelled: Labelled = toml::from_str(&text).unwrap();
    assert!(labelled.sentence.len() >= 150, "{} sentences", labelled.sentence.len());
    let (content, matcher, options) = bundled();
    let ids: Vec<&str> = content.entries.iter().map(|e| e.id.as_str()).collect();
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut all = Score::default();
    let mut misses = Vec::new();
    for sentence in &labelled.sentence {
        assert!(
            CLASSES.iter().any(|(c, _)| *c == sentence.class),
            "unknown class {:?}",
            sentence.class
        );
        for id in &sentence.expect {
            assert!(ids.contains(&id.as_str()), "no entry {id:?}: {}", sentence.text);
        }
        let found = detect(&sentence.text, &content, &matcher, options);
        scores
            .entry(sentence.class.as_str())
            .or_default()
            .add(&sentence.expect, &found);
        all.add(&sentence.expect, &found);
        if found != sentence.expect {
            misses.push(format!(
                "[{}] {}: expected {:?}, found {found:?}",
                sentence.class, sentence.text, sentence.expect
            ));
        }
    }
    let table = table(&scores, &all);
    println!(
        "mentions: {} sentences, {} forms searched\n{table}",
        all.sentences,
        matcher.pattern_count()
    );
    for miss in &misses {
        println!("  {miss}");
    }
    for (class, fewest) in CLASSES {
        let count = scores.get(class).map_or(0, |s| s.sentences);
        assert!(
            count >= *fewest,
            "class {class}: {count} sentences, at least {fewest} needed"
        );
    }
    let failing: Vec<&str> = scores.iter().filter(|(_, s)| !s.passes()).map(|(c, _)| *c).collect();
    assert!(
        failing.is_empty() && all.passes(),
        "below precision {MIN_PRECISION} or recall {MIN_RECALL}: {failing:?}\n{table}{misses:#?}"
    );
}

/// The score fails a detector that misses, or finds what is not there.
#[test]
fn the_score_fails_a_wrong_detector() {
    let expected = ["russia".to_string(), "belarus".to_string()];
    let mut right = Score::default();
    right.add(&expected, &["belarus", "russia"]);
    assert!(right.passes());
    let mut confused = Score::default();
    // روسيا البيضاء found as Russia: one wrong, one missed.
    confused.add(&expected, &["russia", "russia"]);
    assert_eq!((confused.found, confused.wrong, confused.missed), (1, 1, 1));
    assert!(!confused.passes());
    let mut silent = Score::default();
    silent.add(&expected, &[]);
    assert!(silent.precision() == 1.0 && !silent.passes());
}
