//! HTML pages: the article's main content is extracted with dom_smoothie (a
//! Rust port of Mozilla's Readability) and turned into a [`Draft`], keeping
//! paragraphs, headings, lists, figure captions and links.
//!
//! dom_smoothie finds the article, drops the page's chrome (menus, footers,
//! share buttons, related links), takes the metadata (title, byline, site
//! name, date, excerpt) and makes addresses absolute; its HTML is then
//! walked with scraper into [`Block`]s. The page's chrome is not the
//! user's words, so nothing is recorded in [`Draft::moved`] or
//! [`Draft::dropped`].

use std::path::Path;

use dom_smoothie::Readability;
use scraper::{ElementRef, Html, Node};
use url::Url;

use super::article::{Block, Draft, FoundDate, Inline};

/// Extensions of HTML files, lower case.
const HTML_EXTENSIONS: [&str; 3] = ["html", "htm", "xhtml"];

/// How an HTML page's text starts, lower case, after white space and BOM.
const HTML_STARTS: [&str; 2] = ["<!doctype html", "<html"];

/// Elements whose content is never the article's words.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "aside", "form", "button", "input", "select", "textarea",
    "iframe", "svg", "math", "canvas", "video", "audio", "object", "embed", "head", "title", "meta", "link",
];

/// Elements that are runs of text inside a block (links and images are
/// handled apart).
const INLINE: &[&str] = &[
    "span", "strong", "b", "em", "i", "u", "s", "strike", "del", "ins", "small", "big", "sub", "sup", "mark", "abbr",
    "acronym", "cite", "q", "time", "code", "kbd", "samp", "var", "dfn", "bdi", "bdo", "font", "label", "data", "tt",
    "wbr", "nobr", "ruby", "rt", "rp",
];

/// Separators between a page title and the site's name.
const TITLE_SEPARATORS: [&str; 6] = [" - ", " | ", " – ", " — ", " :: ", " « "];

/// Words that open a byline, before the names.
const BYLINE_PREFIXES: [&str; 6] = ["بقلم", "كتبت", "كتب", "إعداد", "by ", "by:"];

/// Fewest words (outside links) the paragraphs of an article have.
const MIN_WORDS: usize = 25;

/// Fewest paragraphs of an article, unless its one paragraph is long.
const MIN_PARAGRAPHS: usize = 2;

/// Words (outside links) that make a lone paragraph an article.
const LONE_PARAGRAPH_WORDS: usize = 50;

/// Nesting below which the content's elements are read as plain text, to
/// bound the walk's recursion.
const MAX_DEPTH: usize = 200;

/// The reason given for a page without an article.
const NO_ARTICLE: &str = "no article text found in the page";

/// Whether a file is an HTML page: by its extension (`.html`, `.htm`,
/// `.xhtml`) or, for any other, by how its text starts.
pub fn is_html(path: &Path, text: &str) -> bool {
    let by_extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| HTML_EXTENSIONS.iter().any(|e| extension.eq_ignore_ascii_case(e)));
    by_extension || starts_as_html(text)
}

/// Whether the text starts (after white space and any BOM) with an HTML
/// doctype or `<html`.
fn starts_as_html(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    HTML_STARTS.iter().any(|opening| {
        start
            .get(..opening.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(opening))
    })
}

/// The article of an HTML page; `address` is the page's own address, when
/// known, to resolve relative links. An error says why no article was found.
///
/// Relative addresses are resolved against `address` or, without one (or
/// if it is not an absolute web address), the page's canonical link or
/// `og:url`; the first of these that is a web address, or the JSON-LD
/// `url`, is the draft's `source_url`, as written.
pub fn extract(html: &str, address: Option<&str>) -> Result<Draft, String> {
    let mut readability =
        Readability::new(html, None, None).map_err(|error| format!("the page cannot be read: {error}"))?;
    let page_address = declared_address(&readability);
    let base = address
        .and_then(web_url)
        .or_else(|| page_address.as_deref().and_then(web_url));
    readability.doc_url = base.as_ref().map(Url::to_string);
    let article = readability.parse().map_err(|error| format!("{NO_ARTICLE} ({error})"))?;
    let site = non_empty(article.site_name.as_deref());
    let title = article_title(&article.title, site.as_deref());
    let blocks = body_blocks(&article.content, base.as_ref(), title.as_deref());
    enough_text(&blocks)?;
    Ok(Draft {
        summary: summary(article.excerpt.as_deref(), title.as_deref(), &blocks),
        authors: article.byline.as_deref().map(authors).unwrap_or_default(),
        source_url: [address, page_address.as_deref(), article.url.as_deref()]
            .into_iter()
            .flatten()
            .find(|candidate| web_url(candidate).is_some())
            .map(|found| found.trim().to_owned()),
        date: article.published_time.as_deref().and_then(iso_date),
        title,
        source: site,
        blocks,
        ..Draft::default()
    })
}

/// The address the page gives itself: its canonical link or `og:url`.
fn declared_address(readability: &Readability) -> Option<String> {
    let canonical = readability.doc.select(r#"link[rel~="canonical"]"#).attr("href");
    let og = || readability.doc.select(r#"meta[property="og:url"]"#).attr("content");
    canonical
        .or_else(og)
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The text with its white space collapsed, unless it is empty.
fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(collapse).filter(|text| !text.is_empty())
}

/// An absolute `http` or `https` address.
fn web_url(text: &str) -> Option<Url> {
    Url::parse(text.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
}

/// Where a link or image address leads, made absolute against `base`:
/// only `http` and `https` addresses are kept (not `javascript:`, `data:`,
/// `mailto:`, nor a bare `#fragment` or a relative address without base).
fn resolve(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    matches!(url.scheme(), "http" | "https").then(|| url.into())
}

/// The text with runs of white space made single spaces, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page title, without a trailing ` - Site` or ` | Site` naming the
/// site.
fn article_title(title: &str, site: Option<&str>) -> Option<String> {
    let title = collapse(title);
    let stripped = site.and_then(|site| {
        TITLE_SEPARATORS
            .iter()
            .find_map(|separator| title.strip_suffix(site).and_then(|rest| rest.strip_suffix(separator)))
    });
    non_empty(Some(stripped.unwrap_or(&title)))
}

/// The excerpt as a standfirst, unless it only repeats the title or the
/// start of the first paragraph (Readability's fallback excerpt, or a
/// description cut with `...`).
fn summary(excerpt: Option<&str>, title: Option<&str>, blocks: &[Block]) -> Option<String> {
    let excerpt = non_empty(excerpt)?;
    let head = excerpt.trim_end_matches(['.', '…', ' ']);
    if head.is_empty() || title == Some(excerpt.as_str()) {
        return None;
    }
    let first = blocks.iter().find_map(|block| match block {
        Block::Paragraph(lines) => Some(line_text(lines.first()?)),
        _ => None,
    });
    match first {
        Some(first) if first.starts_with(head) => None,
        _ => Some(excerpt),
    }
}

/// The words of runs, one after another (runs carry their own spaces).
fn line_text<'a>(runs: impl IntoIterator<Item = &'a Inline>) -> String {
    runs.into_iter().map(Inline::text).collect()
}

/// The names of a byline: without its opening word (`بقلم:`, `كتب:`,
/// `By`), split as a plain text's byline is ([`super::lines::split_names`]);
/// addresses are dropped.
fn authors(byline: &str) -> Vec<String> {
    let mut names = collapse(byline);
    if let Some(rest) = BYLINE_PREFIXES.iter().find_map(|prefix| strip_word(&names, prefix)) {
        names = rest.trim_start_matches([':', ' ']).to_owned();
    }
    let mut parts = super::lines::split_names(&names);
    parts.retain(|name| web_url(name).is_none());
    parts
}

/// The text after an opening word (ASCII letters in any case), if the text
/// starts with it as a whole word.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let rest = text.get(word.len()..)?;
    let whole = word.ends_with([' ', ':']) || rest.is_empty() || rest.starts_with([' ', ':']);
    (head.eq_ignore_ascii_case(word) && whole).then_some(rest)
}

/// The date a `published_time` starts with (`YYYY-MM-DD`), if it is one.
fn iso_date(text: &str) -> Option<FoundDate> {
    let text = text.trim();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = text.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    if text.get(4..5) != Some("-") || text.get(7..8) != Some("-") {
        return None;
    }
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let year = i32::try_from(year).ok()?;
    let valid = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some(FoundDate {
        ymd: (year, month, day),
        certain: true,
    })
}

/// The number of days of a month (1-12) of the Gregorian calendar.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Refuses content too thin to be an article: fewer than [`MIN_WORDS`]
/// words outside links in its paragraphs, or fewer than
/// [`MIN_PARAGRAPHS`] paragraphs unless one has [`LONE_PARAGRAPH_WORDS`].
fn enough_text(blocks: &[Block]) -> Result<(), String> {
    let mut paragraphs = 0;
    let mut words = 0;
    for block in blocks {
        if let Block::Paragraph(lines) = block {
            let count: usize = lines
                .iter()
                .flatten()
                .filter_map(|run| match run {
                    Inline::Text(text) => Some(text.split_whitespace().count()),
                    Inline::Link { .. } => None,
                })
                .sum();
            paragraphs += usize::from(count > 0);
            words += count;
        }
    }
    let enough = words >= MIN_WORDS && (paragraphs >= MIN_PARAGRAPHS || words >= LONE_PARAGRAPH_WORDS);
    if enough {
        Ok(())
    } else {
        Err(format!(
            "{NO_ARTICLE} ({paragraphs} paragraphs, {words} words outside links)"
        ))
    }
}

/// The blocks of the article's content HTML, without a first heading that
/// repeats the title.
fn body_blocks(content: &str, base: Option<&Url>, title: Option<&str>) -> Vec<Block> {
    let fragment = Html::parse_fragment(content);
    let mut walker = Walker::new(base, title, false);
    walker.children(fragment.root_element(), 0);
    walker.flush();
    let mut blocks = walker.blocks;
    if let (Some(Block::Heading(runs)), Some(title)) = (blocks.first(), title)
        && collapse(&line_text(runs)) == title
    {
        blocks.remove(0);
    }
    blocks
}

/// A line of text being built: runs with white space collapsed across
/// them, and no space at either end.
#[derive(Debug, Default)]
struct Line {
    /// The runs so far.
    runs: Vec<Inline>,
    /// Whether white space came after the last run's last word.
    space: bool,
}

impl Line {
    /// Adds text.
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space = true;
            } else {
                self.separate();
                match self.runs.last_mut() {
                    Some(Inline::Text(last)) => last.push(c),
                    _ => self.runs.push(Inline::Text(c.to_string())),
                }
            }
        }
    }

    /// Adds a space before the next word, if any.
    fn space(&mut self) {
        self.space = true;
    }

    /// Writes a pending space, unless the line has no words yet.
    fn separate(&mut self) {
        if std::mem::take(&mut self.space) && !self.runs.is_empty() {
            match self.runs.last_mut() {
                Some(Inline::Text(last)) => last.push(' '),
                _ => self.runs.push(Inline::Text(" ".to_owned())),
            }
        }
    }

    /// Adds a link (its words already collapsed).
    fn link(&mut self, words: String, href: String) {
        self.separate();
        self.runs.push(Inline::Link { text: words, href });
    }

    /// The runs, leaving the line empty.
    fn take(&mut self) -> Vec<Inline> {
        self.space = false;
        std::mem::take(&mut self.runs)
    }
}

/// Walks content HTML into blocks, or (`flat`) into one line of text.
struct Walker<'a> {
    /// Where relative addresses lead from.
    base: Option<&'a Url>,
    /// The article's title, which an image's `alt` must not repeat.
    title: Option<&'a str>,
    /// Whether everything goes into one line (a heading, a list item).
    flat: bool,
    /// The blocks so far.
    blocks: Vec<Block>,
    /// The paragraph being built.
    line: Line,
}

impl<'a> Walker<'a> {
    /// A walker with no blocks yet.
    fn new(base: Option<&'a Url>, title: Option<&'a str>, flat: bool) -> Self {
        Walker {
            base,
            title,
            flat,
            blocks: Vec::new(),
            line: Line::default(),
        }
    }

    /// Ends the paragraph being built (in a flat walk, leaves a space).
    fn flush(&mut self) {
        if self.flat {
            self.line.space();
            return;
        }
        let runs = self.line.take();
        if !runs.is_empty() {
            self.blocks.push(Block::Paragraph(vec![runs]));
        }
    }

    /// Walks the children of an element.
    fn children(&mut self, element: ElementRef<'_>, depth: usize) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.line.text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// Walks an element.
    fn element(&mut self, element: ElementRef<'_>, depth: usize) {
        let name = element.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if depth > MAX_DEPTH {
            self.line.space();
            self.line.text(&element.text().collect::<String>());
            self.line.space();
            return;
        }
        match name {
            "br" => self.line.space(),
            "a" => self.link(element, depth),
            "img" => self.image(element),
            _ if INLINE.contains(&name) => self.children(element, depth),
            _ if self.flat => self.container(element, depth),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.single(element, depth, Block::Heading),
            "blockquote" => self.single(element, depth, Block::Quote),
            "ul" => self.list(element, depth, false),
            "ol" => self.list(element, depth, true),
            "figure" => self.figure(element, depth),
            "figcaption" => self.caption(element, depth, None),
            "pre" => self.preformatted(element),
            _ => self.container(element, depth),
        }
    }

    /// Walks an element that ends the paragraph before it and after it.
    fn container(&mut self, element: ElementRef<'_>, depth: usize) {
        self.flush();
        self.children(element, depth);
        self.flush();
    }

    /// The text of an element as one line.
    fn flat_runs(&self, element: ElementRef<'_>, depth: usize) -> Vec<Inline> {
        let mut walker = Walker::new(self.base, self.title, true);
        walker.children(element, depth);
        walker.line.take()
    }

    /// A block made of the element's text on one line, unless it is empty.
    fn single(&mut self, element: ElementRef<'_>, depth: usize, block: fn(Vec<Inline>) -> Block) {
        self.flush();
        let runs = self.flat_runs(element, depth);
        if !runs.is_empty() {
            self.blocks.push(block(runs));
        }
    }

    /// A link, or its words alone when its address is not a web address.
    fn link(&mut self, element: ElementRef<'_>, depth: usize) {
        let raw: String = element.text().collect();
        if raw.starts_with(char::is_whitespace) {
            self.line.space();
        }
        let words = line_text(&self.flat_runs(element, depth));
        let href = element.attr("href").and_then(|href| resolve(href, self.base));
        match href {
            Some(href) if !words.is_empty() => self.line.link(words, href),
            _ => self.line.text(&words),
        }
        if raw.ends_with(char::is_whitespace) {
            self.line.space();
        }
    }

    /// A list: its items, numbered from the list's `start` if ordered.
    fn list(&mut self, element: ElementRef<'_>, depth: usize, ordered: bool) {
        self.flush();
        let items: Vec<Vec<Inline>> = element
            .child_elements()
            .filter(|item| !SKIPPED.contains(&item.value().name()))
            .map(|item| self.flat_runs(item, depth + 1))
            .filter(|runs| !runs.is_empty())
            .collect();
        if items.is_empty() {
            return;
        }
        if !ordered {
            self.blocks.push(Block::Bullets(items));
            return;
        }
        let start: i64 = element
            .attr("start")
            .and_then(|start| start.trim().parse().ok())
            .unwrap_or(1);
        let numbered = (start..).zip(items).map(|(n, runs)| (format!("{n}."), runs));
        self.blocks.push(Block::Ordered(numbered.collect()));
    }

    /// A figure with an image: its caption (or the image's `alt`). Any
    /// other figure is walked as a container.
    fn figure(&mut self, element: ElementRef<'_>, depth: usize) {
        let image = element.descendent_elements().find(|e| e.value().name() == "img");
        let Some(image) = image else {
            return self.container(element, depth);
        };
        let caption = element.descendent_elements().find(|e| e.value().name() == "figcaption");
        match caption {
            Some(caption) => self.caption(caption, depth, Some(image)),
            None => self.image(image),
        }
    }

    /// A caption block from a `figcaption`, with its figure's image.
    fn caption(&mut self, caption: ElementRef<'_>, depth: usize, image: Option<ElementRef<'_>>) {
        self.flush();
        let text = line_text(&self.flat_runs(caption, depth));
        if !text.is_empty() {
            let image = image.and_then(|image| self.image_address(image));
            self.blocks.push(Block::Caption { text, image });
        }
    }

    /// An image outside a figure: a caption block of its `alt`, unless it
    /// has none or repeats the title. In a flat walk, nothing.
    fn image(&mut self, image: ElementRef<'_>) {
        if self.flat {
            return;
        }
        let alt = collapse(image.attr("alt").unwrap_or_default());
        if alt.is_empty() || self.title == Some(alt.as_str()) {
            return;
        }
        self.flush();
        let image = self.image_address(image);
        self.blocks.push(Block::Caption { text: alt, image });
    }

    /// The web address of an image (`src`, or a lazy image's `data-src`).
    fn image_address(&self, image: ElementRef<'_>) -> Option<String> {
        let src = image.attr("src").and_then(|src| resolve(src, self.base));
        src.or_else(|| image.attr("data-src").and_then(|src| resolve(src, self.base)))
    }

    /// Preformatted text: a paragraph keeping its lines apart.
    fn preformatted(&mut self, element: ElementRef<'_>) {
        self.flush();
        let text: String = element.text().collect();
        let lines: Vec<Vec<Inline>> = text
            .lines()
            .map(collapse)
            .filter(|line| !line.is_empty())
            .map(|line| vec![Inline::Text(line)])
            .collect();
        if !lines.is_empty() {
            self.blocks.push(Block::Paragraph(lines));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A committed page of `tests/fixtures/import/html`.
    fn page(name: &str) -> String {
        let path = format!("{}/tests/fixtures/import/html/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).expect("the page is committed")
    }

    /// Every word of the body, blocks separated by newlines.
    fn body_text(draft: &Draft) -> String {
        let mut out = String::new();
        for block in &draft.blocks {
            let text = match block {
                Block::Heading(runs) | Block::Quote(runs) => line_text(runs),
                Block::Paragraph(lines) => lines.iter().map(|line| line_text(line) + "\n").collect(),
                Block::Bullets(items) => items.iter().map(|runs| line_text(runs) + "\n").collect(),
                Block::Ordered(items) => items.iter().map(|(_, runs)| line_text(runs) + "\n").collect(),
                Block::Caption { text, .. } => text.clone(),
            };
            out.push_str(&text);
            out.push('\n');
        }
        out
    }

    /// The paragraphs of a draft, each as one string.
    fn paragraphs(draft: &Draft) -> Vec<String> {
        let texts = draft.blocks.iter().filter_map(|block| match block {
            Block::Paragraph(lines) => Some(lines.iter().map(line_text).collect::<Vec<_>>().join("\n")),
            _ => None,
        });
        texts.collect()
    }

    /// The blocks of a content fragment, without base address or title.
    fn blocks(content: &str) -> Vec<Block> {
        body_blocks(content, None, None)
    }

    /// A text run.
    fn text(text: &str) -> Inline {
        Inline::Text(text.to_owned())
    }

    const DROUGHT_URL: &str = "https://alsharqalyawm.example/news/2024/03/drought-plan";

    #[test]
    fn news_page_gives_its_metadata() {
        let draft = extract(&page("article-drought.html"), Some(DROUGHT_URL)).expect("an article");
        assert_eq!(
            draft.title.as_deref(),
            Some("الحكومة تعلن خطة من خمس مراحل لمواجهة الجفاف")
        );
        assert_eq!(draft.source.as_deref(), Some("الشرق اليوم"));
        assert_eq!(draft.source_url.as_deref(), Some(DROUGHT_URL));
        let date = FoundDate {
            ymd: (2024, 3, 5),
            certain: true,
        };
        assert_eq!(draft.date, Some(date));
        assert_eq!(draft.authors, ["سامر خليل", "منى العلي"]);
        let standfirst = "خطة حكومية لترشيد مياه الري ودعم صغار المزارعين بعد ثالث موسم جاف على التوالي.";
        assert_eq!(draft.summary.as_deref(), Some(standfirst));
        assert!(draft.moved.is_empty() && draft.dropped.is_empty());
        assert!(!draft.title_from_body && draft.translator.is_none());
    }

    #[test]
    fn news_page_keeps_the_article_in_order() {
        let draft = extract(&page("article-drought.html"), Some(DROUGHT_URL)).expect("an article");
        let paragraphs = paragraphs(&draft);
        assert_eq!(paragraphs.len(), 5, "{paragraphs:#?}");
        assert!(paragraphs[0].starts_with("أعلنت الحكومة، صباح الثلاثاء، خطة وطنية"));
        assert!(paragraphs[1].starts_with("وقال وزير الزراعة في مؤتمر صحفي"));
        assert!(paragraphs[2].starts_with("وتتضمن الخطة، بحسب البيان الرسمي"));
        assert!(paragraphs[3].starts_with("ومن جهته، رحب اتحاد المزارعين"));
        assert!(paragraphs[4].ends_with("في وقت تعاني فيه الموازنة العامة من عجز متزايد."));
        let kinds: Vec<&str> = draft
            .blocks
            .iter()
            .map(|block| match block {
                Block::Heading(_) => "heading",
                Block::Paragraph(_) => "paragraph",
                Block::Ordered(_) => "ordered",
                Block::Bullets(_) => "bullets",
                Block::Quote(_) => "quote",
                Block::Caption { .. } => "caption",
            })
            .collect();
        let expected = [
            "paragraph",
            "paragraph",
            "caption",
            "heading",
            "paragraph",
            "ordered",
            "paragraph",
            "paragraph",
        ];
        assert_eq!(kinds, expected);
        assert_eq!(draft.blocks[3], Block::Heading(vec![text("مراحل الخطة")]));
    }

    #[test]
    fn news_page_keeps_link_caption_and_list() {
        let draft = extract(&page("article-drought.html"), Some(DROUGHT_URL)).expect("an article");
        let Block::Paragraph(lines) = &draft.blocks[1] else {
            panic!("the second block is a paragraph: {:?}", draft.blocks[1]);
        };
        let link = Inline::Link {
            text: "وزارة الزراعة".to_owned(),
            href: "https://alsharqalyawm.example/tags/ministry-of-agriculture".to_owned(),
        };
        assert_eq!(lines.len(), 1);
        assert_eq!(
            lines[0][0],
            text("وقال وزير الزراعة في مؤتمر صحفي إن الخطة التي أعدتها ")
        );
        assert_eq!(lines[0][1], link);
        assert!(lines[0][2].text().starts_with(" بالتعاون مع وزارة الموارد المائية"));
        let caption = Block::Caption {
            text: "بحيرة أحد السدود الرئيسية وقد انحسرت مياهها إلى مستوى غير مسبوق (أرشيف)".to_owned(),
            image: Some("https://alsharqalyawm.example/uploads/2024/03/dam.jpg".to_owned()),
        };
        assert_eq!(draft.blocks[2], caption);
        let Block::Ordered(items) = &draft.blocks[5] else {
            panic!("the sixth block is a numbered list: {:?}", draft.blocks[5]);
        };
        let markers: Vec<&str> = items.iter().map(|(marker, _)| marker.as_str()).collect();
        assert_eq!(markers, ["1.", "2.", "3.", "4.", "5."]);
        assert_eq!(
            items[0].1,
            [text("ترشيد مياه الري وتحويل عشرين ألف هكتار إلى الري بالتنقيط.")]
        );
        assert_eq!(items[4].1, [text("إطلاق حملة توعية وطنية لترشيد الاستهلاك المنزلي.")]);
    }

    #[test]
    fn news_page_leaves_out_the_chrome() {
        let draft = extract(&page("article-drought.html"), Some(DROUGHT_URL)).expect("an article");
        let body = body_text(&draft);
        let chrome = [
            "مقالات الرأي",
            "رياضة",
            "ابحث في الموقع",
            "شارك على فيسبوك",
            "طباعة",
            "اقرأ أيضا",
            "ارتفاع أسعار القمح",
            "الأكثر قراءة",
            "اشترك في نشرتنا",
            "جميع الحقوق محفوظة",
            "سياسة الخصوصية",
            "من نحن",
            "الوسوم",
            "dataLayer",
            "إعلان",
            "color",
            "بقلم",
        ];
        for words in chrome {
            assert!(!body.contains(words), "{words:?} is in the body:\n{body}");
        }
        let links = draft.blocks.iter().flat_map(|block| match block {
            Block::Paragraph(lines) => lines.concat(),
            _ => Vec::new(),
        });
        assert_eq!(links.filter(|run| matches!(run, Inline::Link { .. })).count(), 1);
    }

    #[test]
    fn page_address_comes_from_the_canonical_link() {
        let draft = extract(&page("article-interview.html"), None).expect("an article");
        let canonical = "https://almadina.example/health/2023/11/medicines";
        assert_eq!(draft.source_url.as_deref(), Some(canonical));
        assert_eq!(
            draft.title.as_deref(),
            Some("وزير الصحة: لا نقص في أدوية الأمراض المزمنة")
        );
        assert_eq!(draft.source.as_deref(), Some("صحيفة المدينة"));
        assert_eq!(draft.date.map(|date| date.ymd), Some((2023, 11, 20)));
        assert_eq!(draft.authors, ["ليلى حسن", "عمر الجابري"]);
        let photo = Block::Caption {
            text: "وزير الصحة خلال المؤتمر الصحفي".to_owned(),
            image: Some("https://almadina.example/health/2023/11/images/minister.jpg".to_owned()),
        };
        assert_eq!(draft.blocks[1], photo);
    }

    #[test]
    fn only_web_links_stay_links() {
        let draft = extract(&page("article-interview.html"), None).expect("an article");
        let Block::Paragraph(lines) = &draft.blocks[2] else {
            panic!("the third block is a paragraph: {:?}", draft.blocks[2]);
        };
        let expected = vec![
            text(
                "وأوضح الوزير، في مقابلة مع المدينة، أن الوزارة تعاقدت مع ثلاث شركات محلية لزيادة \
                 الإنتاج، وأن الشحنات المستوردة ستصل تباعا خلال الأسابيع المقبلة. وأضاف أن التقرير \
                 الرسمي سينشر كاملا على ",
            ),
            Inline::Link {
                text: "موقع الوزارة".to_owned(),
                href: "https://almadina.example/health/2023/reports/medicines-2023.pdf".to_owned(),
            },
            text(" مطلع الشهر المقبل."),
        ];
        assert_eq!(lines, &vec![expected]);
    }

    #[test]
    fn interview_keeps_quote_and_bullets_and_drops_a_repeated_excerpt() {
        let draft = extract(&page("article-interview.html"), None).expect("an article");
        let quote = "“لن نسمح بأن يدفع المريض ثمن أي أزمة في سلاسل التوريد، وسنحاسب كل من يحتكر الدواء.”";
        assert_eq!(draft.blocks[3], Block::Quote(vec![text(quote)]));
        let Block::Bullets(items) = &draft.blocks[5] else {
            panic!("the sixth block is a list: {:?}", draft.blocks[5]);
        };
        assert_eq!(items.len(), 3);
        assert_eq!(items[1], [text("خط ساخن لتلقي شكاوى المواطنين على مدار الساعة.")]);
        assert_eq!(draft.summary, None, "the description only cuts the first paragraph");
        let body = body_text(&draft);
        for chrome in ["تسجيل الدخول", "كتب:", "ليلى حسن", "التعليقات", "جميع الحقوق محفوظة"]
        {
            assert!(!body.contains(chrome), "{chrome:?} is in the body:\n{body}");
        }
    }

    #[test]
    fn navigation_page_has_no_article() {
        let error = extract(&page("nav-only.html"), Some("https://alsharqalyawm.example/")).expect_err("no article");
        assert!(error.starts_with("no article text found in the page"), "{error}");
    }

    #[test]
    fn empty_page_has_no_article() {
        for html in [
            "",
            "<!DOCTYPE html><html><head><title>خبر</title></head><body></body></html>",
        ] {
            let error = extract(html, None).expect_err("no article");
            assert!(error.starts_with("no article text found in the page"), "{error}");
        }
    }

    #[test]
    fn windows_1256_page_is_read_then_extracted() {
        let html = page("article-interview.html").replace("charset=\"utf-8\"", "charset=\"windows-1256\"");
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&html);
        assert!(!unmappable, "Windows-1256 lacks a character of the page");
        let decoded = super::super::read::decode(&bytes).expect("the page is text");
        assert_eq!(decoded.encoding, "windows-1256");
        let draft = extract(&decoded.text, None).expect("an article");
        assert_eq!(
            draft.title.as_deref(),
            Some("وزير الصحة: لا نقص في أدوية الأمراض المزمنة")
        );
        assert_eq!(draft.blocks.len(), 7);
    }

    #[test]
    fn relative_address_is_not_a_base() {
        let html = page("article-drought.html").replace("og:url", "og:unused");
        let draft = extract(&html, Some("news/drought-plan.html")).expect("an article");
        assert_eq!(draft.source_url, None);
        let Block::Paragraph(lines) = &draft.blocks[1] else {
            panic!("the second block is a paragraph: {:?}", draft.blocks[1]);
        };
        assert!(lines[0].iter().all(|run| matches!(run, Inline::Text(_))), "{lines:?}");
        assert!(line_text(&lines[0]).contains(" وزارة الزراعة "));
        assert!(matches!(&draft.blocks[2], Block::Caption { image: None, .. }));
    }

    #[test]
    fn html_is_known_by_extension_or_opening() {
        let doc = "\u{feff}\n  <!DOCTYPE HTML>\n<html lang=\"ar\">";
        assert!(is_html(Path::new("page.HTML"), "نص عادي"));
        assert!(is_html(Path::new("a/b.htm"), ""));
        assert!(is_html(Path::new("b.xhtml"), ""));
        assert!(is_html(Path::new("001.txt"), doc));
        assert!(is_html(Path::new("001"), "<HTML dir=\"rtl\"><body>"));
        assert!(!is_html(Path::new("001.txt"), "بقلم: إيمي ماكينون\n<p>"));
        assert!(!is_html(Path::new("001.txt"), "<p>خبر</p>"));
        assert!(!is_html(Path::new("html"), "<!doctype"));
    }

    #[test]
    fn white_space_collapses_across_inline_elements() {
        let content = "<div>  قال <b>الوزير</b>\n\t<i> إن </i>الخطة<br>جاهزة <span>  </span> تماما  </div>";
        let line = vec![text("قال الوزير إن الخطة جاهزة تماما")];
        assert_eq!(blocks(content), [Block::Paragraph(vec![line])]);
    }

    #[test]
    fn block_elements_end_paragraphs() {
        let content = "<div>مقدمة الخبر<p>الفقرة الأولى</p>تتمة<h3> عنوان <em>فرعي</em> </h3><p>  </p></div>";
        let expected = [
            Block::Paragraph(vec![vec![text("مقدمة الخبر")]]),
            Block::Paragraph(vec![vec![text("الفقرة الأولى")]]),
            Block::Paragraph(vec![vec![text("تتمة")]]),
            Block::Heading(vec![text("عنوان فرعي")]),
        ];
        assert_eq!(blocks(content), expected);
    }

    #[test]
    fn links_keep_the_spaces_around_them() {
        let base = Url::parse("https://news.example/a/b.html").ok();
        let content = "<p>زار<a href=\"/x\"> الرئيس </a>المدينة و<a href='javascript:void(0)'>شاهد</a> \
                       <a href=\"data:text/plain,x\">المعرض</a> و<a href=\"https://t.example/y\"><img src=\"i.png\"></a>عاد</p>";
        let expected = vec![
            text("زار "),
            Inline::Link {
                text: "الرئيس".to_owned(),
                href: "https://news.example/x".to_owned(),
            },
            text(" المدينة وشاهد المعرض وعاد"),
        ];
        assert_eq!(
            body_blocks(content, base.as_ref(), None),
            [Block::Paragraph(vec![expected])]
        );
    }

    #[test]
    fn numbered_list_counts_from_its_start() {
        let content =
            "<ol start=\"3\"><li>الثالث</li><li>  </li><script>x()</script><li>الرابع <ul><li>فرعي</li></ul></li></ol>";
        let items = vec![
            ("3.".to_owned(), vec![text("الثالث")]),
            ("4.".to_owned(), vec![text("الرابع فرعي")]),
        ];
        assert_eq!(blocks(content), [Block::Ordered(items)]);
    }

    #[test]
    fn figure_without_caption_uses_the_alt_and_no_web_address() {
        let content = "<figure><img src=\"data:image/png;base64,AAAA\" alt=\"  مخيم للنازحين \"></figure>\
                       <figure><img src=\"x.jpg\" alt=\"\"></figure><p><img src=\"y.jpg\" alt=\"العنوان\"></p>";
        let expected = Block::Caption {
            text: "مخيم للنازحين".to_owned(),
            image: None,
        };
        assert_eq!(body_blocks(content, None, Some("العنوان")), [expected]);
    }

    #[test]
    fn first_heading_repeating_the_title_is_dropped() {
        let content = "<h1>عنوان الخبر</h1><p>نص</p><h2>عنوان الخبر</h2>";
        let got = body_blocks(content, None, Some("عنوان الخبر"));
        let expected = [
            Block::Paragraph(vec![vec![text("نص")]]),
            Block::Heading(vec![text("عنوان الخبر")]),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let content = "<pre>السطر الأول\n\n  السطر   الثاني\n</pre>";
        let lines = vec![vec![text("السطر الأول")], vec![text("السطر الثاني")]];
        assert_eq!(blocks(content), [Block::Paragraph(lines)]);
    }

    #[test]
    fn deep_nesting_is_read_as_text() {
        let content = format!(
            "{}نص عميق جدا{}",
            "<div><span>".repeat(400),
            "</span></div>".repeat(400)
        );
        assert_eq!(blocks(&content), [Block::Paragraph(vec![vec![text("نص عميق جدا")]])]);
    }

    #[test]
    fn bylines_give_names() {
        assert_eq!(authors("بقلم: إيمي ماكينون"), ["إيمي ماكينون"]);
        assert_eq!(authors("كتبت - سارة أحمد"), ["- سارة أحمد"]);
        assert_eq!(authors("كتب:محمد علي و أحمد حسن"), ["محمد علي", "أحمد حسن"]);
        assert_eq!(
            authors("By Amy Mackinnon and Jack Detsch"),
            ["Amy Mackinnon", "Jack Detsch"]
        );
        assert_eq!(
            authors("BY: Robbie Gramer, Amy Mackinnon"),
            ["Robbie Gramer", "Amy Mackinnon"]
        );
        assert_eq!(authors("كتبي الشامي"), ["كتبي الشامي"]);
        assert_eq!(authors("https://example.com/authors/1"), Vec::<String>::new());
    }

    #[test]
    fn published_time_gives_a_date() {
        let date = |text| iso_date(text).map(|date| date.ymd);
        assert_eq!(date("2024-02-29T23:00:00Z"), Some((2024, 2, 29)));
        assert_eq!(date(" 2022-01-09"), Some((2022, 1, 9)));
        assert_eq!(date("2023-02-29"), None);
        assert_eq!(date("2023-13-01"), None);
        assert_eq!(date("2023-1-01"), None);
        assert_eq!(date("٢٠٢٣-٠١-٠١"), None);
        assert_eq!(date("9 يناير 2022"), None);
        assert!(iso_date("2022-01-09").is_some_and(|date| date.certain));
    }

    #[test]
    fn title_loses_only_the_site_name() {
        let title = |text, site| article_title(text, site);
        let site = Some("الشرق اليوم");
        assert_eq!(title("خبر عاجل | الشرق اليوم", site).as_deref(), Some("خبر عاجل"));
        assert_eq!(title("خبر عاجل - الشرق اليوم", site).as_deref(), Some("خبر عاجل"));
        assert_eq!(title("خبر عاجل - تفاصيل", site).as_deref(), Some("خبر عاجل - تفاصيل"));
        assert_eq!(
            title("خبر عاجل | الشرق اليوم", None).as_deref(),
            Some("خبر عاجل | الشرق اليوم")
        );
        assert_eq!(title("  ", site), None);
    }

    #[test]
    fn excerpt_is_a_summary_unless_it_repeats() {
        let body = [Block::Paragraph(vec![vec![text(
            "قال الوزير إن الخطة جاهزة تماما للتنفيذ.",
        )]])];
        let summary = |excerpt| summary(Some(excerpt), Some("الخطة جاهزة"), &body);
        assert_eq!(summary("قال الوزير إن الخطة..."), None);
        assert_eq!(summary("قال الوزير إن الخطة جاهزة تماما للتنفيذ."), None);
        assert_eq!(summary("قال الوزير إن الخطة …"), None);
        assert_eq!(summary("الخطة جاهزة"), None);
        assert_eq!(summary("خطة لمواجهة الجفاف").as_deref(), Some("خطة لمواجهة الجفاف"));
    }

    #[test]
    fn addresses_resolve_to_web_addresses_only() {
        let base = Url::parse("https://news.example/world/story.html").ok();
        let resolve = |href| resolve(href, base.as_ref());
        assert_eq!(resolve("../tags/x").as_deref(), Some("https://news.example/tags/x"));
        assert_eq!(
            resolve("//cdn.example/a.jpg").as_deref(),
            Some("https://cdn.example/a.jpg")
        );
        assert_eq!(resolve(" http://a.example/ ").as_deref(), Some("http://a.example/"));
        for href in [
            "javascript:void(0)",
            "data:image/png;base64,AA",
            "mailto:a@b.c",
            "#top",
            "",
            "tel:123",
        ] {
            assert_eq!(resolve(href), None, "{href}");
        }
        assert_eq!(super::resolve("/x", None), None);
    }
}
