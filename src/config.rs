//! Configuration stage: reads `config.toml` into [`Config`], rejecting
//! unknown keys with their position and the nearest known key.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::bidi::TextDirection;
use crate::diagnostics::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::fs;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "config.toml";

/// Syntax highlighting themes shipped in the binary.
pub const HIGHLIGHT_THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (dark)",
    "Solarized (light)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
];

/// The site configuration, from `config.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The site's title.
    pub title: String,
    /// A one-line description, used on the home page and in metadata.
    pub description: String,
    /// The public address of the site, e.g. `https://example.org/kz/`.
    /// Only canonical and absolute URLs use it; links stay relative.
    pub base_url: Option<String>,
    /// The language of pages that do not name one (BCP 47, e.g. `ar`).
    pub default_language: String,
    /// Where `fihris build` writes the site, relative to the site root.
    pub output_dir: PathBuf,
    /// Markdown rendering options.
    pub markdown: MarkdownConfig,
    /// The indexes of the knowledge layer, each a folder of entries under content/.
    pub indexes: Vec<IndexConfig>,
    /// Locale of the collator that sorts index pages (default: default_language).
    pub collation_locale: Option<String>,
    /// Digits of dates: `latin` (0-9) or `arabic` (٠-٩).
    pub digits: Digits,
    /// How dates are written, as a UTS-35 pattern (`d MMMM y`: ٧ يناير ٢٠٢٢).
    pub date_format: String,
    /// Warnings fail the build and `check` (as `--strict` does).
    pub strict: bool,
    /// Options of `fihris import`.
    pub import: ImportConfig,
    /// The pictures: graph, map and timeline pages, and those of entry pages.
    pub pictures: PicturesConfig,
    /// Free values for templates (`config.extra.*`).
    pub extra: toml::Table,
    /// Where `output_dir` is written in config.toml (line, column), for messages.
    #[serde(skip)]
    pub output_dir_at: Option<(usize, usize)>,
}

/// Which digits dates are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// 0123456789
    Latin,
    /// Arabic-Indic digits ٠١٢٣٤٥٦٧٨٩
    Arabic,
}

/// One index kind: `[[indexes]] name = "actors" title = "الفاعلون"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexConfig {
    /// Key in front matter (`actors = [...]`) and default folder.
    pub name: String,
    /// Title of the index page.
    pub title: String,
    /// Folder under content/ and in URLs (default: the name).
    pub folder: Option<String>,
    /// Articles per page of an entry page (default 50; 0 puts them all on one page).
    pub paginate_by: Option<usize>,
    /// Related entries shown on an entry page, the most shared first
    /// (default 20; 0 shows them all).
    pub related_limit: Option<usize>,
    /// Makes this an index of cases, assessed against the entries of the
    /// index named here (`assesses = "framework"`).
    pub assesses: Option<String>,
}

impl IndexConfig {
    fn new(name: &str, title: &str) -> Self {
        IndexConfig {
            name: name.to_string(),
            title: title.to_string(),
            folder: None,
            paginate_by: None,
            related_limit: None,
            assesses: None,
        }
    }

    /// Articles per page of an entry page (0: all on one page).
    pub fn paginate_by(&self) -> usize {
        self.paginate_by.unwrap_or(50)
    }

    /// Related entries shown on an entry page (0: all).
    pub fn related_limit(&self) -> usize {
        self.related_limit.unwrap_or(20)
    }

    /// The folder of the entries.
    pub fn folder(&self) -> &str {
        self.folder.as_deref().unwrap_or(&self.name)
    }
}

/// Options of `fihris import` (`[import]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportConfig {
    /// More patterns of site boilerplate: a short line at the end of a text
    /// that contains one (compared as mentions are, ignoring hamza forms,
    /// harakat and case) is dropped, and shown in the report.
    pub drop: Vec<String>,
}

/// The pictures of the site (`[pictures]`), drawn at build time as SVG.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PicturesConfig {
    /// Draw them: `graph/`, `map/` and `timeline/`, the pictures of entry
    /// pages and the small graph of the home page (default true).
    pub enabled: bool,
    /// Entries in the co-occurrence graph of `graph/`, the most mentioned.
    pub graph_entries: usize,
    /// Entries in the small graph of the home page (0: none).
    pub home_entries: usize,
    /// Entries around an entry in the picture of its neighbourhood.
    pub neighbours: usize,
    /// Entries followed month by month on `timeline/`, the most mentioned.
    pub timeline_entries: usize,
}

impl Default for PicturesConfig {
    fn default() -> Self {
        PicturesConfig {
            enabled: true,
            graph_entries: 60,
            home_entries: 16,
            neighbours: 12,
            timeline_entries: 6,
        }
    }
}

/// Markdown rendering options.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Highlighting theme for the light colour scheme.
    pub highlight_theme: Spanned<String>,
    /// Highlighting theme for the dark colour scheme.
    pub highlight_theme_dark: Spanned<String>,
    /// Turn straight quotes and dashes into typographic ones.
    pub smart_punctuation: bool,
    /// Keep raw HTML in Markdown as written. Off by default: raw HTML is
    /// sanitized (scripts, event handlers, javascript: URLs removed).
    pub trust_html: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: None,
            strict: false,
            default_language: "ar".to_string(),
            output_dir: PathBuf::from("public"),
            markdown: MarkdownConfig::default(),
            indexes: vec![
                IndexConfig::new("actors", "الفاعلون"),
                IndexConfig::new("countries", "الدول"),
                IndexConfig::new("framework", "إطار قرار التدخل"),
            ],
            collation_locale: None,
            digits: Digits::Latin,
            date_format: "d MMMM y".to_string(),
            import: ImportConfig::default(),
            pictures: PicturesConfig::default(),
            extra: toml::Table::new(),
            output_dir_at: None,
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_theme: Spanned::new(0..0, "InspiredGitHub".to_string()),
            highlight_theme_dark: Spanned::new(0..0, "base16-ocean.dark".to_string()),
            smart_punctuation: false,
            trust_html: false,
        }
    }
}

impl Config {
    /// Reads and checks `config.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = fs::read_to_string(&path)?;
        Config::parse(Path::new(CONFIG_FILE), &text).map_err(Error::Site)
    }

    /// Parses the text of a configuration file; `path` is used in diagnostics.
    pub fn parse(path: &Path, text: &str) -> std::result::Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config = toml::from_str(text).map_err(|e| vec![diagnostics::from_toml(path, text, 0, &e)])?;
        let mut problems = Vec::new();
        for theme in [&config.markdown.highlight_theme, &config.markdown.highlight_theme_dark] {
            if !HIGHLIGHT_THEMES.contains(&theme.get_ref().as_str()) {
                let hint = match diagnostics::nearest(theme.get_ref(), HIGHLIGHT_THEMES.iter().copied()) {
                    Some(near) => format!("did you mean \"{near}\"?"),
                    None => format!("available themes: {}", HIGHLIGHT_THEMES.join(", ")),
                };
                let message = format!("unknown highlight theme \"{}\"", theme.get_ref());
                problems.push(Diagnostic::at_offset(path, text, theme.span().start, message).with_hint(hint));
            }
        }
        problems.extend(check_indexes(path, text, &config.indexes));
        if let Err(reason) = config.format_date("2022-01-07") {
            let (line, col) = top_level_key(text, "date_format").unwrap_or((1, 1));
            problems.push(
                Diagnostic::error(path, line, col, reason)
                    .with_hint("write a UTS-35 pattern, e.g. date_format = \"d MMMM y\" (7 يناير 2022)"),
            );
        }
        config.output_dir_at = top_level_key(text, "output_dir");
        for (key, tag) in [
            ("default_language", Some(&config.default_language)),
            ("collation_locale", config.collation_locale.as_ref()),
        ] {
            if let Some(problem) = tag.and_then(|tag| language_problem(tag)) {
                let (line, col) = top_level_key(text, key).unwrap_or((1, 1));
                problems.push(
                    Diagnostic::error(path, line, col, format!("{key} {problem}"))
                        .with_hint("write a BCP 47 language tag, e.g. \"ar\", \"ar-EG\", \"en\" or \"fa-IR\""),
                );
            }
        }
        if let Some(url) = &mut config.base_url {
            match checked_base_url(url) {
                Ok(checked) => *url = checked,
                Err(reason) => {
                    let at = text.find("base_url").unwrap_or(0);
                    problems.push(
                        Diagnostic::at_offset(path, text, at, format!("base_url {url:?} {reason}"))
                            .with_hint("write the full address, e.g. base_url = \"https://example.org/site/\""),
                    );
                }
            }
        }
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }

    /// The locale dates are formatted in, with the chosen digits (`ar-u-nu-latn`).
    pub fn date_locale(&self) -> String {
        let numbering = match self.digits {
            Digits::Latin => "latn",
            Digits::Arabic => "arab",
        };
        let language = self.default_language.split(['-', '_']).next().unwrap_or("ar");
        format!("{language}-u-nu-{numbering}")
    }

    /// A front matter date or date-time (`2022-01-07`, RFC 3339) written in
    /// the site's language with `date_format` and `digits`: what the `date`
    /// filter gives with `site.date_locale` and `site.date_format`.
    pub fn format_date(&self, datetime: &str) -> std::result::Result<String, String> {
        self.format_date_as(datetime, &self.date_format)
    }

    /// A date written in the site's language and digits with the UTS-35
    /// `pattern` (`MMMM y`: يناير 2022).
    pub fn format_date_as(&self, datetime: &str, pattern: &str) -> std::result::Result<String, String> {
        format_date_with(&self.date_locale(), pattern, datetime)
    }

    /// The locale used to sort index pages.
    pub fn collation_locale(&self) -> &str {
        self.collation_locale.as_deref().unwrap_or(&self.default_language)
    }

    /// The direction of the site's default language.
    pub fn default_direction(&self) -> TextDirection {
        TextDirection::for_language(&self.default_language)
    }
}

/// `datetime` (a front matter date or date-time) written in `locale`
/// (`ar-u-nu-latn`) with the UTS-35 `pattern`: what the `date` filter gives.
pub fn format_date_with(locale: &str, pattern: &str, datetime: &str) -> std::result::Result<String, String> {
    let mut arguments = tera::Map::default();
    arguments.insert("locale".into(), locale.into());
    arguments.insert("format".into(), pattern.into());
    let context = tera::Context::new();
    tera_contrib::dates::date(
        &datetime.into(),
        tera::Kwargs::new(std::sync::Arc::new(arguments)),
        &tera::State::new(&context),
    )
    .map_err(|e| format!("date_format \"{pattern}\": {e}"))
}

/// What is wrong with `tag` as a BCP 47 language tag, if anything.
pub fn language_problem(tag: &str) -> Option<String> {
    match icu_locale_core::Locale::try_from_str(tag) {
        Ok(_) => None,
        Err(e) => Some(format!("\"{tag}\" is not a language tag ({e})")),
    }
}

/// `raw` as the public address of a site: an absolute http(s) URL with a
/// host, without spaces, control characters, quotes, angle brackets,
/// query or fragment, in its normal form and ending in `/`. Feeds, robots.txt
/// and pages print it, so nothing in it may end a line or an attribute.
fn checked_base_url(raw: &str) -> std::result::Result<String, String> {
    if let Some(bad) = raw
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(*c))
    {
        return Err(format!("contains {bad:?}, which an address cannot hold"));
    }
    let url = url::Url::parse(raw).map_err(|e| format!("is not an absolute address ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err("is not an http(s) address with a host".to_string());
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("has a query, a fragment or a user name".to_string());
    }
    let mut checked = url.to_string();
    if !checked.ends_with('/') {
        checked.push('/');
    }
    Ok(checked)
}

/// The line and column of a top-level `key = ...` line, if written.
fn top_level_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let top = text.lines().take_while(|line| !line.trim_start().starts_with('['));
    top.enumerate().find_map(|(i, line)| {
        let rest = line.trim_start().strip_prefix(key)?;
        rest.trim_start()
            .starts_with('=')
            .then(|| (i + 1, line.len() - line.trim_start().len() + 1))
    })
}

/// Index names must be unique and folders plain slugs that no two share.
fn check_indexes(path: &Path, text: &str, indexes: &[IndexConfig]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let at = text.find("[[indexes]]").unwrap_or(0);
    for (i, index) in indexes.iter().enumerate() {
        let folder = index.folder();
        if folder.is_empty() || crate::slug::slugify(folder) != folder {
            problems.push(
                Diagnostic::at_offset(path, text, at, format!("index folder \"{folder}\" is not a slug"))
                    .with_hint("use lower-case letters, digits and `-`, e.g. folder = \"actors\""),
            );
        }
        let earlier = &indexes[..i];
        if earlier.iter().any(|o| o.name == index.name || o.folder() == folder) {
            problems.push(
                Diagnostic::at_offset(path, text, at, format!("index \"{}\" is declared twice", index.name))
                    .with_hint("each [[indexes]] needs its own name and folder"),
            );
        }
        if let Some(assessed) = &index.assesses {
            let target = indexes.iter().find(|o| &o.name == assessed);
            if target.is_none_or(|t| t.name == index.name || t.assesses.is_some()) {
                let at = text.find("assesses").unwrap_or(at);
                let names: Vec<&str> = indexes
                    .iter()
                    .filter(|o| o.assesses.is_none())
                    .map(|o| o.name.as_str())
                    .collect();
                problems.push(
                    Diagnostic::at_offset(
                        path,
                        text,
                        at,
                        format!(
                            "index \"{}\" assesses \"{assessed}\", which is not an index of variables",
                            index.name
                        ),
                    )
                    .with_hint(format!(
                        "name another index that is not itself of cases: {}",
                        names.join(", ")
                    )),
                );
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_an_empty_file() {
        let config = Config::parse(Path::new("config.toml"), "").unwrap();
        assert_eq!(config.default_language, "ar");
        assert_eq!(config.output_dir, PathBuf::from("public"));
        assert_eq!(config.default_direction(), TextDirection::Rtl);
    }

    #[test]
    fn unknown_nested_key_names_line_column_and_nearest_key() {
        let text = "title = \"x\"\n[markdown]\nsmart_punctuaton = true\n";
        let errors = Config::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (3, 1));
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `smart_punctuation`?"));
    }

    #[test]
    fn index_declarations_are_checked() {
        let text = "[[indexes]]\nname = \"a\"\ntitle = \"x\"\n[[indexes]]\nname = \"a\"\ntitle = \"y\"\n";
        let errors = Config::parse(Path::new("config.toml"), text).unwrap_err();
        assert!(errors[0].message.contains("declared twice"));
        let text = "[[indexes]]\nname = \"a\"\ntitle = \"x\"\nfolder = \"../x\"\n";
        let errors = Config::parse(Path::new("config.toml"), text).unwrap_err();
        assert!(errors[0].message.contains("not a slug"));
    }

    #[test]
    fn base_url_gets_a_trailing_slash() {
        let text = "base_url = \"https://example.org/kz\"\n";
        let config = Config::parse(Path::new("config.toml"), text).unwrap();
        assert_eq!(config.base_url.as_deref(), Some("https://example.org/kz/"));
    }

    /// base_url is printed into feeds, robots.txt and pages: it is refused
    /// unless it is an absolute http(s) address that cannot end a line or an
    /// attribute (regression: a newline added `Disallow: /` to robots.txt).
    #[test]
    fn base_url_is_an_absolute_web_address_or_an_error() {
        for bad in [
            "https://example.org/\\nDisallow: /",
            "https://example.org/\\\"><script>x</script>",
            "https://example.org/a b/",
            "javascript:alert(1)",
            "ftp://example.org/",
            "example.org/site/",
            "https://",
            "https://example.org/?q=1",
        ] {
            let text = format!("title = \"x\"\nbase_url = \"{bad}\"\n");
            let errors = Config::parse(Path::new("config.toml"), &text).expect_err(bad);
            assert_eq!((errors[0].line, errors[0].col), (2, 1), "{bad}");
            assert!(errors[0].message.starts_with("base_url"), "{}", errors[0].message);
        }
        let text = "base_url = \"https://Example.org/a&b\"\n";
        let config = Config::parse(Path::new("config.toml"), text).unwrap();
        assert_eq!(config.base_url.as_deref(), Some("https://example.org/a&b/"));
    }

    /// Regression: an invalid default_language was accepted, and the Arabic
    /// site flipped to dir="ltr" with dates reading "7 M01 2022".
    #[test]
    fn an_invalid_language_tag_is_located() {
        let text = "title = \"x\"\ndefault_language = \"xx-INVALID-@@\"\n";
        let errors = Config::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (2, 1), "{:?}", errors[0]);
        assert!(
            errors[0].message.contains("not a language tag"),
            "{}",
            errors[0].message
        );
        for good in ["ar", "ar-EG", "en", "fa-IR", "ku-Arab"] {
            let text = format!("default_language = \"{good}\"\n");
            assert!(Config::parse(Path::new("config.toml"), &text).is_ok(), "{good}");
        }
    }

    #[test]
    fn unknown_theme_is_located() {
        let text = "[markdown]\nhighlight_theme = \"InspiredGithub\"\n";
        let errors = Config::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (2, 19));
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean \"InspiredGitHub\"?"));
    }

    #[test]
    fn dates_are_written_as_the_date_filter_writes_them() {
        let site_root = tempfile::tempdir().unwrap();
        let dir = site_root.path().join(crate::render::TEMPLATES_DIR);
        std::fs::create_dir_all(&dir).unwrap();
        let filtered = "{{ d | date(locale=site.date_locale, format=site.date_format) }}";
        std::fs::write(dir.join("d.html"), filtered).unwrap();
        let filter = crate::render::Templates::load(site_root.path()).unwrap();
        for digits in ["latin", "arabic"] {
            let text = format!("digits = \"{digits}\"\ndate_format = \"EEEE d MMMM y\"\n");
            let config = Config::parse(Path::new("config.toml"), &text).unwrap();
            let site = crate::views::SiteView::new(&config);
            for datetime in ["2022-01-07", "2021-12-31T23:30:00+03:00", "1999-06-01T08:00:00"] {
                let context = serde_json::json!({"site": site, "d": datetime});
                let filtered = String::from_utf8(filter.render("d.html", &context).unwrap()).unwrap();
                assert_eq!(config.format_date(datetime).unwrap(), filtered, "{digits} {datetime}");
            }
        }
        let config = Config::parse(Path::new("config.toml"), "digits = \"arabic\"\n").unwrap();
        assert_eq!(config.format_date("2022-01-07").unwrap(), "٧ يناير ٢٠٢٢");
    }

    #[test]
    fn a_date_format_that_cannot_be_used_is_located() {
        let text = "title = \"x\"\ndate_format = \"d MMMM y %Y\"\n";
        let errors = Config::parse(Path::new("config.toml"), text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (2, 1));
        assert!(
            errors[0].message.contains("date_format \"d MMMM y %Y\""),
            "{}",
            errors[0].message
        );
    }
}
