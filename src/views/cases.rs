//! Contexts of cases: a case's assessments with their evidence (on its own
//! page), the cases that name an entry (on a variable's, a country's or an
//! actor's page), and the matrix of cases by variables (on index pages).

use serde::Serialize;

use super::{Contexts, Link, link};
use crate::facts::{EntryId, Fact, Reads};
use crate::model::{Assessment, CaseAssessment};
use crate::pictures::heatmap::{self, HeatCell, HeatColumn, HeatGroup, HeatRow};
use crate::slug::{encode_path, fragment};

/// A case's assessment on one variable, as a page shows it.
#[derive(Debug, Serialize)]
pub struct AssessmentView<'a> {
    /// The variable.
    pub variable: Link,
    /// `present`, `partial`, `absent` or `not-assessed`: a class for its colour.
    pub assessment: &'static str,
    /// Its label, shown with the colour.
    pub label: &'static str,
    /// What the articles say, in a few words.
    pub note: Option<&'a str>,
    /// The words quoted from the article.
    pub quote: Option<&'a str>,
    /// Relative href of the passage that holds them.
    pub href: Option<String>,
    /// The article cited.
    pub article: Option<Link>,
}

/// A case as a page shows it.
#[derive(Debug, Serialize)]
pub struct CaseView<'a> {
    /// Entry id.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
    /// English name.
    pub name_en: Option<&'a str>,
    /// Relative href of its page.
    pub href: String,
    /// Its years, written `2020–2021`.
    pub years: String,
    /// `intervened` or `not-intervened`.
    pub outcome: &'static str,
    /// Its label.
    pub outcome_label: &'static str,
    /// The countries involved.
    pub countries: Vec<Link>,
    /// The actors involved.
    pub actors: Vec<Link>,
    /// On its page and in the matrix, one per variable of the assessed
    /// index, in index order; on a variable's page, that variable's only;
    /// elsewhere none.
    pub assessments: Vec<AssessmentView<'a>>,
}

/// The cases of one outcome, in the matrix.
#[derive(Debug, Serialize)]
pub struct CaseGroup<'a> {
    /// `intervened` or `not-intervened`.
    pub outcome: &'static str,
    /// Its label, the heading of the group's rows.
    pub label: &'static str,
    /// The cases, by first year.
    pub cases: Vec<CaseView<'a>>,
}

/// Which assessments a [`CaseView`] carries.
#[derive(Clone, Copy)]
pub(super) enum Shown {
    /// One per variable of the assessed index.
    All,
    /// The one of this variable.
    Of(usize),
    /// None.
    Nothing,
}

impl<'a> Contexts<'a> {
    /// The variables cases of entry kind `kind` are assessed against: the
    /// entries of the index it assesses, or of `kind` itself when it is an
    /// index of variables that some index of cases assesses.
    pub(super) fn case_variables(&self, kind: usize) -> Option<Vec<usize>> {
        let kinds = &self.content.kinds;
        let assessed = kinds[kind]
            .assesses
            .or_else(|| kinds.iter().any(|k| k.assesses == Some(kind)).then_some(kind))?;
        Some(self.members(assessed))
    }

    /// The entries of index `kind`, in index order.
    pub(super) fn members(&self, kind: usize) -> Vec<usize> {
        (0..self.content.entries.len())
            .filter(|&i| self.content.entries[i].kind == kind)
            .collect()
    }

    /// Case `c` as a page at `root` shows it, with the assessments `shown`.
    pub(super) fn case_view(&self, root: &str, c: usize, shown: Shown, reads: &Reads) -> CaseView<'a> {
        let entry = &self.content.entries[c];
        let meta = entry.meta.case.as_deref().expect("a case");
        let links = entry.case.as_deref().expect("cases are resolved with the registry");
        let years: Vec<String> = meta.years.iter().map(i32::to_string).collect();
        let variables = match shown {
            Shown::All => self.case_variables(entry.kind).unwrap_or_default(),
            Shown::Of(v) => vec![v],
            Shown::Nothing => Vec::new(),
        };
        CaseView {
            id: &entry.id,
            name: &entry.meta.name,
            name_en: entry.meta.name_en.as_deref(),
            href: format!("{root}{}", encode_path(&crate::model::output_file(&entry.path))),
            years: years.join("–"),
            outcome: meta.outcome.key(),
            outcome_label: meta.outcome.label(),
            countries: links.countries.iter().map(|&e| self.entry_link(root, e)).collect(),
            actors: links.actors.iter().map(|&e| self.entry_link(root, e)).collect(),
            assessments: variables
                .into_iter()
                .map(|v| self.assessment_view(root, c, v, reads))
                .collect(),
        }
    }

    /// How case `c` stands on variable `v`: "not assessed" unless it says.
    fn assessment_view(&self, root: &str, c: usize, v: usize, reads: &Reads) -> AssessmentView<'a> {
        reads.fact(Fact::Evidence(EntryId(c)));
        let entry = &self.content.entries[c];
        let meta = entry.meta.case.as_deref().expect("a case");
        let links = entry.case.as_deref().expect("cases are resolved with the registry");
        let at = links.variables.iter().position(|&x| x == Some(v));
        let written: Option<&'a CaseAssessment> = at.map(|i| &meta.assessments[i]);
        let evidence = at.and_then(|i| self.knowledge().cases.evidence[c].get(i)?.as_ref());
        let article = evidence.map(|e| {
            let page = &self.content.pages[e.page];
            reads.fact(Fact::Listing(page.id));
            link(root, &page.meta.title, &page.path)
        });
        let assessment = written.and_then(|a| a.assessment);
        AssessmentView {
            variable: self.entry_link(root, v),
            assessment: assessment.map_or("not-assessed", Assessment::key),
            label: assessment.map_or("لم يُقيَّم", Assessment::label),
            note: written.and_then(|a| a.note.as_deref()),
            quote: written.and_then(|a| a.quote.as_ref()).map(|q| q.value.as_str()),
            href: evidence
                .zip(article.as_ref())
                .map(|(e, a)| format!("{}#{}", a.href, fragment(&e.passage))),
            article,
        }
    }

    /// The cases that name entry `i`, in case order; for a variable, every
    /// case assessed against its index, with its assessment ("not
    /// assessed" where the case has none).
    pub(super) fn cases_naming(&self, root: &str, i: usize, reads: &Reads) -> Vec<CaseView<'a>> {
        let content = self.content;
        let kind = content.entries[i].kind;
        let cases = &self.knowledge().cases;
        if content.kinds.iter().any(|k| k.assesses == Some(kind)) {
            let assessing = |c: &&usize| content.kinds[content.entries[**c].kind].assesses == Some(kind);
            return cases
                .case_order
                .iter()
                .filter(assessing)
                .map(|&c| self.case_view(root, c, Shown::Of(i), reads))
                .collect();
        }
        cases.named_by[i]
            .iter()
            .map(|&c| self.case_view(root, c, Shown::Nothing, reads))
            .collect()
    }

    /// The matrix of an index page of kind `kind`: its cases (an index of
    /// cases) or the cases assessed against it (an index of variables),
    /// grouped by outcome.
    pub(super) fn case_groups(&self, root: &str, kind: usize, reads: &Reads) -> Vec<CaseGroup<'a>> {
        if self.case_variables(kind).is_none() {
            return Vec::new();
        }
        let kinds = &self.content.kinds;
        let shown = |c: &usize| {
            let case_kind = self.content.entries[*c].kind;
            case_kind == kind || kinds[case_kind].assesses == Some(kind)
        };
        let mut groups: Vec<CaseGroup> = Vec::new();
        for &c in self.knowledge().cases.case_order.iter().filter(|c| shown(c)) {
            let view = self.case_view(root, c, Shown::All, reads);
            if groups.last().is_none_or(|g| g.outcome != view.outcome) {
                groups.push(CaseGroup {
                    outcome: view.outcome,
                    label: view.outcome_label,
                    cases: Vec::new(),
                });
            }
            groups.last_mut().expect("pushed above").cases.push(view);
        }
        groups
    }

    /// The heatmap of `groups`, the matrix of an index page of kind
    /// `kind` at `root`: `None` without cases or with pictures off.
    pub(super) fn case_heatmap(&self, root: &str, kind: usize, groups: &[CaseGroup]) -> Option<String> {
        if groups.is_empty() || !self.pictures.enabled {
            return None;
        }
        let digits = self.site.digits;
        let variables = self.case_variables(kind)?;
        let columns = variables.iter().enumerate().map(|(j, &v)| {
            let entry = &self.content.entries[v];
            let number = entry.meta.number.and_then(|n| usize::try_from(n).ok()).unwrap_or(j + 1);
            HeatColumn {
                label: crate::pictures::digits(number, digits),
                title: entry.meta.name.clone(),
                href: self.entry_link(root, v).href,
            }
        });
        let rows = |group: &CaseGroup| -> Vec<HeatRow> {
            let row = |case: &CaseView| HeatRow {
                label: case.name.to_string(),
                href: case.href.clone(),
                cells: case
                    .assessments
                    .iter()
                    .map(|a| HeatCell {
                        class: a.assessment,
                        label: a.label,
                        title: format!("{}، {}: {}", case.name, a.variable.title, a.label),
                        href: a.href.clone(),
                    })
                    .collect(),
            };
            group.cases.iter().map(row).collect()
        };
        let groups: Vec<HeatGroup> = groups
            .iter()
            .map(|g| HeatGroup {
                label: g.label.to_string(),
                rows: rows(g),
            })
            .collect();
        let title = "خريطة حرارية للحالات حسب المتغيرات: لون كل خانة وكلمتها تقييم المتغير في الحالة";
        Some(heatmap::draw(
            &columns.collect::<Vec<_>>(),
            &groups,
            title,
            "case-heatmap",
        ))
    }
}
