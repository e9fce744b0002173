//! Check stage: validators over a site rendered in memory, without writing
//! output: broken internal links and `#` anchors in the built pages, and
//! bidi control characters in the content. Returns diagnostics.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

use percent_encoding::percent_decode_str;
use scraper::{Html, Selector};

use crate::bidi::is_bidi_control;
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::model::Content;
use crate::output::{FileContents, OutputFile};

/// Every internal link of every built HTML page must name a built file and,
/// with a fragment, an id in it. Paths in diagnostics are output paths.
pub fn broken_links(files: &[OutputFile]) -> Vec<Diagnostic> {
    let pages: HashMap<&str, Html> = files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
        .filter_map(|f| match &f.contents {
            FileContents::Bytes(bytes) => {
                Some((f.path.as_str(), Html::parse_document(&String::from_utf8_lossy(bytes))))
            }
            FileContents::Copy(_) => None,
        })
        .collect();
    let existing: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let with_id = Selector::parse("[id]").expect("valid selector");
    let ids: HashMap<&str, HashSet<&str>> = pages
        .iter()
        .map(|(path, html)| {
            (
                *path,
                html.select(&with_id).filter_map(|e| e.value().attr("id")).collect(),
            )
        })
        .collect();
    let linking = Selector::parse("[href], [src]").expect("valid selector");
    let mut problems = Vec::new();
    for file in files {
        let Some(html) = pages.get(file.path.as_str()) else {
            continue;
        };
        let source = match &file.contents {
            FileContents::Bytes(bytes) => String::from_utf8_lossy(bytes),
            FileContents::Copy(_) => continue,
        };
        let lines = OnceCell::new();
        // Links are found in document order: each is searched for after the last.
        let mut from = 0;
        for element in html.select(&linking) {
            let value = element
                .value()
                .attr("href")
                .or(element.value().attr("src"))
                .unwrap_or_default();
            let Some(problem) = link_problem(&file.path, value, &existing, &ids) else {
                continue;
            };
            let quoted = format!("\"{value}\"");
            let offset = source[from..]
                .find(&quoted)
                .map(|at| from + at)
                .or_else(|| source.find(&quoted))
                .unwrap_or(0);
            from = offset;
            let (line, col) = lines.get_or_init(|| LineIndex::new(&source)).line_col(&source, offset);
            problems.push(
                Diagnostic::error(&file.path, line, col, problem)
                    .with_hint("check the `@/` link or the template that wrote it"),
            );
        }
    }
    problems
}

/// What is wrong with link `value` of page `from`, if anything.
fn link_problem(
    from: &str,
    value: &str,
    existing: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Option<String> {
    if value.contains(':') || value.starts_with("//") {
        return None;
    }
    let (path, fragment) = value.split_once('#').unwrap_or((value, ""));
    let decode = |text: &str| percent_decode_str(text).decode_utf8_lossy().to_string();
    let target = if path.is_empty() {
        from.to_string()
    } else {
        let joined = Path::new(from).parent().unwrap_or(Path::new("")).join(decode(path));
        match normalise(&joined) {
            Some(target) => target,
            None => return Some(format!("link `{value}` leads outside the site")),
        }
    };
    if !existing.contains(target.as_str()) {
        return Some(format!("link `{value}` names no built file ({target})"));
    }
    let fragment = decode(fragment);
    let known = ids.get(target.as_str());
    match known {
        Some(known) if !fragment.is_empty() && !known.contains(fragment.as_str()) => {
            Some(format!("link `{value}`: no element with id \"{fragment}\" in {target}"))
        }
        _ => None,
    }
}

/// `a/b/../c` → `a/c`; `None` when `..` climbs out of the root.
fn normalise(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().to_string()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Bidi embedding, override and isolate controls and stray direction marks
/// in content: invisible characters that can reorder what readers see.
pub fn bidi_controls(root: &Path, content: &Content) -> Vec<Diagnostic> {
    let files = content
        .pages
        .iter()
        .map(|p| (&p.file, &p.body))
        .chain(content.entries.iter().map(|e| (&e.file, &e.body)))
        .chain(
            content
                .sections
                .iter()
                .filter_map(|s| s.file.as_ref().map(|f| (f, &s.body))),
        );
    let mut problems = Vec::new();
    for (file, body) in files {
        // The front matter is not kept after the load: read it again.
        if let Ok(text) = crate::fs::read_to_string(&root.join(&file.path)) {
            let front: usize = text.split_inclusive('\n').take(file.body_line - 1).map(str::len).sum();
            controls_in(&text[..front], &file.path, 1, &mut problems);
        }
        controls_in(body, &file.path, file.body_line, &mut problems);
    }
    problems
}

/// Reports each bidi control of `text`, which starts on line `first_line` of `path`.
fn controls_in(text: &str, path: &Path, first_line: usize, problems: &mut Vec<Diagnostic>) {
    let lines = OnceCell::new();
    for (offset, c) in text.char_indices().filter(|(_, c)| is_bidi_control(*c)) {
        let (line, col) = lines.get_or_init(|| LineIndex::new(text)).line_col(text, offset);
        problems.push(
            Diagnostic::warning(path, first_line + line - 1, col, format!("invisible bidi control U+{:04X}", c as u32))
                .with_hint("remove it: fihris computes directions itself and isolates runs with <bdi>; overrides (U+202D, U+202E) in front matter are removed"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_resolves_parent_components_inside_the_root_only() {
        assert_eq!(
            normalise(Path::new("articles/x/../../index.html")).as_deref(),
            Some("index.html")
        );
        assert_eq!(normalise(Path::new("a/../../x")), None);
    }
}
