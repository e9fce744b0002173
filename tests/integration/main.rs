//! Integration tests: build real fixture sites (and the bundled site) into
//! temporary folders and inspect the output with an HTML parser.

mod bundled;
mod cases;
mod commands;
mod errors;
mod fuzz;
mod harness;
mod import;
mod knowledge;
mod live;
mod mentions;
mod mentions_recall;
mod output;
mod pictures;
mod reader;
mod readme;
mod rendering;
mod safety;
mod search;
mod serve_limits;
