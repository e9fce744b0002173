//! Template contexts: the small, per-page data each template receives
//! (documented in docs/templates.md). Built from the model
//! and rendered Markdown; no whole-site clone per page.

mod cases;
mod entries;
mod paging;
mod pictures;

use crate::model::output_file;

use serde::Serialize;
use serde_json::value::RawValue;

pub use cases::{AssessmentView, CaseGroup, CaseView};
pub use entries::{EntryContext, EntryGroup, IndexContext, IndexHighlights};
pub use paging::{PagerLink, Pagination, Paging, pages_by_first_item};
pub use pictures::{
    EntryPictures, GRAPH_PATH, GraphContext, HomePicture, MAP_PATH, MapContext, MonthContext, TIMELINE_PATH,
    TimelineContext,
};

use crate::bidi::TextDirection;
use crate::cases::Casebook;
use crate::collate::Collation;
use crate::config::{Config, Digits, PicturesConfig};
use crate::facts::{End, Fact, ListId, ListPage, Reads, SectionId};
use crate::graph::Graph;
use crate::markdown::{Heading, Rendered};
use crate::model::{Content, Date, Page, Section, Source, root_prefix};
use crate::slug::encode_path;

/// Site-wide values, the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Default language.
    pub lang: &'a str,
    /// Direction of the default language.
    pub dir: TextDirection,
    /// Public address, if configured.
    pub base_url: Option<&'a str>,
    /// `extra` table of config.toml.
    pub extra: &'a toml::Table,
    /// Locale for the `date` filter, with the configured digits.
    pub date_locale: String,
    /// UTS-35 pattern for the `date` filter.
    pub date_format: &'a str,
    /// The digits numbers are written with.
    pub digits: Digits,
}

impl<'a> SiteView<'a> {
    /// The site view of a configuration.
    pub fn new(config: &'a Config) -> Self {
        SiteView {
            title: &config.title,
            description: &config.description,
            lang: &config.default_language,
            dir: config.default_direction(),
            base_url: config.base_url.as_deref(),
            extra: &config.extra,
            date_locale: config.date_locale(),
            date_format: &config.date_format,
            digits: config.digits,
        }
    }
}

/// A link with a title, its href relative to the current page.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Relative href.
    pub href: String,
}

/// A page as listed in a section or on the home page.
#[derive(Debug, Serialize)]
pub struct PageSummary<'a> {
    /// Title.
    pub title: &'a str,
    /// Relative href.
    pub href: String,
    /// Publication date.
    pub date: Option<&'a Date>,
    /// Summary from front matter.
    pub summary: Option<&'a str>,
    /// Language of the page.
    pub lang: &'a str,
    /// Its direction.
    pub dir: TextDirection,
    /// Authors.
    pub authors: &'a [String],
}

/// The current page, for page.html.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Title.
    pub title: &'a str,
    /// Publication date.
    pub date: Option<&'a Date>,
    /// Last update.
    pub updated: Option<&'a Date>,
    /// Authors.
    pub authors: &'a [String],
    /// Summary.
    pub summary: Option<&'a str>,
    /// Original publication.
    pub source: Option<&'a Source>,
    /// Translator.
    pub translator: Option<&'a str>,
    /// Language.
    pub lang: &'a str,
    /// Direction.
    pub dir: TextDirection,
    /// Rendered body HTML.
    pub content: &'a str,
    /// Slug.
    pub slug: &'a str,
    /// Site path, e.g. `articles/x/`.
    pub path: &'a str,
    /// Headings of the body.
    pub headings: &'a [Heading],
    /// Free values.
    pub extra: &'a toml::Table,
}

/// The current section, for section.html and index.html.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// Title.
    pub title: &'a str,
    /// Description.
    pub description: Option<&'a str>,
    /// Rendered body HTML of `_index.md`.
    pub content: &'a str,
    /// Site path.
    pub path: &'a str,
    /// Pages, in the section's order.
    pub pages: Vec<PageSummary<'a>>,
    /// Child sections.
    pub subsections: Vec<Link>,
    /// Free values.
    pub extra: &'a toml::Table,
}

/// Values every template receives.
#[derive(Debug, Serialize)]
pub struct Common<'a> {
    /// Site-wide values.
    pub site: &'a SiteView<'a>,
    /// Relative prefix from this page to the site root (`../../`).
    pub root: String,
    /// Language of this page.
    pub lang: &'a str,
    /// Direction of this page.
    pub dir: TextDirection,
    /// Absolute canonical URL, when base_url is set.
    pub canonical: Option<String>,
    /// Top-level sections.
    pub nav: Vec<Link>,
    /// Whether the page has highlighted code.
    pub has_code: bool,
    /// Open Graph and metadata of this page.
    pub meta: Meta,
    /// schema.org JSON-LD, ready to print inside `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
    /// The stylesheet and icon carried inside the page (404.html only).
    pub inline_assets: Option<InlineAssets>,
    /// The digits numbers are written with (`latin` or `arabic`), for the
    /// `digits` filter.
    pub digits: Digits,
}

/// The stylesheet and icon of a page that carries them inside itself: a host
/// serves 404.html at any address, where relative links miss, and a page
/// opened from disk must not ask the public site for them.
#[derive(Debug, Clone, Serialize)]
pub struct InlineAssets {
    /// The stylesheet's text, safe inside `<style>`.
    pub style: String,
    /// The icon as a `data:` URL.
    pub icon: String,
}

impl InlineAssets {
    /// Carries `style` (CSS) and `icon` (SVG) inside a page.
    pub fn new(style: &str, icon: &str) -> InlineAssets {
        InlineAssets {
            style: style.replace("</", "<\\/"),
            icon: format!(
                "data:image/svg+xml,{}",
                percent_encoding::utf8_percent_encode(icon, percent_encoding::NON_ALPHANUMERIC)
            ),
        }
    }
}

/// What a page says about itself to search engines and link previews.
#[derive(Debug, Default, Serialize)]
pub struct Meta {
    /// Title of the page alone.
    pub title: String,
    /// One-line description.
    pub description: String,
    /// Open Graph type: `website`, `article` or `profile`.
    pub kind: &'static str,
}

/// schema.org NewsArticle of an article page.
#[derive(Serialize)]
struct ArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<NamedLd<'a>>,
    publisher: NamedLd<'a>,
    mentions: Vec<&'a RawValue>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translator: Option<&'a str>,
}

/// A schema.org Person or Organization known by name only.
#[derive(Serialize)]
struct NamedLd<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// Serialises JSON-LD so that it cannot end its `<script>` element early.
pub fn json_ld(value: &impl Serialize) -> String {
    let mut script = crate::script::ScriptSafe::default();
    serde_json::to_writer(&mut script, value).expect("JSON-LD serialises");
    script.into_string()
}

/// Context of page.html.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The page.
    pub page: PageView<'a>,
    /// The section that lists it.
    pub section: ListedIn,
    /// The entries the page discusses, grouped by index.
    pub entries: Vec<EntryGroup<'a>>,
    /// The page before this one in its section's order.
    pub previous: Option<Link>,
    /// The page after this one in its section's order.
    pub next: Option<Link>,
}

/// The section an article is listed in: its link and its order, which
/// tells what the article's `previous` and `next` are (newer and older when
/// sorted by date).
#[derive(Debug, Serialize)]
pub struct ListedIn {
    /// Title and href.
    #[serde(flatten)]
    pub link: Link,
    /// `date` (newest first) or `weight`.
    pub sort_by: crate::model::SortBy,
}

/// Context of section.html and index.html.
#[derive(Debug, Serialize)]
pub struct SectionContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The section.
    pub section: SectionView<'a>,
    /// On the home page: the newest pages. Elsewhere: empty.
    pub recent_pages: Vec<PageSummary<'a>>,
    /// On the first page of the home page: each index with its
    /// most-mentioned entries. Elsewhere: empty.
    pub knowledge: Vec<IndexHighlights<'a>>,
    /// Where this page is in a paginated list.
    pub pagination: Option<Pagination>,
    /// On the first page of the home page: the small graph and the links to
    /// the pictures (none when `[pictures]` is off). Elsewhere: none.
    pub picture: Option<HomePicture>,
}

/// How many of the newest pages the home page lists.
pub const RECENT_ON_HOME: usize = 20;

/// What the knowledge layer computed, for its contexts.
pub struct Knowledge<'a> {
    /// The cross-link graph.
    pub graph: &'a Graph,
    /// Rendered article bodies, in `content.pages` order.
    pub pages: &'a [Rendered],
    /// Rendered entry descriptions, in `content.entries` order.
    pub entry_bodies: &'a [Rendered],
    /// Rendered section bodies, in `content.sections` order.
    pub section_bodies: &'a [Rendered],
    /// The collator of index pages.
    pub collation: &'a Collation,
    /// The cases and the passages they cite.
    pub cases: &'a Casebook,
}

/// Builds contexts for one site.
pub struct Contexts<'a> {
    /// Site-wide values.
    pub site: SiteView<'a>,
    /// The loaded content.
    pub content: &'a Content,
    /// Site path of each top-level section, with its title.
    nav: Vec<(String, String)>,
    /// The knowledge layer, once the cross-link stage has run: entry and
    /// index contexts need it; page, section and 404 contexts do not.
    knowledge: Option<Knowledge<'a>>,
    /// The JSON-LD of each entry, serialised once for the `mentions` of
    /// every article that names it.
    entry_ld: Vec<Box<RawValue>>,
    /// Where each page stands in its section's list (`None` if unlisted),
    /// so that finding its neighbours does not search the list.
    list_positions: Vec<Option<usize>>,
    /// The output file of each page, percent-encoded for hrefs
    /// (`articles/x/index.html`): every listing prefixes it with its root.
    page_hrefs: Vec<String>,
    /// What the pictures show (`[pictures]`).
    pictures: &'a PicturesConfig,
    /// The names of months the pictures wrote, each written once.
    month_names: std::sync::RwLock<std::collections::BTreeMap<crate::pictures::timeline::Month, String>>,
}

impl<'a> Contexts<'a> {
    /// Prepares what all contexts share.
    pub fn new(config: &'a Config, content: &'a Content) -> Self {
        let nav = content.sections.first().map_or_else(Vec::new, |home| {
            home.subsections
                .iter()
                .map(|&i| (content.sections[i].meta.title.clone(), content.sections[i].path.clone()))
                .collect()
        });
        let mut contexts = Contexts {
            site: SiteView::new(config),
            content,
            nav,
            knowledge: None,
            entry_ld: Vec::new(),
            list_positions: vec![None; content.pages.len()],
            page_hrefs: content
                .pages
                .iter()
                .map(|p| encode_path(&output_file(&p.path)))
                .collect(),
            pictures: &config.pictures,
            month_names: Default::default(),
        };
        for section in &content.sections {
            for (at, &page) in section.pages.iter().enumerate() {
                contexts.list_positions[page] = Some(at);
            }
        }
        contexts.entry_ld = (0..content.entries.len())
            .map(|i| serde_json::value::to_raw_value(&contexts.entry_json_ld(i)).expect("JSON values serialise"))
            .collect();
        contexts
    }

    /// Adds what the cross-link stage computed.
    pub fn with_knowledge(self, knowledge: Knowledge<'a>) -> Self {
        Contexts {
            knowledge: Some(knowledge),
            ..self
        }
    }

    /// What the cross-link stage computed.
    pub fn knowledge(&self) -> &Knowledge<'a> {
        self.knowledge
            .as_ref()
            .expect("entry and index contexts are built after the cross-link stage")
    }

    fn common(&'a self, path: &str, lang: &'a str, dir: TextDirection, has_code: bool) -> Common<'a> {
        let root = root_prefix(path);
        Common {
            site: &self.site,
            nav: self
                .nav
                .iter()
                .map(|(title, target)| link(&root, title, target))
                .collect(),
            canonical: self.site.base_url.map(|base| format!("{base}{}", encode_path(path))),
            root,
            lang,
            dir,
            has_code,
            meta: Meta {
                title: String::new(),
                description: self.site.description.to_string(),
                kind: "website",
            },
            json_ld: None,
            inline_assets: None,
            digits: self.site.digits,
        }
    }

    /// The absolute URL of a site path, when base_url is set.
    fn absolute(&self, path: &str) -> Option<String> {
        self.site.base_url.map(|base| format!("{base}{}", encode_path(path)))
    }

    fn summary(&self, root: &str, index: usize) -> PageSummary<'a> {
        let page: &'a Page = &self.content.pages[index];
        PageSummary {
            title: &page.meta.title,
            href: format!("{root}{}", self.page_hrefs[index]),
            date: page.meta.date.as_ref(),
            summary: page.meta.summary.as_deref(),
            lang: &page.lang,
            dir: page.dir,
            authors: &page.meta.authors,
        }
    }

    /// The context of page.html for page number `index`. It depends on the
    /// page, its neighbours' titles and the registry's names only, so pages
    /// render as soon as their Markdown is, before the cross-link stage.
    pub fn page(&'a self, index: usize, rendered: &'a Rendered, reads: &Reads) -> PageContext<'a> {
        let page: &'a Page = &self.content.pages[index];
        reads.fact(Fact::Article(page.id));
        let discussed = crate::graph::page_entries(page, rendered);
        let mut common = self.common(&page.path, &page.lang, page.dir, rendered.has_code);
        common.meta = Meta {
            title: page.meta.title.clone(),
            description: page
                .meta
                .summary
                .clone()
                .unwrap_or_else(|| self.site.description.to_string()),
            kind: "article",
        };
        common.json_ld = Some(self.article_json_ld(index, &discussed));
        let section = &self.content.sections[page.section];
        let section_title = if section.path.is_empty() {
            self.site.title
        } else {
            &section.meta.title
        };
        let meta = &page.meta;
        PageContext {
            section: ListedIn {
                link: link(&common.root, section_title, &section.path),
                sort_by: section.meta.sort_by,
            },
            entries: self.page_entries(&common.root, &discussed),
            previous: self.neighbour(&common.root, index, -1, reads),
            next: self.neighbour(&common.root, index, 1, reads),
            common,
            page: PageView {
                title: &meta.title,
                date: meta.date.as_ref(),
                updated: meta.updated.as_ref(),
                authors: &meta.authors,
                summary: meta.summary.as_deref(),
                source: meta.source.as_ref(),
                translator: meta.translator.as_deref(),
                lang: &page.lang,
                dir: page.dir,
                content: &rendered.html,
                slug: &page.slug,
                path: &page.path,
                headings: &rendered.headings,
                extra: &meta.extra,
            },
        }
    }

    /// The page `step` places away from page `index` in its section's list.
    fn neighbour(&self, root: &str, index: usize, step: isize, reads: &Reads) -> Option<Link> {
        reads.fact(Fact::Neighbours(self.content.pages[index].id));
        let page = &self.content.pages[self.neighbour_index(index, step)?];
        reads.fact(Fact::Listing(page.id));
        Some(link(root, &page.meta.title, &page.path))
    }

    /// The article `step` places away from article `index` in its section's list.
    fn neighbour_index(&self, index: usize, step: isize) -> Option<usize> {
        let at = self.list_positions[index]?;
        let list = &self.content.sections[self.content.pages[index].section].pages;
        list.get(at.checked_add_signed(step)?).copied()
    }

    /// schema.org NewsArticle of page `index`, with its author, publisher and
    /// the entries it discusses, ready to print in a `<script>`.
    fn article_json_ld(&self, index: usize, discussed: &[crate::graph::Discussed]) -> String {
        let page = &self.content.pages[index];
        let meta = &page.meta;
        let source = meta.source.as_ref().and_then(|s| s.name.as_deref());
        let publisher = source.unwrap_or(self.site.title);
        // Without a byline the source is the author, as news sites credit
        // wire copy; with neither, schema.org's author is left out.
        let mut author: Vec<NamedLd> = meta
            .authors
            .iter()
            .map(|name| NamedLd { kind: "Person", name })
            .collect();
        if author.is_empty() {
            author.extend(source.map(|name| NamedLd {
                kind: "Organization",
                name,
            }));
        }
        let article = ArticleLd {
            context: "https://schema.org",
            kind: "NewsArticle",
            headline: &meta.title,
            in_language: &page.lang,
            author,
            publisher: NamedLd {
                kind: "Organization",
                name: publisher,
            },
            mentions: discussed.iter().map(|d| &*self.entry_ld[d.entry]).collect(),
            date_published: meta.date.as_ref().map(crate::feeds::rfc3339),
            date_modified: meta.updated.as_ref().map(crate::feeds::rfc3339),
            description: meta.summary.as_deref(),
            url: self.absolute(&page.path),
            translator: meta.translator.as_deref(),
        };
        json_ld(&article)
    }

    /// schema.org Person, Organization or Country of entry `i`.
    pub fn entry_json_ld(&self, i: usize) -> serde_json::Value {
        let entry = &self.content.entries[i];
        let kind = match (entry.meta.kind, self.content.kinds[entry.kind].name.as_str()) {
            (Some(crate::model::ActorKind::Person), _) => "Person",
            (Some(crate::model::ActorKind::Organisation), _) => "Organization",
            (None, "countries") => "Country",
            _ => "DefinedTerm",
        };
        let mut value = serde_json::json!({"@type": kind, "name": entry.meta.name});
        if let Some(name_en) = &entry.meta.name_en {
            value["alternateName"] = name_en.clone().into();
        }
        if let Some(url) = self.absolute(&entry.path) {
            value["url"] = url.into();
        }
        if let (Some(case), Some(links)) = (&entry.meta.case, &entry.case) {
            value["@type"] = "Event".into();
            if let Some(first) = case.years.first() {
                value["startDate"] = first.to_string().into();
            }
            if let Some(last) = case.years.last().filter(|&&y| Some(&y) != case.years.first()) {
                value["endDate"] = last.to_string().into();
            }
            let places = links.countries.iter().map(|&c| self.entry_json_ld(c));
            value["location"] = places.collect::<Vec<_>>().into();
        }
        value
    }

    /// How `section`'s list is cut into pages: one unless it sets
    /// `paginate_by` and lists at least twice as many articles.
    pub fn section_paging(section: &Section) -> Paging {
        Paging::new(section.pages.len(), section.meta.paginate_by.unwrap_or(0))
    }

    /// The context of section.html (or index.html for home) for `page` of
    /// `section`'s list, with its site path.
    pub fn section_page(
        &'a self,
        id: SectionId,
        rendered: &'a Rendered,
        page: ListPage,
        reads: &Reads,
    ) -> (String, SectionContext<'a>) {
        let section = &self.content.sections[id.0];
        let paging = Contexts::section_paging(section);
        let list = ListId::Section(id);
        if paging.reads_count(page) {
            reads.fact(Fact::PageCount(list));
        }
        reads.slots_from(list, End::Last, paging.from_oldest(page));
        let path = Paging::path(&section.path, page);
        let by_date = section.meta.sort_by == crate::model::SortBy::Date;
        let pagination = paging.pagination(&section.path, page, by_date);
        let listed = &section.pages[paging.shown(page)];
        let context = self.section_at(section, rendered, &path, listed, pagination, reads);
        (path, context)
    }

    /// The context of section.html for `section` without pagination.
    pub fn section(&'a self, section: &'a Section, rendered: &'a Rendered, reads: &Reads) -> SectionContext<'a> {
        self.section_at(section, rendered, &section.path, &section.pages, None, reads)
    }

    fn section_at(
        &'a self,
        section: &'a Section,
        rendered: &'a Rendered,
        path: &str,
        listed: &[usize],
        pagination: Option<Pagination>,
        reads: &Reads,
    ) -> SectionContext<'a> {
        let mut common = self.common(path, &section.lang, section.dir, rendered.has_code);
        common.meta.title = section.meta.title.clone();
        if let Some(description) = &section.meta.description {
            common.meta.description = description.clone();
        }
        if section.parent.is_none() {
            let mut site = serde_json::json!({"@context": "https://schema.org", "@type": "WebSite", "name": self.site.title, "inLanguage": self.site.lang});
            if let Some(url) = self.site.base_url {
                site["url"] = url.into();
            }
            common.json_ld = Some(json_ld(&site));
        }
        let recent_pages = if section.parent.is_none() {
            reads.slots(ListId::Newest, 0..RECENT_ON_HOME);
            let sorted;
            let order = match &self.knowledge {
                Some(knowledge) => knowledge.graph.newest_first(),
                None => {
                    sorted = crate::graph::pages_newest_first(self.content);
                    &sorted
                }
            };
            order
                .iter()
                .take(RECENT_ON_HOME)
                .map(|&p| self.summary(&common.root, p))
                .collect()
        } else {
            Vec::new()
        };
        let first_page = pagination.as_ref().is_none_or(|p| p.current.is_none());
        let home = section.parent.is_none() && first_page && self.knowledge.is_some();
        let knowledge = if home {
            self.index_highlights(&common.root, reads)
        } else {
            Vec::new()
        };
        let picture = if home {
            self.home_picture(&common.root, reads)
        } else {
            None
        };
        let sections = &self.content.sections;
        SectionContext {
            section: SectionView {
                title: &section.meta.title,
                description: section.meta.description.as_deref(),
                content: &rendered.html,
                path: &section.path,
                pages: listed.iter().map(|&i| self.summary(&common.root, i)).collect(),
                subsections: section
                    .subsections
                    .iter()
                    .map(|&i| link(&common.root, &sections[i].meta.title, &sections[i].path))
                    .collect(),
                extra: &section.meta.extra,
            },
            recent_pages,
            knowledge,
            pagination,
            picture,
            common,
        }
    }

    /// The context of search.html, at `search/`.
    pub fn search(&'a self) -> SectionContext<'a> {
        let mut common = self.common("search/", self.site.lang, self.site.dir, false);
        common.meta.title = "البحث".to_string();
        self.page_of_its_own(common, "البحث", "search/")
    }

    /// The context of 404.html. A host shows that page at any address, so it
    /// carries its stylesheet and icon inside itself, names no canonical
    /// address, and its links are absolute when base_url is set.
    pub fn not_found(&'a self, assets: InlineAssets) -> SectionContext<'a> {
        let mut common = self.common("", self.site.lang, self.site.dir, false);
        common.canonical = None;
        common.inline_assets = Some(assets);
        if let Some(base) = self.site.base_url {
            common.root = base.to_string();
            common.nav = self
                .nav
                .iter()
                .map(|(title, target)| link(base, title, target))
                .collect();
        }
        self.page_of_its_own(common, "", "")
    }

    /// The context of a page that lists nothing (search, 404).
    fn page_of_its_own(&'a self, common: Common<'a>, title: &'a str, path: &'a str) -> SectionContext<'a> {
        SectionContext {
            section: SectionView {
                title,
                description: None,
                content: "",
                path,
                pages: Vec::new(),
                subsections: Vec::new(),
                extra: self.site.extra,
            },
            recent_pages: Vec::new(),
            knowledge: Vec::new(),
            pagination: None,
            picture: None,
            common,
        }
    }
}

fn link(root: &str, title: &str, path: &str) -> Link {
    Link {
        title: title.to_string(),
        href: format!("{root}{}", encode_path(&output_file(path))),
    }
}
