//! `fihris serve`: wiring from the CLI options to [`fihris::serve::serve`].

use fihris::error::Result;
use fihris::serve::{self, ServeOptions};
use fihris::site::BuildOptions;

use crate::cli::ServeArgs;

/// Serves the site until stopped.
pub fn run(args: ServeArgs) -> Result<()> {
    let build = BuildOptions {
        root: args.root,
        base_url: args.base_url,
        drafts: args.drafts,
        reporter: super::terminal(),
        ..BuildOptions::default()
    };
    serve::serve(&ServeOptions {
        build,
        bind: args.bind,
        port: args.port,
        hosts: args.hosts,
    })
}
