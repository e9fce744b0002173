//! Contexts of the pictures: `graph/`, `map/` and `timeline/`, the pictures
//! of entry pages and the small graph of the home page. Each picture comes
//! with the data of its text alternative (a table or list of the same
//! data), and links between the three pages.

use std::collections::BTreeMap;

use serde::Serialize;

use super::entries::Related;
use super::{Common, Contexts, Link, PageSummary, link};
use crate::facts::{End, EntryId, Fact, ListId, Reads};
use crate::pictures::svg::{self, Arrangement, Network, NetworkNode};
use crate::pictures::timeline::{self, Axis, Chart, Month, Row};
use crate::pictures::{self as draw, map};

/// Site path of the co-occurrence graph.
pub const GRAPH_PATH: &str = "graph/";
/// Site path of the map.
pub const MAP_PATH: &str = "map/";
/// Site path of the timeline.
pub const TIMELINE_PATH: &str = "timeline/";

/// A picture page as the others link to it.
#[derive(Debug, Serialize)]
pub struct PictureLink {
    /// Title and relative href.
    #[serde(flatten)]
    pub link: Link,
    /// Whether it is the current page.
    pub current: bool,
}

/// A colour of a picture's key, with the words it stands for.
#[derive(Debug, Serialize)]
pub struct KeyItem {
    /// Its class (`index-0`, `shade-3`).
    pub class: String,
    /// What it stands for.
    pub title: String,
}

/// An entry in the table beside the graph.
#[derive(Debug, Serialize)]
pub struct GraphRow<'a> {
    /// Name.
    pub name: &'a str,
    /// Relative href.
    pub href: String,
    /// Title of its index.
    pub index: &'a str,
    /// Mentions in all articles.
    pub mentions: usize,
    /// Its links drawn in the graph, strongest first.
    pub links: Vec<Related<'a>>,
}

/// Context of graph.html.
#[derive(Debug, Serialize)]
pub struct GraphContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The picture, an `<svg>`.
    pub picture: String,
    /// The colour of each index.
    pub key: Vec<KeyItem>,
    /// Its entries, most mentioned first, with their links.
    pub rows: Vec<GraphRow<'a>>,
    /// The picture pages.
    pub pictures: Vec<PictureLink>,
}

/// A country in the table beside the map.
#[derive(Debug, Serialize)]
pub struct MapRow<'a> {
    /// Name.
    pub name: &'a str,
    /// Relative href.
    pub href: String,
    /// ISO code, if its entry gives one.
    pub iso: Option<&'a str>,
    /// Mentions in all articles.
    pub mentions: usize,
    /// Its shade on the map (`shade-0` …).
    pub shade: String,
}

/// Context of map.html.
#[derive(Debug, Serialize)]
pub struct MapContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// The picture, an `<svg>`.
    pub picture: String,
    /// The shades and the mentions each stands for.
    pub key: Vec<KeyItem>,
    /// Countries the map places, most mentioned first.
    pub placed: Vec<MapRow<'a>>,
    /// Countries it cannot place (no ISO code, or one the map lacks).
    pub unplaced: Vec<MapRow<'a>>,
    /// The picture pages.
    pub pictures: Vec<PictureLink>,
}

/// A month on the timeline page.
#[derive(Debug, Serialize)]
pub struct MonthView {
    /// Its id on the page (`month-2022-01`).
    pub id: String,
    /// Its name (`يناير 2022`).
    pub name: String,
    /// Relative href of its page, which lists its articles.
    pub href: String,
    /// How many articles it has.
    pub count: usize,
    /// Mentions of each followed entry, in the order of `entries`.
    pub mentions: Vec<usize>,
}

/// Context of timeline-month.html: the articles of one month.
#[derive(Debug, Serialize)]
pub struct MonthContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Its name (`يناير 2022`).
    pub name: String,
    /// Its articles, newest first.
    pub articles: Vec<PageSummary<'a>>,
    /// The timeline page.
    pub timeline: Link,
    /// The picture pages.
    pub pictures: Vec<PictureLink>,
}

/// Context of timeline.html.
#[derive(Debug, Serialize)]
pub struct TimelineContext<'a> {
    /// Common values.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Articles per month, an `<svg>` (empty without dated articles).
    pub articles_picture: String,
    /// The most-mentioned entries month by month, an `<svg>`.
    pub entries_picture: String,
    /// The followed entries.
    pub entries: Vec<Link>,
    /// Months with articles, first to last.
    pub months: Vec<MonthView>,
    /// Articles without a date, which no month shows.
    pub undated: usize,
    /// The picture pages.
    pub pictures: Vec<PictureLink>,
}

/// The pictures of an entry page.
#[derive(Debug, Serialize)]
pub struct EntryPictures {
    /// The entry among its strongest co-occurring entries, an `<svg>`
    /// (empty when it has none); the page's list of related entries is its
    /// text alternative.
    pub neighbourhood: String,
    /// Its mentions per month, an `<svg>` (empty without dated mentions).
    pub timeline: String,
    /// The same, for the months that have any.
    pub months: Vec<MonthCount>,
}

/// A month and a count.
#[derive(Debug, Serialize)]
pub struct MonthCount {
    /// The month's name (`يناير 2022`).
    pub name: String,
    /// Mentions that month.
    pub count: usize,
}

/// The small graph of the home page, with the links to the picture pages.
#[derive(Debug, Serialize)]
pub struct HomePicture {
    /// The picture, an `<svg>` (empty when no entry is mentioned).
    pub svg: String,
    /// The picture pages.
    pub pictures: Vec<PictureLink>,
}

/// Mentions per month of `entry`, from its passages in dated articles.
type MonthCounts = BTreeMap<Month, usize>;

impl<'a> Contexts<'a> {
    /// Links to the three picture pages from the page at `root`, `current`
    /// marked.
    fn picture_links(&self, root: &str, current: &str) -> Vec<PictureLink> {
        [
            (GRAPH_PATH, "شبكة الصلات"),
            (MAP_PATH, "الخريطة"),
            (TIMELINE_PATH, "الخط الزمني"),
        ]
        .into_iter()
        .map(|(path, title)| PictureLink {
            link: link(root, title, path),
            current: path == current,
        })
        .collect()
    }

    /// The common values of a picture page at `path`, titled `title`.
    fn picture_common(&'a self, path: &str, title: &str) -> Common<'a> {
        let mut common = self.common(path, self.site.lang, self.site.dir, false);
        common.meta.title = title.to_string();
        common
    }

    /// The co-occurrence graph of the `limit` most-mentioned entries, drawn
    /// from the page at `root`, with its `id`.
    fn co_occurrence(
        &self,
        root: &str,
        limit: usize,
        id: &str,
        reads: &Reads,
    ) -> (Vec<usize>, Vec<(usize, usize, usize)>, String) {
        let graph = &self.knowledge().graph;
        let nodes = self.most_mentioned(limit, reads);
        for &e in &nodes {
            reads.fact(Fact::Related(EntryId(e)));
        }
        let edges = draw::co_occurrence(graph, &nodes);
        let most = nodes.first().map_or(1, |&e| graph.entries[e].mentions).max(1) as f64;
        let network = Network {
            nodes: nodes
                .iter()
                .map(|&e| {
                    self.network_node(
                        root,
                        e,
                        graph.entries[e].mentions as f64 / most,
                        graph.entries[e].mentions,
                    )
                })
                .collect(),
            edges: edges.clone(),
        };
        let title = "شبكة الصلات: المداخل الأكثر ذكرًا، وكل خط يصل مدخلين ذُكرا في فقرة واحدة";
        let svg = svg::network(&network, Arrangement::Stress, title, id);
        (nodes, edges, svg)
    }

    /// The `limit` most-mentioned entries: chosen among the counts of all.
    fn most_mentioned(&self, limit: usize, reads: &Reads) -> Vec<usize> {
        for e in 0..self.content.entries.len() {
            reads.fact(Fact::Counts(EntryId(e)));
        }
        draw::most_mentioned(self.knowledge().graph, limit)
    }

    /// Entry `e` as a node of a network of weight `weight`, its title
    /// telling `count` (mentions, or shared passages).
    fn network_node(&self, root: &str, e: usize, weight: f64, count: usize) -> NetworkNode {
        let entry = &self.content.entries[e];
        NetworkNode {
            label: entry.meta.name.clone(),
            title: format!(
                "{} ({}): {}",
                entry.meta.name,
                self.content.kinds[entry.kind].title,
                draw::digits(count, self.site.digits)
            ),
            href: self.linked_entry(root, e).href,
            index: entry.kind,
            weight,
        }
    }

    /// The key of index colours: every index of the site.
    fn index_key(&self) -> Vec<KeyItem> {
        self.content
            .kinds
            .iter()
            .enumerate()
            .map(|(k, kind)| KeyItem {
                class: format!("index-{}", k % svg::INDEX_COLOURS),
                title: kind.title.clone(),
            })
            .collect()
    }

    /// The context of graph.html.
    pub fn graph_page(&'a self, reads: &Reads) -> GraphContext<'a> {
        let common = self.picture_common(GRAPH_PATH, "شبكة الصلات");
        let root = common.root.clone();
        let limit = self.pictures.graph_entries;
        let (nodes, edges, picture) = self.co_occurrence(&root, limit, "graph", reads);
        let graph = &self.knowledge().graph;
        let rows = nodes
            .iter()
            .enumerate()
            .map(|(i, &e)| {
                let entry = &self.content.entries[e];
                let other = |o: usize, shared: usize| {
                    Some(crate::graph::Related {
                        entry: nodes[o],
                        shared,
                    })
                };
                let mut links: Vec<crate::graph::Related> = edges
                    .iter()
                    .filter_map(|&(a, b, count)| match (a == i, b == i) {
                        (true, _) => other(b, count),
                        (_, true) => other(a, count),
                        _ => None,
                    })
                    .collect();
                links.sort_by(|x, y| y.shared.cmp(&x.shared).then(x.entry.cmp(&y.entry)));
                GraphRow {
                    name: &entry.meta.name,
                    href: self.linked_entry(&root, e).href,
                    index: &self.content.kinds[entry.kind].title,
                    mentions: graph.entries[e].mentions,
                    links: links
                        .into_iter()
                        .map(|o| self.related(&root, o.entry, o.shared))
                        .collect(),
                }
            })
            .collect();
        GraphContext {
            picture,
            key: self.index_key(),
            rows,
            pictures: self.picture_links(&root, GRAPH_PATH),
            common,
        }
    }

    /// A link to entry `e` from the page at `root`, by its name.
    fn linked_entry(&self, root: &str, e: usize) -> Link {
        let entry = &self.content.entries[e];
        link(root, &entry.meta.name, &entry.path)
    }

    /// Entry `o` as a related entry, sharing `count` passages.
    fn related(&self, root: &str, o: usize, count: usize) -> Related<'a> {
        let entry = &self.content.entries[o];
        Related {
            name: &entry.meta.name,
            href: self.linked_entry(root, o).href,
            count,
        }
    }

    /// The small graph of the home page, at `root`.
    pub fn home_picture(&self, root: &str, reads: &Reads) -> Option<HomePicture> {
        if !self.pictures.enabled {
            return None;
        }
        let limit = self.pictures.home_entries;
        let svg = if limit == 0 {
            String::new()
        } else {
            self.co_occurrence(root, limit, "home-graph", reads).2
        };
        Some(HomePicture {
            svg,
            pictures: self.picture_links(root, ""),
        })
    }

    /// The context of map.html.
    pub fn map_page(&'a self, reads: &Reads) -> MapContext<'a> {
        let common = self.picture_common(MAP_PATH, "الخريطة");
        let root = common.root.clone();
        let graph = &self.knowledge().graph;
        let world = map::world();
        // The countries: the entries with an ISO code, or of an index
        // named `countries`.
        let mut countries: Vec<usize> = (0..self.content.entries.len())
            .filter(|&e| {
                let entry = &self.content.entries[e];
                entry.meta.iso.is_some() || self.content.kinds[entry.kind].name == "countries"
            })
            .collect();
        for &e in &countries {
            reads.fact(Fact::Counts(EntryId(e)));
        }
        countries.sort_by(|&a, &b| {
            graph.entries[b]
                .mentions
                .cmp(&graph.entries[a].mentions)
                .then(a.cmp(&b))
        });
        let most = countries.first().map_or(0, |&e| graph.entries[e].mentions);
        let (mut placed, mut unplaced) = (Vec::new(), Vec::new());
        let mut drawn: Vec<map::MapCountry> = Vec::new();
        for e in countries {
            let entry = &self.content.entries[e];
            let mentions = graph.entries[e].mentions;
            let shade = map::shade(mentions, most);
            let row = MapRow {
                name: &entry.meta.name,
                href: self.linked_entry(&root, e).href,
                iso: entry.meta.iso.as_deref(),
                mentions,
                shade: format!("shade-{shade}"),
            };
            let code = entry.meta.iso.as_deref().filter(|c| world.find(c).is_some());
            match code {
                Some(code) if !drawn.iter().any(|d| d.code.eq_ignore_ascii_case(code)) => {
                    drawn.push(map::MapCountry {
                        code: code.to_string(),
                        title: format!("{}: {}", entry.meta.name, draw::digits(mentions, self.site.digits)),
                        href: row.href.clone(),
                        shade,
                    });
                    placed.push(row);
                }
                _ => unplaced.push(row),
            }
        }
        let picture = map::draw(
            &drawn,
            "خريطة الدول في الفهرس، وكلما اشتد لون الدولة كثرت الإشارات إليها",
            "map",
        );
        MapContext {
            picture,
            key: self.shade_key(most),
            placed,
            unplaced,
            pictures: self.picture_links(&root, MAP_PATH),
            common,
        }
    }

    /// The key of the map's shades: the mentions each stands for, when the
    /// most mentioned country has `most`.
    fn shade_key(&self, most: usize) -> Vec<KeyItem> {
        let mut ranges: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for m in 1..=most {
            let range = ranges.entry(map::shade(m, most)).or_insert((m, m));
            range.1 = m;
        }
        let number = |n: usize| draw::digits(n, self.site.digits);
        let mut key = vec![KeyItem {
            class: "shade-0".into(),
            title: "لا إشارة".into(),
        }];
        key.extend(ranges.into_iter().map(|(shade, (low, high))| KeyItem {
            class: format!("shade-{shade}"),
            title: if low == high {
                number(low)
            } else {
                format!("{}–{}", number(low), number(high))
            },
        }));
        key
    }

    /// The name of month `month` (`يناير 2022`), written once per build.
    fn month_name(&self, month: Month) -> String {
        if let Some(name) = self.month_names.read().expect("not poisoned").get(&month) {
            return name.clone();
        }
        let date = timeline::month_date(month);
        let name = crate::config::format_date_with(&self.site.date_locale, "MMMM y", &date).unwrap_or(date);
        self.month_names
            .write()
            .expect("not poisoned")
            .insert(month, name.clone());
        name
    }

    /// Mentions of entry `e` per month, in the dated articles that name it.
    fn mention_months(&self, e: usize, reads: &Reads) -> MonthCounts {
        // Its whole list, by each article's date and passages naming it.
        reads.slots(ListId::Months(EntryId(e)), 0..usize::MAX);
        let knowledge = self.knowledge();
        let mut months = MonthCounts::new();
        for r in &knowledge.graph.entries[e].passages {
            let Some(date) = &self.content.pages[r.page].meta.date else {
                continue;
            };
            let passage = &knowledge.pages[r.page].passages[r.passage];
            let count = passage.mentions.iter().filter(|m| m.entry == e).count();
            *months.entry(timeline::month_of(date)).or_default() += count;
        }
        months
    }

    /// The pictures of entry `e`'s page, at `root`: its neighbourhood and
    /// its mentions per month.
    pub fn entry_pictures(&self, root: &str, e: usize, reads: &Reads) -> Option<EntryPictures> {
        if !self.pictures.enabled {
            return None;
        }
        reads.fact(Fact::Related(EntryId(e)));
        reads.fact(Fact::Counts(EntryId(e)));
        let graph = &self.knowledge().graph;
        let entry = &self.content.entries[e];
        let related = &graph.entries[e].related;
        let shown = &related[..related.len().min(self.pictures.neighbours)];
        let neighbourhood = if shown.is_empty() {
            String::new()
        } else {
            let strongest = shown[0].shared.max(1) as f64;
            let centre = self.network_node(root, e, 1.0, graph.entries[e].mentions);
            let around = shown
                .iter()
                .map(|o| self.network_node(root, o.entry, 0.6 * o.shared as f64 / strongest, o.shared));
            let network = Network {
                nodes: std::iter::once(centre).chain(around).collect(),
                edges: shown.iter().enumerate().map(|(i, o)| (0, i + 1, o.shared)).collect(),
            };
            let title = format!("{} والمداخل التي تُذكر معه في الفقرات نفسها", entry.meta.name);
            svg::network(&network, Arrangement::Star, &title, "neighbourhood")
        };
        let counts = self.mention_months(e, reads);
        let (timeline, months) = match (counts.keys().next(), counts.keys().next_back()) {
            (Some(&first), Some(&last)) => {
                let months = timeline::months_between(first, last);
                let names: Vec<String> = months.iter().map(|&m| self.month_name(m)).collect();
                // Each bar leads to its month's page, as on the timeline.
                let to_month = |m: Month| Some(link(root, "", &timeline::month_path(m)).href);
                let row = self.month_row(&months, &names, &counts, to_month);
                let chart = Chart {
                    months: &months,
                    ticks: &names,
                    rows: vec![row],
                    width: 360.0,
                    row_height: 48.0,
                    dir: self.site.dir,
                    axis: Axis::Ends,
                };
                let title = format!("الإشارات إلى {} شهرًا بعد شهر", entry.meta.name);
                let listed = counts
                    .iter()
                    .map(|(&m, &count)| MonthCount {
                        name: self.month_name(m),
                        count,
                    })
                    .collect();
                (timeline::draw(&chart, &title, "mentions-timeline"), listed)
            }
            _ => (String::new(), Vec::new()),
        };
        Some(EntryPictures {
            neighbourhood,
            timeline,
            months,
        })
    }

    /// A row of bars of `counts` over `months` (named `names`), each bar
    /// titled with its month and count and linked where `href` says.
    fn month_row(
        &self,
        months: &[Month],
        names: &[String],
        counts: &MonthCounts,
        href: impl Fn(Month) -> Option<String>,
    ) -> Row {
        let counts: Vec<usize> = months.iter().map(|m| counts.get(m).copied().unwrap_or(0)).collect();
        Row {
            label: None,
            titles: names
                .iter()
                .zip(&counts)
                .map(|(name, &n)| format!("{name}: {}", draw::digits(n, self.site.digits)))
                .collect(),
            hrefs: months
                .iter()
                .zip(&counts)
                .map(|(&m, &n)| if n > 0 { href(m) } else { None })
                .collect(),
            counts,
        }
    }

    /// The context of timeline.html.
    pub fn timeline_page(&'a self, reads: &Reads) -> TimelineContext<'a> {
        let common = self.picture_common(TIMELINE_PATH, "الخط الزمني");
        let root = common.root.clone();
        reads.slots(ListId::Dated, 0..usize::MAX);
        let (by_month, undated) = self.articles_by_month();
        let followed = self.most_mentioned(self.pictures.timeline_entries, reads);
        let mentions: Vec<MonthCounts> = followed.iter().map(|&e| self.mention_months(e, reads)).collect();
        let (articles_picture, entries_picture) = self.timeline_pictures(&root, &by_month, &followed, &mentions);
        let months = by_month
            .iter()
            .map(|(&m, pages)| MonthView {
                id: timeline::month_id(m),
                name: self.month_name(m),
                href: link(&root, "", &timeline::month_path(m)).href,
                count: pages.len(),
                mentions: mentions.iter().map(|c| c.get(&m).copied().unwrap_or(0)).collect(),
            })
            .collect();
        TimelineContext {
            articles_picture,
            entries_picture,
            entries: followed.iter().map(|&e| self.linked_entry(&root, e)).collect(),
            months,
            undated,
            pictures: self.picture_links(&root, TIMELINE_PATH),
            common,
        }
    }

    /// The dated articles by month, each month's newest first, and how
    /// many articles have no date.
    fn articles_by_month(&self) -> (BTreeMap<Month, Vec<usize>>, usize) {
        let mut by_month: BTreeMap<Month, Vec<usize>> = BTreeMap::new();
        let mut undated = 0;
        for &p in self.knowledge().graph.newest_first() {
            match &self.content.pages[p].meta.date {
                Some(date) => by_month.entry(timeline::month_of(date)).or_default().push(p),
                None => undated += 1,
            }
        }
        (by_month, undated)
    }

    /// The months that have dated articles, first to last: each has a page.
    pub fn timeline_months(&self) -> Vec<Month> {
        timeline::months_of(self.content.pages.iter().filter_map(|p| p.meta.date.as_ref()))
    }

    /// The page of `month`: its articles, newest first. It reads their
    /// slots of the newest-first list, where a month's articles stand
    /// together.
    pub fn month_page(&'a self, month: Month, reads: &Reads) -> MonthContext<'a> {
        let path = timeline::month_path(month);
        let name = self.month_name(month);
        let common = self.picture_common(&path, &name);
        let root = common.root.clone();
        let newest = self.knowledge().graph.newest_first();
        // Newest first, undated last: months only fall along the list.
        let month_at = |p: &usize| self.content.pages[*p].meta.date.as_ref().map(timeline::month_of);
        let start = newest.partition_point(|p| month_at(p) > Some(month));
        let len = newest[start..].partition_point(|p| month_at(p) == Some(month));
        // One slot more on each side: an article moving in or out of the
        // month changes them. Counted from the oldest, so that a newer
        // article moves none of them.
        let from_oldest = newest.len().saturating_sub(start + len + 1)..newest.len() + 1 - start;
        reads.slots_from(ListId::Newest, End::Last, from_oldest);
        MonthContext {
            name,
            articles: newest[start..start + len]
                .iter()
                .map(|&p| self.summary(&root, p))
                .collect(),
            timeline: link(&root, "الخط الزمني", TIMELINE_PATH),
            pictures: self.picture_links(&root, &path),
            common,
        }
    }

    /// The two pictures of the timeline page: articles per month, and the
    /// `followed` entries' `mentions` per month, each bar a link to its
    /// month's page.
    fn timeline_pictures(
        &self,
        root: &str,
        by_month: &BTreeMap<Month, Vec<usize>>,
        followed: &[usize],
        mentions: &[MonthCounts],
    ) -> (String, String) {
        let (Some(&first), Some(&last)) = (by_month.keys().next(), by_month.keys().next_back()) else {
            return (String::new(), String::new());
        };
        let months = timeline::months_between(first, last);
        let names: Vec<String> = months.iter().map(|&m| self.month_name(m)).collect();
        let years: Vec<String> = months
            .iter()
            .map(|&(y, _)| draw::digits(y as usize, self.site.digits))
            .collect();
        let to_month = |m: Month| Some(link(root, "", &timeline::month_path(m)).href);
        let articles: MonthCounts = by_month.iter().map(|(&m, pages)| (m, pages.len())).collect();
        let chart = |rows: Vec<Row>, row_height: f64| Chart {
            months: &months,
            ticks: &years,
            rows,
            width: 720.0,
            row_height,
            dir: self.site.dir,
            axis: Axis::Years,
        };
        let articles_row = self.month_row(&months, &names, &articles, to_month);
        let articles_svg = timeline::draw(
            &chart(vec![articles_row], 120.0),
            "عدد المقالات في كل شهر",
            "articles-timeline",
        );
        let rows: Vec<Row> = followed
            .iter()
            .zip(mentions)
            .map(|(&e, counts)| {
                let name = &self.content.entries[e].meta.name;
                let mut row = self.month_row(&months, &names, counts, to_month);
                row.titles.iter_mut().for_each(|t| *t = format!("{name}، {t}"));
                row.label = Some((name.clone(), self.linked_entry(root, e).href));
                row
            })
            .collect();
        let entries_svg = if rows.is_empty() {
            String::new()
        } else {
            timeline::draw(
                &chart(rows, 28.0),
                "الإشارات إلى المداخل الأكثر ذكرًا، شهرًا بعد شهر",
                "entries-timeline",
            )
        };
        (articles_svg, entries_svg)
    }
}
