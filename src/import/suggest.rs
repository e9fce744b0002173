//! Suggested entries: names in the imported texts that look like entities
//! and that the registry does not know, ranked by how often they occur,
//! each with the sentence it was first seen in. Three signs of a name:
//!
//! - a Latin name or acronym in brackets beside Arabic words (`منظمة معاهدة
//!   الأمن الجماعي (CSTO)`): the Arabic words before it, up to a word that
//!   cannot be part of a name, with the Latin form as its English name;
//! - the words after a title cue (الرئيس، رئيس الوزراء، وزير الخارجية،
//!   وكالة، صحيفة، مدينة، العاصمة…), up to [`NAME_WORDS`] words and a stop word;
//! - a short quoted phrase (`“فورين بوليسي”`) of one to four words.
//!
//! A name that the registry's matcher finds is known and not suggested.
//! Nothing joins the registry by itself: `--suggest-entries` writes each
//! suggestion as an entry file with `draft = true`, which a build leaves out
//! until the user removes that line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::article::{Block, Draft, Inline};
use super::lines::folded;
use crate::entities::Matcher;
use crate::error::Result;
use rayon::prelude::*;

/// The most words of a name after a title cue.
const NAME_WORDS: usize = 3;

/// Title cues: the index a name after them belongs to, and whether the
/// cue is part of the name (`منظمة …`, `حزب …`) or not (`الرئيس …`).
const CUES: &[(&str, Index, bool)] = &[
    ("الرئيس", Index::Actors, false),
    ("رئيس الوزراء", Index::Actors, false),
    ("رئيس الحكومة", Index::Actors, false),
    ("وزير الخارجية", Index::Actors, false),
    ("وزير الدفاع", Index::Actors, false),
    ("وزيرة الخارجية", Index::Actors, false),
    ("المتحدث باسم", Index::Actors, false),
    ("الجنرال", Index::Actors, false),
    ("السفير", Index::Actors, false),
    ("وكالة", Index::Actors, false),
    ("صحيفة", Index::Actors, false),
    ("مجلة", Index::Actors, false),
    ("قناة", Index::Actors, false),
    ("حزب", Index::Actors, true),
    ("منظمة", Index::Actors, true),
    ("مدينة", Index::Countries, false),
    ("العاصمة", Index::Countries, false),
];

/// Words that end a name: particles, pronouns and common verbs and nouns
/// that follow a name in news text.
const STOP: &[&str] = &[
    "في",
    "من",
    "الى",
    "على",
    "عن",
    "ان",
    "انه",
    "قد",
    "قال",
    "قالت",
    "يوم",
    "الذي",
    "التي",
    "الذين",
    "و",
    "او",
    "ثم",
    "لدى",
    "مع",
    "بعد",
    "قبل",
    "خلال",
    "حتى",
    "هو",
    "هي",
    "كان",
    "كانت",
    "لم",
    "لن",
    "ما",
    "لا",
    "اليوم",
    "امس",
    "السابق",
    "الحالي",
    "الجديد",
    "بان",
    "بقيادة",
    "عام",
    "اثناء",
    "حيث",
    "منذ",
    "وسط",
    "ضد",
    "نحو",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "الى",
    "انها",
    "بلاده",
    "بلادها",
    "نفسه",
    "نفسها",
    // Verbs that follow a name in news text.
    "قال",
    "طلب",
    "وافق",
    "اكد",
    "اعلن",
    "دعا",
    "اشار",
    "اضاف",
    "اعتبر",
    "راي",
    "زار",
    "التقي",
    "ذكر",
    "ذكرت",
    "اوضح",
    "اعلنت",
    "اكدت",
    "طالب",
    "رفض",
    "يقول",
    "تقول",
    "وصف",
    "حذر",
    "امر",
    "وقع",
    "استقبل",
    "بحث",
    "ناقش",
];

/// The index a suggested entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Index {
    /// A person or organisation.
    Actors,
    /// A country or place.
    Countries,
}

impl Index {
    /// The index's folder under content/.
    pub fn folder(self) -> &'static str {
        match self {
            Index::Actors => "actors",
            Index::Countries => "countries",
        }
    }
}

/// A name the registry does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The name as first written.
    pub name: String,
    /// Its Latin form, when the text gives one in brackets.
    pub name_en: Option<String>,
    /// The index it probably belongs to.
    pub index: Index,
    /// How often it occurs in the imported texts.
    pub count: usize,
    /// The sentence it was first seen in.
    pub sentence: String,
    /// For a spelling of a known name (بيلاروس beside بيلاروسيا): the
    /// entry (`countries/belarus`) and its form, to add it to as an alias.
    pub alias_of: Option<(String, String)>,
}

/// The names known to the registry, to leave out, and the entries their
/// near spellings are offered to as aliases.
pub struct Known<'a> {
    matcher: &'a Matcher,
    /// Each entry's path (`countries/belarus`), by its index in the registry.
    entries: Vec<String>,
}

impl<'a> Known<'a> {
    /// Names the registry's matcher finds are known; `entries` are the
    /// registry's entries, in the matcher's order.
    pub fn new(matcher: &'a Matcher, entries: &[crate::model::Entry]) -> Self {
        let entries = entries
            .iter()
            .map(|e| e.path.trim_end_matches('/').to_string())
            .collect();
        Known { matcher, entries }
    }

    fn knows(&self, name: &str) -> bool {
        !self.matcher.find_all(name).is_empty()
    }
}

/// A name found in a sentence: its words, Latin form, index, whether the
/// words after a cue (which may run past the name) gave it, and the sentence.
type Candidate = (String, Option<String>, Index, bool, usize);

/// The suggestions of the imported drafts, most frequent first.
pub fn suggest(drafts: &[&Draft], known: Option<&Known>) -> Vec<Suggestion> {
    let all: Vec<String> = drafts
        .iter()
        .flat_map(|d| d.blocks.iter().flat_map(sentences))
        .collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    let per_sentence: Vec<Vec<Candidate>> = all
        .par_iter()
        .enumerate()
        .map(|(at, sentence)| {
            let mut seen = std::collections::HashSet::new();
            let mut found = Vec::new();
            for (name, name_en, index, after_cue) in names_in(sentence) {
                // One sentence counts a name once, however many signs show it.
                if seen.insert(folded(&name)) {
                    found.push((name, name_en, index, after_cue, at));
                }
            }
            found
        })
        .collect();
    candidates.extend(per_sentence.into_iter().flatten());
    trim_run_on_names(&mut candidates, &all);
    let mut found: HashMap<String, Suggestion> = HashMap::new();
    let mut order = Vec::new();
    for (name, name_en, index, _, at) in candidates {
        let key = folded(&name);
        let entry = found.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            Suggestion {
                name,
                name_en: None,
                index,
                count: 0,
                sentence: all[at].clone(),
                alias_of: None,
            }
        });
        entry.count += 1;
        if entry.name_en.is_none() {
            entry.name_en = name_en;
        }
    }
    let mut list: Vec<Suggestion> = order.into_iter().filter_map(|key| found.remove(&key)).collect();
    merge_longer_forms(&mut list);
    list.retain(|s| known.is_none_or(|k| !k.knows(&s.name)));
    if let Some(known) = known {
        list.extend(near_spellings(&all, known));
    }
    list.sort_by_key(|s| std::cmp::Reverse(s.count));
    list
}

/// Cuts each name taken after a cue to its longest start that occurs in
/// the texts as often as its first word: in `الرئيس توكاييف حالة الطوارئ`
/// the words after the name run on, and `توكاييف` alone occurs more often
/// than `توكاييف حالة`; `سيرغي لافروف` stays whole when both words always
/// come together.
fn trim_run_on_names(candidates: &mut [Candidate], sentences: &[String]) {
    let prefixes = |name: &str| -> Vec<String> {
        let words: Vec<String> = name.split_whitespace().map(folded).collect();
        (1..=words.len()).map(|n| words[..n].join(" ")).collect()
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (name, _, _, after_cue, _) in candidates.iter() {
        if *after_cue && name.split_whitespace().nth(1).is_some() {
            counts.extend(prefixes(name).into_iter().map(|p| (p, 0)));
        }
    }
    if counts.is_empty() {
        return;
    }
    // Only windows whose first word starts a name are joined and looked up.
    let firsts: std::collections::HashSet<String> = counts
        .keys()
        .map(|p| p.split(' ').next().unwrap_or_default().to_string())
        .collect();
    let wanted = &counts;
    let found: HashMap<String, usize> = sentences
        .par_iter()
        .fold(HashMap::new, |mut seen: HashMap<String, usize>, sentence| {
            let words: Vec<String> = sentence
                .split_whitespace()
                .map(|w| folded(w.trim_matches(|c: char| !c.is_alphanumeric())))
                .collect();
            for i in (0..words.len()).filter(|&i| firsts.contains(&words[i])) {
                for n in 1..=NAME_WORDS.min(words.len() - i) {
                    let window = words[i..i + n].join(" ");
                    if wanted.contains_key(&window) {
                        *seen.entry(window).or_default() += 1;
                    }
                }
            }
            seen
        })
        .reduce(HashMap::new, |mut a, b| {
            for (window, n) in b {
                *a.entry(window).or_default() += n;
            }
            a
        });
    counts.extend(found);
    for (name, _, _, after_cue, _) in candidates.iter_mut() {
        if !*after_cue {
            continue;
        }
        let starts = prefixes(name);
        let first = counts.get(&starts[0]).copied().unwrap_or(0);
        let keep = starts
            .iter()
            .rposition(|p| counts.get(p).copied().unwrap_or(0) >= first)
            .unwrap_or(0);
        *name = name.split_whitespace().take(keep + 1).collect::<Vec<_>>().join(" ");
    }
}

/// A name seen with words after it (`توكاييف طلب المساعدة`) counts for
/// the shorter name (`توكاييف`) when that one is seen too: the words after
/// a cue run on past the name when no stop word ends it.
fn merge_longer_forms(list: &mut Vec<Suggestion>) {
    let folded_names: Vec<String> = list.iter().map(|s| folded(&s.name)).collect();
    let at: HashMap<&str, usize> = folded_names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let mut merged = vec![false; list.len()];
    for long in 0..list.len() {
        // Its starts, longest first: `a b c` has `a b` and `a`.
        let name = &folded_names[long];
        let shorter = name
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(i, _)| &name[..i])
            .rev()
            .find_map(|start| at.get(start).copied().filter(|&short| !merged[short]));
        if let Some(short) = shorter {
            list[short].count += list[long].count;
            merged[long] = true;
        }
    }
    let mut i = 0;
    list.retain(|_| {
        i += 1;
        !merged[i - 1]
    });
}

/// Words of the texts that are a letter or two from a one-word form of a
/// known entry (بيلاروس beside بيلاروسيا), offered as aliases of it, most
/// frequent first. Each distinct word is compared once, in parallel.
fn near_spellings(sentences: &[String], known: &Known) -> Vec<Suggestion> {
    let mut words: HashMap<&str, (usize, usize)> = HashMap::new();
    for (at, sentence) in sentences.iter().enumerate() {
        for word in sentence.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().count() >= 4 && word.chars().all(char::is_alphabetic) {
                words.entry(word).or_insert((0, at)).0 += 1;
            }
        }
    }
    let mut found: Vec<Suggestion> = words
        .into_par_iter()
        .filter_map(|(word, (count, at))| {
            let near = crate::entities::near_variants(known.matcher, word)?;
            Some(Suggestion {
                name: word.to_string(),
                name_en: None,
                index: Index::Actors,
                count,
                sentence: sentences[at].clone(),
                alias_of: Some((known.entries[near.entry].clone(), near.alias.to_string())),
            })
        })
        .collect();
    found.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    found
}

/// The sentences of a block, as plain text.
fn sentences(block: &Block) -> Vec<String> {
    let text: String = match block {
        Block::Heading(inl) | Block::Quote(inl) => inl.iter().map(Inline::text).collect(),
        Block::Paragraph(lines) | Block::Bullets(lines) => lines
            .iter()
            .map(|l| l.iter().map(Inline::text).collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
        Block::Ordered(items) => items
            .iter()
            .map(|(_, l)| l.iter().map(Inline::text).collect::<String>())
            .collect::<Vec<_>>()
            .join(" "),
        Block::Caption { .. } => return Vec::new(),
    };
    text.split_inclusive(['.', '؟', '?', '!', '؛'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The names of one sentence: (name, Latin form, index, after a cue).
fn names_in(sentence: &str) -> Vec<(String, Option<String>, Index, bool)> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut names = Vec::new();
    names.extend(bracketed(&words).into_iter().map(|(n, e, i)| (n, e, i, false)));
    names.extend(after_cues(&words));
    names.extend(quoted(sentence).into_iter().map(|q| (q, None, Index::Actors, false)));
    names
}

/// `… منظمة معاهدة الأمن الجماعي (CSTO) …`: the Arabic words before a
/// bracketed Latin name, back to a stop word (at most five).
fn bracketed(words: &[&str]) -> Vec<(String, Option<String>, Index)> {
    let mut names = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let inner = word
            .trim_start_matches('(')
            .trim_end_matches(|c: char| c == ')' || c.is_ascii_punctuation());
        let is_latin =
            word.starts_with('(') && word.contains(')') && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !is_latin || inner.len() < 2 || !inner.chars().any(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let start = (0..i)
            .rev()
            .take(5)
            .take_while(|&j| !is_stop(words[j]) && !ends_clause(words[j]))
            .last();
        if let Some(start) = start {
            names.push((words[start..i].join(" "), Some(inner.to_string()), Index::Actors));
        }
    }
    names
}

/// The words after each title cue, up to [`NAME_WORDS`] and a stop word,
/// and whether they may run on past the name (see [`trim_run_on_names`]).
fn after_cues(words: &[&str]) -> Vec<(String, Option<String>, Index, bool)> {
    let mut names = Vec::new();
    let folded_words: Vec<String> = words.iter().map(|w| folded(w)).collect();
    for ((_, index, keep), cue_words) in CUES.iter().zip(folded_cues()) {
        for i in 0..folded_words.len() {
            let end = i + cue_words.len();
            if end >= words.len() || folded_words[i..end] != cue_words[..] {
                continue;
            }
            let name: Vec<&str> = words[end..]
                .iter()
                .take(NAME_WORDS)
                .take_while(|w| !is_stop(w))
                .scan(false, |ended, w| {
                    if *ended {
                        return None;
                    }
                    *ended = ends_clause(w);
                    Some(w.trim_end_matches(|c: char| !c.is_alphanumeric()))
                })
                .filter(|w| !w.is_empty())
                .collect();
            if !name.is_empty() && name.iter().all(|w| w.chars().all(char::is_alphabetic)) {
                let name = name.join(" ");
                let name = if *keep {
                    format!("{} {name}", words[i..end].join(" "))
                } else {
                    name
                };
                // A name after a cue may run on; one that holds its cue does not.
                names.push((name, None, *index, !*keep));
            }
        }
    }
    names
}

/// The words of each cue of [`CUES`], folded once.
fn folded_cues() -> &'static [Vec<String>] {
    static FOLDED: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    FOLDED.get_or_init(|| {
        CUES.iter()
            .map(|(cue, _, _)| cue.split(' ').map(folded).collect())
            .collect()
    })
}

/// Short quoted phrases: `“فورين بوليسي”`, `«الجزيرة»`.
fn quoted(sentence: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (open, close) in [('“', '”'), ('«', '»'), ('"', '"'), ('”', '”')] {
        let mut rest = sentence;
        while let Some(start) = rest.find(open) {
            let after = &rest[start + open.len_utf8()..];
            let Some(end) = after.find(close) else { break };
            let inner = after[..end].trim();
            let words = inner.split_whitespace().count();
            if (1..=4).contains(&words) && inner.chars().all(|c| c.is_alphabetic() || c == ' ') {
                names.push(inner.to_string());
            }
            rest = &after[end + close.len_utf8()..];
        }
    }
    names
}

fn is_stop(word: &str) -> bool {
    let word = folded(word.trim_matches(|c: char| !c.is_alphanumeric()));
    STOP.contains(&word.as_str()) || word.chars().any(|c| c.is_ascii_digit())
}

fn ends_clause(word: &str) -> bool {
    word.ends_with(['،', ',', '.', ':', '؛', '؟', '?', '!', ')', '('])
}

/// Writes each suggestion as a draft entry file, `content/<index>/<slug>.md`,
/// never over a file that exists. Returns the files written.
pub fn write_entries(root: &Path, suggestions: &[Suggestion]) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for suggestion in suggestions.iter().filter(|s| s.alias_of.is_none()) {
        let slug = crate::slug::slugify(suggestion.name_en.as_deref().unwrap_or(&suggestion.name));
        if slug.is_empty() {
            continue;
        }
        let file = Path::new("content")
            .join(suggestion.index.folder())
            .join(format!("{slug}.md"));
        if root.join(&file).exists() {
            continue;
        }
        crate::fs::write_new(&root.join(&file), entry_text(suggestion).as_bytes())?;
        written.push(file);
    }
    Ok(written)
}

/// The text of a draft entry file.
fn entry_text(s: &Suggestion) -> String {
    let quote = |text: &str| toml::Value::String(text.to_string()).to_string();
    let mut text = String::from("+++\n# Suggested by `fihris import`: check the name, then remove `draft`.\n");
    text.push_str(&format!("name = {}\n", quote(&s.name)));
    if let Some(en) = &s.name_en {
        text.push_str(&format!("name_en = {}\n", quote(en)));
    }
    text.push_str("draft = true\n+++\n\n");
    text.push_str(&format!("> {}\n", s.sentence.replace('\n', " ")));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> Draft {
        Draft {
            blocks: vec![Block::Paragraph(vec![vec![Inline::Text(text.to_string())]])],
            ..Draft::default()
        }
    }

    #[test]
    fn brackets_cues_and_quotes_give_names() {
        let d = draft(
            "نشر قوات من منظمة معاهدة الأمن الجماعي (CSTO) بقيادة روسيا. \
             وقال وزير الخارجية سيرغي لافروف إن القوات ستغادر. \
             ونقلت صحيفة “نيويورك تايمز” عن مصادر أن الرئيس توكاييف طلب المساعدة. \
             وأكد الرئيس توكاييف ذلك في العاصمة نور سلطان.",
        );
        let list = suggest(&[&d], None);
        let names: Vec<(&str, usize)> = list.iter().map(|s| (s.name.as_str(), s.count)).collect();
        assert_eq!(names[0], ("توكاييف", 2), "{names:?}");
        assert!(names.contains(&("منظمة معاهدة الأمن الجماعي", 1)), "{names:?}");
        assert!(names.contains(&("سيرغي لافروف", 1)), "{names:?}");
        assert!(names.contains(&("نيويورك تايمز", 1)), "cue and quotes, once: {names:?}");
        assert!(names.contains(&("نور سلطان", 1)), "{names:?}");
        let cst = list.iter().find(|s| s.name_en.as_deref() == Some("CSTO")).unwrap();
        assert_eq!(cst.index, Index::Actors);
        assert!(cst.sentence.contains("(CSTO)"));
        let nur = list.iter().find(|s| s.name == "نور سلطان").unwrap();
        assert_eq!(nur.index, Index::Countries);
    }

    #[test]
    fn a_name_that_runs_on_after_its_cue_is_cut_where_the_texts_cut_it() {
        let d = draft(
            "أعلن الرئيس توكاييف حالة الطوارئ في ألماتي. وقال توكاييف إنه طلب المساعدة. وقال وزير الخارجية سيرغي لافروف كلمة.",
        );
        let names: Vec<String> = suggest(&[&d], None).into_iter().map(|s| s.name).collect();
        // Seen once, a name cannot be told from the word after it: the
        // report shows the sentence, and the user cuts it.
        assert_eq!(names, ["توكاييف", "سيرغي لافروف كلمة"].map(String::from));
    }

    #[test]
    fn known_names_are_left_out() {
        let matcher = Matcher::new([(0, "توكاييف")]);
        let d = draft("وأكد الرئيس توكاييف أن الرئيس بوتين وافق.");
        let list = suggest(&[&d], Some(&Known::new(&matcher, &[])));
        let names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["بوتين"]);
    }

    #[test]
    fn draft_entry_files_are_never_written_over_others() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/actors")).unwrap();
        std::fs::write(dir.path().join("content/actors/csto.md"), "mine").unwrap();
        let s = Suggestion {
            name: "منظمة معاهدة الأمن الجماعي".into(),
            name_en: Some("CSTO".into()),
            index: Index::Actors,
            count: 1,
            sentence: "جملة".into(),
            alias_of: None,
        };
        let other = Suggestion {
            name: "بوتين".into(),
            name_en: None,
            ..s.clone()
        };
        let written = write_entries(dir.path(), &[s, other]).unwrap();
        assert_eq!(written, [Path::new("content/actors/بوتين.md")]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/actors/csto.md")).unwrap(),
            "mine"
        );
        let text = std::fs::read_to_string(dir.path().join(&written[0])).unwrap();
        assert!(text.contains("draft = true") && text.contains("name = \"بوتين\""));
    }
}
