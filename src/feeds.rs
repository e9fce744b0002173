//! Publishing files: the Atom feed of articles, sitemap.xml and robots.txt.
//! Feed and sitemap need absolute addresses, so they are written only when
//! base_url is set; robots.txt always is.

use crate::config::Config;
use crate::markdown::Rendered;
use crate::model::{Content, Date};
use crate::slug::encode_path;

/// Articles in the feed, newest first.
const FEED_LENGTH: usize = 50;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 date-time for a front matter date (midnight UTC for a bare date).
pub fn rfc3339(date: &Date) -> String {
    if date.datetime.contains('T') || date.datetime.contains(' ') {
        let datetime = date.datetime.replace(' ', "T");
        let has_offset = datetime.ends_with('Z') || datetime[10..].contains(['+', '-']);
        if has_offset { datetime } else { format!("{datetime}Z") }
    } else {
        format!("{}T00:00:00Z", date.date)
    }
}

/// The articles of the Atom feed, the newest dated ones, from the pages
/// newest first (`order`, as [`crate::index::pages_newest_first`] sorts them).
pub fn feed_of(content: &Content, order: &[usize]) -> Vec<usize> {
    order
        .iter()
        .copied()
        .filter(|&p| content.pages[p].meta.date.is_some())
        .take(FEED_LENGTH)
        .collect()
}

/// The Atom feed (RFC 4287) of the dated articles `dated` (the
/// [`feed_of`] the site), if base_url is set. `pages` must still hold their HTML.
pub fn atom(config: &Config, content: &Content, pages: &[Rendered], dated: &[usize]) -> Option<String> {
    let base = &xml_escape(config.base_url.as_deref()?);
    let updated = dated
        .iter()
        .filter_map(|&p| {
            content.pages[p]
                .meta
                .updated
                .as_ref()
                .or(content.pages[p].meta.date.as_ref())
        })
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n",
        xml_escape(&config.default_language),
        xml_escape(&config.title)
    ));
    if !config.description.is_empty() {
        xml.push_str(&format!("<subtitle>{}</subtitle>\n", xml_escape(&config.description)));
    }
    xml.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}atom.xml\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n<id>{base}</id>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n<generator>Fihris</generator>\n",
        xml_escape(&config.title)
    ));
    for &p in dated {
        xml.push_str(&entry(base, content, p, &pages[p]));
    }
    xml.push_str("</feed>\n");
    Some(xml)
}

fn entry(base: &str, content: &Content, p: usize, rendered: &Rendered) -> String {
    let page = &content.pages[p];
    let meta = &page.meta;
    let url = format!("{base}{}", xml_escape(&encode_path(&page.path)));
    let published = meta.date.as_ref().map(rfc3339).unwrap_or_default();
    let updated = meta.updated.as_ref().map_or_else(|| published.clone(), rfc3339);
    let mut xml = format!(
        "<entry xml:lang=\"{}\">\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<id>{url}</id>\n<published>{published}</published>\n<updated>{updated}</updated>\n",
        xml_escape(&page.lang),
        xml_escape(&meta.title)
    );
    for author in &meta.authors {
        xml.push_str(&format!("<author><name>{}</name></author>\n", xml_escape(author)));
    }
    if let Some(summary) = &meta.summary {
        xml.push_str(&format!("<summary>{}</summary>\n", xml_escape(summary)));
    }
    xml.push_str(&format!(
        "<content type=\"html\" xml:base=\"{url}\">{}</content>\n</entry>\n",
        xml_escape(&rendered.html)
    ));
    xml
}

/// sitemap.xml (sitemaps.org 0.9) of every page, section and entry, if base_url is set.
pub fn sitemap(config: &Config, content: &Content) -> Option<String> {
    let base = config.base_url.as_deref()?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |path: &str, date: Option<&Date>| {
        xml.push_str(&format!(
            "<url><loc>{}</loc>",
            xml_escape(&format!("{base}{}", encode_path(path)))
        ));
        if let Some(date) = date {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.date));
        }
        xml.push_str("</url>\n");
    };
    for section in &content.sections {
        add(&section.path, None);
    }
    for page in &content.pages {
        add(&page.path, page.meta.updated.as_ref().or(page.meta.date.as_ref()));
    }
    for entry in &content.entries {
        add(&entry.path, None);
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// robots.txt: everything allowed, and the sitemap when there is one.
pub fn robots(config: &Config) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &config.base_url {
        text.push_str(&format!("\nSitemap: {base}sitemap.xml\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date {
            key: (0, 0, 0, 0, 0, 0),
            date: text[..10].to_string(),
            datetime: text.to_string(),
            text: String::new(),
        }
    }

    #[test]
    fn dates_become_rfc3339() {
        assert_eq!(rfc3339(&date("2022-01-07")), "2022-01-07T00:00:00Z");
        assert_eq!(rfc3339(&date("2022-01-07T10:30:00+03:00")), "2022-01-07T10:30:00+03:00");
        assert_eq!(rfc3339(&date("2022-01-07T10:30:00")), "2022-01-07T10:30:00Z");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
