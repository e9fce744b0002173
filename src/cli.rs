//! The command line, declared with clap. No logic here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Fihris: a static knowledge-site generator for Arabic news and analysis.
#[derive(Debug, Parser)]
#[command(name = "fihris", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder (public/ by default).
    Build(BuildArgs),
    /// Check the site without writing it: errors, broken links and anchors,
    /// unmentioned entries, bidi controls. Errors exit 1; warnings do not.
    Check(CheckArgs),
    /// Build the site in memory, serve it on 127.0.0.1 and rebuild on every change.
    Serve(ServeArgs),
    /// Write a new minimal site into a new or empty folder.
    Init(InitArgs),
    /// Turn raw scraped texts (.txt in UTF-8, UTF-16 or Windows-1256, or
    /// .html pages) into articles of the site, and suggest entries.
    Import(ImportArgs),
}

/// Options of `fihris import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders (walked) of raw texts.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The site root, which holds config.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Write nothing; print the whole report.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace an article that import wrote before from the same input
    /// (never a file import did not write).
    #[arg(long)]
    pub force: bool,
    /// The section under content/ to write the articles in.
    #[arg(long, value_name = "SECTION", default_value = "articles")]
    pub into: String,
    /// Write each suggested entry as a draft entry file (draft = true).
    #[arg(long)]
    pub suggest_entries: bool,
}

/// Options of `fihris serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site root, which holds config.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on; 0 takes a free port (the one taken is printed).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; 0.0.0.0 serves every network of this machine.
    /// Requests for this address are answered as well as for localhost.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Also answer requests for this host name (repeatable): others than
    /// localhost, 127.0.0.1, [::1] and --bind are refused, against DNS rebinding.
    #[arg(long = "host", value_name = "NAME")]
    pub hosts: Vec<String>,
    /// Public address of the site (overrides config.toml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
}

/// Options of `fihris init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new site.
    pub dir: PathBuf,
}

/// Options of `fihris check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site root, which holds config.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Public address of the site (overrides config.toml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors (also `strict = true` in config.toml).
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Options of `fihris build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site root, which holds config.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: output_dir of config.toml, under the root).
    #[arg(long, short = 'o')]
    pub output_dir: Option<PathBuf>,
    /// Public address of the site, for canonical URLs (overrides config.toml).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked draft = true.
    #[arg(long)]
    pub drafts: bool,
    /// Replace a non-empty output folder that fihris did not create, if it holds only files a build writes (never a system or home folder).
    #[arg(long)]
    pub force: bool,
    /// Treat warnings as errors (also `strict = true` in config.toml).
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
}
