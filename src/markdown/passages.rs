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

use crate::entities::normalize::normalize;

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
    for (i, event) in events.iter().enumerate() {
        match event {
            Event::Start(tag) if is_passage(tag) => {
                passages.count += 1;
                passages.starts.push(i);
                passages.numbers[i] = Some(format!("p-{}", passages.count));
                stack.push(passages.count - 1);
            }
            Event::End(tag) if is_passage_end(tag) => {
                passages.owner[i] = stack.pop();
                continue;
            }
            _ => {}
        }
        passages.owner[i] = stack.last().copied();
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for &start in &passages.starts {
        let key = key_of(events, start);
        let count = seen.entry(key.clone()).or_insert(0);
        *count += 1;
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

/// The key of the passage that starts at event `start`: a hash of its first
/// [`KEY_WORDS`] folded words, as six base-36 digits. Reading stops at the
/// passage's end or once the words are there, so a passage costs at most
/// its own length.
fn key_of(events: &[Event], start: usize) -> String {
    let mut words: Vec<String> = Vec::with_capacity(KEY_WORDS);
    let mut depth = 0usize;
    for event in &events[start..] {
        let mut add = |text: &str| {
            let folded = normalize(text);
            words.extend(
                folded
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
        };
        match event {
            // A figure's words are its caption's.
            Event::Start(Tag::Image { title, .. }) => {
                depth += 1;
                add(title);
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            Event::Text(text) | Event::Code(text) => add(text),
            _ => {}
        }
        if words.len() >= KEY_WORDS {
            break;
        }
    }
    words.truncate(KEY_WORDS);
    // FNV-1a, 64 bits: stable across builds, platforms and versions.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in words.join(" ").bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut key = String::with_capacity(6);
    for _ in 0..6 {
        key.push(char::from_digit((hash % 36) as u32, 36).expect("a digit below 36"));
        hash /= 36;
    }
    key
}
