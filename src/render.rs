//! Template stage: loads the embedded default templates and the site's own
//! templates/ (a same-named file overrides a default), and renders the small
//! per-page contexts built by the driver into HTML.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use serde::Serialize;
use tera::{Context, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

use crate::diagnostics::Diagnostic;
use crate::fs;

/// The folder of a site's templates.
pub const TEMPLATES_DIR: &str = "templates";

/// The default templates, embedded in the binary.
const BUILT_IN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("section.html", include_str!("../templates/section.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("entries.html", include_str!("../templates/entries.html")),
    ("entry.html", include_str!("../templates/entry.html")),
    ("framework.html", include_str!("../templates/framework.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("section-header.html", include_str!("../templates/section-header.html")),
    ("pager.html", include_str!("../templates/pager.html")),
    ("graph.html", include_str!("../templates/graph.html")),
    ("map.html", include_str!("../templates/map.html")),
    ("timeline.html", include_str!("../templates/timeline.html")),
    ("pictures-nav.html", include_str!("../templates/pictures-nav.html")),
    ("entry-pictures.html", include_str!("../templates/entry-pictures.html")),
    ("case-matrix.html", include_str!("../templates/case-matrix.html")),
    ("evidence.html", include_str!("../templates/evidence.html")),
    ("timeline-month.html", include_str!("../templates/timeline-month.html")),
    ("atom.xml", include_str!("../templates/atom.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
    ("robots.txt", include_str!("../templates/robots.txt")),
];

/// The loaded templates and where each came from.
pub struct Templates {
    tera: Tera,
    origins: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Loads the defaults, then every file of `root/templates/` over them.
    pub fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let mut sources: BTreeMap<String, (PathBuf, String)> = BUILT_IN
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    (PathBuf::from(format!("(built-in) {name}")), text.to_string()),
                )
            })
            .collect();
        let dir = root.join(TEMPLATES_DIR);
        for file in fs::walk_inside(root, &dir, &mut problems) {
            let name = file
                .strip_prefix(&dir)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let origin = fs::relative(root, &file);
            match fs::read_to_string(&file) {
                Ok(text) => {
                    sources.insert(name, (origin, text));
                }
                Err(e) => problems.push(Diagnostic::error(origin, 1, 1, e.to_string())),
            }
        }
        let origins = sources
            .iter()
            .map(|(name, (origin, _))| (name.clone(), origin.clone()))
            .collect();
        let mut templates = Templates {
            tera: Tera::new(),
            origins,
        };
        let dates = DateCache::default();
        templates
            .tera
            .register_filter("date", move |value: &Value, kwargs: Kwargs, state: &State| {
                dates.format(value, kwargs, state)
            });
        templates.tera.register_filter("digits", written_with_digits);
        let texts = sources.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()));
        if let Err(e) = templates.tera.add_raw_templates(texts) {
            problems.extend(templates.load_diagnostics(&e));
        }
        if problems.iter().any(Diagnostic::is_error) {
            Err(problems)
        } else {
            Ok(templates)
        }
    }

    /// Whether a template of that name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders template `name` with `context`, as UTF-8 bytes (rendering into
    /// a buffer skips re-validating every page as a `String`).
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<Vec<u8>, Diagnostic> {
        let context = Context::from_serialize(context).map_err(|e| self.diagnostic(&e, Some(name)))?;
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, &context, &mut html)
            .map_err(|e| self.diagnostic(&e, Some(name)))?;
        Ok(html)
    }

    /// A Tera error as a diagnostic on the template file, at the error's line;
    /// an error without a place names `rendering`, the template being
    /// rendered, if any.
    fn diagnostic(&self, error: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let origin = |name: &str| self.origins.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
        let at_report = |report: &tera::ReportError, hint: &str| {
            Diagnostic::error(
                origin(report.filename()),
                report.span().start_line,
                report.span().start_col + 1,
                report.message(),
            )
            .with_hint(hint)
        };
        let (path, message, hint) = match error.kind() {
            ErrorKind::SyntaxError(report) => {
                return at_report(
                    report,
                    "check this tag or expression: `{{ value }}` prints, `{% tag %}` controls, each closed on its own",
                );
            }
            ErrorKind::RenderingError(report) => {
                return at_report(report, "docs/templates.md lists the variables each template receives");
            }
            ErrorKind::MissingParent { current, parent } => (
                origin(current),
                format!("extends \"{parent}\", which does not exist"),
                format!("available templates: {}", self.names()),
            ),
            ErrorKind::TemplateNotFound(name) => (
                rendering.map_or_else(|| PathBuf::from(TEMPLATES_DIR), origin),
                format!("template \"{name}\" does not exist"),
                format!("available templates: {}", self.names()),
            ),
            _ => (
                rendering.map_or_else(|| PathBuf::from(TEMPLATES_DIR), origin),
                error.to_string(),
                "a filter or function got an argument it cannot take, or templates include or extend each other in a loop"
                    .to_string(),
            ),
        };
        Diagnostic::error(path, 1, 1, message).with_hint(hint)
    }

    /// The diagnostics of an error found while templates load: Tera reports
    /// its checks across templates (an unknown include, component or
    /// block) as text, each `error: MESSAGE` with ` --> FILE:LINE:COL`,
    /// read here so that each names its file and place.
    fn load_diagnostics(&self, error: &tera::Error) -> Vec<Diagnostic> {
        let ErrorKind::Msg(text) = error.kind() else {
            return vec![self.diagnostic(error, None)];
        };
        let mut found = Vec::new();
        let mut message = None;
        for line in text.lines() {
            if let Some(m) = line.trim_start().strip_prefix("error: ") {
                message = Some(m.to_string());
            } else if let Some(place) = line.trim_start().strip_prefix("--> ")
                && let Some(message) = message.take()
            {
                let mut parts = place.rsplitn(3, ':');
                let col = parts.next().and_then(|c| c.parse().ok()).unwrap_or(1);
                let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(1);
                let name = parts.next().unwrap_or(place);
                let path = self.origins.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
                found.push(
                    Diagnostic::error(path, line, col, message)
                        .with_hint(format!("available templates: {}", self.names())),
                );
            }
        }
        if found.is_empty() {
            found.push(self.diagnostic(error, None));
        }
        found
    }

    /// The names of all templates, for hints.
    pub fn names(&self) -> String {
        self.origins.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// The `digits` filter: a number (or any value) as text, written with the
/// digits config.toml's `digits` names (the `digits` variable every page
/// receives): `{{ entry.mentions | digits }}` gives ١٢ on an Arabic-digit site.
fn written_with_digits(value: &Value, _: Kwargs, state: &State) -> TeraResult<String> {
    let text = match value.as_str() {
        Some(text) => text.to_string(),
        None => value.to_string(),
    };
    Ok(match state.get::<String>("digits")?.as_deref() {
        Some("arabic") => text
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if c.is_ascii_digit() => char::from_u32(0x0660 + d).unwrap_or(c),
                _ => c,
            })
            .collect(),
        _ => text,
    })
}

/// Remembers what the `date` filter returned for each date and arguments.
///
/// The built-in templates print each date's `text`, written at load; a
/// site's own templates may call the filter on every listed article, and a
/// site has far fewer distinct dates than listings, so each result is
/// computed once.
#[derive(Default)]
struct DateCache {
    formatted: RwLock<HashMap<DateKey, String>>,
}

/// The value (as its debug form, which keeps strings and numbers apart) and
/// the arguments of one `date` call.
type DateKey = (String, Option<String>, Option<String>, Option<String>);

impl DateCache {
    fn format(&self, value: &Value, kwargs: Kwargs, state: &State) -> TeraResult<String> {
        let argument = |name| kwargs.get::<&str>(name).ok().flatten().map(str::to_string);
        let key = (
            format!("{value:?}"),
            argument("format"),
            argument("locale"),
            argument("timezone"),
        );
        if let Some(text) = self.formatted.read().ok().and_then(|map| map.get(&key).cloned()) {
            return Ok(text);
        }
        let text = tera_contrib::dates::date(value, kwargs, state)?;
        if let Ok(mut map) = self.formatted.write() {
            map.insert(key, text.clone());
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_dates_keep_each_format_locale_and_value_apart() {
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join(TEMPLATES_DIR);
        std::fs::create_dir_all(&dir).unwrap();
        let text = r#"{% for d in dates %}{{ d | date(locale="ar-u-nu-latn", format="d MMMM y") }}|{{ d | date(locale="ar-u-nu-arab", format="y") }}|{{ d | date(format="%m/%Y") }};{% endfor %}"#;
        std::fs::write(dir.join("dates.html"), text).unwrap();
        let templates = Templates::load(site.path()).unwrap();
        let context = serde_json::json!({"dates": ["2022-01-06", "2022-01-06", "2021-12-31"]});
        let html = String::from_utf8(templates.render("dates.html", &context).unwrap()).unwrap();
        let expected = "6 يناير 2022|٢٠٢٢|01/2022;".repeat(2) + "31 ديسمبر 2021|٢٠٢١|12/2021;";
        assert_eq!(html, expected);
    }
}
