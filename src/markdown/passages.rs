//! Passage pass: gives the blocks of a body that hold running text
//! (paragraphs, list items, table cells) an id that other pages link to.
//!
//! The id comes from the passage's words, so that a link someone shared
//! lands on the same passage after a paragraph is inserted above it or one
//! is edited below: `p-` and six letters and digits, a hash of the first
//! [`KEY_WORDS`] words of its text folded as mentions are (a change after
//! them keeps the id; a change among them gives a new one). A passage whose
//! words another passage of the page has too gets `-2`, `-3`... in order.
//! The number of old, `p-1`, `p-2`... in document order, stays reachable:
//! it is the id of an empty anchor at the start of the passage.

use std::collections::HashMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::entities::normalize::fold;

/// The passages of a body, by event index.
#[derive(Debug, Clone, Default)]
pub struct Passages {
    /// At a passage's start event: its id, from its words.
    pub ids: Vec<Option<String>>,
    /// At a passage's start event: its number, `p-1`, `p-2`..., the id
    /// passages had before, kept as an anchor so that old links still land.
    pub numbers: Vec<Option<String>>,
    /// At every event: the innermost passage it belongs to (index into the passages).
    pub owner: Vec<Option<usize>>,
    /// How many passages there are.
    pub count: usize,
    /// The event index at which each passage starts.
    pub starts: Vec<usize>,
}

fn is_passage(tag: &Tag) -> bool {
    matches!(tag, Tag::Paragraph | Tag::Item | Tag::TableCell)
}

fn is_passage_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell)
}

/// Numbers the passages of `events`.
pub fn assign(events: &[Event]) -> Passages {
    let mut passages = Passages {
        ids: vec![None; events.len()],
        numbers: vec![None; events.len()],
        owner: vec![None; events.len()],
        count: 0,
        starts: Vec::new(),
    };
    let mut stack: Vec<usize> = Vec::new();
    // The keys of the passages open at each event that still want words: a
    // passage's words are those of everything inside it, nested passages
    // too, so each text feeds every open passage short of its words, and a
    // passage stops taking them at twelve: one pass, linear in the events.
    let mut keys: Vec<Key> = Vec::new();
    let mut open_keys: Vec<usize> = Vec::new();
    let mut hungry: Vec<usize> = Vec::new();
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) if is_passage(tag) => {
                passages.count += 1;
                passages.starts.push(i);
                passages.numbers[i] = Some(format!("p-{}", passages.count));
                stack.push(passages.count - 1);
                keys.push(Key::default());
                open_keys.push(keys.len() - 1);
                hungry.push(keys.len() - 1);
            }
            Event::End(tag) if is_passage_end(tag) => {
                passages.owner[i] = stack.pop();
                if let Some(closed) = open_keys.pop() {
                    hungry.retain(|&k| k != closed);
                }
                continue;
            }
            // A figure's words are its caption's.
            Event::Start(Tag::Image { title, .. }) => feed(&mut keys, &mut hungry, title),
            Event::Text(text) | Event::Code(text) => feed(&mut keys, &mut hungry, text),
            _ => {}
        }
        passages.owner[i] = stack.last().copied();
    }
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for &start in &passages.starts {
        let hash = keys[passages.owner[start].expect("a passage owns its start")].hash;
        let count = seen.entry(hash).or_insert(0);
        *count += 1;
        let key = digits(hash);
        passages.ids[start] = Some(if *count == 1 {
            format!("p-{key}")
        } else {
            format!("p-{key}-{count}")
        });
    }
    passages
}

/// How many words of a passage its id is made of.
pub const KEY_WORDS: usize = 12;

/// Adds `text` to the keys of the open passages that still want words,
/// and forgets those that have their words.
fn feed(keys: &mut [Key], hungry: &mut Vec<usize>, text: &str) {
    for &k in hungry.iter() {
        keys[k].add(text);
    }
    hungry.retain(|&k| keys[k].words < KEY_WORDS);
}

/// Six base-36 digits of `hash`.
fn digits(mut hash: u64) -> String {
    let mut key = String::with_capacity(6);
    for _ in 0..6 {
        key.push(char::from_digit((hash % 36) as u32, 36).expect("a digit below 36"));
        hash /= 36;
    }
    key
}

/// A passage's words folded and hashed as they come (FNV-1a, 64 bits:
/// stable across builds, platforms and versions), a space between words.
struct Key {
    hash: u64,
    words: usize,
}

impl Default for Key {
    fn default() -> Self {
        Key {
            hash: 0xcbf2_9ce4_8422_2325,
            words: 0,
        }
    }
}

impl Key {
    fn byte(&mut self, byte: u8) {
        self.hash = (self.hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }

    /// Adds the words of `text` (a word ends at the end of a text too),
    /// up to [`KEY_WORDS`].
    fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            match fold(c) {
                Some(f) if f.is_alphanumeric() => {
                    if !in_word {
                        if self.words == KEY_WORDS {
                            return;
                        }
                        if self.words > 0 {
                            self.byte(b' ');
                        }
                        self.words += 1;
                        in_word = true;
                    }
                    let mut buffer = [0; 4];
                    for &byte in f.encode_utf8(&mut buffer).as_bytes() {
                        self.byte(byte);
                    }
                }
                // Dropped characters (harakat, tatweel) do not end a word.
                None => {}
                Some(_) => in_word = false,
            }
        }
    }
}
