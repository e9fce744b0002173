//! The inverted index of the search page: every word form of every passage
//! and title, with the passages and documents that hold it. It is split into
//! shards by the first characters of the forms, so that a query loads only
//! the shards its words need.
//!
//! Words are split and folded exactly as `static/search.js` splits and folds
//! a query: runs of alphabetic characters, numbers, non-spacing marks and
//! tatweel, folded by [`fold`] (so `٢٠٢٠` and `۲۰۲۰` are indexed as
//! `2020`). Each word is indexed as it is and without each proclitic it may
//! carry, so that a query word can match any of those forms by prefix.

use rustc_hash::FxHashMap;
use unicode_bidi::{BidiClass, bidi_class};

use crate::entities::normalize::fold;

/// A shard whose postings pass this many bytes is split by one more
/// character of its forms.
const SHARD_BYTES: usize = 96 * 1024;
/// Shards are not split past keys of this many characters.
const MAX_KEY_CHARS: usize = 8;

/// Whether `c` belongs to a word: the search page's `WORD` pattern,
/// `[\p{Alphabetic}\p{N}\p{Mn}\p{Me}\u0640]`.
pub(crate) fn is_word_char(c: char) -> bool {
    match TWO_BYTE_WORD_CHARS.get(c as usize / 64) {
        Some(bits) => bits & (1 << (c as u32 % 64)) != 0,
        None => is_word_char_slow(c),
    }
}

fn is_word_char_slow(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{0640}' || bidi_class(c) == BidiClass::NSM
}

/// [`is_word_char_slow`] of the characters below U+0800 (one or two bytes
/// in UTF-8: Latin, Greek, Cyrillic, Hebrew, Arabic), a bit each.
static TWO_BYTE_WORD_CHARS: std::sync::LazyLock<[u64; 32]> = std::sync::LazyLock::new(|| {
    let mut bits = [0; 32];
    for c in (0..0x800).filter_map(char::from_u32).filter(|&c| is_word_char_slow(c)) {
        bits[c as usize / 64] |= 1 << (c as u32 % 64);
    }
    bits
});

/// U+0600 to U+067F (most Arabic letters and marks): bit `i` is set if
/// U+0600 + `i` is a word character that folds to itself.
static KEPT_ARABIC_LETTERS: std::sync::LazyLock<u128> = std::sync::LazyLock::new(|| {
    (0..128u32)
        .filter(|&i| char::from_u32(0x600 + i).is_some_and(|c| is_word_char(c) && fold(c) == Some(c)))
        .fold(0, |bits, i| bits | 1 << i)
});

/// `None` if `c` is not a word character, else what it folds to (`None`
/// when it is dropped). Arabic letters that fold to themselves and ASCII
/// take a fast path.
#[inline]
fn fold_word_char(c: char) -> Option<Option<char>> {
    let arabic = (c as u32).wrapping_sub(0x600);
    if arabic < 128 && *KEPT_ARABIC_LETTERS & (1 << arabic) != 0 {
        Some(Some(c))
    } else if c.is_ascii() {
        c.is_ascii_alphanumeric().then(|| Some(c.to_ascii_lowercase()))
    } else {
        is_word_char(c).then(|| fold(c))
    }
}

/// Length in UTF-16 units, as JavaScript counts a string.
fn units(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// Splits text into words and words into the forms that are indexed.
pub(crate) struct Forms {
    proclitics: Vec<String>,
}

impl Forms {
    pub(crate) fn new(proclitics: Vec<String>) -> Forms {
        Forms { proclitics }
    }

    pub(crate) fn proclitics(&self) -> &[String] {
        &self.proclitics
    }

    /// Calls `form` with every indexed form of every word of `text`. `folded`
    /// is a buffer.
    #[cfg(test)]
    pub(crate) fn each(&self, text: &str, folded: &mut String, form: &mut impl FnMut(&str)) {
        self.words(text, folded, &mut |word| self.word(word, form));
    }

    /// Calls `word` with every folded word of `text` at least two UTF-16
    /// units long, as a query form must be. `folded` is a buffer.
    pub(crate) fn words(&self, text: &str, folded: &mut String, word: &mut impl FnMut(&str)) {
        folded.clear();
        let (mut in_word, mut length) = (false, 0);
        let mut end = |folded: &mut String, length: usize| {
            if length >= 2 {
                word(folded);
            }
            folded.clear();
        };
        for c in text.chars() {
            match fold_word_char(c) {
                Some(kept) => {
                    in_word = true;
                    if let Some(f) = kept {
                        folded.push(f);
                        length += f.len_utf16();
                    }
                }
                None if in_word => {
                    end(folded, length);
                    (in_word, length) = (false, 0);
                }
                None => {}
            }
        }
        if in_word {
            end(folded, length);
        }
    }

    /// Calls `form` with the forms of one folded word: the word and the
    /// word without each proclitic it starts with, when two UTF-16 units or
    /// more are left.
    pub(crate) fn word<'w>(&self, folded: &'w str, form: &mut impl FnMut(&'w str)) {
        form(folded);
        let length = units(folded);
        for proclitic in &self.proclitics {
            if let Some(rest) = folded.strip_prefix(proclitic.as_str())
                && length - units(proclitic) >= 2
            {
                form(rest);
            }
        }
    }
}

/// One document to index: its title and the text of its passages.
pub(crate) struct Source<'a> {
    pub title: &'a str,
    pub passages: Vec<&'a str>,
}

/// The postings of a run of consecutive documents, by form.
#[derive(Default)]
struct Partial {
    forms: FxHashMap<String, RunPostings>,
}

/// The postings of one form in a run of documents: the passages are
/// encoded as in [`Postings`], but for the first, whose gap depends on the
/// runs before.
#[derive(Default)]
struct RunPostings {
    first: Option<(u32, u32)>,
    rest: Postings,
    /// Documents whose title holds the form.
    titles: Vec<u32>,
}

impl RunPostings {
    /// From passages in order, each with how many times it holds the form.
    fn new(passages: &[(u32, u32)], titles: Vec<u32>) -> RunPostings {
        let mut run = RunPostings {
            first: passages.first().copied(),
            titles,
            ..RunPostings::default()
        };
        if let Some(&(first, _)) = passages.first() {
            run.rest.last_passage = first;
            for &(passage, count) in &passages[1..] {
                run.rest.add_passage(passage, count);
            }
        }
        run
    }
}

/// The passages (with counts) and titles that hold one word, in a run.
#[derive(Default)]
struct WordPostings {
    passages: Vec<(u32, u32)>,
    titles: Vec<u32>,
}

impl Partial {
    /// The postings of `sources`, whose first document and first passage
    /// have these numbers. Words are looked up once each time they occur;
    /// the forms of each word of the run are made once, at the end.
    fn of(sources: &[Source<'_>], mut document: u32, mut passage: u32, forms: &Forms) -> Partial {
        let mut words: FxHashMap<String, WordPostings> = FxHashMap::default();
        let mut update = |word: &str, change: &mut dyn FnMut(&mut WordPostings)| match words.get_mut(word) {
            Some(found) => change(found),
            None => {
                let mut new = WordPostings::default();
                change(&mut new);
                words.insert(word.to_string(), new);
            }
        };
        let mut folded = String::new();
        for source in sources {
            for text in &source.passages {
                forms.words(text, &mut folded, &mut |word| {
                    update(word, &mut |postings| match postings.passages.last_mut() {
                        Some((last, count)) if *last == passage => *count += 1,
                        _ => postings.passages.push((passage, 1)),
                    });
                });
                passage += 1;
            }
            forms.words(source.title, &mut folded, &mut |word| {
                update(word, &mut |postings| {
                    if postings.titles.last() != Some(&document) {
                        postings.titles.push(document);
                    }
                });
            });
            document += 1;
        }
        // Each form, with the words it comes from.
        let mut origins: FxHashMap<&str, Vec<&WordPostings>> = FxHashMap::default();
        for (word, postings) in &words {
            forms.word(word, &mut |form| origins.entry(form).or_default().push(postings));
        }
        let forms = origins
            .into_iter()
            .map(|(form, from)| {
                let run = match from.as_slice() {
                    [one] => RunPostings::new(&one.passages, one.titles.clone()),
                    many => {
                        let mut passages: Vec<(u32, u32)> =
                            many.iter().flat_map(|w| w.passages.iter().copied()).collect();
                        crate::graph::sum_counts(&mut passages);
                        let mut titles: Vec<u32> = many.iter().flat_map(|w| w.titles.iter().copied()).collect();
                        titles.sort_unstable();
                        titles.dedup();
                        RunPostings::new(&passages, titles)
                    }
                };
                (form.to_string(), run)
            })
            .collect();
        Partial { forms }
    }
}

/// The postings of one form. Passages are numbered across the site,
/// documents in order; each passage is written as `2 × gap` (`+ 1` and then
/// its count when it holds the form more than once), each title as the gap
/// from the previous document. Numbers are kept as LEB128 varints, about
/// half the size of their text, and written out as JSON arrays.
#[derive(Default)]
struct Postings {
    passages: Vec<u8>,
    last_passage: u32,
    titles: Vec<u8>,
    last_title: u32,
    /// The length of both lists as JSON text, but for their brackets.
    text: usize,
}

impl Postings {
    fn add_passage(&mut self, passage: u32, count: u32) {
        let gap = passage - self.last_passage;
        self.last_passage = passage;
        self.text += push_varint(&mut self.passages, gap * 2 + u32::from(count > 1));
        if count > 1 {
            self.text += push_varint(&mut self.passages, count);
        }
    }

    fn add_title(&mut self, document: u32) {
        let gap = document - self.last_title;
        self.last_title = document;
        self.text += push_varint(&mut self.titles, gap);
    }

    /// Appends the passages of `later`, which starts with the gap from
    /// this one's last passage.
    fn append(&mut self, later: Postings) {
        self.passages.extend_from_slice(&later.passages);
        self.last_passage = later.last_passage;
        self.text += later.text;
    }
}

/// Appends `n` as a LEB128 varint; returns the length of its text and comma.
fn push_varint(out: &mut Vec<u8>, mut n: u32) -> usize {
    let text = n.checked_ilog10().unwrap_or(0) as usize + 2;
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
    text
}

/// Writes varints as a JSON array.
fn write_numbers(varints: &[u8], out: &mut Vec<u8>) {
    out.push(b'[');
    let (mut n, mut shift, mut first) = (0u32, 0, true);
    for &byte in varints {
        n |= u32::from(byte & 0x7F) << shift;
        if byte & 0x80 != 0 {
            shift += 7;
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        (n, shift) = (0, 0);
    }
    out.push(b']');
}

/// The inverted index of a site's documents.
#[derive(Default)]
pub(crate) struct Index {
    postings: FxHashMap<String, Postings>,
    /// Passages indexed so far (the number of the next document's first).
    passages: u32,
    /// Documents indexed so far.
    documents: u32,
}

impl Index {
    /// Adds documents, in order after those added before. Runs of them are
    /// read in parallel, and their postings appended in order.
    pub(crate) fn add(&mut self, sources: &[Source<'_>], forms: &Forms) {
        use rayon::prelude::*;
        const RUN: usize = 128;
        let mut starts = Vec::new();
        let (mut document, mut passage) = (self.documents, self.passages);
        for run in sources.chunks(RUN) {
            starts.push((document, passage));
            document += run.len() as u32;
            passage += run.iter().map(|s| s.passages.len() as u32).sum::<u32>();
        }
        let partials: Vec<Partial> = sources
            .par_chunks(RUN)
            .zip(starts)
            .map(|(run, (document, passage))| Partial::of(run, document, passage, forms))
            .collect();
        for partial in partials {
            for (form, run) in partial.forms {
                let postings = self.postings.entry(form).or_default();
                if let Some((passage, count)) = run.first {
                    postings.add_passage(passage, count);
                    postings.append(run.rest);
                }
                for document in run.titles {
                    postings.add_title(document);
                }
            }
        }
        (self.documents, self.passages) = (document, passage);
    }

    /// The shards: forms are grouped by their first two characters, and a
    /// group larger than [`SHARD_BYTES`] by one character more, and so on;
    /// a form as long as its group's key stays in a shard of that key.
    pub(crate) fn into_shards(self) -> Shards {
        let mut forms: Vec<(String, Postings)> = self.postings.into_iter().collect();
        forms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut plan = Vec::new();
        split(&forms, 0, 2, &mut plan);
        Shards { forms, plan }
    }
}

/// The forms of an index, sorted, and the shards they make.
pub(crate) struct Shards {
    forms: Vec<(String, Postings)>,
    /// Each shard's key and the range of its forms.
    plan: Vec<(String, std::ops::Range<usize>)>,
}

impl Shards {
    /// Each shard's key and the name of its file, in the order of keys.
    pub(crate) fn keys(&self) -> impl Iterator<Item = (&str, String)> {
        self.plan.iter().map(|(key, _)| (key.as_str(), name(key)))
    }

    /// The number of shards.
    pub(crate) fn len(&self) -> usize {
        self.plan.len()
    }

    /// The file name and script of shard `i`.
    pub(crate) fn script(&self, i: usize) -> (String, Vec<u8>) {
        let (key, range) = &self.plan[i];
        let forms = &self.forms[range.clone()];
        let name = name(key);
        let size = forms.iter().map(|(f, p)| f.len() + p.text + 8).sum::<usize>();
        let mut script = Vec::with_capacity(size + 64);
        script.extend_from_slice(b"window.FIHRIS_SEARCH_SHARD(");
        script.extend_from_slice(&super::json(&name));
        script.extend_from_slice(b",{\"w\":");
        script.extend_from_slice(&super::json(&forms.iter().map(|(f, _)| f).collect::<Vec<_>>()));
        for field in ["p", "t"] {
            script.extend_from_slice(format!(",\"{field}\":[").as_bytes());
            for (i, (_, postings)) in forms.iter().enumerate() {
                if i > 0 {
                    script.push(b',');
                }
                let list = if field == "p" {
                    &postings.passages
                } else {
                    &postings.titles
                };
                write_numbers(list, &mut script);
            }
            script.push(b']');
        }
        script.extend_from_slice(b"});\n");
        (name, script)
    }
}

/// A shard's file name: its key's UTF-8 bytes in hexadecimal, so that a
/// shard keeps its name from one build to the next.
fn name(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The first `chars` characters of `form`.
fn key(form: &str, chars: usize) -> &str {
    form.char_indices().nth(chars).map_or(form, |(i, _)| &form[..i])
}

/// Groups sorted `forms` (which start at `offset` in the index's list) by
/// their first `chars` characters into shards, splitting groups that are
/// too large.
fn split(forms: &[(String, Postings)], offset: usize, chars: usize, plan: &mut Vec<(String, std::ops::Range<usize>)>) {
    let mut start = 0;
    while let Some((first, _)) = forms.get(start) {
        let group_key = key(first, chars);
        let end = forms[start..]
            .iter()
            .position(|(f, _)| !f.starts_with(group_key))
            .map_or(forms.len(), |n| start + n);
        let group = &forms[start..end];
        let size: usize = group.iter().map(|(f, p)| f.len() + p.text).sum();
        if size <= SHARD_BYTES || chars >= MAX_KEY_CHARS || group.len() == 1 {
            plan.push((group_key.to_string(), offset + start..offset + end));
        } else {
            // The form equal to the key, if any, sorts first.
            let mut longer = start;
            if group[0].0 == group_key {
                plan.push((group_key.to_string(), offset + start..offset + start + 1));
                longer += 1;
            }
            split(&forms[longer..end], offset + longer, chars + 1, plan);
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms() -> Forms {
        Forms::new(crate::entities::matcher::proclitics())
    }

    fn all_forms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        forms().each(text, &mut String::new(), &mut |f| out.push(f.to_string()));
        out
    }

    #[test]
    fn words_are_folded_and_indexed_with_and_without_proclitics() {
        let found = all_forms("بالكرملين، وأوكرانيا (Blinken) و x وهو");
        for form in [
            "بالكرملين",
            "الكرملين",
            "كرملين",
            "واوكرانيا",
            "اوكرانيا",
            "blinken",
            "وهو",
            "هو",
        ] {
            assert!(found.contains(&form.to_string()), "{form} in {found:?}");
        }
        // One-letter words and the letter left of a proclitic are never indexed.
        assert!(!found.iter().any(|f| f.chars().count() < 2), "{found:?}");
    }

    #[test]
    fn the_table_of_two_byte_characters_agrees_with_the_definition() {
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_slow(c), "{c:?}");
        }
        assert!(is_word_char('ـ') && is_word_char('\u{064E}') && is_word_char('٣'));
        assert!(!is_word_char('،') && !is_word_char(' ') && !is_word_char('\u{200C}'));
    }

    #[test]
    fn the_fast_paths_fold_and_split_as_the_definition_does() {
        // Without proclitics, the forms are the folded words of the text.
        let words = Forms::new(Vec::new());
        // Every character below U+0800, between letters and alone.
        for c in (0..0x800).filter_map(char::from_u32) {
            let text = format!("ب{c}ت {c}{c}");
            let expected: Vec<String> = text
                .split(|c: char| !is_word_char_slow(c))
                .map(|w| w.chars().filter_map(fold).collect::<String>())
                .filter(|w| units(w) >= 2)
                .collect();
            let mut found = Vec::new();
            words.each(&text, &mut String::new(), &mut |f| found.push(f.to_string()));
            assert_eq!(found, expected, "{c:?}");
        }
    }

    #[test]
    fn arabic_indic_and_persian_digits_are_indexed_as_ascii_digits() {
        assert_eq!(
            all_forms("عام ٢٠٢٠ و۱۴۰۰ 2022"),
            ["عام", "2020", "و1400", "1400", "2022"]
        );
    }

    #[test]
    fn harakat_and_tatweel_stay_inside_a_word_and_are_dropped() {
        assert_eq!(all_forms("مَـدْرَسَة"), ["مدرسه"]);
        // A zero-width non-joiner splits words, as in the search page.
        assert_eq!(all_forms("ab\u{200C}cd"), ["ab", "cd"]);
    }

    #[test]
    fn postings_count_passages_and_titles_by_gaps() {
        let mut index = Index::default();
        let sources = [
            Source {
                title: "kazakhstan",
                passages: vec!["almaty", "almaty almaty"],
            },
            Source {
                title: "astana",
                passages: vec!["kazakhstan"],
            },
            Source {
                title: "almaty kazakhstan",
                passages: vec!["x", "almaty"],
            },
        ];
        index.add(&sources[..2], &forms());
        index.add(&sources[2..], &forms());
        let text = |varints: &[u8]| {
            let mut out = Vec::new();
            write_numbers(varints, &mut out);
            String::from_utf8(out).unwrap()
        };
        let almaty = &index.postings["almaty"];
        // Passages 0, 1 (twice) and 4: gaps 0, 1 (flagged, count 2), 3.
        assert_eq!(text(&almaty.passages), "[0,3,2,6]");
        assert_eq!(text(&almaty.titles), "[2]");
        assert_eq!(almaty.text, "0,3,2,6,2,".len());
        let kazakhstan = &index.postings["kazakhstan"];
        assert_eq!(text(&kazakhstan.passages), "[4]");
        assert_eq!(text(&kazakhstan.titles), "[0,2]");
    }

    #[test]
    fn large_groups_are_split_and_every_form_lands_in_one_shard() {
        let text: Vec<String> = (0..20_000).map(|i| format!("ab{i} ac{i}")).collect();
        let sources: Vec<Source<'_>> = text
            .iter()
            .map(|t| Source {
                title: "",
                passages: vec![t, "ab"],
            })
            .collect();
        let mut index = Index::default();
        index.add(&sources, &forms());
        let shards = index.into_shards();
        let keys: Vec<(&str, String)> = shards.keys().collect();
        let has = |key: &str| keys.iter().any(|(k, _)| *k == key);
        assert!(has("ab") && has("ab1") && has("ac9"), "{keys:?}");
        let scripts: Vec<String> = (0..shards.len())
            .map(|i| String::from_utf8(shards.script(i).1).unwrap())
            .collect();
        for form in ["ab", "ab12345", "ac0"] {
            // The shard of the longest key that starts the form holds it.
            let (i, (key, _)) = keys
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| form.starts_with(k))
                .max_by_key(|(_, (k, _))| k.len())
                .unwrap();
            assert!(scripts[i].contains(&format!("\"{form}\"")), "{form} not in shard {key}");
        }
        assert!(
            scripts.iter().all(|s| s.len() < 2 * SHARD_BYTES),
            "a shard is too large"
        );
        assert!(keys.contains(&("ab", "6162".to_string())));
    }
}
