//! The search page's files, read back as the page reads them: the manifest,
//! the shards of the inverted index and the documents, on the bundled site.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fihris::entities::normalize::normalize;
use serde_json::Value;

use crate::harness::build_bundled;

/// The JSON arguments of a script `window.NAME = {...};` or `window.NAME(a, b);`.
fn script(path: &Path, prefix: &str, suffix: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let json = text
        .strip_prefix(prefix)
        .and_then(|t| t.strip_suffix(suffix))
        .unwrap_or_else(|| panic!("{} is not {prefix}…{suffix}", path.display()));
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The postings of one form: passages (site-wide numbers) with counts, and
/// the documents whose title holds it.
type Postings = (Vec<(u64, u64)>, Vec<u64>);

struct SearchFiles {
    /// Each document: title, then the text of each passage.
    documents: Vec<(String, Vec<String>)>,
    forms: BTreeMap<String, Postings>,
    /// Shard keys.
    keys: Vec<String>,
    /// The key of each form's shard.
    shard_of: BTreeMap<String, String>,
}

fn read(public: &Path) -> SearchFiles {
    let manifest = script(&public.join("search-index.js"), "window.FIHRIS_SEARCH = ", ";\n");
    let per = manifest["per"].as_u64().unwrap() as usize;
    let counts: Vec<u64> = manifest["n"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let mut documents = Vec::new();
    let parts = counts.len().div_ceil(per);
    assert_eq!(std::fs::read_dir(public.join("search/docs")).unwrap().count(), parts);
    for part in 0..parts {
        let value = script(
            &public.join(format!("search/docs/{part}.js")),
            &format!("window.FIHRIS_SEARCH_PART({part},"),
            ");\n",
        );
        for document in value.as_array().unwrap() {
            let passages = document["p"].as_array().unwrap();
            let texts: Vec<String> = passages.iter().map(|p| p[1].as_str().unwrap().to_string()).collect();
            documents.push((document["t"].as_str().unwrap().to_string(), texts));
        }
    }
    for (d, (_, passages)) in documents.iter().enumerate() {
        assert_eq!(passages.len() as u64, counts[d], "passages of document {d}");
    }
    let mut forms = BTreeMap::new();
    let mut keys = Vec::new();
    let mut names = BTreeSet::new();
    let mut shard_of = BTreeMap::new();
    for shard in manifest["shards"].as_array().unwrap() {
        let (key, name) = (shard[0].as_str().unwrap(), shard[1].as_str().unwrap());
        keys.push(key.to_string());
        names.insert(format!("{name}.js"));
        let path = public.join(format!("search/shards/{name}.js"));
        let value = script(&path, &format!("window.FIHRIS_SEARCH_SHARD(\"{name}\","), ");\n");
        let words = value["w"].as_array().unwrap();
        for (i, word) in words.iter().enumerate() {
            let word = word.as_str().unwrap();
            assert!(word.starts_with(key), "{word} in the shard of {key}");
            shard_of.insert(word.to_string(), key.to_string());
            let numbers = |field: &str| -> Vec<u64> {
                value[field][i]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_u64().unwrap())
                    .collect()
            };
            let (mut passages, mut passage) = (Vec::new(), 0);
            let encoded = numbers("p");
            let mut k = 0;
            while k < encoded.len() {
                passage += encoded[k] / 2;
                let count = if encoded[k] % 2 == 1 {
                    k += 1;
                    encoded[k]
                } else {
                    1
                };
                passages.push((passage, count));
                k += 1;
            }
            let mut document = 0;
            let titles = numbers("t")
                .into_iter()
                .map(|gap| {
                    document += gap;
                    document
                })
                .collect();
            assert!(
                forms.insert(word.to_string(), (passages, titles)).is_none(),
                "{word} twice"
            );
        }
    }
    let on_disk: BTreeSet<String> = std::fs::read_dir(public.join("search/shards"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(on_disk, names, "the shards on disk are those of the manifest");
    SearchFiles {
        documents,
        forms,
        keys,
        shard_of,
    }
}

/// The folded words of `text` of two characters or more.
fn folded_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != 'ـ')
        .map(normalize)
        .filter(|w| w.chars().count() >= 2)
        .collect()
}

#[test]
fn every_word_of_every_passage_is_found_in_its_shard_with_its_passage() {
    let out = build_bundled();
    let search = read(&out.path().join("public"));
    let passages: Vec<&String> = search.documents.iter().flat_map(|(_, p)| p).collect();
    assert!(
        passages.len() > 50 && search.keys.len() > 10,
        "{} passages",
        passages.len()
    );
    for (number, text) in passages.iter().enumerate() {
        for word in folded_words(text) {
            let (postings, _) = &search.forms[&word];
            let count = postings.iter().find(|(p, _)| *p == number as u64).map(|(_, c)| *c);
            let expected = folded_words(text).iter().filter(|w| **w == word).count() as u64;
            assert!(
                count >= Some(expected),
                "{word} in passage {number}: {count:?} < {expected}"
            );
        }
    }
    // And each listed passage holds the form (as a word or after a proclitic).
    for (form, (postings, titles)) in &search.forms {
        for (passage, _) in postings {
            let text = normalize(passages[*passage as usize]);
            assert!(
                text.contains(form.as_str()),
                "{form} is not in passage {passage}: {text}"
            );
        }
        for document in titles {
            let title = normalize(&search.documents[*document as usize].0);
            assert!(title.contains(form.as_str()), "{form} is not in title {title}");
        }
    }
    // Without its proclitic: "الكرملين" is indexed as "كرملين" too.
    let kremlin = &search.forms["كرملين"].0;
    assert!(
        kremlin.iter().any(|(p, _)| passages[*p as usize].contains("الكرملين")),
        "{kremlin:?}"
    );
}

#[test]
fn titles_are_indexed_and_each_form_is_in_the_shard_the_page_looks_in() {
    let out = build_bundled();
    let search = read(&out.path().join("public"));
    let tokayev = search
        .documents
        .iter()
        .position(|(t, _)| t == "قاسم جومارت توكاييف")
        .unwrap();
    assert!(search.forms["توكاييف"].1.contains(&(tokayev as u64)));
    // Each form is in the shard of the longest key that starts it, which
    // is where the page looks for it.
    for (form, key) in &search.shard_of {
        let longest = search
            .keys
            .iter()
            .filter(|k| form.starts_with(k.as_str()))
            .max_by_key(|k| k.len());
        assert_eq!(longest, Some(key), "{form}");
    }
    let mut sorted = search.keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), search.keys.len(), "a key twice");
    assert!(search.keys.iter().all(|k| k.chars().count() >= 2));
}
