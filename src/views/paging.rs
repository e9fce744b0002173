//! Lists cut into pages. A list's own address shows its newest articles;
//! each other page, `page/k/`, holds `paginate_by` articles counted from
//! the oldest (`page/1/` holds the oldest). An article added or removed at
//! the newest end changes the first page only, and an address such as
//! `actors/tokayev/page/3/` keeps showing the same articles: a link to it
//! stays true, a host's cache of it stays fresh, and `fihris serve` has
//! one page to render again rather than every page of the list.

use std::ops::Range;

use serde::Serialize;

use super::encode_path;
use crate::facts::ListPage;
use crate::model::{output_file, root_prefix};

/// Pages the pager links to besides the first and the oldest: this many on
/// each side of the current one, so a pager stays short on any list.
const PAGER_NEIGHBOURS: usize = 2;

/// How a list of `len` items, newest first, is cut into pages of `size`
/// (0: all on one page). The first page shows from `size` to twice as many
/// less one; each archived page exactly `size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    len: usize,
    size: usize,
}

impl Paging {
    /// The pages of a list of `len` items shown `size` at a time.
    pub fn new(len: usize, size: usize) -> Paging {
        Paging { len, size }
    }

    /// How many pages the list has besides its first.
    pub fn archived(self) -> usize {
        (self.len.checked_div(self.size).unwrap_or(0)).saturating_sub(1)
    }

    /// Every page, in reading order: the first, then the archived pages
    /// from the newest to the oldest.
    pub fn pages(self) -> impl Iterator<Item = ListPage> {
        let archived = (1..=self.archived()).rev().map(ListPage::Archived);
        std::iter::once(ListPage::First).chain(archived)
    }

    /// The positions `page` shows, counted from the oldest item (the first
    /// page: from the newest archived one on).
    pub fn from_oldest(self, page: ListPage) -> Range<usize> {
        match page {
            ListPage::First => self.archived() * self.size..usize::MAX,
            ListPage::Archived(k) => (k - 1) * self.size..k * self.size,
        }
    }

    /// The positions `page` shows, counted from the newest item.
    pub fn shown(self, page: ListPage) -> Range<usize> {
        let oldest = self.from_oldest(page);
        self.len - oldest.end.min(self.len)..self.len - oldest.start.min(self.len)
    }

    /// Whether the pager of `page` changes with the number of pages: the
    /// first page's does, and those whose neighbours reach the newest
    /// archived page.
    pub fn reads_count(self, page: ListPage) -> bool {
        match page {
            ListPage::First => true,
            ListPage::Archived(k) => k + PAGER_NEIGHBOURS + 1 >= self.archived(),
        }
    }

    /// The site path of `page` of the list at `base`.
    pub fn path(base: &str, page: ListPage) -> String {
        match page {
            ListPage::First => base.to_string(),
            ListPage::Archived(k) => format!("{base}page/{k}/"),
        }
    }

    /// The pager of `page` of the list at `base`, which runs newest first
    /// when `by_date`: none when the list has one page.
    pub fn pagination(self, base: &str, page: ListPage, by_date: bool) -> Option<Pagination> {
        let archived = self.archived();
        if archived == 0 {
            return None;
        }
        let root = root_prefix(&Paging::path(base, page));
        let href = |k: ListPage| format!("{root}{}", encode_path(&output_file(&Paging::path(base, k))));
        // Numbered as the first page were one more archived page.
        let number = |k: ListPage| match k {
            ListPage::First => archived + 1,
            ListPage::Archived(k) => k,
        };
        let page_at = |n: usize| match n > archived {
            true => ListPage::First,
            false => ListPage::Archived(n),
        };
        let current = number(page);
        let near = current.saturating_sub(PAGER_NEIGHBOURS).max(1)..=(current + PAGER_NEIGHBOURS).min(archived + 1);
        let mut numbers: Vec<usize> = [archived + 1, 1].into_iter().chain(near).collect();
        numbers.sort_unstable_by(|a, b| b.cmp(a));
        numbers.dedup();
        let pages = numbers
            .iter()
            .scan(archived + 2, |last, &n| {
                let link = PagerLink {
                    number: (n <= archived).then_some(n),
                    href: href(page_at(n)),
                    current: n == current,
                    gap_before: n + 1 < *last,
                };
                *last = n;
                Some(link)
            })
            .collect();
        Some(Pagination {
            current: (current <= archived).then_some(current),
            total: (page == ListPage::First).then_some(archived + 1),
            previous: (current <= archived).then(|| href(page_at(current + 1))),
            next: (current > 1).then(|| href(page_at(current - 1))),
            pages,
            by_date,
        })
    }
}

/// Where a page is in a list cut into pages (see [`Paging`]).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Pagination {
    /// The number of this page, counted from the oldest: none on the first
    /// page (the newest articles).
    pub current: Option<usize>,
    /// On the first page: how many pages the list has. Elsewhere none, so
    /// that an added page changes no other.
    pub total: Option<usize>,
    /// Relative href of the page of newer articles (`rel="prev"`).
    pub previous: Option<String>,
    /// Relative href of the page of older articles (`rel="next"`).
    pub next: Option<String>,
    /// The pages the pager links to, newest first: the first page, the
    /// neighbours of this one, and the oldest.
    pub pages: Vec<PagerLink>,
    /// Whether the list runs from the newest article to the oldest (an
    /// entry's, a section's sorted by date), so the pager can say newer
    /// and older rather than previous and next.
    pub by_date: bool,
}

/// One page a pager links to.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PagerLink {
    /// Its number, counted from the oldest: none for the first page.
    pub number: Option<usize>,
    /// Relative href.
    pub href: String,
    /// Whether it is the current page.
    pub current: bool,
    /// Whether pages are left out between the previous link and this one.
    pub gap_before: bool,
}

/// Every page of the `lists` (each its items, newest first, and its page
/// size), as (list, page), ordered by the `position` of the first item
/// each page shows (an empty list's one page counts as position 0).
pub fn pages_by_first_item(lists: &[(&[usize], usize)], position: impl Fn(usize) -> usize) -> Vec<(usize, ListPage)> {
    let mut pages: Vec<(usize, usize, ListPage)> = Vec::new();
    for (list, &(items, size)) in lists.iter().enumerate() {
        let paging = Paging::new(items.len(), size);
        for page in paging.pages() {
            let first = items.get(paging.shown(page).start).map_or(0, |&item| position(item));
            pages.push((first, list, page));
        }
    }
    pages.sort_unstable();
    pages.into_iter().map(|(_, list, page)| (list, page)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ListPage::{Archived, First};

    #[test]
    fn the_first_page_shows_the_newest_and_the_others_count_from_the_oldest() {
        let paging = Paging::new(11, 3);
        assert_eq!(paging.archived(), 2);
        assert_eq!(paging.pages().collect::<Vec<_>>(), [First, Archived(2), Archived(1)]);
        // Newest first: 0..5 on the first page, then 5..8, then 8..11.
        assert_eq!(paging.shown(First), 0..5);
        assert_eq!(paging.shown(Archived(2)), 5..8);
        assert_eq!(paging.shown(Archived(1)), 8..11);
        // Short lists, and size 0, keep to one page.
        for (len, size) in [(0, 3), (5, 3), (5, 0), (0, 0)] {
            let paging = Paging::new(len, size);
            assert_eq!(paging.pages().collect::<Vec<_>>(), [First]);
            assert_eq!(paging.shown(First), 0..len);
            assert_eq!(paging.pagination("x/", First, true), None);
        }
    }

    #[test]
    fn every_item_is_on_one_page_and_each_archived_page_is_full() {
        for size in [1, 2, 3, 7] {
            for len in 0..40 {
                let paging = Paging::new(len, size);
                let mut seen = vec![0; len];
                for page in paging.pages() {
                    let shown = paging.shown(page);
                    if let Archived(_) = page {
                        assert_eq!(shown.len(), size, "{len} by {size}: {page:?}");
                    } else if len >= size {
                        assert!(shown.len() >= size && shown.len() < 2 * size.max(1), "{len} by {size}");
                    }
                    shown.for_each(|at| seen[at] += 1);
                }
                assert!(seen.iter().all(|&n| n == 1), "{len} by {size}: {seen:?}");
            }
        }
    }

    /// What [`Paging::reads_count`] and [`Paging::from_oldest`] claim: an
    /// item added at the newest end changes the positions from the oldest
    /// and the pager of no page that reads neither the count nor them.
    #[test]
    fn an_item_added_at_the_newest_end_changes_only_the_pages_that_say_so() {
        for size in [1, 2, 5] {
            for len in 0..60 {
                let (before, after) = (Paging::new(len, size), Paging::new(len + 1, size));
                for page in before.pages().filter(|&p| p != First) {
                    assert!(!before.from_oldest(page).contains(&len));
                    assert_eq!(before.from_oldest(page), after.from_oldest(page));
                    if !before.reads_count(page) || !after.reads_count(page) {
                        let pager = |p: Paging| p.pagination("actors/x/", page, true);
                        assert_eq!(pager(before), pager(after), "{len} by {size}: {page:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn pagers_link_the_first_page_the_neighbours_and_the_oldest() {
        let paging = Paging::new(1000, 2);
        assert_eq!(paging.archived(), 499);
        assert_eq!(Paging::path("actors/x/", Archived(250)), "actors/x/page/250/");
        let pager = paging.pagination("actors/x/", Archived(250), true).unwrap();
        let numbers: Vec<(Option<usize>, bool)> = pager.pages.iter().map(|p| (p.number, p.gap_before)).collect();
        let expected = [
            (None, false),
            (Some(252), true),
            (Some(251), false),
            (Some(250), false),
            (Some(249), false),
            (Some(248), false),
            (Some(1), true),
        ];
        assert_eq!(numbers, expected);
        assert_eq!(pager.current, Some(250));
        assert_eq!(pager.total, None);
        assert_eq!(
            pager.previous.as_deref(),
            Some("../../../../actors/x/page/251/index.html")
        );
        assert_eq!(pager.next.as_deref(), Some("../../../../actors/x/page/249/index.html"));
        let first = paging.pagination("actors/x/", First, true).unwrap();
        let numbers: Vec<Option<usize>> = first.pages.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [None, Some(499), Some(498), Some(1)]);
        assert_eq!((first.current, first.total, first.previous), (None, Some(500), None));
        assert_eq!(first.next.as_deref(), Some("../../actors/x/page/499/index.html"));
        let newest = paging.pagination("actors/x/", Archived(499), true).unwrap();
        assert_eq!(newest.previous.as_deref(), Some("../../../../actors/x/index.html"));
        let oldest = paging.pagination("actors/x/", Archived(1), true).unwrap();
        assert_eq!(oldest.next, None);
    }

    #[test]
    fn pages_of_lists_come_in_the_order_of_their_first_items() {
        // Items are ranked by their value; list 0 pages by 2, list 1 by 2,
        // list 2 is empty, list 3 fits on one page (size 0: all on one).
        let lists: [(&[usize], usize); 4] = [(&[1, 4, 6, 7, 9], 2), (&[0, 2, 3, 5, 8], 2), (&[], 2), (&[3, 9], 0)];
        let order = pages_by_first_item(&lists, |item| item * 10);
        // First items: list 0: 1 (first page, 3 items), 7; list 1: 0, 5;
        // list 2: none (0); list 3: 3.
        let expected = [
            (1, First),
            (2, First),
            (0, First),
            (3, First),
            (1, Archived(1)),
            (0, Archived(1)),
        ];
        assert_eq!(order, expected);
    }
}
