//! The driver: runs the stages in order (config → load → templates →
//! Markdown → templates rendering → write) and collects their problems.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cases::Casebook;
use crate::check;
use crate::collate::Collation;
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, CONTENT_DIR, LoadOptions};
use crate::diagnostics::Diagnostic;
use crate::entities;
use crate::error::{Error, Result};
use crate::facts::{EntryId, Fact, ListId, ListPage, PageId, Reads, Recording, SectionId};
use crate::feeds;
use crate::fs;
use crate::graph;
use crate::markdown::{self, LinkTargets, MarkdownOptions, MentionInput, RenderInput, Rendered};
use crate::model::output_file;
use crate::model::{Content, SourceFile};
use crate::output::{self, Collect, FileContents, OutputFile, Sink, WriteStats};
use crate::render::Templates;
use crate::reporter::{Message, Reporter};
use crate::search;
use crate::views::{self, Contexts, InlineAssets, Knowledge};

/// The folder copied to the output as it is.
pub const STATIC_DIR: &str = "static";

/// The highlighting stylesheet, written when a page has code (unless static/ has one).
pub(crate) const SYNTAX_CSS: &str = "syntax.css";

/// Static files every site gets unless its static/ has a file of the same name.
const BUILT_IN_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../static/style.css")),
    ("favicon.svg", include_str!("../static/favicon.svg")),
    ("search.js", include_str!("../static/search.js")),
    ("search.css", include_str!("../static/search.css")),
];

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
    /// Treat warnings as errors.
    pub strict: bool,
    /// Counts rendered pages, for a progress display.
    pub progress: Option<Arc<Progress>>,
    /// Where messages and stage timings go (nowhere by default).
    pub reporter: Reporter,
}

/// Pages rendered so far out of the total, updated while templates render.
#[derive(Debug, Default)]
pub struct Progress {
    /// Pages, sections and entries rendered.
    pub done: AtomicUsize,
    /// Pages, sections and entries to render.
    pub total: AtomicUsize,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// Pages rendered.
    pub pages: usize,
    /// Registry entries rendered.
    pub entries: usize,
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

/// Reports the time of each stage, when the reporter asks for timings.
struct StageTimer<'r> {
    reporter: &'r Reporter,
    enabled: bool,
    last: std::cell::Cell<Instant>,
    last_cpu: std::cell::Cell<u64>,
}

impl<'r> StageTimer<'r> {
    fn start(reporter: &'r Reporter) -> Self {
        let enabled = reporter.wants_timings();
        StageTimer {
            reporter,
            enabled,
            last: std::cell::Cell::new(Instant::now()),
            last_cpu: std::cell::Cell::new(if enabled { cpu_ticks() } else { 0 }),
        }
    }

    fn lap(&self, stage: &str) {
        if self.enabled {
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let memory = |key: &str| {
                let line = status.lines().find(|l| l.starts_with(key)).unwrap_or_default();
                line.trim_start_matches(key).trim().to_string()
            };
            let cpu = cpu_ticks();
            let line = format!(
                "timing: {stage} {} ms, cpu {} ms (rss {}, peak {})",
                self.last.get().elapsed().as_millis(),
                (cpu - self.last_cpu.get()) * 10,
                memory("VmRSS:"),
                memory("VmHWM:")
            );
            self.reporter.send(Message::Timing(&line));
            self.last.set(Instant::now());
            self.last_cpu.set(cpu);
        }
    }
}

/// User and system CPU time of this process so far, in the kernel's clock
/// ticks (hundredths of a second on Linux), from `/proc/self/stat`; 0 where
/// there is no such file.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which is in parentheses: utime and
    // stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum()
}

/// The rendered Markdown of every page, section and entry. Article pages
/// keep their passages and internal links; their HTML only while the feed
/// needs it, their headings not at all (only the article page shows them).
pub(crate) struct Bodies {
    pub(crate) pages: Vec<Rendered>,
    pub(crate) sections: Vec<Rendered>,
    pub(crate) entries: Vec<Rendered>,
}

impl Bodies {
    /// Every rendered body: pages, sections, entries.
    fn all(&self) -> impl Iterator<Item = &Rendered> {
        self.pages.iter().chain(&self.sections).chain(&self.entries)
    }

    /// Whether any page, section or entry has highlighted code (the site
    /// then needs the syntax stylesheet).
    pub(crate) fn has_code(&self) -> bool {
        self.all().any(|r| r.has_code)
    }
}

/// What a full render computed, kept by `fihris serve` to update the site
/// after an edit without rendering it all again.
pub struct State {
    pub(crate) bodies: Bodies,
    pub(crate) graph: graph::Graph,
    pub(crate) collation: Collation,
    pub(crate) cases: Casebook,
}

/// What rendering found besides the files.
pub struct Report {
    /// Warnings of the run.
    pub warnings: Vec<Diagnostic>,
    /// Entries no article mentions or names.
    pub unnamed: Vec<usize>,
}

/// A site rendered in memory.
pub struct Rendering {
    /// Every output file.
    pub files: Vec<OutputFile>,
    /// Warnings of the run.
    pub warnings: Vec<Diagnostic>,
    /// Entries no article mentions or names.
    pub unnamed: Vec<usize>,
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
    progress: Option<Arc<Progress>>,
    reporter: Reporter,
    /// The mention matcher of the entries, built when first needed.
    matcher: OnceLock<entities::Matcher>,
    /// The stylesheet and icon of 404.html, read before pages render.
    inline: OnceLock<InlineAssets>,
}

/// Builds the site described by `options` into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let start = Instant::now();
    let timer = StageTimer::start(&options.reporter);
    let mut site = Site::load(options)?;
    timer.lap("load");
    let output_dir = match &options.output_dir {
        Some(dir) => dir.clone(),
        None => site.root.join(&site.config.output_dir),
    };
    let checked = output::check_output_dir(&site.root, &output_dir, options.force);
    if let (Err(Error::OutputRefused { path, reason, hint }), None, Some((line, col))) =
        (&checked, &options.output_dir, site.config.output_dir_at)
    {
        let message = format!("refusing output folder {}: {reason}", path.display());
        return Err(Error::site(
            Diagnostic::error(CONFIG_FILE, line, col, message).with_hint(hint.clone()),
        ));
    }
    checked?;
    let writer = output::Writer::start(&output_dir)?;
    let Report { warnings, .. } = site.render_into(&writer)?;
    timer.lap("render and write");
    let stats = writer.finish()?;
    timer.lap("swap");
    Ok(BuildSummary {
        pages: site.content.pages.len(),
        entries: site.content.entries.len(),
        sections: site.content.sections.len(),
        stats,
        warnings,
        output_dir,
        elapsed: start.elapsed(),
    })
}

/// Checks the site described by `options` without writing anything: every
/// build error, broken internal links and anchors, entries no article names,
/// bidi controls in the content. Returns all diagnostics (errors included).
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>> {
    let mut site = match Site::load(options) {
        Ok(site) => site,
        Err(Error::Site(problems)) => return Ok(problems),
        Err(other) => return Err(other),
    };
    // Before rendering, which consumes the articles' Markdown.
    let controls = check::bidi_controls(&site.root, &site.content);
    let rendering = match site.render() {
        Ok(rendering) => rendering,
        Err(Error::Site(problems)) => return Ok(problems),
        Err(other) => return Err(other),
    };
    let mut diagnostics = rendering.warnings;
    diagnostics.extend(check::broken_links(&rendering.files));
    diagnostics.extend(controls);
    for &i in &rendering.unnamed {
        let entry = &site.content.entries[i];
        diagnostics.push(
            Diagnostic::warning(
                &entry.file.path,
                1,
                1,
                format!("no article mentions \"{}\"", entry.meta.name),
            )
            .with_hint("add the spellings the articles use to `aliases`, or name it in a page's front matter"),
        );
    }
    if site.config.strict {
        make_errors(&mut diagnostics);
    }
    Ok(diagnostics)
}

/// Splits problems into warnings, or fails with all of them if any is an
/// error; with `strict`, warnings are errors.
fn split_problems(problems: Vec<Diagnostic>, strict: bool) -> Result<Vec<Diagnostic>> {
    let mut problems = crate::diagnostics::merge_repeated(problems);
    if strict {
        make_errors(&mut problems);
    }
    if problems.iter().any(Diagnostic::is_error) {
        Err(Error::Site(problems))
    } else {
        Ok(problems)
    }
}

/// Makes every warning of `problems` an error (`--strict`).
fn make_errors(problems: &mut [Diagnostic]) {
    for problem in problems.iter_mut().filter(|p| !p.is_error()) {
        problem.severity = crate::diagnostics::Severity::Error;
    }
}

impl Site {
    /// Reads the configuration, content and templates, reporting all of their problems together.
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let root = options.root.clone();
        let mut config = Config::load(&root)?;
        config.strict |= options.strict;
        if let Some(url) = &options.base_url {
            let text = format!("base_url = {}", toml::Value::String(url.clone()));
            config.base_url = Config::parse(Path::new("--base-url"), &text)
                .map_err(Error::Site)?
                .base_url;
        }
        let (content, mut problems) = content::load(&root, &config, LoadOptions { drafts: options.drafts });
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
        let warnings = split_problems(problems, config.strict)?;
        let templates = templates.expect("templates load when there are no errors");
        Ok(Site {
            root,
            config,
            content,
            templates,
            warnings,
            progress: options.progress.clone(),
            reporter: options.reporter.clone(),
            matcher: OnceLock::new(),
            inline: OnceLock::new(),
        })
    }

    /// Renders every page, section and entry, and lists every output file.
    pub fn render(&mut self) -> Result<Rendering> {
        let sink = Collect::default();
        let Report { warnings, unnamed } = self.render_into(&sink)?;
        Ok(Rendering {
            files: sink.into_files(),
            warnings,
            unnamed,
        })
    }

    /// Renders every page, section and entry into `sink`, static files first,
    /// so that a page of the same path wins.
    ///
    /// Rendering consumes the Markdown of the articles: each `body` in
    /// `content.pages` is empty afterwards (their rendered passages hold what
    /// the later stages need), so that a large site never holds its sources
    /// and its output at once.
    ///
    /// The search index is made last, once the cross-link graph is gone, so
    /// that its postings take the graph's memory instead of adding to the
    /// peak.
    pub fn render_into(&mut self, sink: &dyn Sink) -> Result<Report> {
        let (
            report,
            State {
                bodies,
                graph,
                collation,
                cases,
            },
        ) = self.render_state(sink, None)?;
        drop((graph, collation, cases));
        let timer = StageTimer::start(&self.reporter);
        search::put_files(&self.content, &bodies.pages, sink)?;
        timer.lap("search index");
        Ok(report)
    }

    /// Renders like [`Site::render_into`], but for the search index, and
    /// returns what the render computed, for incremental updates
    /// ([`crate::serve::live`]); with `recording`, notes what each page read.
    pub fn render_state(&mut self, sink: &dyn Sink, recording: Option<&Recording>) -> Result<(Report, State)> {
        let sources: Vec<String> = self
            .content
            .pages
            .iter_mut()
            .map(|p| std::mem::take(&mut p.body))
            .collect();
        self.render_sources(sources, sink, recording)
    }

    /// Renders the site whose article bodies are `sources` (in page order).
    fn render_sources(
        &self,
        sources: Vec<String>,
        sink: &dyn Sink,
        recording: Option<&Recording>,
    ) -> Result<(Report, State)> {
        let timer = StageTimer::start(&self.reporter);
        if let Some(progress) = &self.progress {
            let content = &self.content;
            let total = content.pages.len() + content.sections.len() + content.entries.len();
            progress.total.store(total, Ordering::Relaxed);
        }
        // Static files go first, so that a page of the same path wins.
        let mut static_problems = Vec::new();
        let static_files = self.static_files(&mut static_problems);
        let has_syntax_css = static_files.contains_key(SYNTAX_CSS);
        for (path, contents) in static_files {
            sink.put(OutputFile { path, contents })?;
        }
        if self.inline.get().is_none() {
            let _ = self.inline.set(self.inline_assets()?);
        }
        let targets = self.link_targets();
        let contexts = Contexts::new(&self.config, &self.content);
        // Sorted once: for the feed's articles, whose HTML the Markdown pass
        // keeps for the feed, and for the graph's lists.
        let order = graph::pages_newest_first(&self.content);
        let feed = feeds::feed_of(&self.content, &order);
        let (bodies, page_problems) = self.render_bodies(sources, &targets, &contexts, &feed, sink, recording)?;
        timer.lap("markdown and article pages");
        let mut problems = self.warnings.clone();
        problems.extend(bodies.all().flat_map(|r| r.problems.iter().cloned()));
        let (cases, case_problems) = Casebook::new(&self.content, &targets, &bodies.pages);
        problems.extend(case_problems);
        problems.extend(page_problems);
        problems.extend(static_problems);
        problems.extend(self.content.pages.iter().flat_map(|p| p.meta.warnings.iter().cloned()));
        let warnings = split_problems(problems, self.config.strict)?;

        let graph = graph::build(&self.content, &bodies.pages, order);
        timer.lap("cross-links");
        if bodies.has_code() && !has_syntax_css {
            sink.put(self.syntax_stylesheet())?;
        }
        let collation = Collation::new(self.config.collation_locale());
        let knowledge = Knowledge {
            graph: &graph,
            pages: &bodies.pages,
            entry_bodies: &bodies.entries,
            section_bodies: &bodies.sections,
            collation: &collation,
            cases: &cases,
        };
        let contexts = contexts.with_knowledge(knowledge);
        // Every page but the articles, rendered with their Markdown.
        let pages = self.pages(&contexts);
        let others = &pages[self.content.pages.len()..];
        let no_article =
            |_: usize| -> Result<Cow<Rendered>> { unreachable!("articles are rendered with their Markdown") };
        let mut problems = self.render_pages(&contexts, others, &no_article, sink, recording)?;
        drop(contexts);
        timer.lap("templates");
        if !problems.is_empty() {
            problems.extend(warnings);
            return Err(Error::Site(problems));
        }
        // A case that cites its articles is not left out of them.
        let unnamed = (0..self.content.entries.len())
            .filter(|&i| graph.entries[i].pages.is_empty() && !cases.evidence[i].iter().any(Option::is_some))
            .collect();
        let state = State {
            bodies,
            graph,
            collation,
            cases,
        };
        Ok((Report { warnings, unnamed }, state))
    }

    /// Renders the Markdown of every page (with mention detection), section
    /// and entry, in parallel. Each article page is rendered and delivered to
    /// `sink` as soon as its Markdown is; its headings are then dropped, and
    /// its HTML unless the feed needs it: the rest of the build needs its
    /// passages (and `serve` its links). `feed` is the feed's articles
    /// ([`feeds::feed_of`]).
    /// Returns the bodies and the problems of the page templates.
    fn render_bodies(
        &self,
        sources: Vec<String>,
        targets: &LinkTargets,
        contexts: &Contexts,
        feed: &[usize],
        sink: &dyn Sink,
        recording: Option<&Recording>,
    ) -> Result<(Bodies, Vec<Diagnostic>)> {
        let pass = self.markdown_pass(targets);
        let mut in_feed = vec![false; self.content.pages.len()];
        for &p in feed {
            in_feed[p] = true;
        }
        let pages = sources.into_par_iter().enumerate().map(|(i, source)| {
            let mut rendered = pass.page(&self.content.pages[i], &source);
            drop(source);
            self.count_progress();
            let page = PageId::Article(self.content.pages[i].id);
            let problem = deliver(sink, self.render_recorded(contexts, page, Some(&rendered), recording))?;
            if !in_feed[i] {
                rendered.html = String::new();
            }
            // Only the page itself shows its headings. Its links stay:
            // `serve` checks them before it takes an article out.
            rendered.headings = Vec::new();
            Ok((rendered, problem))
        });
        let pages: Vec<(Rendered, Option<Diagnostic>)> = pages.collect::<Result<_>>()?;
        let (pages, problems): (Vec<Rendered>, Vec<Option<Diagnostic>>) = pages.into_iter().unzip();
        let no_file = SourceFile {
            path: PathBuf::from(CONTENT_DIR),
            body_line: 1,
        };
        let sections = self.content.sections.par_iter().map(|s| {
            let file = s.file.as_ref().unwrap_or(&no_file);
            pass.render(&s.body, file, s.dir, &s.path, None)
        });
        let entries = self
            .content
            .entries
            .par_iter()
            .map(|e| pass.render(&e.body, &e.file, e.dir, &e.path, None));
        let bodies = Bodies {
            pages,
            sections: sections.collect(),
            entries: entries.collect(),
        };
        Ok((bodies, problems.into_iter().flatten().collect()))
    }

    /// What rendering Markdown needs besides the text.
    pub(crate) fn markdown_pass<'s>(&'s self, targets: &'s LinkTargets) -> MarkdownPass<'s> {
        let markdown = &self.config.markdown;
        MarkdownPass {
            options: MarkdownOptions {
                smart_punctuation: markdown.smart_punctuation,
                trust_html: markdown.trust_html,
            },
            // Built once: updates in place never change the entries.
            matcher: self
                .matcher
                .get_or_init(|| entities::matcher(&self.content.entries, &self.content.kinds)),
            entry_files: self.content.entries.iter().map(|e| output_file(&e.path)).collect(),
            targets,
        }
    }

    /// Counts one page, section or entry rendered, for the progress display.
    fn count_progress(&self) {
        if let Some(progress) = &self.progress {
            progress.done.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Every page of the site: the articles first, then the pages of each
    /// section (its index page, or the pages of its list), the pages of
    /// the entries (in the order of the first article each lists, so that
    /// pages quoting the same passages render together), search, 404, feed,
    /// sitemap and robots.txt.
    pub(crate) fn pages(&self, contexts: &Contexts) -> Vec<PageId> {
        let content = &self.content;
        let articles = content.pages.iter().map(|p| PageId::Article(p.id));
        let sections = content.sections.iter().enumerate().flat_map(|(i, section)| {
            let pages = match section.kind {
                Some(_) => views::Paging::new(0, 0),
                None => Contexts::section_paging(section),
            };
            pages.pages().map(move |page| PageId::Section(SectionId(i), page))
        });
        let entries = contexts.entry_pages_by_articles().into_iter();
        let entries = entries.map(|(entry, page)| PageId::Entry(entry, page));
        let publishing = [PageId::Search, PageId::NotFound, PageId::Robots];
        let paths = self.picture_paths();
        let pictures = [
            (PageId::Graph, views::GRAPH_PATH),
            (PageId::Map, views::MAP_PATH),
            (PageId::Timeline, views::TIMELINE_PATH),
        ];
        let months = match paths.contains(&views::TIMELINE_PATH) {
            true => contexts.timeline_months(),
            false => Vec::new(),
        };
        let pictures = pictures
            .into_iter()
            .filter(|(_, path)| paths.contains(path))
            .map(|(page, _)| page)
            .chain(months.into_iter().map(|(year, month)| PageId::Month(year, month)));
        let linked = self
            .config
            .base_url
            .is_some()
            .then_some([PageId::Feed, PageId::Sitemap]);
        articles
            .chain(sections)
            .chain(entries)
            .chain(publishing)
            .chain(pictures)
            .chain(linked.into_iter().flatten())
            .collect()
    }

    /// Renders `pages` in parallel and hands their files to `sink`: the one
    /// way pages render, for a build (every page) as for `serve` (the pages
    /// that read a changed fact). `body` gives the Markdown of article `i`.
    /// With `recording`, notes what each page read. Returns the problems of
    /// the templates.
    pub(crate) fn render_pages<'b>(
        &self,
        contexts: &Contexts,
        pages: &[PageId],
        body: &(dyn Fn(usize) -> Result<Cow<'b, Rendered>> + Sync),
        sink: &dyn Sink,
        recording: Option<&Recording>,
    ) -> Result<Vec<Diagnostic>> {
        let problems = pages.par_iter().map(|&page| {
            if matches!(
                page,
                PageId::Section(_, ListPage::First) | PageId::Entry(_, ListPage::First)
            ) {
                self.count_progress();
            }
            let rendered = match page {
                PageId::Article(id) => Some(body(self.content.article(id).expect("an article of the site"))?),
                _ => None,
            };
            deliver(
                sink,
                self.render_recorded(contexts, page, rendered.as_deref(), recording),
            )
        });
        let problems: Vec<Option<Diagnostic>> = problems.collect::<Result<_>>()?;
        Ok(problems.into_iter().flatten().collect())
    }

    /// The site paths of the picture pages the site has: none with
    /// `[pictures]` off, and none where a section of the content is.
    fn picture_paths(&self) -> Vec<&'static str> {
        let paths = [views::GRAPH_PATH, views::MAP_PATH, views::TIMELINE_PATH];
        let free = |path: &&str| !self.content.sections.iter().any(|s| s.path == *path);
        match self.config.pictures.enabled {
            true => paths.into_iter().filter(free).collect(),
            false => Vec::new(),
        }
    }

    /// Renders `page` with [`Site::render_file`], noting what it read in
    /// `recording` when given.
    fn render_recorded(
        &self,
        contexts: &Contexts,
        page: PageId,
        body: Option<&Rendered>,
        recording: Option<&Recording>,
    ) -> std::result::Result<Option<OutputFile>, Diagnostic> {
        let reads = if recording.is_some() { Reads::on() } else { Reads::off() };
        let file = self.render_file(contexts, page, body, &reads)?;
        if let (Some(recording), Some(file)) = (recording, &file) {
            recording.add(page, file.path.clone(), reads.into_reads());
        }
        Ok(file)
    }

    /// Renders `page` (an article from its Markdown `body`) by its
    /// template, noting in `reads` the facts its context reads. `None` for
    /// a file the site does not have (feed and sitemap without base_url).
    fn render_file(
        &self,
        contexts: &Contexts,
        page: PageId,
        body: Option<&Rendered>,
        reads: &Reads,
    ) -> std::result::Result<Option<OutputFile>, Diagnostic> {
        let file = match page {
            PageId::Article(id) => {
                let i = self.content.article(id).expect("an article of the site");
                self.article_file(contexts, i, body.expect("an article renders with its Markdown"), reads)?
            }
            PageId::Section(section, page) => {
                let rendered = &contexts.knowledge().section_bodies[section.0];
                self.section_file(contexts, section, page, rendered, reads)?
            }
            PageId::Entry(entry, page) => self.entry_file(contexts, entry, page, reads)?,
            PageId::Feed => return self.feed_file(contexts, reads),
            PageId::Sitemap => {
                reads.fact(Fact::Articles);
                for page in &self.content.pages {
                    reads.fact(Fact::Listing(page.id));
                }
                return self.sitemap_file();
            }
            PageId::Robots => self.robots_file()?,
            PageId::Search => html_file("search/", self.templates.render("search.html", &contexts.search())?),
            PageId::Graph => html_file(
                views::GRAPH_PATH,
                self.templates.render("graph.html", &contexts.graph_page(reads))?,
            ),
            PageId::Map => html_file(
                views::MAP_PATH,
                self.templates.render("map.html", &contexts.map_page(reads))?,
            ),
            PageId::Timeline => {
                let page = contexts.timeline_page(reads);
                html_file(views::TIMELINE_PATH, self.templates.render("timeline.html", &page)?)
            }
            PageId::Month(year, month) => {
                let page = contexts.month_page((year, month), reads);
                let path = crate::pictures::timeline::month_path((year, month));
                html_file(&path, self.templates.render("timeline-month.html", &page)?)
            }
            PageId::NotFound => {
                let assets = self.inline.get().expect("read before pages render").clone();
                let text = self.templates.render("404.html", &contexts.not_found(assets))?;
                OutputFile {
                    path: "404.html".into(),
                    contents: FileContents::Bytes(text),
                }
            }
        };
        Ok(Some(file))
    }

    /// `atom.xml`: the newest dated articles, with their HTML. It reads the
    /// positions of the list of the newest up to the last it shows (all of
    /// them when it has room for more) and each article it carries.
    fn feed_file(&self, contexts: &Contexts, reads: &Reads) -> std::result::Result<Option<OutputFile>, Diagnostic> {
        let knowledge = contexts.knowledge();
        let feed = feeds::feed_of(&self.content, knowledge.graph.newest_first());
        let shown = match feed.last() {
            Some(&last) if feed.len() == feeds::FEED_LENGTH => knowledge.graph.position(last) + 1,
            _ => usize::MAX,
        };
        reads.slots(ListId::Newest, 0..shown);
        for &p in &feed {
            reads.fact(Fact::Article(self.content.pages[p].id));
        }
        self.atom_file(knowledge.pages, &feed)
    }

    /// `page` of section `id`: its index page (an index kind's section,
    /// which has one) or a page of its list.
    fn section_file(
        &self,
        contexts: &Contexts,
        id: SectionId,
        page: ListPage,
        rendered: &Rendered,
        reads: &Reads,
    ) -> std::result::Result<OutputFile, Diagnostic> {
        let section = &self.content.sections[id.0];
        match section.kind {
            Some(kind) => {
                let name = section.meta.template.as_deref().unwrap_or("entries.html");
                let text = self
                    .templates
                    .render(name, &contexts.index(section, kind, rendered, reads))?;
                Ok(html_file(&section.path, text))
            }
            None => {
                let default = if section.parent.is_none() {
                    "index.html"
                } else {
                    "section.html"
                };
                let name = section.meta.template.as_deref().unwrap_or(default);
                let (path, context) = contexts.section_page(id, rendered, page, reads);
                let text = self.templates.render(name, &context)?;
                Ok(html_file(&path, text))
            }
        }
    }

    /// `atom.xml`, rendered by its template, if base_url is set: the feed
    /// of the articles `dated`, whose HTML `pages` still hold.
    fn atom_file(&self, pages: &[Rendered], dated: &[usize]) -> std::result::Result<Option<OutputFile>, Diagnostic> {
        feeds::atom(&self.config, &self.content, pages, dated)
            .map(|feed| self.publishing_file("atom.xml", &FeedTemplate { feed }))
            .transpose()
    }

    /// `sitemap.xml`, rendered by its template, if base_url is set.
    fn sitemap_file(&self) -> std::result::Result<Option<OutputFile>, Diagnostic> {
        let mut more: Vec<String> = self.picture_paths().into_iter().map(str::to_string).collect();
        if more.iter().any(|p| p == views::TIMELINE_PATH) {
            // The timeline's month pages: the months of the dated articles,
            // which the sitemap reads as their listings.
            let dates = self.content.pages.iter().filter_map(|p| p.meta.date.as_ref());
            let months = crate::pictures::timeline::months_of(dates);
            more.extend(months.into_iter().map(crate::pictures::timeline::month_path));
        }
        feeds::sitemap(&self.config, &self.content, &more)
            .map(|sitemap| self.publishing_file("sitemap.xml", &sitemap))
            .transpose()
    }

    /// `robots.txt`, rendered by its template.
    fn robots_file(&self) -> std::result::Result<OutputFile, Diagnostic> {
        self.publishing_file("robots.txt", &feeds::robots(&self.config))
    }

    fn publishing_file(
        &self,
        name: &str,
        context: &impl serde::Serialize,
    ) -> std::result::Result<OutputFile, Diagnostic> {
        Ok(OutputFile {
            path: name.into(),
            contents: FileContents::Bytes(self.templates.render(name, context)?),
        })
    }

    /// `page` of `entry`.
    fn entry_file(
        &self,
        contexts: &Contexts,
        entry: EntryId,
        page: ListPage,
        reads: &Reads,
    ) -> std::result::Result<OutputFile, Diagnostic> {
        let (path, context) = contexts.entry_page(entry, page, reads);
        let text = self.templates.render("entry.html", &context)?;
        Ok(html_file(&path, text))
    }

    /// The page of article `i`, whose Markdown is `rendered`.
    fn article_file(
        &self,
        contexts: &Contexts,
        i: usize,
        rendered: &Rendered,
        reads: &Reads,
    ) -> std::result::Result<OutputFile, Diagnostic> {
        let page = &self.content.pages[i];
        let name = page.meta.template.as_deref().unwrap_or("page.html");
        let html = self.templates.render(name, &contexts.page(i, rendered, reads))?;
        Ok(html_file(&page.path, html))
    }

    /// Where `@/` links lead: every page, section and content asset.
    pub(crate) fn link_targets(&self) -> LinkTargets {
        let key = |file: &Path| {
            let relative = file.strip_prefix(CONTENT_DIR).unwrap_or(file);
            relative.to_string_lossy().replace('\\', "/")
        };
        let pages = self
            .content
            .pages
            .iter()
            .map(|p| (key(&p.file.path), output_file(&p.path)));
        let entries = self
            .content
            .entries
            .iter()
            .map(|e| (key(&e.file.path), output_file(&e.path)));
        let sections = self
            .content
            .sections
            .iter()
            .filter_map(|s| s.file.as_ref().map(|f| (key(&f.path), output_file(&s.path))));
        let assets = self.content.assets.iter().map(|a| {
            let relative = fs::relative(&self.root.join(CONTENT_DIR), &a.source);
            (relative.to_string_lossy().replace('\\', "/"), a.output.clone())
        });
        pages.chain(entries).chain(sections).chain(assets).collect()
    }

    /// Built-in static files, then the site's static/ over them, then content
    /// assets. The syntax stylesheet is added later, once the Markdown shows
    /// whether any page needs it.
    fn static_files(&self, warnings: &mut Vec<Diagnostic>) -> BTreeMap<String, FileContents> {
        let mut files = BTreeMap::new();
        for (name, text) in BUILT_IN_STATIC {
            files.insert(name.to_string(), FileContents::Bytes(text.as_bytes().to_vec()));
        }
        let static_dir = self.root.join(STATIC_DIR);
        for file in fs::walk_inside(&self.root, &static_dir, warnings) {
            let path = fs::relative(&static_dir, &file).to_string_lossy().replace('\\', "/");
            files.insert(path, FileContents::Copy(file));
        }
        for asset in &self.content.assets {
            files.insert(asset.output.clone(), FileContents::Copy(asset.source.clone()));
        }
        files
    }

    /// The stylesheet and icon that 404.html carries inside itself: the
    /// site's own in static/, else the built-in ones.
    fn inline_assets(&self) -> Result<InlineAssets> {
        let text = |name: &str| -> Result<String> {
            let own = self.root.join(STATIC_DIR).join(name);
            if own.is_file() {
                return fs::read_to_string(&own);
            }
            let built_in = BUILT_IN_STATIC.iter().find(|(n, _)| *n == name);
            Ok(built_in.map_or("", |(_, text)| text).to_string())
        };
        Ok(InlineAssets::new(&text("style.css")?, &text("favicon.svg")?))
    }

    /// The highlighting stylesheet of the configured themes.
    pub(crate) fn syntax_stylesheet(&self) -> OutputFile {
        let markdown = &self.config.markdown;
        let css = markdown::highlight_stylesheet(
            markdown.highlight_theme.get_ref(),
            markdown.highlight_theme_dark.get_ref(),
        );
        OutputFile {
            path: SYNTAX_CSS.into(),
            contents: FileContents::Bytes(css.into_bytes()),
        }
    }
}

/// What rendering Markdown needs besides the text: options, the mention
/// matcher and where `@/` links and entries lead. Built once per render.
pub(crate) struct MarkdownPass<'s> {
    options: MarkdownOptions,
    matcher: &'s entities::Matcher,
    entry_files: Vec<String>,
    targets: &'s LinkTargets,
}

impl MarkdownPass<'_> {
    /// Renders one Markdown body.
    fn render(
        &self,
        body: &str,
        file: &SourceFile,
        dir: crate::bidi::TextDirection,
        page_path: &str,
        mentions: Option<MentionInput>,
    ) -> Rendered {
        let input = RenderInput {
            body,
            file,
            dir,
            page_path,
            links: self.targets,
            mentions,
        };
        markdown::render(&input, self.options)
    }

    /// Renders `body`, the Markdown of article `page`, with mention detection.
    pub(crate) fn page(&self, page: &crate::model::Page, body: &str) -> Rendered {
        let mentions = MentionInput {
            matcher: self.matcher,
            entry_files: &self.entry_files,
            excluded: &page.excluded_entries,
        };
        self.render(body, &page.file, page.dir, &page.path, Some(mentions))
    }
}

/// Hands a rendered file (if any) to `sink`, or returns its template problem.
fn deliver(sink: &dyn Sink, file: std::result::Result<Option<OutputFile>, Diagnostic>) -> Result<Option<Diagnostic>> {
    match file {
        Ok(Some(file)) => sink.put(file).map(|()| None),
        Ok(None) => Ok(None),
        Err(problem) => Ok(Some(problem)),
    }
}

fn html_file(path: &str, html: Vec<u8>) -> OutputFile {
    OutputFile {
        path: output_file(path),
        contents: FileContents::Bytes(html),
    }
}

/// What `atom.xml` renders: the feed, under the name `feed`.
#[derive(serde::Serialize)]
struct FeedTemplate<'a> {
    feed: feeds::FeedContext<'a>,
}

/// Pages and sections naming a template that does not exist.
fn missing_templates(content: &Content, templates: &Templates) -> Vec<Diagnostic> {
    let pages = content.pages.iter().map(|p| (&p.file, p.meta.template.as_deref()));
    let sections = content
        .sections
        .iter()
        .filter_map(|s| s.file.as_ref().map(|f| (f, s.meta.template.as_deref())));
    pages
        .chain(sections)
        .filter_map(|(file, name)| {
            let name = name?;
            (!templates.contains(name)).then(|| {
                Diagnostic::error(&file.path, 1, 1, format!("template \"{name}\" does not exist"))
                    .with_hint(format!("available templates: {}", templates.names()))
            })
        })
        .collect()
}
