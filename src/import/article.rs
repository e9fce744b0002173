//! What an imported text becomes before it is written: a [`Draft`] of an
//! article, made by [`super::structure`] from plain text or by
//! [`super::html`] from a page, and written by `super::write`.

/// One imported article, before it is written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    /// The title, as written in the text.
    pub title: Option<String>,
    /// Whether the title was taken from the start of the body (the text had
    /// no title line): the body keeps those words too.
    pub title_from_body: bool,
    /// The standfirst.
    pub summary: Option<String>,
    /// Authors named by a byline (`بقلم:`, `كتب:`, `By …`).
    pub authors: Vec<String>,
    /// The translator (`ترجمة:`), a person or an outlet.
    pub translator: Option<String>,
    /// The outlet: a dateline or outlet prefix of the first paragraph, a
    /// closing credit (`عن “فورين بوليسي”`), or the page's site name.
    pub source: Option<String>,
    /// The address of the original, when the input gives it.
    pub source_url: Option<String>,
    /// The article's date, when the text gives one.
    pub date: Option<FoundDate>,
    /// Every date the text mentions, as written, for the report.
    pub date_mentions: Vec<String>,
    /// The body.
    pub blocks: Vec<Block>,
    /// Pieces of the raw text taken out of the body into the front matter
    /// (title line, standfirst, byline, dateline prefix, credit), verbatim
    /// and in the order of the text: with `blocks` and `dropped` they hold
    /// every word of the input.
    pub moved: Vec<String>,
    /// Boilerplate lines dropped from the end of the text.
    pub dropped: Vec<Dropped>,
}

/// A block of the body. Its text is the raw text, not Markdown: the writer
/// escapes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading, with its number if the text numbers it (`1- `).
    Heading(Vec<Inline>),
    /// A paragraph; its lines, when the text breaks it, are kept apart.
    Paragraph(Vec<Vec<Inline>>),
    /// A numbered list: each item's marker as written (`1)`, `2.`) and text.
    Ordered(Vec<(String, Vec<Inline>)>),
    /// A list without numbers.
    Bullets(Vec<Vec<Inline>>),
    /// A quotation.
    Quote(Vec<Inline>),
    /// A figure caption (a photo's caption and credit), its image address if
    /// the input gives one.
    Caption {
        /// The caption text.
        text: String,
        /// The image, when known.
        image: Option<String>,
    },
}

/// A run of text or a link inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Plain text, as written.
    Text(String),
    /// A link: its text and its address.
    Link {
        /// The words of the link.
        text: String,
        /// Where it leads.
        href: String,
    },
}

impl Inline {
    /// The words of the run.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(text) | Inline::Link { text, .. } => text,
        }
    }
}

/// A date found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// Year, month (1-12) and day (1-31).
    pub ymd: (i32, u32, u32),
    /// Whether the text states it as the article's date (a dateline, a
    /// `published` field) rather than mentioning it.
    pub certain: bool,
}

/// A line dropped as site boilerplate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Its 1-based line in the input.
    pub line: usize,
    /// The line as written.
    pub text: String,
    /// The pattern that matched it.
    pub pattern: String,
}
