//! Diagnostics: every problem found in a site, located at `path:line:col`
//! with a hint, collected so that one run reports all of them together.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors fail the command, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A file of the site cannot be read: an error that makes the command
    /// exit 2, like other I/O failures, while the run still lists the rest.
    Unreadable,
    /// The build cannot produce correct output.
    Error,
    /// The output is produced but something deserves attention.
    Warning,
}

/// One problem in one file, with its position and a hint to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `line:col` of `path`.
    pub fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `line:col` of `path`.
    pub fn warning(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    /// An error located at byte `offset` of `source`, the text of `path`.
    pub fn at_offset(path: &Path, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Diagnostic::error(path, line, col, message)
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic fails the command.
    pub fn is_error(&self) -> bool {
        matches!(self.severity, Severity::Error | Severity::Unreadable)
    }

    /// Whether this diagnostic says a file could not be read.
    pub fn is_unreadable(&self) -> bool {
        self.severity == Severity::Unreadable
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error | Severity::Unreadable => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{label}: {}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.col,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The 1-based line and character column of byte `offset` in `source`.
///
/// An offset past the end, or inside a character, is clamped to a valid position.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Where the lines of a text start and how many characters come before each
/// stretch of it, made in one pass, so that many offsets are located in
/// O(log n) each with the results of [`line_col`] (which counts from the
/// start of the text each time: O(n) each, O(n²) for a diagnostic or link on
/// every line). It belongs to one text, given again to each lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// The byte offset at which each line starts; the first is 0.
    starts: Vec<usize>,
    /// The characters before byte `i * STRIDE`, for each `i` up to the end.
    chars: Vec<usize>,
}

/// Bytes between two character counts of a [`LineIndex`]: a lookup counts
/// at most twice this many bytes.
const STRIDE: usize = 256;

impl LineIndex {
    /// The index of `source`.
    pub fn new(source: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut chars = Vec::with_capacity(source.len() / STRIDE + 2);
        let mut count = 0;
        for stretch in source.as_bytes().chunks(STRIDE) {
            chars.push(count);
            count += char_count(stretch);
        }
        chars.push(count);
        LineIndex { starts, chars }
    }

    /// The 1-based line and character column of byte `offset` in `source`,
    /// the text this index was made of: the same as [`line_col`].
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        debug_assert_eq!(
            self.chars.len(),
            source.len().div_ceil(STRIDE) + 1,
            "index of another text"
        );
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (
            line,
            self.chars_before(source, offset) - self.chars_before(source, start) + 1,
        )
    }

    /// The characters of `source` before byte `offset`, a character boundary.
    fn chars_before(&self, source: &str, offset: usize) -> usize {
        let stretch = offset / STRIDE;
        self.chars[stretch] + char_count(&source.as_bytes()[stretch * STRIDE..offset])
    }
}

/// The characters that start in `bytes` (a slice of UTF-8 that may cut a
/// character): every byte but continuation bytes (`10xxxxxx`).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Sorts diagnostics (errors first, then by file and position) and formats
/// them as one numbered report.
pub fn report(diagnostics: &mut [Diagnostic]) -> String {
    diagnostics.sort_by(|a, b| (a.severity, &a.path, a.line, a.col).cmp(&(b.severity, &b.path, b.line, b.col)));
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        out.push_str(&format!("{}. {d}\n", i + 1));
    }
    out.push_str(&format!("{errors} error(s), {warnings} warning(s)\n"));
    out
}

/// `diagnostics` with each repeated one (same severity, place and message:
/// a template's error, met once for every page rendered with it) given
/// once, saying how many times it was met; the first meeting's order kept.
pub fn merge_repeated(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<(Severity, PathBuf, usize, usize, String), usize> =
        std::collections::HashMap::new();
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diagnostics {
        let key = (d.severity, d.path.clone(), d.line, d.col, d.message.clone());
        match seen.get(&key) {
            Some(&at) => merged[at].1 += 1,
            None => {
                seen.insert(key, merged.len());
                merged.push((d, 1));
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut d, times)| {
            if times > 1 {
                d.message = format!("{} (met {times} times: once for each page rendered with it)", d.message);
            }
            d
        })
        .collect()
}

/// The known name closest to `unknown`, when it is close enough to be a likely typo.
pub fn nearest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        .filter(|(distance, k)| *distance <= 2.max(k.chars().count() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Turns a TOML parse or type error in `source` (the text of `path`) into a
/// diagnostic. `offset` is where the TOML starts inside `source` (front matter
/// follows its `+++` line). Unknown keys get the nearest known key as a hint.
pub fn from_toml(path: &Path, source: &str, offset: usize, error: &toml::de::Error) -> Diagnostic {
    let at = offset + error.span().map_or(0, |span| span.start);
    let message = error.message().trim().to_string();
    let hint = toml_hint(&message);
    Diagnostic::at_offset(path, source, at, message).with_hint(hint)
}

fn toml_hint(message: &str) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") {
        let unknown = quoted.first().copied().unwrap_or_default();
        return match nearest(unknown, quoted.iter().skip(1).copied()) {
            Some(known) => format!("did you mean `{known}`?"),
            None => format!("known keys here: {}", quoted[1..].join(", ")),
        };
    }
    if message.starts_with("missing field") {
        let field = quoted.first().copied().unwrap_or_default();
        return format!("add `{field} = ...` to this table");
    }
    if message.starts_with("invalid type") {
        return "check the value's type: text in \"double quotes\", lists in [ ], \
                dates like 2022-01-07, true/false unquoted"
            .to_string();
    }
    "check the TOML syntax: one `key = value` per line, text in \"double quotes\"".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "+++\nعنوان = 1\n";
        let offset = text.find('=').unwrap();
        assert_eq!(line_col(text, offset), (2, 7));
    }

    #[test]
    fn line_index_locates_as_line_col_does() {
        // Arabic (2 bytes), CJK (3), emoji (4), CRLF, empty lines and lines
        // longer than a stride; every offset, inside characters and past
        // the end too.
        let pieces = ["عنوان", "a", "\n", "\r\n", "中文", "🙂", " ", "\n\n", "ـ"];
        let mut state = 0x9e37_79b9_u32;
        for round in 0..40 {
            let mut text = String::new();
            while text.len() < 50 * round {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let piece = pieces[state as usize % pieces.len()];
                text.push_str(&piece.repeat(1 + (state >> 24) as usize % 90));
            }
            let index = LineIndex::new(&text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_col(&text, offset),
                    line_col(&text, offset),
                    "{offset} in round {round}"
                );
            }
        }
        assert_eq!(LineIndex::new("").line_col("", 5), (1, 1));
    }

    #[test]
    fn toml_unknown_key_is_located_with_suggestion() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Meta {
            title: String,
            date: Option<String>,
        }
        let source = "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\n";
        let toml_text = &source[4..source.len() - 4];
        let error = toml::from_str::<Meta>(toml_text).unwrap_err();
        let d = from_toml(Path::new("a.md"), source, 4, &error);
        assert_eq!((d.line, d.col), (3, 1), "{d}");
        assert_eq!(d.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn nearest_suggests_only_close_names() {
        let known = ["title", "date", "slug"];
        assert_eq!(nearest("titel", known), Some("title"));
        assert_eq!(nearest("zzzzzzzz", known), None);
    }
}
