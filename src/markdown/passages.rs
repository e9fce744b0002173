//! Passage pass: numbers the blocks of a body that hold running text
//! (paragraphs, list items, table cells) as `p-1`, `p-2`, ... in document
//! order, so that other pages can link to the exact passage.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The passages of a body, by event index.
#[derive(Debug, Clone, Default)]
pub struct Passages {
    /// At a passage's start event: its id.
    pub ids: Vec<Option<String>>,
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
                passages.ids[i] = Some(format!("p-{}", passages.count));
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
    passages
}
