//! The benchmark's write floor: the files of a built site written again into
//! a new folder, in parallel, from memory. What any generator that makes
//! Fihris's output must spend on writing alone, without making a byte of it.
//!
//!     cargo run --release --example copy -- BUILT_SITE_DIR OUTPUT_DIR
//!
//! The files are read first, untimed; then the folders are made, parents
//! first, and the files written. The time of that second part, in seconds,
//! is the one line it prints.

use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use walkdir::WalkDir;

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: copy BUILT_SITE_DIR OUTPUT_DIR";
    let source = PathBuf::from(args.next().expect(usage));
    let output = PathBuf::from(args.next().expect(usage));
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in WalkDir::new(&source).min_depth(1) {
        let entry = entry.expect("listing the built site");
        let relative = entry
            .path()
            .strip_prefix(&source)
            .expect("inside the site")
            .to_path_buf();
        if entry.file_type().is_dir() {
            folders.push(relative);
        } else {
            paths.push(relative);
        }
    }
    let files: Vec<(PathBuf, Vec<u8>)> = paths
        .into_par_iter()
        .map(|path| {
            let bytes = fs::read(source.join(&path)).expect("reading a built file");
            (output.join(path), bytes)
        })
        .collect();

    let start = Instant::now();
    fs::create_dir(&output).expect("creating the output folder");
    // Folders one depth at a time, each depth in parallel: a folder's parent
    // is always made before it.
    folders.sort_by_key(|folder| folder.components().count());
    for depth in folders.chunk_by(|a, b| a.components().count() == b.components().count()) {
        depth
            .par_iter()
            .for_each(|folder| fs::create_dir(output.join(folder)).expect("creating a folder"));
    }
    files
        .par_iter()
        .for_each(|(path, bytes)| fs::write(path, bytes).expect("writing a file"));
    println!("{:.3}", start.elapsed().as_secs_f64());
}
