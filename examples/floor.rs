//! The benchmark's floor: pulldown-cmark rendering alone, in parallel, one
//! file per article, nothing else (no templates, no links, no indexes).
//!
//!     cargo run --release --example floor -- CORPUS_DIR OUTPUT_DIR

use std::fs;
use std::path::PathBuf;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = PathBuf::from(args.next().expect("usage: floor CORPUS_DIR OUTPUT_DIR"));
    let output = PathBuf::from(args.next().expect("usage: floor CORPUS_DIR OUTPUT_DIR"));
    let articles: Vec<PathBuf> = fs::read_dir(corpus.join("content/articles"))
        .expect("reading the articles folder")
        .map(|entry| entry.expect("listing the articles").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md"))
        .collect();
    fs::create_dir_all(&output).expect("creating the output folder");
    articles.par_iter().for_each(|path| {
        let text = fs::read_to_string(path).expect("reading an article");
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all()),
        );
        let name = path.file_stem().expect("an article has a name");
        fs::write(output.join(name).with_extension("html"), html).expect("writing an article");
    });
}
