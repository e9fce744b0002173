//! Picture stage, timelines: counts per month (articles, an entry's
//! mentions) as rows of bars on one time axis, each bar a link where the
//! caller gives one. Time runs in the page's direction: on a right-to-left
//! page the first month is at the right, as an Arabic reader reads.

use std::fmt::Write;

use super::layout::Point;
use super::svg::{Anchor, escape, label_width, num, open_svg, push_text};
use crate::bidi::TextDirection;
use crate::model::Date;

/// A month: year and month (1 to 12).
pub type Month = (u16, u8);

/// The month of a date.
pub fn month_of(date: &Date) -> Month {
    (date.key.0, date.key.1)
}

/// Every month from `first` to `last`, both included.
pub fn months_between(first: Month, last: Month) -> Vec<Month> {
    let mut months = Vec::new();
    let mut at = first;
    while at <= last {
        months.push(at);
        at = if at.1 == 12 { (at.0 + 1, 1) } else { (at.0, at.1 + 1) };
    }
    months
}

/// The id of a month on a page: `month-2022-01`.
pub fn month_id(month: Month) -> String {
    format!("month-{:04}-{:02}", month.0, month.1)
}

/// The months of `dates`, first to last, each once: the months the
/// timeline has a page for.
pub fn months_of<'d>(dates: impl Iterator<Item = &'d Date>) -> Vec<Month> {
    let months: std::collections::BTreeSet<Month> = dates.map(month_of).collect();
    months.into_iter().collect()
}

/// The site path of a month's page: `timeline/2022-01/`.
pub fn month_path(month: Month) -> String {
    format!("timeline/{:04}-{:02}/", month.0, month.1)
}

/// The first day of a month, as a front matter date (`2022-01-01`).
pub fn month_date(month: Month) -> String {
    format!("{:04}-{:02}-01", month.0, month.1)
}

/// One row of bars: a count per month of the chart.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Its label at the inline start, and the label's link.
    pub label: Option<(String, String)>,
    /// Count per month, in the chart's order.
    pub counts: Vec<usize>,
    /// What a pointer over each bar shows.
    pub titles: Vec<String>,
    /// Where each bar leads, if anywhere.
    pub hrefs: Vec<Option<String>>,
}

/// What is written under the time axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// The year at each January (and at the first month).
    Years,
    /// The names of the first and the last month.
    Ends,
}

/// Rows of bars on one time axis.
#[derive(Debug, Clone)]
pub struct Chart<'a> {
    /// The months, in order.
    pub months: &'a [Month],
    /// Text under the axis for each month: its year, or its name.
    pub ticks: &'a [String],
    /// The rows, top to bottom.
    pub rows: Vec<Row>,
    /// Width of the picture.
    pub width: f64,
    /// Height of a row's tallest bar.
    pub row_height: f64,
    /// The page's direction: where time starts.
    pub dir: TextDirection,
    /// What the axis shows.
    pub axis: Axis,
}

/// Space between rows, and under the axis for its text.
const GAP: f64 = 8.0;
const AXIS: f64 = 22.0;
/// The widest bar.
const BAR: f64 = 24.0;
/// The widest label column.
const MAX_LABEL: f64 = 240.0;

/// The chart as an `<svg>` titled `title` (id `{id}-title`). All rows share
/// one scale: the tallest bar is the largest count of any row.
pub fn draw(chart: &Chart, title: &str, id: &str) -> String {
    let labels = chart.rows.iter().filter_map(|r| r.label.as_ref());
    let label_column = labels
        .map(|(text, _)| label_width(text) + 8.0)
        .fold(0.0, f64::max)
        .min(MAX_LABEL);
    let plot = (chart.width - label_column).max(40.0);
    let step = plot / chart.months.len().max(1) as f64;
    let rtl = chart.dir == TextDirection::Rtl;
    // The start of month `i`'s slot, whichever way time runs.
    let slot = |i: usize| {
        if rtl {
            plot - (i + 1) as f64 * step
        } else {
            label_column + i as f64 * step
        }
    };
    let most = chart
        .rows
        .iter()
        .flat_map(|r| &r.counts)
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = chart.rows.len() as f64 * (chart.row_height + GAP) + AXIS;
    let mut out = open_svg("picture timeline", (0.0, 0.0, chart.width, height), title, id);
    for (r, row) in chart.rows.iter().enumerate() {
        let base = (r + 1) as f64 * (chart.row_height + GAP) - GAP;
        if let Some((text, href)) = &row.label {
            let (x, anchor) = if rtl {
                (chart.width, Anchor::Right)
            } else {
                (0.0, Anchor::Left)
            };
            let _ = write!(out, "<a href=\"{}\" class=\"row-label\">", escape(href));
            push_text(
                &mut out,
                text,
                Point {
                    x,
                    y: base - chart.row_height / 3.0,
                },
                anchor,
            );
            out.push_str("</a>");
        }
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            num(slot(0).min(slot(chart.months.len().saturating_sub(1)))),
            num(base),
            num(slot(0).max(slot(chart.months.len().saturating_sub(1))) + step),
            num(base)
        );
        for (i, &count) in row.counts.iter().enumerate().filter(|&(_, &c)| c > 0) {
            let tall = (chart.row_height * count as f64 / most).max(1.5);
            // A bar is at most BAR wide, in the middle of its month.
            let width = (step * 0.8).clamp(0.5, BAR);
            let bar = format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                num(slot(i) + (step - width) / 2.0),
                num(base - tall),
                num(width),
                num(tall),
                escape(row.titles.get(i).map_or("", String::as_str))
            );
            match row.hrefs.get(i).and_then(Option::as_ref) {
                Some(href) => {
                    let _ = write!(out, "<a href=\"{}\">{bar}</a>", escape(href));
                }
                None => out.push_str(&bar),
            }
        }
    }
    push_axis(&mut out, chart, height - AXIS / 2.0 + 2.0, &slot, step);
    out.push_str("</svg>");
    out
}

/// The text under the time axis, at `y`: no two pieces closer than their
/// width allows.
fn push_axis(out: &mut String, chart: &Chart, y: f64, slot: &dyn Fn(usize) -> f64, step: f64) {
    let shown: Vec<usize> = match chart.axis {
        Axis::Years => (0..chart.months.len())
            .filter(|&i| i == 0 || chart.months[i].1 == 1)
            .collect(),
        Axis::Ends => {
            let last = chart.months.len().saturating_sub(1);
            if last == 0 { vec![0] } else { vec![0, last] }
        }
    };
    out.push_str("<g class=\"ticks\">");
    let mut last_end: Option<f64> = None;
    let rtl = chart.dir == TextDirection::Rtl;
    for i in shown {
        let Some(text) = chart.ticks.get(i) else { continue };
        let width = label_width(text);
        // Ends sit inside the picture: the first month's at its start,
        // the last's at its end; years are centred on their month.
        let (x, anchor, from) = match (chart.axis, i == 0) {
            (Axis::Ends, true) if rtl => (slot(i) + step, Anchor::Right, slot(i) + step - width),
            (Axis::Ends, true) => (slot(i), Anchor::Left, slot(i)),
            (Axis::Ends, false) if rtl => (slot(i), Anchor::Left, slot(i)),
            (Axis::Ends, false) => (slot(i) + step, Anchor::Right, slot(i) + step - width),
            (Axis::Years, _) => {
                // Centred on its month, but inside the picture.
                let x = (slot(i) + step / 2.0).clamp(width / 2.0 + 2.0, chart.width - width / 2.0 - 2.0);
                (x, Anchor::Middle, x - width / 2.0)
            }
        };
        let (low, high) = (from, from + width);
        if last_end.is_some_and(|edge| if rtl { high > edge - 6.0 } else { low < edge + 6.0 }) {
            continue;
        }
        last_end = Some(if rtl { low } else { high });
        push_text(out, text, Point { x, y }, anchor);
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_across_years() {
        assert_eq!(
            months_between((2021, 11), (2022, 2)),
            [(2021, 11), (2021, 12), (2022, 1), (2022, 2)]
        );
        assert_eq!(months_between((2022, 1), (2022, 1)), [(2022, 1)]);
        assert_eq!(month_id((2022, 1)), "month-2022-01");
    }

    #[test]
    fn bars_link_where_asked_and_time_starts_at_the_inline_start() {
        let months = months_between((2021, 12), (2022, 2));
        let ticks: Vec<String> = vec!["2021".into(), "2022".into(), "".into()];
        let row = Row {
            label: Some(("توكاييف".into(), "../actors/tokayev/index.html".into())),
            counts: vec![2, 0, 1],
            titles: vec!["ديسمبر: 2".into(), String::new(), "فبراير: 1".into()],
            hrefs: vec![Some("#month-2021-12".into()), None, None],
        };
        let chart = Chart {
            months: &months,
            ticks: &ticks,
            rows: vec![row],
            width: 400.0,
            row_height: 40.0,
            dir: TextDirection::Rtl,
            axis: Axis::Years,
        };
        let svg = draw(&chart, "المقالات", "t");
        assert_eq!(svg.matches("<rect").count(), 2, "no bar for an empty month");
        assert!(svg.contains("<a href=\"#month-2021-12\"><rect"));
        // The first month is the rightmost bar.
        let x = |title: &str| {
            let at = svg.find(title).unwrap();
            let rect = svg[..at].rfind("<rect x=\"").unwrap() + 9;
            svg[rect..].split('"').next().unwrap().parse::<f64>().unwrap()
        };
        assert!(x("ديسمبر: 2") > x("فبراير: 1"));
    }
}
