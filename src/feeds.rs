//! Publishing files: what the templates `atom.xml` (the feed of articles),
//! `sitemap.xml` and `robots.txt` render, which a site overrides like any
//! template. Feed and sitemap need absolute addresses, so they are written
//! only when base_url is set; robots.txt always is.

use serde::Serialize;

use crate::config::Config;
use crate::markdown::Rendered;
use crate::model::{Content, Date};
use crate::slug::encode_path;

/// Articles in the feed, newest first.
pub const FEED_LENGTH: usize = 50;

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
/// newest first (`order`, as [`crate::graph::pages_newest_first`] sorts them).
pub fn feed_of(content: &Content, order: &[usize]) -> Vec<usize> {
    order
        .iter()
        .copied()
        .filter(|&p| content.pages[p].meta.date.is_some())
        .take(FEED_LENGTH)
        .collect()
}

/// What `atom.xml` renders: the Atom feed (RFC 4287) of the site.
#[derive(Debug, Clone, Serialize)]
pub struct FeedContext<'a> {
    /// The site's language.
    pub lang: &'a str,
    /// The site's title.
    pub title: &'a str,
    /// The site's description, if it has one.
    pub description: Option<&'a str>,
    /// The site's public address, ending in `/`.
    pub base_url: &'a str,
    /// The newest date of the entries (RFC 3339).
    pub updated: String,
    /// The articles, newest first.
    pub entries: Vec<FeedEntry<'a>>,
}

/// One article of the feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry<'a> {
    /// Its language.
    pub lang: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its absolute address.
    pub url: String,
    /// Its date (RFC 3339).
    pub published: String,
    /// Its `updated` date, else its date (RFC 3339).
    pub updated: String,
    /// Its authors.
    pub authors: &'a [String],
    /// Its summary.
    pub summary: Option<&'a str>,
    /// Its HTML.
    pub content: &'a str,
}

/// What `sitemap.xml` renders: every page, section and entry.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapContext {
    /// Each address, in the order sections, pages, entries.
    pub urls: Vec<SitemapUrl>,
}

/// One address of the sitemap.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapUrl {
    /// The absolute address.
    pub loc: String,
    /// The date it last changed, when known (`YYYY-MM-DD`).
    pub lastmod: Option<String>,
}

/// What `robots.txt` renders.
#[derive(Debug, Clone, Serialize)]
pub struct RobotsContext {
    /// The sitemap's address, when the site has one.
    pub sitemap: Option<String>,
}

/// The feed of the dated articles `dated` (the [`feed_of`] the site), if
/// base_url is set. `pages` must still hold their HTML.
pub fn atom<'a>(
    config: &'a Config,
    content: &'a Content,
    pages: &'a [Rendered],
    dated: &[usize],
) -> Option<FeedContext<'a>> {
    let base = config.base_url.as_deref()?;
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
    Some(FeedContext {
        lang: &config.default_language,
        title: &config.title,
        description: (!config.description.is_empty()).then_some(config.description.as_str()),
        base_url: base,
        updated,
        entries: dated.iter().map(|&p| entry(base, content, p, &pages[p])).collect(),
    })
}

fn entry<'a>(base: &str, content: &'a Content, p: usize, rendered: &'a Rendered) -> FeedEntry<'a> {
    let page = &content.pages[p];
    let meta = &page.meta;
    let published = meta.date.as_ref().map(rfc3339).unwrap_or_default();
    FeedEntry {
        lang: &page.lang,
        title: &meta.title,
        url: format!("{base}{}", encode_path(&page.path)),
        updated: meta.updated.as_ref().map_or_else(|| published.clone(), rfc3339),
        published,
        authors: &meta.authors,
        summary: meta.summary.as_deref(),
        content: &rendered.html,
    }
}

/// The sitemap (sitemaps.org 0.9) of every page, section and entry, and of
/// the site paths `more` (the picture pages), if base_url is set.
pub fn sitemap(config: &Config, content: &Content, more: &[String]) -> Option<SitemapContext> {
    let base = config.base_url.as_deref()?;
    let url = |path: &str, lastmod: Option<&Date>| SitemapUrl {
        loc: format!("{base}{}", encode_path(path)),
        lastmod: lastmod.map(|d| d.date.clone()),
    };
    let sections = content.sections.iter().map(|s| url(&s.path, None));
    let pages = content
        .pages
        .iter()
        .map(|p| url(&p.path, p.meta.updated.as_ref().or(p.meta.date.as_ref())));
    let entries = content.entries.iter().map(|e| url(&e.path, None));
    let more = more.iter().map(|path| url(path, None));
    Some(SitemapContext {
        urls: sections.chain(pages).chain(entries).chain(more).collect(),
    })
}

/// robots.txt: everything allowed, and the sitemap when there is one.
pub fn robots(config: &Config) -> RobotsContext {
    RobotsContext {
        sitemap: config.base_url.as_ref().map(|base| format!("{base}sitemap.xml")),
    }
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
