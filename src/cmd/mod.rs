//! Subcommands: one file each, wiring the CLI to the library.

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod serve;
