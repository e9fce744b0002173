//! Link pass: resolves `@/file.md#id` links to relative hrefs, and neutralises
//! links whose scheme is not allowed (`javascript:`, `data:`).

use pulldown_cmark::{CowStr, Event, Tag};

use super::{InternalLink, RenderInput, locate};
use crate::diagnostics::Diagnostic;
use crate::model::root_prefix;
use crate::slug::{encode_path, is_allowed_url};

/// Rewrites link and image destinations in place; returns the internal links.
pub fn resolve(
    events: &mut [Event],
    offsets: &[usize],
    input: &RenderInput,
    problems: &mut Vec<Diagnostic>,
) -> Vec<InternalLink> {
    let mut found = Vec::new();
    for (event, &offset) in events.iter_mut().zip(offsets) {
        let dest = match event {
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let (line, col) = locate(input, offset);
        if let Some(target) = dest.strip_prefix("@/") {
            let (file, fragment) = match target.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment.to_string())),
                None => (target, None),
            };
            let Some(output) = input.links.get(file) else {
                problems.push(
                    Diagnostic::error(
                        &input.file.path,
                        line,
                        col,
                        format!("link to unknown content file `@/{file}`"),
                    )
                    .with_hint("`@/` links name a file under content/, e.g. `@/articles/x.md#heading`"),
                );
                continue;
            };
            let mut href = format!("{}{}", root_prefix(input.page_path), encode_path(output));
            if let Some(fragment) = &fragment {
                href.push('#');
                href.extend(crate::slug::fragment(fragment));
            }
            found.push(InternalLink {
                file: output.clone(),
                fragment,
                line,
                col,
            });
            *dest = CowStr::from(href);
        } else if !is_allowed_url(dest) {
            problems.push(
                Diagnostic::warning(&input.file.path, line, col, format!("link to `{dest}` removed"))
                    .with_hint("only http, https, mailto and relative links are kept"),
            );
            *dest = CowStr::Borrowed("#");
        }
    }
    found
}
