//! Serve stage: builds the site in memory, serves it on 127.0.0.1, watches
//! config.toml, content/, templates/ and static/, rebuilds on change and
//! tells open pages to reload. A failed build keeps the last good site,
//! prints the errors and shows them over the page until they are fixed.
//!
//! The server answers only GET and HEAD, only for the names of this machine
//! (against DNS rebinding), and bounds what a connection may hold: the wait
//! for a request, a stalled answer, and the number of connections open.
//!
//! The HTTP side is [`http`], the watcher [`watch`], and the site kept in
//! memory and brought up to date after an edit [`live`].

mod changes;
mod http;
pub mod live;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use self::live::{Live, Update};
use crate::error::{Error, Result};
use crate::reporter::{Message, Reporter};
use crate::site::BuildOptions;

/// What `fihris serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Build options (root, drafts, base URL).
    pub build: BuildOptions,
    /// The address to listen on (127.0.0.1 unless serving to other machines).
    pub bind: IpAddr,
    /// The port to listen on; 0 takes any free port.
    pub port: u16,
    /// Host names answered besides localhost, 127.0.0.1, [::1] and `bind`.
    pub hosts: Vec<String>,
}

/// The site as currently served.
#[derive(Default)]
struct Served {
    live: Option<Live>,
    version: u64,
    error: Option<String>,
}

impl Served {
    /// Whether the site served is that of the sources: the last build or
    /// update succeeded. After a failure it is the last good site, behind
    /// the sources, and only a full rebuild can catch up with them (an
    /// update would clear the error of a file it does not read again).
    fn current(&self) -> bool {
        self.error.is_none()
    }

    /// Publishes the outcome of a build or update.
    fn settle(&mut self, outcome: Result<String>, reporter: &Reporter) {
        self.version += 1;
        match outcome {
            Ok(message) => {
                self.error = None;
                reporter.send(Message::Progress(&message));
            }
            Err(error) => {
                let error = error.to_string();
                reporter.send(Message::Problem(&error));
                self.error = Some(error);
            }
        }
    }
}

/// Brings the site in memory up to date after `changed` files changed (all
/// of it when `changed` is empty). Edits of articles that keep their place
/// update in place (see `live`); other changes, and any change after a
/// failure, rebuild the site. On failure the previous site stays served.
fn rebuild(options: &BuildOptions, served: &Mutex<Served>, changed: &[PathBuf]) {
    let start = Instant::now();
    let lock = || served.lock().expect("the server does not panic while holding the lock");
    if !changed.is_empty() {
        let mut served = lock();
        if served.current()
            && let Some(live) = served.live.as_mut()
        {
            let outcome = match live.update(changed) {
                Ok(Update::NeedsFullRebuild) => None,
                // Only files the site does not read: nothing to reload.
                Ok(Update::Incremental(0)) => return,
                Ok(Update::Incremental(files)) => Some(Ok(format!(
                    "updated {files} {} in {} ms",
                    if files == 1 { "file" } else { "files" },
                    start.elapsed().as_millis()
                ))),
                Err(error) => Some(Err(error)),
            };
            if let Some(outcome) = outcome {
                served.settle(outcome, &options.reporter);
                return;
            }
        }
    }
    let result = Live::build(options);
    let mut served = lock();
    match result {
        Ok(live) => {
            served.live = Some(live);
            served.settle(
                Ok(format!("rebuilt in {} ms", start.elapsed().as_millis())),
                &options.reporter,
            );
        }
        Err(error) => served.settle(Err(error), &options.reporter),
    }
}

/// Serves the site until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<()> {
    // The watcher reports absolute paths: with a relative root (`.` by
    // default) no changed file would be found among the site's, and every
    // edit would rebuild the whole site.
    let root = std::path::absolute(&options.build.root).map_err(|source| Error::Io {
        action: "resolving",
        path: options.build.root.clone(),
        source,
    })?;
    let options = &ServeOptions {
        build: BuildOptions {
            root,
            ..options.build.clone()
        },
        ..options.clone()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|source| Error::Io {
            action: "starting the server for",
            path: options.build.root.clone(),
            source,
        })?;
    let (listener, address) = runtime.block_on(http::listen(SocketAddr::new(options.bind, options.port)))?;
    // Built once the port is ours, so that a port in use is reported at
    // once rather than after the build. A client that connects meanwhile
    // waits in the listener's queue for the first answer. The sources are
    // watched from before the build: a file saved while it runs is taken
    // in right after it.
    let (watcher, changes) = watch::watch(&options.build)?;
    let served = Arc::new(Mutex::new(Served::default()));
    rebuild(&options.build, &served, &[]);
    watch::rebuild_on_change(&options.build, Arc::clone(&served), changes);
    let listening = format!(
        "serving {} at http://{address}/ (Ctrl-C to stop)",
        options.build.root.display()
    );
    options.build.reporter.send(Message::Progress(&listening));
    let hosts = Arc::new(http::Hosts::new(options.bind, &options.hosts));
    runtime.block_on(http::accept(listener, served, hosts));
    drop(watcher);
    Ok(())
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
