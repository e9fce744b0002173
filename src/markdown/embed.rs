//! Embedding stage helper: a rendered body shown inside another page (an
//! entry's description on its index page) loses its `id` attributes, since
//! every body numbers its passages and headings from the start and a page
//! must not repeat an id. Input is rendered HTML; output the same HTML
//! without ids.

/// Removes every `id="…"` attribute from the tags of `html`, leaving text,
/// comments and other attributes as they are. `html` is serialised HTML
/// (attribute values quoted, `<` in text escaped), as the Markdown stage
/// writes it.
pub fn without_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let end = tag_end(&rest[start..]).map_or(rest.len(), |e| start + e);
        push_tag_without_id(&mut out, &rest[start..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag or comment at the start of `html`, through its `>`;
/// quoted attribute values may hold `>`.
fn tag_end(html: &str) -> Option<usize> {
    if html.starts_with("<!--") {
        return html.find("-->").map(|i| i + 3);
    }
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Copies one tag, dropping its ` id="…"` attribute (any quote style).
fn push_tag_without_id(out: &mut String, tag: &str) {
    if tag.starts_with("<!--") || tag.starts_with("</") {
        out.push_str(tag);
        return;
    }
    let mut rest = tag;
    while let Some(at) = attribute_start(rest, "id") {
        out.push_str(&rest[..at]);
        let value = &rest[at + " id=".len()..];
        let skip = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].find(q).map_or(value.len(), |e| e + 2),
            _ => value.find([' ', '>', '/']).unwrap_or(value.len()),
        };
        rest = &value[skip..];
    }
    out.push_str(rest);
}

/// Where ` NAME=` starts in a tag, outside quoted values.
fn attribute_start(tag: &str, name: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, ' ') => {
                let after = &tag.as_bytes()[i + 1..];
                if after.len() > name.len()
                    && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                    && after[name.len()] == b'='
                {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::without_ids;

    #[test]
    fn ids_leave_tags_and_text_stays() {
        let html = "<h2 id=\"x\">عنوان</h2>\n<p id=\"p-1\" dir=\"ltr\">He said id=\"p-2\" &lt;p id=\"y\"&gt;</p>";
        assert_eq!(
            without_ids(html),
            "<h2>عنوان</h2>\n<p dir=\"ltr\">He said id=\"p-2\" &lt;p id=\"y\"&gt;</p>"
        );
    }

    #[test]
    fn other_attributes_and_quoted_values_are_kept() {
        let html = "<a title=\"a > b id='z'\" id='k' href=\"#p-3\" data-id=\"v\">x</a><!-- <p id=\"c\"> -->";
        assert_eq!(
            without_ids(html),
            "<a title=\"a > b id='z'\" href=\"#p-3\" data-id=\"v\">x</a><!-- <p id=\"c\"> -->"
        );
    }
}
