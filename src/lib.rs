//! Fihris turns a folder of Markdown articles into a right-to-left knowledge
//! site. The modules follow the build pipeline.

pub mod bidi;
pub mod cases;
pub mod check;
pub mod collate;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod entities;
pub mod error;
pub mod facts;
pub mod feeds;
pub mod fs;
pub mod graph;
pub mod import;
pub mod init;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pictures;
pub mod render;
pub mod reporter;
pub mod script;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod views;
