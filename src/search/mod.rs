//! Search stage: writes the search index as scripts, so the search page
//! works from disk with no request a browser would block: a manifest
//! (`search-index.js`) with the folding table and proclitics of the mention
//! matcher, so queries and text are normalised by the same rules; the shards
//! of an inverted index ([`index`]); and the documents' passages, which the
//! page loads only for the results it shows.

mod shards;

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Serialize;

use self::shards::{Forms, Index, Source};
use crate::entities::matcher::proclitics;
use crate::entities::normalize::fold;
use crate::error::Result;
use crate::markdown::Rendered;
use crate::model::output_file;
use crate::model::{Content, Entry, Page};
use crate::output::{FileContents, OutputFile, Sink};
use crate::script::ScriptSafe;

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
    p: Vec<(&'a str, Cow<'a, str>)>,
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

/// The search document of an article, whose passages' texts are
/// [`passage_texts`], as JSON.
fn page_document(page: &Page, rendered: &Rendered, texts: &[Cow<'_, str>]) -> Vec<u8> {
    let document = Document {
        t: &page.meta.title,
        u: output_file(&page.path),
        k: "a",
        p: rendered
            .passages
            .iter()
            .zip(texts)
            .map(|(p, text)| (p.id.as_str(), Cow::Borrowed(text.as_ref())))
            .collect(),
    };
    json(&document)
}

/// The searchable text of each passage of an article (a figure's is its
/// caption, which the Markdown stage gives it).
fn passage_texts(rendered: &Rendered) -> Vec<Cow<'_, str>> {
    rendered
        .passages
        .iter()
        .map(|p| Cow::Borrowed(p.text.as_str()))
        .collect()
}

/// An entry's name, English name and aliases, each once, as one passage.
fn entry_names(entry: &Entry) -> String {
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
    names.join(" · ")
}

/// The search document of an entry, whose `names` are [`entry_names`], as JSON.
fn entry_document(content: &Content, entry: &Entry, names: &str) -> Vec<u8> {
    let document = Document {
        t: &entry.meta.name,
        u: output_file(&entry.path),
        k: &content.kinds[entry.kind].name,
        p: vec![("", names.into())],
    };
    json(&document)
}

fn json(value: &impl Serialize) -> Vec<u8> {
    let mut out = ScriptSafe::default();
    serde_json::to_writer(&mut out, value).expect("writing into memory does not fail");
    out.into_bytes()
}

/// The manifest of the search page, loaded with it: the folding table, the
/// proclitics, the number of passages of each document, and the shards.
pub const MANIFEST: &str = "search-index.js";
/// Documents per part file (`search/docs/N.js`): the search page loads the
/// parts of the documents it shows.
const DOCUMENTS_PER_PART: usize = 10;
/// Documents indexed at a time: their forms are found in parallel, and their
/// parts written before the next ones are read.
const BATCH: usize = 100 * DOCUMENTS_PER_PART;

/// The folder of the shards' scripts.
const SHARDS: &str = "search/shards/";
/// The folder of the documents' scripts.
const DOCUMENTS: &str = "search/docs/";

/// Whether `path` is one of the files [`put_files`] writes.
pub fn is_search_file(path: &str) -> bool {
    path == MANIFEST || path.starts_with(SHARDS) || path.starts_with(DOCUMENTS)
}

/// Puts the files of the search page: the manifest ([`MANIFEST`]), the
/// shards of the inverted index (`search/shards/`) and the documents, ten
/// to a file (`search/docs/`), for every article and every entry. The
/// documents' text is written a batch at a time, so it is never whole in
/// memory; the index holds only the postings.
pub fn put_files(content: &Content, pages: &[Rendered], sink: &dyn Sink) -> Result<()> {
    let forms = Forms::new(proclitics());
    let total = content.pages.len() + content.entries.len();
    let mut index = Index::default();
    let mut passages: Vec<usize> = Vec::with_capacity(total);
    let names: Vec<String> = content.entries.iter().map(entry_names).collect();
    // Documents are numbered articles first, then entries.
    let document = |d: usize| match content.pages.get(d) {
        Some(page) => Searched::Article(page, &pages[d], passage_texts(&pages[d])),
        None => {
            let e = d - content.pages.len();
            Searched::Entry(&content.entries[e], names[e].as_str())
        }
    };
    for start in (0..total).step_by(BATCH) {
        let batch: Vec<Searched<'_>> = (start..total.min(start + BATCH))
            .into_par_iter()
            .map(document)
            .collect();
        let sources: Vec<Source<'_>> = batch.iter().map(Searched::source).collect();
        index.add(&sources, &forms);
        passages.extend(sources.iter().map(|s| s.passages.len()));
        put_documents(content, &batch, start / DOCUMENTS_PER_PART, sink)?;
    }
    put_index(index, &forms, passages, sink)
}

/// Puts the documents of `batch`, ten to a file, numbered from `first`.
fn put_documents(content: &Content, batch: &[Searched<'_>], first: usize, sink: &dyn Sink) -> Result<()> {
    let documents: Vec<Vec<u8>> = batch
        .par_iter()
        .map(|searched| match searched {
            Searched::Article(page, rendered, texts) => page_document(page, rendered, texts),
            Searched::Entry(entry, names) => entry_document(content, entry, names),
        })
        .collect();
    documents
        .par_chunks(DOCUMENTS_PER_PART)
        .enumerate()
        .try_for_each(|(i, part)| {
            let number = first + i;
            let mut script = format!("window.FIHRIS_SEARCH_PART({number},[").into_bytes();
            script.extend_from_slice(&part.join(&b","[..]));
            script.extend_from_slice(b"]);\n");
            sink.put(OutputFile {
                path: format!("{DOCUMENTS}{number}.js"),
                contents: FileContents::Bytes(script),
            })
        })
}

/// Puts the manifest, with the number of `passages` of each document, and
/// the shards of `index`.
fn put_index(index: Index, forms: &Forms, passages: Vec<usize>, sink: &dyn Sink) -> Result<()> {
    let shards = index.into_shards();
    let keys: Vec<(&str, String)> = shards.keys().collect();
    let manifest = Manifest {
        fold: folding_table(),
        proclitics: forms.proclitics(),
        per: DOCUMENTS_PER_PART,
        n: passages,
        shards: keys.iter().map(|(key, name)| (*key, name.as_str())).collect(),
    };
    let mut script = b"window.FIHRIS_SEARCH = ".to_vec();
    script.extend_from_slice(&json(&manifest));
    script.extend_from_slice(b";\n");
    sink.put(OutputFile {
        path: MANIFEST.to_string(),
        contents: FileContents::Bytes(script),
    })?;
    (0..shards.len()).into_par_iter().try_for_each(|i| {
        let (name, script) = shards.script(i);
        sink.put(OutputFile {
            path: format!("{SHARDS}{name}.js"),
            contents: FileContents::Bytes(script),
        })
    })
}

/// One searched document: an article, its rendered passages and their
/// [`passage_texts`], or an entry and its names.
enum Searched<'a> {
    Article(&'a Page, &'a Rendered, Vec<Cow<'a, str>>),
    Entry(&'a Entry, &'a str),
}

impl Searched<'_> {
    /// What the index reads of the document.
    fn source(&self) -> Source<'_> {
        match self {
            Searched::Article(page, _, texts) => Source {
                title: &page.meta.title,
                passages: texts.iter().map(AsRef::as_ref).collect(),
            },
            Searched::Entry(entry, names) => Source {
                title: &entry.meta.name,
                passages: vec![names],
            },
        }
    }
}

/// What the search page loads first.
#[derive(Serialize)]
struct Manifest<'a> {
    /// The folding table: `[from, to]`.
    fold: Vec<(char, String)>,
    proclitics: &'a [String],
    /// Documents per part file.
    per: usize,
    /// The number of passages of each document, in order.
    n: Vec<usize>,
    /// Each shard's key and file name, in the order of keys.
    shards: Vec<(&'a str, &'a str)>,
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // Arabic-Indic and Persian digits, so that `٢٠٢٠` finds `2020`.
        assert_eq!(get('٢'), Some("2"));
        assert_eq!(get('۹'), Some("9"));
    }

    fn render(body: &str) -> Rendered {
        let file = crate::model::SourceFile {
            path: "content/articles/a.md".into(),
            body_line: 1,
        };
        let input = crate::markdown::RenderInput {
            body,
            file: &file,
            dir: crate::bidi::TextDirection::Rtl,
            page_path: "articles/a/",
            links: &Default::default(),
            mentions: None,
        };
        crate::markdown::render(&input, Default::default())
    }

    #[test]
    fn a_figure_passage_is_searched_by_its_caption() {
        let rendered = render(
            "نص المقال.\n\n![](<> \"A gas mask & a fence, Almaty\")\n\n\
             ![صورة](a.jpg \"قناع <غاز> في ألماتي\")\n\n![بلا تعليق](b.jpg)\n",
        );
        let ids: std::collections::HashSet<&str> = rendered.passages.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 4, "each passage has an id of its own");
        assert_eq!(
            passage_texts(&rendered),
            ["نص المقال.", "A gas mask & a fence, Almaty", "قناع <غاز> في ألماتي", ""]
        );
    }
}
