//! The report of an import, as text for the terminal: per input what was
//! written (or why not), what was recognised, every dropped line, and the
//! suggested entries. The binary prints it.

use std::fmt::Write as _;

use super::article::{Block, Draft};
use super::{Item, Outcome, Report};

/// How many suggestions the report lists.
const SUGGESTIONS_SHOWN: usize = 30;

/// The whole report.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for item in &report.items {
        item_text(&mut out, item);
    }
    let done = report.items.iter().filter(|i| !i.outcome.is_failure()).count();
    let _ = writeln!(
        out,
        "{done} of {} text(s) imported{}",
        report.items.len(),
        if report.dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    suggestions_text(&mut out, report);
    out
}

fn item_text(out: &mut String, item: &Item) {
    let encoding = item.encoding.map(|e| format!(" ({e})")).unwrap_or_default();
    let _ = writeln!(out, "{}{encoding}", item.input);
    let outcome = match &item.outcome {
        Outcome::Written(path) => format!("wrote {}", path.display()),
        Outcome::WouldWrite(path) => format!("would write {}", path.display()),
        Outcome::Replaced(path) => format!("replaced {} (--force)", path.display()),
        Outcome::AlreadyImported(path) => format!("already imported as {}", path.display()),
        Outcome::Failed(reason) => format!("error: {reason}"),
    };
    let _ = writeln!(out, "  {outcome}");
    if let Some(note) = &item.note {
        let _ = writeln!(out, "  note: {note}");
    }
    if let Some(draft) = item
        .draft
        .as_ref()
        .filter(|_| !matches!(item.outcome, Outcome::AlreadyImported(_)))
    {
        draft_text(out, draft);
    }
    out.push('\n');
}

fn draft_text(out: &mut String, draft: &Draft) {
    let title = draft.title.as_deref().unwrap_or_default();
    let from_body = if draft.title_from_body {
        " (the first clause of the body: the text has no title line)"
    } else {
        ""
    };
    let _ = writeln!(out, "  title: {title}{from_body}");
    let mut people = Vec::new();
    if !draft.authors.is_empty() {
        people.push(format!("authors: {}", draft.authors.join("، ")));
    }
    if let Some(t) = &draft.translator {
        people.push(format!("translator: {t}"));
    }
    if let Some(s) = &draft.source {
        people.push(format!("source: {s}"));
    }
    if !people.is_empty() {
        let _ = writeln!(out, "  {}", people.join(" · "));
    }
    let date = match draft.date {
        Some(found) => format!("{:04}-{:02}-{:02}", found.ymd.0, found.ymd.1, found.ymd.2),
        None => "none certain: the import date, date_estimated = true".to_string(),
    };
    let mentions = if draft.date_mentions.is_empty() {
        String::new()
    } else {
        format!(" (dates in the text: {})", draft.date_mentions.join("; "))
    };
    let _ = writeln!(out, "  date: {date}{mentions}");
    let _ = writeln!(out, "  structure: {}", structure(draft));
    for dropped in &draft.dropped {
        let _ = writeln!(
            out,
            "  dropped line {}: {}  [{}]",
            dropped.line, dropped.text, dropped.pattern
        );
    }
}

/// `2 headings, 1 list, 1 caption, 14 paragraphs`.
fn structure(draft: &Draft) -> String {
    let count = |f: fn(&Block) -> bool| draft.blocks.iter().filter(|b| f(b)).count();
    let parts = [
        (count(|b| matches!(b, Block::Heading(_))), "heading(s)"),
        (count(|b| matches!(b, Block::Ordered(_) | Block::Bullets(_))), "list(s)"),
        (count(|b| matches!(b, Block::Caption { .. })), "caption(s)"),
        (count(|b| matches!(b, Block::Quote(_))), "quote(s)"),
        (count(|b| matches!(b, Block::Paragraph(_))), "paragraph(s)"),
    ];
    let list: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
    let summary = if draft.summary.is_some() { "a standfirst, " } else { "" };
    format!("{summary}{}", list.join(", "))
}

fn suggestions_text(out: &mut String, report: &Report) {
    if report.suggestions.is_empty() {
        return;
    }
    let (aliases, names): (Vec<_>, Vec<_>) = report.suggestions.iter().partition(|s| s.alias_of.is_some());
    if !names.is_empty() {
        let _ = writeln!(
            out,
            "\nsuggested entries (names not in the registry), most frequent first:"
        );
    }
    for s in names.iter().take(SUGGESTIONS_SHOWN) {
        let en = s.name_en.as_deref().map(|e| format!(" ({e})")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}× {}{en} [{}]: {}",
            s.count,
            s.name,
            s.index.folder(),
            s.sentence
        );
    }
    if !aliases.is_empty() {
        let _ = writeln!(out, "\nspellings of known names, to add as aliases if they are:");
    }
    for s in aliases.iter().take(SUGGESTIONS_SHOWN) {
        if let Some((entry, form)) = &s.alias_of {
            let _ = writeln!(out, "  {}× {} beside {form} ({entry}): {}", s.count, s.name, s.sentence);
        }
    }
    let hidden = names.len().saturating_sub(SUGGESTIONS_SHOWN) + aliases.len().saturating_sub(SUGGESTIONS_SHOWN);
    if hidden > 0 {
        let _ = writeln!(out, "  … and {hidden} more");
    }
    if report.entry_files.is_empty() {
        let _ = writeln!(out, "  (--suggest-entries writes them as draft entry files)");
    }
    for file in &report.entry_files {
        let _ = writeln!(out, "  wrote {} (draft = true)", file.display());
    }
}
