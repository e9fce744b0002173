//! Link pass: resolves `@/file.md#id` links to relative hrefs, and drops
//! links and images whose scheme is not allowed (`javascript:`, `data:`) to
//! their text, in every Markdown form (inline, reference, autolink) and in
//! raw HTML (which the sanitizer cleans), each with a located warning.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{InternalLink, RenderInput, locate, nothing};
use crate::diagnostics::Diagnostic;
use crate::model::root_prefix;
use crate::slug::{encode_path, is_allowed_url};

/// Rewrites link and image destinations in place; returns the internal links.
pub fn resolve(
    events: &mut [Event],
    offsets: &[usize],
    input: &RenderInput,
    trust_html: bool,
    problems: &mut Vec<Diagnostic>,
) -> Vec<InternalLink> {
    let mut found = Vec::new();
    for i in 0..events.len() {
        let offset = offsets[i];
        let dest = match &mut events[i] {
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
            problems.push(hostile_address(input, line, col, dest));
            drop_to_text(events, i);
        }
    }
    if !trust_html {
        for (event, &offset) in events.iter().zip(offsets) {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                let (line, col) = locate(input, offset);
                for url in raw_html_addresses(html) {
                    problems.push(hostile_address(input, line, col, &url));
                }
            }
        }
    }
    found
}

/// The warning for an address that is dropped.
fn hostile_address(input: &RenderInput, line: usize, col: usize, url: &str) -> Diagnostic {
    Diagnostic::warning(
        &input.file.path,
        line,
        col,
        format!("link to `{url}` removed, its text kept"),
    )
    .with_hint("only http, https, mailto and relative links are kept")
}

/// Replaces the link or image that starts at event `start`, and its end, by
/// nothing: its text (an image's description) stays. Links do not nest.
fn drop_to_text(events: &mut [Event], start: usize) {
    let image = matches!(events[start], Event::Start(Tag::Image { .. }));
    events[start] = nothing();
    let end = events[start..].iter().position(|e| match e {
        Event::End(TagEnd::Image) => image,
        Event::End(TagEnd::Link) => !image,
        _ => false,
    });
    if let Some(end) = end {
        events[start + end] = nothing();
    }
}

/// Attributes of raw HTML that hold an address a browser would follow or load.
const ADDRESS_ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "poster", "cite", "background"];

/// The addresses in the attributes of a raw HTML fragment that are not
/// allowed, read as a browser reads them (character references decoded).
fn raw_html_addresses(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for name in ADDRESS_ATTRIBUTES {
        let mut from = 0;
        while let Some(at) = lower[from..].find(name).map(|i| from + i) {
            from = at + name.len();
            let before = lower[..at].chars().next_back();
            if !before.is_some_and(|c| c.is_ascii_whitespace() || c == ':') {
                continue;
            }
            let rest = lower[from..].trim_start();
            let Some(value) = rest.strip_prefix('=') else { continue };
            let start = html.len() - value.trim_start().len();
            let value = attribute_value(&html[start..]);
            let url = decode_references(value);
            if !is_allowed_url(&url) {
                found.push(url);
            }
        }
    }
    found
}

/// The value at the start of `text`, quoted or not.
fn attribute_value(text: &str) -> &str {
    match text.chars().next() {
        Some(q @ ('"' | '\'')) => text[1..].split(q).next().unwrap_or(""),
        _ => text
            .split(|c: char| c.is_ascii_whitespace() || c == '>')
            .next()
            .unwrap_or(""),
    }
}

/// Decodes the character references that can hide a scheme (`&#106;`,
/// `&#x3A;`, `&colon;`, `&Tab;`, `&NewLine;`); others stay as written.
fn decode_references(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10).unwrap_or(0);
        let name = &rest[1..end.max(1)];
        let decoded = match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => {
                u32::from_str_radix(&hex[1..], 16).ok().and_then(char::from_u32)
            }
            Some(dec) => dec.parse().ok().and_then(char::from_u32),
            None => match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            },
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
