//! The watcher: changes under the site root, gathered until the sources
//! are quiet, rebuild the site served.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use super::{Served, rebuild};
use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::site::BuildOptions;

/// How long the sources must stay unchanged before a rebuild starts.
const QUIET_MS: u64 = 30;

/// Starts watching the site's sources. The changed paths of each event
/// wait in the returned channel.
pub(super) fn watch(options: &BuildOptions) -> Result<(notify::RecommendedWatcher, mpsc::Receiver<Vec<PathBuf>>)> {
    let (sender, receiver) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !event.kind.is_access()
        {
            let _ = sender.send(event.paths);
        }
    })
    .map_err(|e| watch_error(&options.root, e))?;
    for name in [CONFIG_FILE, "content", "templates", "static"] {
        let path = options.root.join(name);
        if path.exists() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
        }
    }
    Ok((watcher, receiver))
}

/// Rebuilds, on a thread of its own, after each burst of `changes`, once
/// the sources are quiet for a short pause.
pub(super) fn rebuild_on_change(
    options: &BuildOptions,
    served: Arc<Mutex<Served>>,
    changes: mpsc::Receiver<Vec<PathBuf>>,
) {
    let options = options.clone();
    std::thread::spawn(move || {
        while let Ok(first) = changes.recv() {
            let mut changed: BTreeSet<PathBuf> = first.into_iter().collect();
            // Editors write in bursts: wait until the sources are quiet.
            while let Ok(more) = changes.recv_timeout(Duration::from_millis(QUIET_MS)) {
                changed.extend(more);
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            rebuild(&options, &served, &changed);
        }
    });
}

fn watch_error(path: &Path, error: notify::Error) -> Error {
    Error::Io {
        action: "watching",
        path: path.to_path_buf(),
        source: std::io::Error::other(error.to_string()),
    }
}
