//! Cases stage: after the Markdown of every article is rendered, finds the
//! passage each assessment of each case cites (the one passage of the
//! article that holds its quote, under the folding of mention detection)
//! and which cases name each entry. Problems are located at the quote or
//! the evidence in the case's file.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, LinkTargets, Passage, QuoteMatch, Rendered};
use crate::model::{CaseAssessment, Content, Located};

/// The passage an assessment cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The article (index into `Content::pages`).
    pub page: usize,
    /// The id of the passage that holds the quote.
    pub passage: String,
}

/// What the cases stage found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Casebook {
    /// Per entry (`Content::entries` order), the evidence of each of its
    /// assessments when it is a case (`None` where none was found); empty
    /// for other entries.
    pub evidence: Vec<Vec<Option<Evidence>>>,
    /// Per entry, the cases that name it as a country, an actor or a
    /// variable, in case order ([`Casebook::case_order`]).
    pub named_by: Vec<Vec<usize>>,
    /// Every case, intervened first, then by first year and name.
    pub case_order: Vec<usize>,
}

impl Casebook {
    /// Finds the evidence of every case of `content`, whose articles are
    /// rendered in `pages`; returns it with the problems found.
    pub fn new(content: &Content, targets: &LinkTargets, pages: &[Rendered]) -> (Casebook, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let evidence = content
            .entries
            .iter()
            .map(|entry| {
                let Some(case) = &entry.meta.case else {
                    return Vec::new();
                };
                let found = case.assessments.iter().map(|a| {
                    let result = find_evidence(content, targets, pages, a);
                    result
                        .map_err(|problem| problems.push(problem.at(&entry.file.path)))
                        .ok()
                        .flatten()
                });
                found.collect::<Vec<Option<Evidence>>>()
            })
            .collect();
        let case_order = case_order(content);
        let mut named_by = vec![Vec::new(); content.entries.len()];
        for &c in &case_order {
            let Some(links) = &content.entries[c].case else {
                continue;
            };
            let named = links
                .countries
                .iter()
                .chain(&links.actors)
                .chain(links.variables.iter().flatten());
            for &e in named {
                if named_by[e].last() != Some(&c) {
                    named_by[e].push(c);
                }
            }
        }
        let book = Casebook {
            evidence,
            named_by,
            case_order,
        };
        (book, problems)
    }
}

/// The cases of `content`: intervened first, then by first year, then name.
fn case_order(content: &Content) -> Vec<usize> {
    let mut order: Vec<usize> = (0..content.entries.len())
        .filter(|&i| content.entries[i].meta.case.is_some())
        .collect();
    order.sort_by_key(|&i| {
        let entry = &content.entries[i];
        let case = entry.meta.case.as_ref().expect("filtered on cases");
        (case.outcome, case.years.first().copied(), entry.meta.name.as_str(), i)
    });
    order
}

/// A problem of one assessment, to be placed in its case's file.
struct Problem {
    line: usize,
    col: usize,
    message: String,
    hint: String,
}

impl Problem {
    fn new<T>(at: &Located<T>, message: String, hint: String) -> Problem {
        Problem {
            line: at.line,
            col: at.col,
            message,
            hint,
        }
    }

    fn at(self, path: &Path) -> Diagnostic {
        Diagnostic::error(path, self.line, self.col, self.message).with_hint(self.hint)
    }
}

/// The passage assessment `a` cites: none when it cites none ("not
/// assessed"); an error when its article does not exist or when no
/// passage of it, or several, hold its quote.
fn find_evidence(
    content: &Content,
    targets: &LinkTargets,
    pages: &[Rendered],
    a: &CaseAssessment,
) -> Result<Option<Evidence>, Problem> {
    let Some(evidence) = &a.evidence else {
        return Ok(None);
    };
    let Some(page) = evidence_page(content, targets, &evidence.value) else {
        let message = format!("evidence `{}` names no article", evidence.value);
        let hint = "write it as @/articles/file.md, with `quote` the words it cites".to_string();
        return Err(Problem::new(evidence, message, hint));
    };
    let Some(quote) = &a.quote else {
        let hint = "add `quote = \"…\"` with words of the passage it cites".to_string();
        return Err(Problem::new(evidence, "evidence without a quote".to_string(), hint));
    };
    let start = |p: &Passage| p.text.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    match markdown::find_quote(&pages[page].passages, &quote.value) {
        QuoteMatch::One(passage) => Ok(Some(Evidence {
            page,
            passage: passage.id.clone(),
        })),
        QuoteMatch::None(closest) => Err(Problem::new(
            quote,
            format!("no passage of {} holds the quote", evidence.value),
            closest.map_or("quote words of the article, as written".to_string(), |p| {
                format!("the closest passage is {} «{}…»", p.id, start(p))
            }),
        )),
        QuoteMatch::Several(found) => Err(Problem::new(
            quote,
            format!("{} passages of {} hold the quote", found.len(), evidence.value),
            format!(
                "quote more words, to tell {} apart",
                found
                    .iter()
                    .map(|p| format!("{} «{}…»", p.id, start(p)))
                    .collect::<Vec<_>>()
                    .join(" from ")
            ),
        )),
    }
}

/// The article a case's evidence names (`@/articles/x.md`, a fragment
/// after `#` left out), as a page index: the page whose output file
/// (`output_file`, its path and `index.html`) the reference leads to.
fn evidence_page(content: &Content, targets: &LinkTargets, reference: &str) -> Option<usize> {
    let reference = reference.strip_prefix("@/").unwrap_or(reference);
    let target = reference.split_once('#').map_or(reference, |(t, _)| t);
    let path = targets.get(target)?.strip_suffix("index.html")?;
    content.pages.iter().position(|p| p.path == path)
}
