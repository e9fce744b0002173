//! Serve stage: builds the site in memory, serves it on 127.0.0.1, watches
//! config.toml, content/, templates/ and static/, rebuilds on change and
//! tells open pages to reload. A failed build keeps the last good site,
//! prints the errors and shows them over the page until they are fixed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use percent_encoding::percent_decode_str;

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::live::{Live, Update};
use crate::output::FileContents;
use crate::site::BuildOptions;

/// Where the live-reload script asks for the state of the build.
const STATUS_PATH: &str = "/__fihris/status";

/// Polls the status and reloads, or shows the build error over the page.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var known = null;
  function overlay(message) {
    var box = document.getElementById("fihris-error");
    if (!message) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "fihris-error";
      box.setAttribute("role", "alert");
      box.dir = "ltr";
      box.style.cssText = "position:fixed;inset:0;z-index:99999;overflow:auto;padding:2rem;background:rgba(20,20,24,.95);color:#fca5a5;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "fihris: the build failed\n\n" + message;
  }
  function poll() {
    fetch("/__fihris/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (known !== null && s.version !== known && !s.error) { location.reload(); return; }
      known = s.version;
      overlay(s.error);
    }).catch(function () {}).finally(function () { setTimeout(poll, 400); });
  }
  poll();
})();
</script>"#;

/// How long the sources must stay unchanged before a rebuild starts.
const QUIET_MS: u64 = 30;

/// What `fihris serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Build options (root, drafts, base URL).
    pub build: BuildOptions,
    /// Port on 127.0.0.1.
    pub port: u16,
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
    fn settle(&mut self, outcome: Result<String>) {
        self.version += 1;
        match outcome {
            Ok(message) => {
                self.error = None;
                println!("{message}");
            }
            Err(error) => {
                eprintln!("{error}");
                self.error = Some(error.to_string());
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
                served.settle(outcome);
                return;
            }
        }
    }
    let result = Live::build(options);
    let mut served = lock();
    match result {
        Ok(live) => {
            served.live = Some(live);
            served.settle(Ok(format!("rebuilt in {} ms", start.elapsed().as_millis())));
        }
        Err(error) => served.settle(Err(error)),
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
        port: options.port,
    };
    let address = format!("127.0.0.1:{}", options.port);
    let listening_error = |source: std::io::Error| Error::Io {
        action: "listening on",
        path: PathBuf::from(&address),
        source,
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
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(&address))
        .map_err(listening_error)?;
    // Built once the port is ours, so that a port in use is reported at
    // once rather than after the build. A client that connects meanwhile
    // waits in the listener's queue for the first answer. The sources are
    // watched from before the build: a file saved while it runs is taken
    // in right after it.
    let (watcher, changes) = watch(&options.build)?;
    let served = Arc::new(Mutex::new(Served::default()));
    rebuild(&options.build, &served, &[]);
    rebuild_on_change(&options.build, Arc::clone(&served), changes);
    println!(
        "serving {} at http://{address}/ (Ctrl-C to stop)",
        options.build.root.display()
    );
    runtime.block_on(accept(listener, served));
    drop(watcher);
    Ok(())
}

/// Answers every connection on its own task, for as long as its client
/// keeps it open: open connections never hold up a new one, nor does a
/// client that stops reading.
async fn accept(listener: tokio::net::TcpListener, served: Arc<Mutex<Served>>) {
    loop {
        // A failure to accept (too many open files, say) is the client's to
        // retry; the pause keeps the loop from spinning meanwhile.
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let served = Arc::clone(&served);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: hyper::Request<_>| {
                let served = Arc::clone(&served);
                let url = request.uri().to_string();
                async move {
                    // The site's lock and the disk: off the runtime's threads.
                    tokio::task::spawn_blocking(move || respond(&url, &served)).await
                }
            });
            let io = hyper_util::rt::TokioIo::new(stream);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
    }
}

/// Starts watching the site's sources. The changed paths of each event
/// wait in the returned channel.
fn watch(options: &BuildOptions) -> Result<(notify::RecommendedWatcher, mpsc::Receiver<Vec<PathBuf>>)> {
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
fn rebuild_on_change(options: &BuildOptions, served: Arc<Mutex<Served>>, changes: mpsc::Receiver<Vec<PathBuf>>) {
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

/// The response to a GET of `url`.
fn respond(url: &str, served: &Mutex<Served>) -> Response {
    let served = served
        .lock()
        .expect("the builder does not panic while holding the lock");
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == STATUS_PATH {
        let status = serde_json::json!({"version": served.version, "error": served.error});
        return response(status.to_string().into_bytes(), "application/json", 200);
    }
    let decoded = percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .to_string();
    let key = if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    };
    let Some(live) = served.live.as_ref() else {
        return response(b"the first build failed".to_vec(), "text/plain; charset=utf-8", 503);
    };
    let (key, status, contents) = match live.file(&key) {
        Some(contents) => (key, 200, contents.into_owned()),
        None => match live.file("404.html") {
            Some(contents) => ("404.html".to_string(), 404, contents.into_owned()),
            None => return response(b"not found".to_vec(), "text/plain; charset=utf-8", 404),
        },
    };
    // Other requests and the rebuilds need the site meanwhile.
    drop(served);
    let bytes = match contents {
        FileContents::Bytes(bytes) => bytes,
        FileContents::Copy(source) => std::fs::read(source).unwrap_or_default(),
    };
    let kind = content_type(&key);
    if kind.starts_with("text/html") {
        return response(with_reload_script(bytes), kind, status);
    }
    response(bytes, kind, status)
}

fn with_reload_script(bytes: Vec<u8>) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes);
    match html.rfind("</body>") {
        Some(at) => format!("{}{RELOAD_SCRIPT}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{RELOAD_SCRIPT}").into_bytes(),
    }
}

type Response = hyper::Response<http_body_util::Full<hyper::body::Bytes>>;

fn response(bytes: Vec<u8>, kind: &str, status: u16) -> Response {
    hyper::Response::builder()
        .status(status)
        .header("Content-Type", kind)
        .header("Cache-Control", "no-store")
        .body(http_body_util::Full::new(bytes.into()))
        .expect("a valid status and headers")
}

/// The media type of an output file, by its extension.
fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}
