//! Search stage: writes the search index as a script (`search-index.js`),
//! so the search page works from disk with no request a browser would
//! block. It carries the folding table and proclitics of the mention
//! matcher, so queries and text are normalised by the same rules.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::entities::matcher::proclitics;
use crate::entities::normalize::fold;
use crate::markdown::Rendered;
use crate::model::{Content, Entry, Page};
use crate::views::index_file;

/// One searchable document: an article (with its passages) or an entry.
#[derive(Debug, Serialize)]
struct Document<'a> {
    /// Title or name.
    t: &'a str,
    /// Site-relative file of the page.
    u: String,
    /// `a` for an article, else the index name of an entry.
    k: &'a str,
    /// Passages: `[id, text]` (entries: one passage, their names and aliases).
    p: Vec<(&'a str, std::borrow::Cow<'a, str>)>,
}

/// The characters the normaliser changes: `[from, to]`, `to` empty when dropped.
fn folding_table() -> Vec<(char, String)> {
    let ranges = [
        '\u{0600}'..='\u{06FF}',
        '\u{0750}'..='\u{077F}',
        '\u{08A0}'..='\u{08FF}',
        '\u{200B}'..='\u{206F}',
    ];
    ranges
        .into_iter()
        .flatten()
        .chain(['\u{FEFF}'])
        .filter_map(|c| match fold(c) {
            Some(f) if f == c => None,
            Some(f) => Some((c, f.to_string())),
            None => Some((c, String::new())),
        })
        .collect()
}

/// The search document of an article, as JSON.
pub fn page_document(page: &Page, rendered: &Rendered) -> Vec<u8> {
    let document = Document {
        t: &page.meta.title,
        u: index_file(&page.path),
        k: "a",
        p: rendered
            .passages
            .iter()
            .map(|p| (p.id.as_str(), p.text.as_str().into()))
            .collect(),
    };
    json(&document)
}

/// The search document of an entry (its names and aliases), as JSON.
pub fn entry_document(content: &Content, entry: &Entry) -> Vec<u8> {
    let mut names: Vec<&String> = Vec::new();
    let all = std::iter::once(&entry.meta.name)
        .chain(&entry.meta.name_en)
        .chain(entry.meta.aliases.iter().map(|a| &a.value));
    for name in all {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let names: Vec<&str> = names.into_iter().map(String::as_str).collect();
    let document = Document {
        t: &entry.meta.name,
        u: index_file(&entry.path),
        k: &content.kinds[entry.kind].name,
        p: vec![("", names.join(" · ").into())],
    };
    json(&document)
}

fn json(value: &impl Serialize) -> Vec<u8> {
    let mut out = ScriptSafe { bytes: Vec::new() };
    serde_json::to_writer(&mut out, value).expect("writing into memory does not fail");
    out.bytes
}

/// Writes `search-index.js` from the documents' JSON, in order: the folding
/// table, the proclitics, then every document.
pub fn write_script<D: AsRef<[u8]>>(out: &mut dyn Write, documents: impl Iterator<Item = D>) -> io::Result<()> {
    out.write_all(b"window.FIHRIS_SEARCH = {\"fold\":")?;
    out.write_all(&json(&folding_table()))?;
    out.write_all(b",\"proclitics\":")?;
    out.write_all(&json(&proclitics()))?;
    out.write_all(b",\"docs\":[")?;
    for (i, document) in documents.enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(document.as_ref())?;
    }
    out.write_all(b"]};\n")
}

/// The text of `search-index.js` from the documents' JSON; `size` reserves
/// room for the documents.
pub fn script<D: AsRef<[u8]>>(documents: impl Iterator<Item = D>, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size + 64 * 1024);
    write_script(&mut out, documents).expect("writing into memory does not fail");
    out
}

/// Writes `search-index.js` for every article passage and every entry. Each
/// document is serialised and written in turn, so the index, the largest
/// file of a site, is never whole in memory.
pub fn write_index(content: &Content, pages: &[Rendered], out: &mut dyn Write) -> io::Result<()> {
    // Documents are serialised in parallel a chunk at a time, and written in order.
    const CHUNK: usize = 1024;
    let articles = content
        .pages
        .chunks(CHUNK)
        .zip(pages.chunks(CHUNK))
        .flat_map(|(chunk, rendered)| {
            let documents: Vec<Vec<u8>> = chunk
                .par_iter()
                .zip(rendered)
                .map(|(page, rendered)| page_document(page, rendered))
                .collect();
            documents
        });
    let entries = content.entries.iter().map(|entry| entry_document(content, entry));
    write_script(out, articles.chain(entries))
}

/// Collects JSON for a `<script>`: writes `</` as `<\/` (the same string in
/// JSON) so that no text can close the script element.
#[derive(Default)]
pub(crate) struct ScriptSafe {
    bytes: Vec<u8>,
}

impl ScriptSafe {
    /// What was written, as text.
    pub(crate) fn into_string(self) -> String {
        String::from_utf8(self.bytes).expect("JSON is UTF-8")
    }
}

impl Write for ScriptSafe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(slash) = rest.iter().position(|&b| b == b'/') {
            self.bytes.extend_from_slice(&rest[..slash]);
            if self.bytes.last() == Some(&b'<') {
                self.bytes.push(b'\\');
            }
            self.bytes.push(b'/');
            rest = &rest[slash + 1..];
        }
        self.bytes.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_even_across_writes() {
        use std::io::Write;
        let mut script = ScriptSafe { bytes: Vec::new() };
        script.write_all(b"\"a<").unwrap();
        script.write_all(b"/script>b</p>\"").unwrap();
        assert_eq!(script.bytes, br#""a<\/script>b<\/p>""#);
        let text: String = serde_json::from_slice(&script.bytes).unwrap();
        assert_eq!(text, "a</script>b</p>");
    }

    #[test]
    fn folding_table_matches_the_normaliser() {
        let table = folding_table();
        let get = |c: char| table.iter().find(|(from, _)| *from == c).map(|(_, to)| to.as_str());
        assert_eq!(get('أ'), Some("ا"));
        assert_eq!(get('ة'), Some("ه"));
        assert_eq!(get('ى'), Some("ي"));
        assert_eq!(get('\u{064E}'), Some(""));
        assert_eq!(get('ـ'), Some(""));
        assert_eq!(get('ب'), None);
    }
}
