//! Front matter: splits a Markdown file into its `+++` TOML header and body,
//! and turns the header into [`PageMeta`] or [`SectionMeta`]. Pure: input is
//! the file's text, output is data or a located diagnostic.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::bidi::balance_controls;
use crate::diagnostics::{self, Diagnostic, LineIndex, Severity};
use crate::entities::forms::nisba_stem;
use crate::entities::normalize::normalize_phrase;

use crate::model::{
    ActorKind, Assessment, CaseAssessment, CaseMeta, Date, EntryMeta, Located, Outcome, PageMeta, SectionMeta, SortBy,
    Source,
};
use crate::slug;

/// A file split at its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub toml: &'a str,
    /// Byte offset of the TOML in the file's text.
    pub toml_offset: usize,
    /// The Markdown after the closing `+++` line.
    pub body: &'a str,
    /// Line of the file on which the body starts (1-based).
    pub body_line: usize,
}

const FENCE: &str = "+++";
const SHAPE: &str = "a content file starts with a `+++` line, then TOML such as \
                     `title = \"...\"`, then a closing `+++` line, then Markdown";

/// Splits `text` (the whole file, a byte-order mark already removed) at its front matter.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, 1, 1, "the file is empty").with_hint(SHAPE));
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != FENCE {
        return Err(Diagnostic::error(path, 1, 1, "the file does not start with `+++` front matter").with_hint(SHAPE));
    }
    let toml_offset = first.len();
    let mut offset = toml_offset;
    for (index, line) in lines.enumerate() {
        if line.trim_end() == FENCE {
            return Ok(Split {
                toml: &text[toml_offset..offset],
                toml_offset,
                body: &text[offset + line.len()..],
                body_line: index + 3,
            });
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(path, 1, 1, "the front matter opened here is never closed")
            .with_hint("did you forget the closing `+++` line after the TOML?"),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: String,
    date: Option<Spanned<toml::Value>>,
    updated: Option<Spanned<toml::Value>>,
    slug: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    lang: Option<Spanned<String>>,
    #[serde(default)]
    authors: Vec<String>,
    summary: Option<String>,
    source: Option<RawSource>,
    translator: Option<String>,
    weight: Option<i64>,
    template: Option<String>,
    #[serde(default)]
    actors: Vec<Spanned<String>>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    #[serde(default)]
    framework: Vec<Spanned<String>>,
    #[serde(default)]
    entries: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    date_estimated: Option<Spanned<bool>>,
    imported_from: Option<String>,
    source_sha256: Option<String>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: Option<String>,
    url: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    sort_by: SortBy,
    weight: Option<i64>,
    lang: Option<Spanned<String>>,
    template: Option<String>,
    paginate_by: Option<usize>,
    /// Cases were once tables of an index page; they are entries now.
    cases: Option<Spanned<toml::Value>>,
    #[serde(default)]
    matrix: bool,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssessment {
    variable: Spanned<String>,
    assessment: Spanned<String>,
    note: Option<String>,
    evidence: Option<Spanned<String>>,
    quote: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    name: String,
    #[serde(default)]
    draft: bool,
    name_en: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    kind: Option<ActorKind>,
    role: Option<String>,
    country: Option<Spanned<String>>,
    #[serde(default)]
    members: Vec<Spanned<String>>,
    iso: Option<String>,
    #[serde(default)]
    historical: bool,
    number: Option<i64>,
    #[serde(default)]
    adjectives: Vec<Spanned<String>>,
    nisba: Option<Spanned<bool>>,
    #[serde(default)]
    transliterated: bool,
    ambiguous: Option<Spanned<toml::Value>>,
    #[serde(default)]
    years: Vec<i32>,
    #[serde(default)]
    countries: Vec<Spanned<String>>,
    #[serde(default)]
    actors: Vec<Spanned<String>>,
    outcome: Option<Spanned<Outcome>>,
    #[serde(default)]
    assessments: Vec<RawAssessment>,
    #[serde(default)]
    extra: toml::Table,
}

/// Locates problems found after deserialization inside the front matter.
/// Values are located through one [`LineIndex`], made at the first, so
/// that a front matter of many values is located in O(n log n).
struct Locator<'a> {
    path: &'a Path,
    text: &'a str,
    offset: usize,
    lines: OnceCell<LineIndex>,
}

impl<'a> Locator<'a> {
    fn new(path: &'a Path, text: &'a str, offset: usize) -> Self {
        Locator {
            path,
            text,
            offset,
            lines: OnceCell::new(),
        }
    }

    fn locate(&self, value: Spanned<String>) -> Located<String> {
        let (line, col) = self
            .lines
            .get_or_init(|| LineIndex::new(self.text))
            .line_col(self.text, self.offset + value.span().start);
        Located {
            value: value.into_inner(),
            line,
            col,
        }
    }

    fn error<T>(&self, value: &Spanned<T>, message: String, hint: &str) -> Diagnostic {
        Diagnostic::at_offset(self.path, self.text, self.offset + value.span().start, message).with_hint(hint)
    }

    /// An error at the first place `needle` is written inside `value`, or
    /// at `value` (an item of a list, which the list's span holds).
    fn error_inside<T>(&self, value: &Spanned<T>, needle: &str, message: String, hint: &str) -> Diagnostic {
        let span = value.span();
        let inside = self.text[self.offset + span.start..self.offset + span.end].find(needle);
        let at = self.offset + span.start + inside.unwrap_or(0);
        Diagnostic::at_offset(self.path, self.text, at, message).with_hint(hint)
    }
}

/// Splits `text` at its front matter and deserializes the TOML into `T`.
fn read<'t, T: serde::de::DeserializeOwned>(path: &Path, text: &'t str) -> Result<(T, Split<'t>), Diagnostic> {
    let split = split(path, text)?;
    let raw = toml::from_str(split.toml).map_err(|e| diagnostics::from_toml(path, text, split.toml_offset, &e))?;
    Ok((raw, split))
}

/// Parses a page: `text` is the whole file. Returns the metadata and the split.
pub fn parse_page<'a>(path: &Path, text: &'a str) -> Result<(PageMeta, Split<'a>), Diagnostic> {
    let (raw, split) = read::<RawPage>(path, text)?;
    let at = Locator::new(path, text, split.toml_offset);
    let mut warnings = Vec::new();
    if let Some(estimated) = raw.date_estimated.as_ref().filter(|e| *e.get_ref()) {
        let (line, col) = diagnostics::line_col(text, split.toml_offset + estimated.span().start);
        warnings.push(
            Diagnostic::warning(path, line, col, "the date was estimated at import: the text gives none")
                .with_hint("set `date` to the article's date and remove `date_estimated`"),
        );
    }
    let meta = PageMeta {
        title: balanced(raw.title),
        date: raw.date.as_ref().map(|d| parse_date(&at, d)).transpose()?,
        updated: raw.updated.as_ref().map(|d| parse_date(&at, d)).transpose()?,
        slug: raw.slug.as_ref().map(|s| check_slug(&at, s)).transpose()?,
        draft: raw.draft,
        lang: raw.lang.map(|tag| check_language(&at, tag)).transpose()?,
        authors: raw.authors.into_iter().map(balanced).collect(),
        summary: raw.summary.map(balanced),
        source: raw.source.map(|s| check_source(&at, s, &mut warnings)),
        translator: raw.translator.map(balanced),
        weight: raw.weight,
        template: raw.template,
        entries: [
            ("actors", raw.actors),
            ("countries", raw.countries),
            ("framework", raw.framework),
        ]
        .into_iter()
        .map(|(name, list)| (name.to_string(), list))
        .chain(raw.entries)
        .filter(|(_, list)| !list.is_empty())
        .map(|(name, list)| {
            let ids = list.into_iter().map(|id| {
                let Located { value, line, col } = at.locate(id);
                Located {
                    value: value.into_boxed_str(),
                    line,
                    col,
                }
            });
            (name, ids.collect())
        })
        .collect(),
        exclude: raw.exclude.into_iter().map(|id| at.locate(id)).collect(),
        date_estimated: raw.date_estimated.as_ref().is_some_and(|e| *e.get_ref()),
        imported_from: raw.imported_from,
        source_sha256: raw.source_sha256,
        extra: raw.extra,
        warnings,
    };
    Ok((meta, split))
}

/// Parses a section's `_index.md`: `text` is the whole file.
pub fn parse_section<'a>(path: &Path, text: &'a str) -> Result<(SectionMeta, Split<'a>), Diagnostic> {
    let (raw, split) = read::<RawSection>(path, text)?;
    let at = Locator::new(path, text, split.toml_offset);
    if let Some(cases) = &raw.cases {
        return Err(at.error(
            cases,
            "`cases` in an index page are entries now".to_string(),
            "write each case as content/cases/<slug>.md, with `outcome` and [[assessments]] of `variable`, \
             `assessment`, `evidence` and `quote`, and declare [[indexes]] name = \"cases\" assesses = \"framework\" \
             in config.toml (see docs/cases.md)",
        ));
    }
    let meta = SectionMeta {
        title: balanced(raw.title.unwrap_or_default()),
        description: raw.description.map(balanced),
        sort_by: raw.sort_by,
        weight: raw.weight,
        lang: raw.lang.map(|tag| check_language(&at, tag)).transpose()?,
        template: raw.template,
        paginate_by: raw.paginate_by,
        matrix: raw.matrix,
        extra: raw.extra,
    };
    Ok((meta, split))
}

/// Parses a registry entry (content/<index>/<id>.md): `text` is the whole
/// file; `case` when its index `assesses` another (an index of cases).
pub fn parse_entry<'a>(path: &Path, text: &'a str, case: bool) -> Result<(EntryMeta, Split<'a>), Diagnostic> {
    let (mut raw, split) = read::<RawEntry>(path, text)?;
    let at = Locator::new(path, text, split.toml_offset);
    let case = check_case(&at, &mut raw, case)?;
    let adjectives = check_adjectives(&at, raw.adjectives)?;
    let nisba = check_nisba(&at, raw.nisba, &raw.name)?;
    let aliases: Vec<Located<String>> = raw.aliases.into_iter().map(|a| at.locate(a)).collect();
    let forms: Vec<&str> = std::iter::once(raw.name.as_str())
        .chain(aliases.iter().chain(&adjectives).map(|a| a.value.as_str()))
        .collect();
    let ambiguous = check_ambiguous(&at, raw.ambiguous, &forms)?;
    let meta = EntryMeta {
        name: balanced(raw.name),
        name_en: raw.name_en.map(balanced),
        draft: raw.draft,
        aliases,
        kind: raw.kind,
        role: raw.role.map(balanced),
        country: raw.country.map(|c| at.locate(c)),
        members: raw.members.into_iter().map(|m| at.locate(m)).collect(),
        iso: raw.iso,
        historical: raw.historical,
        number: raw.number,
        adjectives,
        nisba,
        transliterated: raw.transliterated,
        ambiguous,
        case,
        extra: raw.extra,
    };
    Ok((meta, split))
}

const CASE_HINT: &str = "an entry of an index of cases has `outcome = \"intervened\"` or \"not-intervened\", \
                         `years`, `countries`, `actors`, and [[assessments]] with `variable`, `assessment`, \
                         `evidence` and `quote`";

/// The case fields of an entry: required in an index of cases (`case`),
/// refused elsewhere.
fn check_case(at: &Locator, raw: &mut RawEntry, case: bool) -> Result<Option<Box<CaseMeta>>, Diagnostic> {
    if !case {
        let first = raw.outcome.as_ref().map(|o| o.span().start).or_else(|| {
            let spans = raw.countries.iter().chain(&raw.actors).map(|c| c.span().start);
            spans
                .chain(raw.assessments.iter().map(|a| a.variable.span().start))
                .min()
        });
        return match first.or((!raw.years.is_empty()).then_some(0)) {
            Some(start) => Err(Diagnostic::at_offset(
                at.path,
                at.text,
                at.offset + start,
                "case fields in an entry of an index that is not of cases".to_string(),
            )
            .with_hint("`years`, `countries`, `actors`, `outcome` and [[assessments]] belong to the entries of an index declared with `assesses` in config.toml")),
            None => Ok(None),
        };
    }
    let Some(outcome) = raw.outcome.take() else {
        return Err(Diagnostic::error(at.path, 1, 1, "this case has no `outcome`").with_hint(CASE_HINT));
    };
    let assessments = std::mem::take(&mut raw.assessments)
        .into_iter()
        .map(|a| check_assessment(at, a))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, a) in assessments.iter().enumerate() {
        if assessments[..i].iter().any(|b| b.variable.value == a.variable.value) {
            let message = format!("`{}` is assessed twice in this case", a.variable.value);
            return Err(Diagnostic::error(at.path, a.variable.line, a.variable.col, message)
                .with_hint("keep one [[assessments]] per variable"));
        }
    }
    let mut years = std::mem::take(&mut raw.years);
    years.sort_unstable();
    Ok(Some(Box::new(CaseMeta {
        years,
        countries: std::mem::take(&mut raw.countries)
            .into_iter()
            .map(|c| at.locate(c))
            .collect(),
        actors: std::mem::take(&mut raw.actors)
            .into_iter()
            .map(|c| at.locate(c))
            .collect(),
        outcome: outcome.into_inner(),
        assessments,
    })))
}

/// One assessment: `present`, `partial` or `absent` with the evidence that
/// supports it, or `not assessed`.
fn check_assessment(at: &Locator, raw: RawAssessment) -> Result<CaseAssessment, Diagnostic> {
    let assessment = match raw.assessment.get_ref().trim() {
        "present" => Some(Assessment::Present),
        "partial" => Some(Assessment::Partial),
        "absent" => Some(Assessment::Absent),
        "not assessed" | "not-assessed" => None,
        other => {
            return Err(at.error(
                &raw.assessment,
                format!("unknown assessment \"{other}\""),
                "write present, partial, absent or \"not assessed\"",
            ));
        }
    };
    if assessment.is_some() && (raw.evidence.is_none() || raw.quote.is_none()) {
        return Err(at.error(
            &raw.assessment,
            "an assessment without evidence".to_string(),
            "add `evidence = \"@/articles/file.md\"` and `quote = \"…\"`, words of the passage that supports it; \
             what no article supports stays \"not assessed\"",
        ));
    }
    Ok(CaseAssessment {
        variable: at.locate(raw.variable),
        assessment,
        note: raw.note.map(balanced),
        evidence: raw.evidence.map(|e| at.locate(e)),
        quote: raw.quote.map(|q| at.locate(q)),
    })
}

const ADJECTIVE_HINT: &str = "an adjective is one word, e.g. adjectives = [\"كازاخي\", \"الكازاخ\"]: a form \
                              ending in ي is inflected (كازاخية، كازاخيون ...), another is matched as written; \
                              a name of several words goes in `aliases`";

/// The declared adjectives of an entry, each one word.
fn check_adjectives(at: &Locator, adjectives: Vec<Spanned<String>>) -> Result<Vec<Located<String>>, Diagnostic> {
    adjectives
        .into_iter()
        .map(|adjective| {
            let folded = normalize_phrase(adjective.get_ref());
            if folded.is_empty() {
                return Err(at.error(&adjective, "the adjective is empty".into(), ADJECTIVE_HINT));
            }
            if folded.contains(' ') {
                let message = format!("the adjective \"{}\" is more than one word", adjective.get_ref());
                return Err(at.error(&adjective, message, ADJECTIVE_HINT));
            }
            Ok(at.locate(adjective))
        })
        .collect()
}

/// `nisba`, which may be `true` only when a nisba can be derived from `name`.
fn check_nisba(at: &Locator, nisba: Option<Spanned<bool>>, name: &str) -> Result<Option<bool>, Diagnostic> {
    match nisba {
        Some(value) if *value.get_ref() && nisba_stem(name).is_none() => Err(at.error(
            &value,
            format!("no nisba can be derived from the name \"{name}\""),
            "derivation needs a name of one word that does not end in ي or و (روسيا → الروسي); \
             remove `nisba = true` and declare the forms in `adjectives`",
        )),
        other => Ok(other.map(Spanned::into_inner)),
    }
}

const AMBIGUOUS_HINT: &str = "write ambiguous = true (every form of the entry) or a list of its forms, \
                              e.g. ambiguous = [\"الجزيرة\"]";

/// The forms `ambiguous` names: all of `forms` for `true`, none for
/// `false`, or those listed, each of which must be one of `forms` (folded).
fn check_ambiguous(
    at: &Locator,
    value: Option<Spanned<toml::Value>>,
    forms: &[&str],
) -> Result<Vec<String>, Diagnostic> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let items = match value.get_ref() {
        toml::Value::Boolean(all) => {
            return Ok(if *all {
                forms.iter().map(|f| f.to_string()).collect()
            } else {
                Vec::new()
            });
        }
        toml::Value::Array(items) => items,
        other => {
            let message = format!(
                "`ambiguous` is true, false or a list of forms, not {}",
                other.type_str()
            );
            return Err(at.error(&value, message, AMBIGUOUS_HINT));
        }
    };
    let known: Vec<String> = forms.iter().map(|f| normalize_phrase(f)).collect();
    items
        .iter()
        .map(|item| match item {
            toml::Value::String(form) if known.contains(&normalize_phrase(form)) => Ok(form.clone()),
            toml::Value::String(form) => Err(at.error_inside(
                &value,
                form,
                format!("the ambiguous form \"{form}\" is not the name, an alias or an adjective of this entry"),
                &format!("its forms are: {}", forms.join("، ")),
            )),
            other => {
                let message = format!("expected a form of the entry, found {}", other.type_str());
                Err(at.error(&value, message, AMBIGUOUS_HINT))
            }
        })
        .collect()
}

/// Text of front matter for display: bidi overrides (U+202D, U+202E), which
/// display letters in reverse order (`invoice\u{202E}fdp.exe` reads
/// "invoiceexe.pdf"), removed; other controls balanced (see
/// [`balance_controls`]). `check` reports each.
fn balanced(text: String) -> String {
    const OVERRIDES: [char; 2] = ['\u{202D}', '\u{202E}'];
    let text = if text.contains(OVERRIDES) {
        text.replace(OVERRIDES, "")
    } else {
        text
    };
    match balance_controls(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(fixed) => fixed,
    }
}

const DATE_HINT: &str = "write a date as 2022-01-07 or a date and time as 2022-01-07T10:30:00+03:00";

fn parse_date(at: &Locator, value: &Spanned<toml::Value>) -> Result<Date, Diagnostic> {
    let parsed = match value.get_ref() {
        toml::Value::Datetime(datetime) => Ok(*datetime),
        toml::Value::String(text) => Datetime::from_str(text).map_err(|e| e.to_string()),
        other => Err(format!("expected a date, found {}", other.type_str())),
    };
    let datetime = parsed.map_err(|reason| at.error(value, format!("invalid date: {reason}"), DATE_HINT))?;
    let Some(date) = datetime.date else {
        return Err(at.error(value, "invalid date: a time without a date".into(), DATE_HINT));
    };
    let time = datetime
        .time
        .map_or((0, 0, 0), |t| (t.hour, t.minute, t.second.unwrap_or(0)));
    Ok(Date {
        key: (date.year, date.month, date.day, time.0, time.1, time.2),
        date: date.to_string(),
        datetime: datetime.to_string(),
        text: String::new(),
    })
}

/// A page's or section's `lang`, which must be a BCP 47 language tag.
fn check_language(at: &Locator, tag: Spanned<String>) -> Result<String, Diagnostic> {
    match crate::config::language_problem(tag.get_ref()) {
        Some(problem) => Err(at.error(
            &tag,
            format!("lang {problem}"),
            "write a BCP 47 language tag, e.g. lang = \"ar\", \"en\" or \"fa-IR\"",
        )),
        None => Ok(tag.into_inner()),
    }
}

fn check_slug(at: &Locator, value: &Spanned<String>) -> Result<String, Diagnostic> {
    let raw = value.get_ref();
    if raw.contains('/') || raw.contains('\\') || raw.contains("..") {
        return Err(at.error(
            value,
            format!("the slug \"{raw}\" contains `/`, `\\` or `..`"),
            "a slug is one path segment; place the file in a folder to nest its address",
        ));
    }
    let slug = slug::slugify(raw);
    if slug.is_empty() {
        return Err(at.error(
            value,
            format!("the slug \"{raw}\" has no letters or digits"),
            "use words, e.g. slug = \"تدخل-روسيا\"",
        ));
    }
    if slug.len() > MAX_SLUG_BYTES {
        return Err(at.error(
            value,
            format!(
                "the slug is {} bytes long; a folder name holds at most {MAX_SLUG_BYTES}",
                slug.len()
            ),
            "shorten it (an Arabic letter takes 2 bytes, so about 120 letters fit)",
        ));
    }
    Ok(slug)
}

/// The longest slug a page may have: it names the page's folder, and file
/// systems allow 255 bytes in a name.
pub const MAX_SLUG_BYTES: usize = 255;

/// The source of an article. Front matter of scraped articles is not the
/// user's own writing: an address that is not http, https, mailto or
/// relative (`javascript:`) is dropped with a warning, its name kept.
fn check_source(at: &Locator, raw: RawSource, warnings: &mut Vec<Diagnostic>) -> Source {
    let url = match raw.url {
        Some(url) if !slug::is_allowed_url(url.get_ref()) => {
            let mut warning = at.error(
                &url,
                format!(
                    "the address \"{}\" is not http, https or relative: dropped",
                    url.get_ref()
                ),
                "only http://, https://, mailto: and relative addresses are linked; the source's name stays",
            );
            warning.severity = Severity::Warning;
            warnings.push(warning);
            None
        }
        other => other.map(Spanned::into_inner),
    };
    Source {
        name: raw.name.map(balanced),
        url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Result<PageMeta, Diagnostic> {
        parse_page(Path::new("a.md"), text).map(|(meta, _)| meta)
    }

    fn entry(text: &str) -> Result<EntryMeta, Diagnostic> {
        parse_entry(Path::new("content/countries/x.md"), text, false).map(|(meta, _)| meta)
    }

    #[test]
    fn entry_keys_for_mentions_are_read() {
        let meta = entry(
            "+++\nname = \"الجزيرة\"\naliases = [\"الجزيرة نت\"]\nadjectives = [\"كازاخي\", \"الكازاخ\"]\n\
             nisba = false\ntransliterated = true\nambiguous = [\"الجزيره\"]\n+++\n",
        )
        .unwrap();
        assert_eq!(meta.adjectives.len(), 2);
        assert_eq!((meta.adjectives[1].line, meta.adjectives[1].col), (4, 25));
        assert_eq!((meta.nisba, meta.transliterated), (Some(false), true));
        assert_eq!(meta.ambiguous, ["الجزيره"]);
        let all = entry("+++\nname = \"الجزيرة\"\naliases = [\"الجزيرة نت\"]\nambiguous = true\n+++\n").unwrap();
        assert_eq!(all.ambiguous, ["الجزيرة", "الجزيرة نت"]);
        let none = entry("+++\nname = \"روسيا\"\n+++\n").unwrap();
        assert_eq!(
            (none.nisba, none.transliterated, none.ambiguous.len()),
            (None, false, 0)
        );
    }

    #[test]
    fn entry_keys_for_mentions_are_checked_where_written() {
        let error = entry("+++\nname = \"روسيا\"\nadjectives = [\"روسي\", \"الروس الجدد\"]\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 23), "{error}");
        assert!(error.message.contains("more than one word") && error.hint.is_some());
        let error = entry("+++\nname = \"الولايات المتحدة\"\nnisba = true\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 9), "{error}");
        assert!(error.hint.unwrap().contains("adjectives"));
        let error = entry("+++\nname = \"الجزيرة\"\nambiguous = [\"الجزيرة\", \"القناة\"]\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 26), "{error}");
        assert!(error.hint.unwrap().contains("الجزيرة"));
        let error = entry("+++\nname = \"الجزيرة\"\nambiguous = \"yes\"\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 13), "{error}");
        let error = entry("+++\nname = \"روسيا\"\ntransliterated = 1\n+++\n").unwrap_err();
        assert_eq!(error.line, 3, "{error}");
    }

    #[test]
    fn split_finds_body_and_its_line() {
        let text = "+++\ntitle = \"x\"\n+++\nنص\n";
        let split = split(Path::new("a.md"), text).unwrap();
        assert_eq!(split.toml, "title = \"x\"\n");
        assert_eq!(split.body, "نص\n");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn crlf_line_endings_are_accepted() {
        let meta = page("+++\r\ntitle = \"x\"\r\ndate = 2022-01-07\r\n+++\r\nنص\r\n").unwrap();
        assert_eq!(meta.title, "x");
        assert_eq!(meta.date.unwrap().date, "2022-01-07");
    }

    #[test]
    fn missing_closing_fence_has_a_hint() {
        let error = page("+++\ntitle = \"x\"\nنص\n").unwrap_err();
        assert_eq!((error.line, error.col), (1, 1));
        assert!(error.hint.unwrap().contains("closing `+++`"));
    }

    #[test]
    fn wrong_type_is_located_at_the_value() {
        let error = page("+++\ntitle = \"x\"\nauthors = \"one\"\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 11), "{error}");
    }

    #[test]
    fn date_as_text_is_parsed_and_invalid_date_located() {
        let meta = page("+++\ntitle = \"x\"\ndate = \"2022-01-07\"\n+++\n").unwrap();
        assert_eq!(meta.date.unwrap().key.0, 2022);
        let error = page("+++\ntitle = \"x\"\ndate = \"2022-13-07\"\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 8), "{error}");
        assert!(error.message.starts_with("invalid date"));
    }

    /// Regression: a slug over 255 bytes passed `check` and failed `build`
    /// with exit 2 and no location.
    #[test]
    fn a_slug_longer_than_a_folder_name_is_located() {
        let long = "ب".repeat(128);
        let error = page(&format!("+++\ntitle = \"x\"\nslug = \"{long}\"\n+++\n")).unwrap_err();
        assert_eq!((error.line, error.col), (3, 8));
        assert!(error.message.contains("256 bytes"), "{}", error.message);
        assert!(page(&format!("+++\ntitle = \"x\"\nslug = \"{}\"\n+++\n", "ب".repeat(127))).is_ok());
    }

    #[test]
    fn an_invalid_lang_is_located() {
        let error = page("+++\ntitle = \"x\"\nlang = \"ar_@@\"\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 8));
        assert!(page("+++\ntitle = \"x\"\nlang = \"en-GB\"\n+++\n").is_ok());
    }

    #[test]
    fn slug_with_path_separators_is_refused() {
        let error = page("+++\ntitle = \"x\"\nslug = \"../x\"\n+++\n").unwrap_err();
        assert_eq!((error.line, error.col), (3, 8));
    }

    #[test]
    fn a_hostile_source_address_is_dropped_with_a_located_warning() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:x",
            "java\\tscript:alert(2)",
            "data:text/html,x",
        ] {
            let text = format!("+++\ntitle = \"x\"\n[source]\nname = \"وكالة\"\nurl = \"{url}\"\n+++\n");
            let meta = page(&text).unwrap();
            let source = meta.source.unwrap();
            assert_eq!((source.name.as_deref(), source.url), (Some("وكالة"), None), "{url}");
            let [warning] = &meta.warnings[..] else {
                panic!("{url}: {:?}", meta.warnings)
            };
            assert_eq!(
                (warning.line, warning.col, warning.severity),
                (5, 7, Severity::Warning),
                "{url}"
            );
        }
        let meta = page("+++\ntitle = \"x\"\n[source]\nurl = \"https://example.org/a\"\n+++\n").unwrap();
        assert!(meta.warnings.is_empty());
    }
}
