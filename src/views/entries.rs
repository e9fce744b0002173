//! Contexts of the knowledge layer: entry pages, index pages (letters,
//! counts, cases, the article-by-entry matrix) and the entry panel of articles.

use serde::Serialize;

use std::ops::Range;

use super::cases::{CaseGroup, CaseView, Shown};
use super::{Common, Contexts, Link, PageSummary, Pagination, Paging, SectionView, link, pages_by_first_item};
use crate::bidi::TextDirection;
use crate::collate::letter;
use crate::facts::{End, EntryId, Fact, ListId, ListPage, Reads};
use crate::graph::{self, Discussed};
use crate::markdown::{Passage, push_isolated, without_ids};
use crate::model::output_file;
use crate::model::{ActorKind, Entry, Section};
use crate::slug::{encode_path, fragment, slugify};

/// A passage quoted on another page, with the mention highlighted.
#[derive(Debug, Serialize)]
pub struct Snippet {
    /// Passage id in its article (`p-3`).
    pub id: String,
    /// Relative href to the passage.
    pub href: String,
    /// HTML: the text around the mention, the mention in `<mark>`.
    pub html: String,
    /// Direction of the passage text.
    pub dir: TextDirection,
}

/// An article that names an entry, with the passages that do. It serialises
/// as the article's summary with `passages` added.
#[derive(Debug, Serialize)]
pub struct Appearance<'a> {
    /// The article's [`PageSummary`] (`title`, `href`, `date`, `lang`,
    /// `dir`, ...).
    #[serde(flatten)]
    pub article: PageSummary<'a>,
    /// Mentioning passages, in the order of the text.
    pub passages: Vec<Snippet>,
}

/// An entry as listed on an index page: as in a panel, with the number of
/// articles that name it.
#[derive(Debug, Serialize)]
pub struct EntrySummary<'a> {
    /// Id, names, role, href and mentions in all articles.
    #[serde(flatten)]
    pub entry: PanelItem<'a>,
    /// Articles that name it.
    pub articles: usize,
}

/// An index as the home page shows it: its page and its most-mentioned entries.
#[derive(Debug, Serialize)]
pub struct IndexHighlights<'a> {
    /// Front matter key (`actors`).
    pub name: &'a str,
    /// Title of the index page.
    pub title: &'a str,
    /// Relative href of the index page.
    pub href: String,
    /// How many entries the index has.
    pub count: usize,
    /// The most-mentioned entries, most first (ties in index order), at
    /// most [`HIGHLIGHTS_ON_HOME`]; entries no article mentions are left out.
    pub entries: Vec<EntrySummary<'a>>,
}

/// How many entries of each index the home page shows.
pub const HIGHLIGHTS_ON_HOME: usize = 8;

/// A related entry, with the number of passages shared.
#[derive(Debug, Serialize)]
pub struct Related<'a> {
    /// Name.
    pub name: &'a str,
    /// Relative href.
    pub href: String,
    /// Passages that name both.
    pub count: usize,
}

/// The entry of an entry page.
#[derive(Debug, Serialize)]
pub struct EntryView<'a> {
    /// Id.
    pub id: &'a str,
    /// Index name (`actors`).
    pub index: &'a str,
    /// Person or organisation.
    pub kind: Option<ActorKind>,
    /// Arabic name.
    pub name: &'a str,
    /// Other spellings detected in articles, as written in front matter.
    pub aliases: Vec<&'a str>,
    /// English name.
    pub name_en: Option<&'a str>,
    /// Role.
    pub role: Option<&'a str>,
    /// ISO code.
    pub iso: Option<&'a str>,
    /// A state or place of the past.
    pub historical: bool,
    /// Rendered description.
    pub description: &'a str,
    /// Mentions in all articles: on the first page of its list only, so
    /// that an article added changes no other.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mentions: Option<usize>,
    /// Articles that name it: on the first page only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
    /// The actor's country.
    pub country: Option<Link>,
    /// An organisation's member countries.
    pub members: Vec<Link>,
    /// Organisations this entry is a member of.
    pub member_of: Vec<Link>,
    /// Actors whose country this is.
    pub actors: Vec<Link>,
    /// Articles that name it, newest first, with passages.
    pub appearances: Vec<Appearance<'a>>,
    /// Entries named in the same passages, most shared first.
    pub related: Vec<Related<'a>>,
    /// A case: its years, countries, actors, outcome and assessments.
    pub case: Option<CaseView<'a>>,
    /// The cases that name it (with its assessment in each, for a variable).
    pub cases: Vec<CaseView<'a>>,
    /// Free values.
    pub extra: &'a toml::Table,
}

/// Context of entry.html.
#[derive(Debug, Serialize)]
pub struct EntryContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The entry.
    pub entry: EntryView<'a>,
    /// Its index page.
    pub index: Link,
    /// The pager, when its articles span several pages.
    pub pagination: Option<Pagination>,
    /// On its first page: its neighbourhood and its mentions per month.
    pub pictures: Option<super::EntryPictures>,
}

/// Entries filed under one letter.
#[derive(Debug, Serialize)]
pub struct LetterGroup<'a> {
    /// The letter.
    pub letter: String,
    /// Its id on the page, for the jump bar.
    pub id: String,
    /// Entries, in collation order.
    pub entries: Vec<EntrySummary<'a>>,
}

/// An entry on an index page that details its passages (framework variables).
#[derive(Debug, Serialize)]
pub struct EntryDetail<'a> {
    /// Summary.
    #[serde(flatten)]
    pub summary: EntrySummary<'a>,
    /// Rendered description, without its ids: several descriptions share
    /// the page, and each numbers its passages from `p-1`.
    pub description: String,
    /// Articles and their passages that name it.
    pub appearances: Vec<Appearance<'a>>,
}

/// One cell of the article-by-entry matrix.
#[derive(Debug, Serialize)]
pub struct MatrixCell {
    /// Passages of the article that name the entry.
    pub count: usize,
    /// Relative href of the first of them.
    pub href: Option<String>,
}

/// One article row of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixRow<'a> {
    /// The article (`title`, `href`, `date`, `lang`, `dir`, ...).
    #[serde(flatten)]
    pub article: PageSummary<'a>,
    /// One cell per entry of the index, in index order.
    pub cells: Vec<MatrixCell>,
}

/// The index of an index page.
#[derive(Debug, Serialize)]
pub struct IndexView<'a> {
    /// Index name (`actors`).
    pub name: &'a str,
    /// Entries by letter, in collation order.
    pub letters: Vec<LetterGroup<'a>>,
    /// Entries in index order (`number`, then id), with their passages when the page shows a matrix.
    pub entries: Vec<EntryDetail<'a>>,
    /// The variables cases are assessed against, the matrix's columns.
    pub variables: Vec<Link>,
    /// Cases by variables, grouped by outcome: the cases of an index of
    /// cases, or those assessed against an index of variables.
    pub cases: Vec<CaseGroup<'a>>,
    /// The same as a heatmap (SVG), when pictures are on.
    pub heatmap: Option<String>,
    /// Articles by entries, computed from mentions (when the section asks for it).
    pub matrix: Vec<MatrixRow<'a>>,
}

/// Context of entries.html (and framework.html).
#[derive(Debug, Serialize)]
pub struct IndexContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The section of the index (title, description, body).
    pub section: SectionView<'a>,
    /// The index.
    pub index: IndexView<'a>,
}

/// Entries of one index on an article page.
#[derive(Debug, Serialize)]
pub struct EntryGroup<'a> {
    /// Index name.
    pub name: &'a str,
    /// Index title.
    pub title: &'a str,
    /// Entries, with their mention counts in the article.
    pub items: Vec<PanelItem<'a>>,
}

/// An entry in the panel of an article (and, with more, on an index page).
#[derive(Debug, Serialize)]
pub struct PanelItem<'a> {
    /// Entry id.
    pub id: &'a str,
    /// Arabic name.
    pub name: &'a str,
    /// English name.
    pub name_en: Option<&'a str>,
    /// Role.
    pub role: Option<&'a str>,
    /// Relative href.
    pub href: String,
    /// Mentions in this article (0 when only named in front matter); on an
    /// index page, in all articles.
    pub mentions: usize,
}

/// Characters of context kept on each side of a mention in a snippet: about
/// thirteen Arabic words, a search result's snippet in all.
const SNIPPET_CONTEXT: usize = 80;

/// A snippet of `passage` around the mentions of `entry`, marked.
fn snippet_html(passage: &Passage, entry: usize) -> (String, TextDirection) {
    let text = passage.text.as_str();
    let dir = passage.dir;
    let ranges: Vec<_> = passage
        .mentions
        .iter()
        .filter(|m| m.entry == entry)
        .map(|m| m.range.clone())
        .collect();
    let first = ranges.first().map_or(0..0, Clone::clone);
    let start = boundary_before(text, first.start, SNIPPET_CONTEXT);
    let end = boundary_after(text, first.end, SNIPPET_CONTEXT);
    let mut html = String::with_capacity(end - start + 64);
    if start > 0 {
        html.push('…');
    }
    let mut at = start;
    for range in ranges.iter().filter(|r| r.start >= start && r.end <= end) {
        push_isolated(&mut html, &text[at..range.start], dir);
        html.push_str("<mark>");
        push_isolated(&mut html, &text[range.clone()], dir);
        html.push_str("</mark>");
        at = range.end;
    }
    push_isolated(&mut html, &text[at..end], dir);
    if end < text.len() {
        html.push('…');
    }
    (html, dir)
}

/// The related entries an entry page shows: on its first page only, the
/// `limit` most shared (all for 0).
fn shown_related(related: &[graph::Related], first: bool, limit: usize) -> &[graph::Related] {
    match (first, limit) {
        (false, _) => &[],
        (true, 0) => related,
        (true, limit) => &related[..limit.min(related.len())],
    }
}

/// The start of the word about `chars` characters before `at`.
fn boundary_before(text: &str, at: usize, chars: usize) -> usize {
    // The start of the character `chars + 1` back: counting the bytes that
    // start a character, without decoding them.
    let mut starts = 0;
    let Some(start) = text.as_bytes()[..at].iter().rposition(|&b| {
        starts += usize::from(is_char_start(b));
        starts > chars
    }) else {
        return 0;
    };
    text[start..at].find(' ').map_or(start, |space| start + space + 1)
}

/// The end of the word about `chars` characters after `at`.
fn boundary_after(text: &str, at: usize, chars: usize) -> usize {
    let mut starts = 0;
    let Some(end) = text.as_bytes()[at..].iter().position(|&b| {
        starts += usize::from(is_char_start(b));
        starts > chars
    }) else {
        return text.len();
    };
    let end = at + end;
    text[at..end].rfind(' ').map_or(end, |space| at + space)
}

/// Whether a byte of UTF-8 starts a character (is not a continuation byte).
fn is_char_start(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

impl<'a> Contexts<'a> {
    /// Each index with its most-mentioned entries, for the home page.
    pub fn index_highlights(&self, root: &str, reads: &Reads) -> Vec<IndexHighlights<'a>> {
        let content = self.content;
        let graph = &self.knowledge().graph;
        let sections = content.sections.iter().filter_map(|s| Some((s.kind?, s)));
        sections
            .map(|(kind, section)| {
                let mut members = self.members(kind);
                for &i in &members {
                    reads.fact(Fact::Counts(EntryId(i)));
                }
                members.retain(|&i| graph.entries[i].mentions > 0);
                members.sort_by_key(|&i| std::cmp::Reverse(graph.entries[i].mentions));
                members.truncate(HIGHLIGHTS_ON_HOME);
                IndexHighlights {
                    name: &content.kinds[kind].name,
                    title: &section.meta.title,
                    href: format!("{root}{}", encode_path(&output_file(&section.path))),
                    count: content.entries.iter().filter(|e| e.kind == kind).count(),
                    entries: members
                        .into_iter()
                        .map(|i| self.entry_summary(root, i, graph.entries[i].mentions, reads))
                        .collect(),
                }
            })
            .collect()
    }

    fn entry_summary(&self, root: &str, i: usize, mentions: usize, reads: &Reads) -> EntrySummary<'a> {
        reads.fact(Fact::Counts(EntryId(i)));
        EntrySummary {
            entry: self.panel_item(root, i, mentions),
            articles: self.knowledge().graph.entries[i].pages.len(),
        }
    }

    fn panel_item(&self, root: &str, i: usize, mentions: usize) -> PanelItem<'a> {
        let entry: &'a Entry = &self.content.entries[i];
        PanelItem {
            id: &entry.id,
            name: &entry.meta.name,
            name_en: entry.meta.name_en.as_deref(),
            role: entry.meta.role.as_deref(),
            href: format!("{root}{}", encode_path(&output_file(&entry.path))),
            mentions,
        }
    }

    pub(super) fn entry_link(&self, root: &str, i: usize) -> Link {
        let entry = &self.content.entries[i];
        link(root, &entry.meta.name, &entry.path)
    }

    /// Articles naming entry `i`, newest first, with the passages that do:
    /// the articles at positions `shown` of the entry's list.
    fn appearances(&self, root: &str, i: usize, shown: Range<usize>) -> Vec<Appearance<'a>> {
        self.knowledge()
            .graph
            .appearances(i, shown)
            .into_iter()
            .map(|(page_index, refs)| {
                let article = self.summary(root, page_index);
                let href = &article.href;
                let passages = refs
                    .iter()
                    .map(|p| {
                        let passage = &self.knowledge().pages[p.page].passages[p.passage];
                        let (html, dir) = snippet_html(passage, i);
                        Snippet {
                            href: format!("{href}#{}", fragment(&passage.id)),
                            id: passage.id.clone(),
                            html,
                            dir,
                        }
                    })
                    .collect();
                Appearance { article, passages }
            })
            .collect()
    }

    /// How the list of `entry` is cut into pages: its articles, the
    /// index's `paginate_by` at a time.
    pub fn entry_paging(&self, entry: EntryId) -> Paging {
        let articles = self.knowledge().graph.entries[entry.0].pages.len();
        Paging::new(articles, self.content.entry_page_size(entry.0))
    }

    /// The context of entry.html for `page` of `entry`, with its site path.
    pub fn entry_page(&'a self, entry: EntryId, page: ListPage, reads: &Reads) -> (String, EntryContext<'a>) {
        let (i, paging, list) = (entry.0, self.entry_paging(entry), ListId::Entry(entry));
        let entry = &self.content.entries[i];
        if paging.reads_count(page) {
            reads.fact(Fact::PageCount(list));
        }
        reads.slots_from(list, End::Last, paging.from_oldest(page));
        let path = Paging::path(&entry.path, page);
        let pagination = paging.pagination(&entry.path, page, true);
        let context = self.entry_at(i, &path, paging.shown(page), pagination, reads);
        (path, context)
    }

    /// Every page of every entry, as (entry, page number), in the order of
    /// the first article each lists (newest first): pages listing the same
    /// articles come together, so the passages they quote are read while
    /// they are still in the processor's caches.
    pub fn entry_pages_by_articles(&self) -> Vec<(EntryId, ListPage)> {
        let graph = &self.knowledge().graph;
        let lists: Vec<(&[usize], usize)> = (graph.entries.iter().enumerate())
            .map(|(e, links)| (links.pages.as_slice(), self.content.entry_page_size(e)))
            .collect();
        let pages = pages_by_first_item(&lists, |page| graph.position(page));
        pages.into_iter().map(|(e, page)| (EntryId(e), page)).collect()
    }

    /// The context of entry.html for entry `i` at site path `path`, showing
    /// the articles at positions `shown` of its list.
    fn entry_at(
        &'a self,
        i: usize,
        path: &str,
        shown: Range<usize>,
        pagination: Option<Pagination>,
        reads: &Reads,
    ) -> EntryContext<'a> {
        let entry = &self.content.entries[i];
        let description = &self.knowledge().entry_bodies[i];
        let mut common = self.common(path, &entry.lang, entry.dir, description.has_code);
        common.meta.title = entry.meta.name.clone();
        common.meta.kind = if entry.meta.kind == Some(ActorKind::Person) {
            "profile"
        } else {
            "website"
        };
        let mut ld = self.entry_json_ld(i);
        ld["@context"] = "https://schema.org".into();
        common.json_ld = Some(super::json_ld(&ld));
        let root = common.root.clone();
        let entries = &self.content.entries;
        let links = &self.knowledge().graph.entries[i];
        let kind = &self.content.kinds[entry.kind];
        // Later pages of a long list carry the articles only; the first page
        // has the counts, the description and the lists of linked entries.
        let first = pagination.as_ref().is_none_or(|p| p.current.is_none());
        let (cases, pictures) = if first {
            reads.fact(Fact::Counts(EntryId(i)));
            reads.fact(Fact::Related(EntryId(i)));
            (self.cases_naming(&root, i, reads), self.entry_pictures(&root, i, reads))
        } else {
            (Vec::new(), None)
        };
        let linked = |ids: &mut dyn Iterator<Item = usize>| -> Vec<Link> {
            if first {
                ids.map(|e| self.entry_link(&root, e)).collect()
            } else {
                Vec::new()
            }
        };
        EntryContext {
            entry: EntryView {
                id: &entry.id,
                index: &kind.name,
                kind: entry.meta.kind,
                name: &entry.meta.name,
                aliases: entry.meta.aliases.iter().map(|a| a.value.as_str()).collect(),
                name_en: entry.meta.name_en.as_deref(),
                role: entry.meta.role.as_deref(),
                iso: entry.meta.iso.as_deref(),
                historical: entry.meta.historical,
                description: if first { &description.html } else { "" },
                mentions: first.then_some(links.mentions),
                articles: first.then_some(links.pages.len()),
                country: entry.country.map(|c| self.entry_link(&root, c)),
                members: linked(&mut entry.members.iter().copied()),
                member_of: linked(&mut (0..entries.len()).filter(|&o| entries[o].members.contains(&i))),
                actors: linked(&mut (0..entries.len()).filter(|&a| entries[a].country == Some(i))),
                appearances: self.appearances(&root, i, shown),
                related: shown_related(&links.related, first, kind.related_limit)
                    .iter()
                    .map(|other| Related {
                        name: &entries[other.entry].meta.name,
                        href: self.entry_link(&root, other.entry).href,
                        count: other.shared,
                    })
                    .collect(),
                case: (first && entry.case.is_some()).then(|| self.case_view(&root, i, Shown::All, reads)),
                cases,
                extra: &entry.meta.extra,
            },
            index: link(&root, &kind.title, &format!("{}/", kind.folder)),
            pictures,
            pagination,
            common,
        }
    }

    /// The context of the index page of `section` (an index kind's section).
    pub fn index(
        &'a self,
        section: &'a Section,
        kind: usize,
        rendered: &'a crate::markdown::Rendered,
        reads: &Reads,
    ) -> IndexContext<'a> {
        let base = self.section(section, rendered, reads);
        let root = base.common.root.clone();
        let members = self.members(kind);
        let mut sorted = members.clone();
        sorted.sort_by(|&a, &b| {
            let (a, b) = (&self.content.entries[a].meta.name, &self.content.entries[b].meta.name);
            self.knowledge().collation.compare(a, b)
        });
        let mut letters: Vec<LetterGroup> = Vec::new();
        for &i in &sorted {
            let initial = letter(&self.content.entries[i].meta.name);
            if letters.last().is_none_or(|g| g.letter != initial) {
                letters.push(LetterGroup {
                    id: format!("letter-{}", slugify(&initial)),
                    letter: initial,
                    entries: Vec::new(),
                });
            }
            let mentions = self.knowledge().graph.entries[i].mentions;
            letters
                .last_mut()
                .expect("pushed above")
                .entries
                .push(self.entry_summary(&root, i, mentions, reads));
        }
        let detailed = section.meta.matrix;
        let entries = members
            .iter()
            .map(|&i| EntryDetail {
                summary: self.entry_summary(&root, i, self.knowledge().graph.entries[i].mentions, reads),
                description: without_ids(&self.knowledge().entry_bodies[i].html),
                appearances: if detailed {
                    reads.slots(ListId::Entry(EntryId(i)), 0..usize::MAX);
                    self.appearances(&root, i, 0..usize::MAX)
                } else {
                    Vec::new()
                },
            })
            .collect();
        let cases = self.case_groups(&root, kind, reads);
        IndexContext {
            index: IndexView {
                name: &self.content.kinds[kind].name,
                letters,
                entries,
                variables: self
                    .case_variables(kind)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| self.entry_link(&root, v))
                    .collect(),
                heatmap: self.case_heatmap(&root, kind, &cases),
                cases,
                matrix: if detailed {
                    self.matrix(&members, &root, reads)
                } else {
                    Vec::new()
                },
            },
            section: base.section,
            common: base.common,
        }
    }

    fn matrix(&self, members: &[usize], root: &str, reads: &Reads) -> Vec<MatrixRow<'a>> {
        reads.slots(ListId::Newest, 0..usize::MAX);
        self.knowledge()
            .graph
            .newest_first()
            .iter()
            .map(|&p| {
                reads.fact(Fact::Passages(self.content.pages[p].id));
                let article = self.summary(root, p);
                let href = &article.href;
                let passages = &self.knowledge().pages[p].passages;
                let cells = members
                    .iter()
                    .map(|&entry| {
                        let naming: Vec<&Passage> = passages
                            .iter()
                            .filter(|x| x.mentions.iter().any(|m| m.entry == entry))
                            .collect();
                        MatrixCell {
                            count: naming.len(),
                            href: naming.first().map(|x| format!("{href}#{}", fragment(&x.id))),
                        }
                    })
                    .collect();
                MatrixRow { article, cells }
            })
            .collect()
    }

    /// The entry panel of an article: the entries it discusses (with their
    /// mention counts in it), grouped by index.
    pub fn page_entries(&self, root: &str, discussed: &[Discussed]) -> Vec<EntryGroup<'a>> {
        self.content
            .kinds
            .iter()
            .enumerate()
            .map(|(k, kind)| EntryGroup {
                name: &kind.name,
                title: &kind.title,
                items: discussed
                    .iter()
                    .filter(|d| self.content.entries[d.entry].kind == k)
                    .map(|d| self.panel_item(root, d.entry, d.mentions))
                    .collect(),
            })
            .filter(|group| !group.items.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::PassageMention;

    #[test]
    fn snippet_bounds_count_characters_as_decoding_does() {
        let text = "قال Tokayev: «نعم» 😀 و ـ ok ".repeat(4);
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for chars in [0, 1, 2, 5, 13, 80] {
                let before = text[..at].char_indices().rev().nth(chars).map_or(0, |(start, _)| {
                    text[start..at].find(' ').map_or(start, |space| start + space + 1)
                });
                assert_eq!(boundary_before(&text, at, chars), before, "before {at} {chars}");
                let after = text[at..].char_indices().nth(chars).map_or(text.len(), |(end, _)| {
                    let end = at + end;
                    text[at..end].rfind(' ').map_or(end, |space| at + space)
                });
                assert_eq!(boundary_after(&text, at, chars), after, "after {at} {chars}");
            }
        }
    }

    #[test]
    fn snippet_marks_the_entry_and_cuts_long_passages_at_words() {
        let before = "كلمة ".repeat(60);
        let text = format!("{before}قال توكاييف إن CSTO 2022 ستتدخل و{}", "نهاية ".repeat(60));
        let start = text.find("توكاييف").unwrap();
        let other = text.find("CSTO").unwrap();
        let passage = Passage {
            id: "p-1".into(),
            text: text.clone(),
            dir: TextDirection::Rtl,
            mentions: vec![
                PassageMention {
                    entry: 0,
                    range: start..start + "توكاييف".len(),
                },
                PassageMention {
                    entry: 1,
                    range: other..other + 4,
                },
            ],
        };
        let (html, dir) = snippet_html(&passage, 0);
        assert_eq!(dir, TextDirection::Rtl);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>توكاييف</mark>"));
        assert!(!html.contains("<mark>CSTO"), "only the entry's own mentions are marked");
        assert!(
            html.contains("<bdi>CSTO 2022</bdi>"),
            "runs are isolated in snippets too: {html}"
        );
    }
}
