//! Table pass: writes tables with logical alignment (classes `align-start`,
//! `align-end`, styled `text-align: start`/`end`, never left or right), a
//! passage id on each cell and a `dir` on each cell whose text needs one.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::direction::{Analysis, block_attributes, number_anchor};
use super::passages::Passages;

/// Replaces every table event by its HTML.
pub fn rewrite(events: &mut [Event], analysis: &Analysis, passages: &Passages) {
    let mut alignments: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut column = 0;
    for (i, event) in events.iter_mut().enumerate() {
        let html = match &*event {
            Event::Start(Tag::Table(aligns)) => {
                alignments = aligns.clone();
                "<table>\n".to_string()
            }
            Event::End(TagEnd::Table) => "</tbody>\n</table>\n".to_string(),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                column = 0;
                "<thead>\n<tr>".to_string()
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                "</tr>\n</thead>\n<tbody>\n".to_string()
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                "<tr>".to_string()
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".to_string(),
            Event::Start(Tag::TableCell) => {
                let attributes = block_attributes(passages.ids[i].as_deref(), analysis.attr[i]);
                let mut cell = cell_open(in_head, alignments.get(column), &attributes);
                cell.push_str(&number_anchor(passages.numbers[i].as_deref()));
                column += 1;
                cell
            }
            Event::End(TagEnd::TableCell) => if in_head { "</th>" } else { "</td>" }.to_string(),
            _ => continue,
        };
        *event = Event::Html(html.into());
    }
}

fn cell_open(in_head: bool, alignment: Option<&Alignment>, attributes: &str) -> String {
    let name = if in_head { "th" } else { "td" };
    let align = match alignment {
        Some(Alignment::Left) => " class=\"align-start\"",
        Some(Alignment::Center) => " class=\"align-center\"",
        Some(Alignment::Right) => " class=\"align-end\"",
        _ => "",
    };
    format!("<{name}{align}{attributes}>")
}
