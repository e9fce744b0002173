//! Template stage: loads the embedded default templates and the site's own
//! templates/ (a same-named file overrides a default), and renders the small
//! per-page contexts built by the driver into HTML.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

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
        templates.tera.register_filter("date", tera_contrib::dates::date);
        let texts = sources.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()));
        if let Err(e) = templates.tera.add_raw_templates(texts) {
            problems.push(templates.diagnostic(&e));
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

    /// Renders template `name` with `context`.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(context).map_err(|e| self.diagnostic(&e))?;
        self.tera.render(name, &context).map_err(|e| self.diagnostic(&e))
    }

    /// A Tera error as a diagnostic on the template file, at the error's line.
    fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        let origin = |name: &str| self.origins.get(name).cloned().unwrap_or_else(|| PathBuf::from(name));
        match error.kind() {
            ErrorKind::SyntaxError(report) => Diagnostic::error(
                origin(report.filename()),
                report.span().start_line,
                report.span().start_col + 1,
                report.message(),
            )
            .with_hint(
                "check this tag or expression: `{{ value }}` prints, `{% tag %}` controls, each closed on its own",
            ),
            ErrorKind::RenderingError(report) => Diagnostic::error(
                origin(report.filename()),
                report.span().start_line,
                report.span().start_col + 1,
                report.message(),
            )
            .with_hint("the README's \"Templates\" section lists the variables each template receives"),
            ErrorKind::MissingParent { current, parent } => Diagnostic::error(
                origin(current),
                1,
                1,
                format!("extends \"{parent}\", which does not exist"),
            )
            .with_hint(format!("available templates: {}", self.names())),
            other => Diagnostic::error(PathBuf::from(TEMPLATES_DIR), 1, 1, other.to_string()),
        }
    }

    /// The names of all templates, for hints.
    pub fn names(&self) -> String {
        self.origins.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}
