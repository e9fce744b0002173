//! The driver: runs the stages in order (config → load → templates →
//! Markdown → templates rendering → write) and collects their problems.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, CONTENT_DIR, LoadOptions};
use crate::diagnostics::Diagnostic;
use crate::error::{Error, Result};
use crate::fs;
use crate::markdown::{self, LinkTargets, MarkdownOptions, RenderInput, Rendered};
use crate::model::{Content, SourceFile};
use crate::output::{self, FileContents, OutputFile, WriteStats};
use crate::render::Templates;
use crate::views::{Contexts, index_file};

/// The folder copied to the output as it is.
pub const STATIC_DIR: &str = "static";

/// Static files every site gets unless its static/ has a file of the same name.
const BUILT_IN_STATIC: &[(&str, &str)] = &[("style.css", include_str!("../static/style.css"))];

/// What `fihris build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holds config.toml).
    pub root: PathBuf,
    /// Output folder, overriding config.toml (relative to the current folder).
    pub output_dir: Option<PathBuf>,
    /// Public address, overriding config.toml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Replace a non-empty output folder that fihris did not create.
    pub force: bool,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Pages rendered.
    pub pages: usize,
    /// Sections rendered (home included).
    pub sections: usize,
    /// Files written and kept.
    pub stats: WriteStats,
    /// Warnings of the run.
    pub warnings: Vec<Diagnostic>,
    /// Where the site was written.
    pub output_dir: PathBuf,
    /// Wall time of the build.
    pub elapsed: Duration,
}

/// A loaded site, ready to render.
pub struct Site {
    /// The site root.
    pub root: PathBuf,
    /// Its configuration.
    pub config: Config,
    /// Its content.
    pub content: Content,
    templates: Templates,
    /// Warnings found so far.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site described by `options` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let start = Instant::now();
    let site = Site::load(options)?;
    let output_dir = match &options.output_dir {
        Some(dir) => dir.clone(),
        None => site.root.join(&site.config.output_dir),
    };
    output::check_output_dir(&site.root, &output_dir, options.force)?;
    let (files, warnings) = site.render()?;
    let stats = output::write_atomically(&output_dir, &files)?;
    Ok(BuildSummary {
        pages: site.content.pages.len(),
        sections: site.content.sections.len(),
        stats,
        warnings,
        output_dir,
        elapsed: start.elapsed(),
    })
}

/// Splits problems into warnings, or fails with all of them if any is an error.
fn split_problems(problems: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    if problems.iter().any(Diagnostic::is_error) {
        Err(Error::Site(problems))
    } else {
        Ok(problems)
    }
}

impl Site {
    /// Reads the configuration, content and templates, reporting all of their problems together.
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let root = options.root.clone();
        let mut config = Config::load(&root)?;
        if let Some(url) = &options.base_url {
            let text = format!("base_url = {}", toml::Value::String(url.clone()));
            config.base_url = Config::parse(Path::new("--base-url"), &text)
                .map_err(Error::Site)?
                .base_url;
        }
        let (content, mut problems) = content::load(
            &root,
            &config,
            LoadOptions {
                drafts: options.drafts,
            },
        );
        let templates = match Templates::load(&root) {
            Ok(templates) => Some(templates),
            Err(template_problems) => {
                problems.extend(template_problems);
                None
            }
        };
        if let Some(templates) = &templates {
            problems.extend(missing_templates(&content, templates));
        }
        let warnings = split_problems(problems)?;
        let templates = templates.expect("templates load when there are no errors");
        Ok(Site {
            root,
            config,
            content,
            templates,
            warnings,
        })
    }

    /// Renders every page and section, and lists every output file.
    pub fn render(&self) -> Result<(Vec<OutputFile>, Vec<Diagnostic>)> {
        let targets = self.link_targets();
        let options = MarkdownOptions {
            smart_punctuation: self.config.markdown.smart_punctuation,
        };
        let render_body = |body: &str, file: &SourceFile, dir, path: &str| {
            let input = RenderInput {
                body,
                file,
                dir,
                page_path: path,
                links: &targets,
            };
            markdown::render(&input, options)
        };
        let pages: Vec<Rendered> = self
            .content
            .pages
            .par_iter()
            .map(|p| render_body(&p.body, &p.file, p.dir, &p.path))
            .collect();
        let no_file = SourceFile {
            path: PathBuf::from(CONTENT_DIR),
            body_line: 1,
        };
        let sections: Vec<Rendered> = self
            .content
            .sections
            .par_iter()
            .map(|s| render_body(&s.body, s.file.as_ref().unwrap_or(&no_file), s.dir, &s.path))
            .collect();
        let mut problems = self.warnings.clone();
        problems.extend(
            pages
                .iter()
                .chain(&sections)
                .flat_map(|r| r.problems.iter().cloned()),
        );
        let mut warnings = split_problems(problems)?;

        let contexts = Contexts::new(&self.config, &self.content);
        let mut html: Vec<std::result::Result<OutputFile, Diagnostic>> = self
            .content
            .pages
            .par_iter()
            .zip(&pages)
            .map(|(page, rendered)| {
                let name = page.meta.template.as_deref().unwrap_or("page.html");
                let text = self
                    .templates
                    .render(name, &contexts.page(page, rendered))?;
                Ok(html_file(&page.path, text))
            })
            .collect();
        html.par_extend(self.content.sections.par_iter().zip(&sections).map(
            |(section, rendered)| {
                let default = if section.parent.is_none() {
                    "index.html"
                } else {
                    "section.html"
                };
                let name = section.meta.template.as_deref().unwrap_or(default);
                let text = self
                    .templates
                    .render(name, &contexts.section(section, rendered))?;
                Ok(html_file(&section.path, text))
            },
        ));
        html.push(
            self.templates
                .render("404.html", &contexts.not_found())
                .map(|text| OutputFile {
                    path: "404.html".into(),
                    contents: FileContents::Bytes(text.into_bytes()),
                }),
        );
        let mut files = BTreeMap::new();
        self.add_static_files(
            &mut files,
            pages.iter().chain(&sections).any(|r| r.has_code),
            &mut warnings,
        );
        let mut problems = Vec::new();
        for result in html {
            match result {
                Ok(file) => {
                    files.insert(file.path.clone(), file.contents);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            problems.extend(warnings);
            return Err(Error::Site(problems));
        }
        let files = files
            .into_iter()
            .map(|(path, contents)| OutputFile { path, contents })
            .collect();
        Ok((files, warnings))
    }

    /// Where `@/` links lead: every page, section and content asset.
    fn link_targets(&self) -> LinkTargets {
        let key = |file: &Path| {
            let relative = file.strip_prefix(CONTENT_DIR).unwrap_or(file);
            relative.to_string_lossy().replace('\\', "/")
        };
        let pages = self
            .content
            .pages
            .iter()
            .map(|p| (key(&p.file.path), index_file(&p.path)));
        let sections = self
            .content
            .sections
            .iter()
            .filter_map(|s| s.file.as_ref().map(|f| (key(&f.path), index_file(&s.path))));
        let assets = self.content.assets.iter().map(|a| {
            let relative = fs::relative(&self.root.join(CONTENT_DIR), &a.source);
            (
                relative.to_string_lossy().replace('\\', "/"),
                a.output.clone(),
            )
        });
        pages.chain(sections).chain(assets).collect()
    }

    /// Built-in static files, then the site's static/ over them, then content assets.
    fn add_static_files(
        &self,
        files: &mut BTreeMap<String, FileContents>,
        has_code: bool,
        warnings: &mut Vec<Diagnostic>,
    ) {
        for (name, text) in BUILT_IN_STATIC {
            files.insert(
                name.to_string(),
                FileContents::Bytes(text.as_bytes().to_vec()),
            );
        }
        if has_code {
            let markdown = &self.config.markdown;
            let css = markdown::highlight_stylesheet(
                markdown.highlight_theme.get_ref(),
                markdown.highlight_theme_dark.get_ref(),
            );
            files.insert("syntax.css".into(), FileContents::Bytes(css.into_bytes()));
        }
        let static_dir = self.root.join(STATIC_DIR);
        for file in fs::walk_inside(&self.root, &static_dir, warnings) {
            let path = fs::relative(&static_dir, &file)
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(path, FileContents::Copy(file));
        }
        for asset in &self.content.assets {
            files.insert(
                asset.output.clone(),
                FileContents::Copy(asset.source.clone()),
            );
        }
    }
}

fn html_file(path: &str, text: String) -> OutputFile {
    OutputFile {
        path: index_file(path),
        contents: FileContents::Bytes(text.into_bytes()),
    }
}

/// Pages and sections naming a template that does not exist.
fn missing_templates(content: &Content, templates: &Templates) -> Vec<Diagnostic> {
    let pages = content
        .pages
        .iter()
        .map(|p| (&p.file, p.meta.template.as_deref()));
    let sections = content
        .sections
        .iter()
        .filter_map(|s| s.file.as_ref().map(|f| (f, s.meta.template.as_deref())));
    pages
        .chain(sections)
        .filter_map(|(file, name)| {
            let name = name?;
            (!templates.contains(name)).then(|| {
                Diagnostic::error(
                    &file.path,
                    1,
                    1,
                    format!("template \"{name}\" does not exist"),
                )
                .with_hint(format!("available templates: {}", templates.names()))
            })
        })
        .collect()
}
