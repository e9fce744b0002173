//! The HTTP side of serve: the listener, connections bounded in number
//! and in time, the Host check, and the answers (pages with the live-reload
//! script, the build's status).

use std::collections::BTreeMap;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::pin::{Pin, pin};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use hyper::http::uri::Authority;
use hyper::{Method, Request, Version, header};
use percent_encoding::percent_decode_str;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

use super::{Served, locked};
use crate::error::{Error, Result};
use crate::output::FileContents;

/// Where the live-reload script asks for the state of the build.
const STATUS_PATH: &str = "/__fihris/status";

/// Polls the status and reloads, or shows the build error over the page.
/// `VERSION` is the version of the site the page was served from: an edit
/// that lands before the first poll still reloads the page.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var known = VERSION;
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

/// How long a connection waits for the whole head of a request: from when
/// it opens, and again from the end of each answer. It closes connections
/// that trickle a head and keep-alive connections left idle; the page's
/// live reload asks every 400 ms, and a browser reopens a closed one.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an answer may wait for its client to take more of it: a client
/// that stops reading would otherwise hold its connection for ever.
const STALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The most connections open at once, fewer if the open-files limit is low.
const MAX_CONNECTIONS: usize = 256;

/// Open files kept for other uses than connections: the standard streams,
/// the runtime, the listener, the watcher, and the files a rebuild reads.
const RESERVED_FILES: u64 = 32;

/// How long to wait for a connection asked to make room before asking the
/// next oldest.
const EVICTION_PAUSE: Duration = Duration::from_millis(50);

/// Takes `address`, and tells the address taken: with port 0, the system
/// chooses the port.
pub(super) async fn listen(address: SocketAddr) -> Result<(tokio::net::TcpListener, SocketAddr)> {
    let listening_error = |source: io::Error| Error::Io {
        action: "listening on",
        path: PathBuf::from(address.to_string()),
        source,
    };
    let listener = tokio::net::TcpListener::bind(address).await.map_err(listening_error)?;
    let taken = listener.local_addr().map_err(listening_error)?;
    Ok((listener, taken))
}

/// The open connections by age, each with the means to ask it to close.
type Open = Mutex<BTreeMap<u64, Arc<Notify>>>;

/// Answers every connection on its own task: open connections never hold
/// up a new one, nor does a client that stops reading. At most
/// [`connection_limit`] are open at once; past it, the oldest are asked
/// to close to make room.
pub(super) async fn accept(listener: tokio::net::TcpListener, served: Arc<Mutex<Served>>, hosts: Arc<Hosts>) {
    let places = Arc::new(Semaphore::new(connection_limit()));
    let open: Arc<Open> = Arc::default();
    for id in 0_u64.. {
        let place = make_room(&places, &open).await;
        // A failure to accept (too many open files, say) is the client's to
        // retry; the pause keeps the loop from spinning meanwhile.
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        let close = Arc::new(Notify::new());
        locked(&open).insert(id, Arc::clone(&close));
        let (served, hosts, open) = (Arc::clone(&served), Arc::clone(&hosts), Arc::clone(&open));
        tokio::spawn(async move {
            connection(stream, served, hosts, &close).await;
            locked(&open).remove(&id);
            drop(place);
        });
    }
}

/// Waits for a place for one more connection. While there is none, asks
/// the oldest connection not yet asked to close: an idle one closes at
/// once, a busy one after its answer.
async fn make_room(places: &Arc<Semaphore>, open: &Open) -> OwnedSemaphorePermit {
    loop {
        if let Ok(place) = Arc::clone(places).try_acquire_owned() {
            return place;
        }
        if let Some((_, close)) = locked(open).pop_first() {
            close.notify_one();
        }
        let freed = tokio::time::timeout(EVICTION_PAUSE, Arc::clone(places).acquire_owned()).await;
        if let Ok(place) = freed {
            return place.expect("the semaphore is never closed");
        }
    }
}

/// How many connections may be open at once: [`MAX_CONNECTIONS`], or half
/// the open files left after [`RESERVED_FILES`] if fewer, as each
/// connection may read a static file while it answers. Where the limit
/// cannot be read (outside Linux), it is taken to be 256, macOS's default.
fn connection_limit() -> usize {
    places(open_files_limit().unwrap_or(256))
}

/// How many connections `files` open files leave room for.
fn places(files: u64) -> usize {
    let places = files.saturating_sub(RESERVED_FILES) / 2;
    usize::try_from(places).unwrap_or(usize::MAX).clamp(1, MAX_CONNECTIONS)
}

/// The soft limit on open files of this process, from /proc/self/limits.
fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|line| line.starts_with("Max open files"))?;
    match line.split_whitespace().nth(3)? {
        "unlimited" => Some(u64::MAX),
        soft => soft.parse().ok(),
    }
}

/// Answers the requests of one connection until its client closes it, it
/// times out, or it is asked to `close` (after the answer in progress).
async fn connection(stream: tokio::net::TcpStream, served: Arc<Mutex<Served>>, hosts: Arc<Hosts>, close: &Notify) {
    let service = hyper::service::service_fn(move |request| answer(request, Arc::clone(&served), Arc::clone(&hosts)));
    let io = Stalling::new(hyper_util::rt::TokioIo::new(stream));
    let mut connection = pin!(
        hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(HEAD_TIMEOUT)
            .serve_connection(io, service)
    );
    let mut asked = pin!(close.notified());
    let mut closing = false;
    let _ = std::future::poll_fn(|cx| {
        if !closing && asked.as_mut().poll(cx).is_ready() {
            closing = true;
            connection.as_mut().graceful_shutdown();
        }
        connection.as_mut().poll(cx)
    })
    .await;
}

/// The answer to one request: a refusal, or the file asked for.
async fn answer<B>(
    request: Request<B>,
    served: Arc<Mutex<Served>>,
    hosts: Arc<Hosts>,
) -> std::result::Result<Response, tokio::task::JoinError> {
    if let Some(refusal) = refusal(&request, &hosts) {
        return Ok(refusal);
    }
    let path = request.uri().path().to_owned();
    // The site's lock and the disk: off the runtime's threads. For HEAD,
    // hyper sends the same head and leaves out the body.
    tokio::task::spawn_blocking(move || respond(&path, &served)).await
}

/// Why `request` is not answered, if it is not: 400 for an HTTP/1.1
/// request without a Host, 403 for a host not among `hosts` (a page of
/// another site reading this one through DNS rebinding), 405 for a method
/// other than GET and HEAD.
fn refusal<B>(request: &Request<B>, hosts: &Hosts) -> Option<Response> {
    let mut named = request.headers().get_all(header::HOST).iter();
    let host = match (named.next(), named.next()) {
        (Some(host), None) => Some(host.to_str().unwrap_or("")),
        (None, None) => None,
        (_, Some(_)) => return Some(refused(400, "a request has one Host header, not several\n".into())),
    };
    let target = request.uri().authority().map(Authority::as_str);
    if host.is_none() && target.is_none() && request.version() != Version::HTTP_10 {
        return Some(refused(400, "an HTTP/1.1 request needs a Host header\n".into()));
    }
    if let Some(other) = [host, target].into_iter().flatten().find(|name| !hosts.allows(name)) {
        return Some(refused(403, hosts.refusal(other)));
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut refusal = refused(405, "fihris serve answers only GET and HEAD\n".into());
        refusal
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
        return Some(refusal);
    }
    None
}

fn refused(status: u16, message: String) -> Response {
    let mut response = response(message.into_bytes(), "text/plain; charset=utf-8", status);
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    response
}

/// The host names a request may name: those of this machine's loopback,
/// the address listened on, and those given with `--host`, each with any
/// port (a forwarded port differs from the one listened on; what guards
/// against DNS rebinding is the name).
#[derive(Debug)]
pub(super) struct Hosts {
    /// Lowercase, IPv6 addresses in brackets, as [`Authority::host`] gives them.
    names: Vec<String>,
    /// Listening on every address: any address is answered, as no name a
    /// page could rebind is an address.
    any_address: bool,
}

impl Hosts {
    pub(super) fn new(bind: IpAddr, more: &[String]) -> Hosts {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).into();
        for name in std::iter::once(bind.to_string()).chain(more.iter().cloned()) {
            let name = host_name(&name);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Hosts {
            names,
            any_address: bind.is_unspecified(),
        }
    }

    /// Whether a request may name `host` (a Host header, or the authority
    /// of an absolute URL).
    fn allows(&self, host: &str) -> bool {
        let Ok(authority) = host.parse::<Authority>() else {
            return false;
        };
        let name = authority.host().to_ascii_lowercase();
        let port = authority.port_u16().is_some() || authority.as_str().len() == name.len();
        port && !host.contains('@') && (self.names.contains(&name) || (self.any_address && is_address(&name)))
    }

    /// The body of the 403 answer to a request for `host`.
    fn refusal(&self, host: &str) -> String {
        let host: String = host.chars().filter(|c| c.is_ascii_graphic()).take(256).collect();
        format!(
            "fihris serve answers only requests for {}; this one was for {host:?}. \
             To serve it under another name, start it with --host NAME.\n",
            self.names.join(", ")
        )
    }
}

/// `name` as [`Authority::host`] gives it: lowercase, without a port, an
/// IPv6 address in brackets.
fn host_name(name: &str) -> String {
    if name.parse::<Ipv6Addr>().is_ok() {
        return format!("[{}]", name.to_ascii_lowercase());
    }
    match name.parse::<Authority>() {
        Ok(authority) => authority.host().to_ascii_lowercase(),
        Err(_) => name.to_ascii_lowercase(),
    }
}

fn is_address(name: &str) -> bool {
    name.parse::<Ipv4Addr>().is_ok()
        || name
            .strip_prefix('[')
            .and_then(|name| name.strip_suffix(']'))
            .is_some_and(|name| name.parse::<Ipv6Addr>().is_ok())
}

/// A connection's stream whose writes fail once they have made no progress
/// for [`STALL_TIMEOUT`].
struct Stalling<T> {
    io: T,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<T> Stalling<T> {
    fn new(io: T) -> Stalling<T> {
        Stalling { io, stalled: None }
    }

    /// `poll`, the outcome of a write, unless it has been pending too long.
    fn progress<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(STALL_TIMEOUT)));
        ready!(stalled.as_mut().poll(cx));
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client stopped reading",
        )))
    }
}

impl<T: hyper::rt::Read + Unpin> hyper::rt::Read for Stalling<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<T: hyper::rt::Write + Unpin> hyper::rt::Write for Stalling<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        self.progress(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.progress(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_flush(cx);
        self.progress(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_shutdown(cx);
        self.progress(cx, poll)
    }
}

/// The response to a GET of `path` (without its query).
fn respond(path: &str, served: &Mutex<Served>) -> Response {
    let served = served
        .lock()
        .expect("the builder does not panic while holding the lock");
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
    let version = served.version;
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
        FileContents::Copy(source) => match crate::fs::read(&source) {
            Ok(bytes) => bytes,
            // A static file that cannot be read (removed, or too many files
            // open) is an error, not an empty page.
            Err(e) => return response(e.to_string().into_bytes(), "text/plain; charset=utf-8", 500),
        },
    };
    let kind = content_type(&key);
    if kind.starts_with("text/html") {
        return response(with_reload_script(bytes, version), kind, status);
    }
    response(bytes, kind, status)
}

fn with_reload_script(bytes: Vec<u8>, version: u64) -> Vec<u8> {
    let html = String::from_utf8_lossy(&bytes);
    let script = RELOAD_SCRIPT.replace("VERSION", &version.to_string());
    match html.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{script}").into_bytes(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page knows the version it was served from, so an edit that lands
    /// before its first poll still reloads it (regression: the first poll
    /// took the new version as the page's, and the page stayed old).
    #[test]
    fn a_page_carries_the_version_it_was_served_from() {
        let page = String::from_utf8(with_reload_script(b"<p>x</p></body></html>".to_vec(), 41)).unwrap();
        assert!(page.contains("var known = 41;"), "{page}");
        assert!(page.ends_with("</script></body></html>"), "{page}");
        assert!(!page.contains("VERSION"));
    }

    #[test]
    fn hosts_are_the_loopback_names_the_bind_address_and_those_given() {
        let more = ["Wiki.Test:8080".to_string(), "fe80::1".to_string()];
        let hosts = Hosts::new(IpAddr::from([192, 168, 1, 20]), &more);
        let allowed = [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1:9",
            "[::1]",
            "[::1]:1111",
            "192.168.1.20:1111",
            "wiki.test",
            "WIKI.test:1",
            "[fe80::1]:1111",
        ];
        for host in allowed {
            assert!(hosts.allows(host), "{host}");
        }
        let refused = [
            "",
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "user@localhost",
            "localhost:port",
            "10.0.0.1",
            "[::2]",
        ];
        for host in refused {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn listening_on_every_address_answers_any_address_but_no_other_name() {
        let hosts = Hosts::new(IpAddr::from([0, 0, 0, 0]), &[]);
        for host in ["192.168.1.20:1111", "10.0.0.1", "[fe80::1]:1111", "localhost"] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in ["evil.example", "192.168.1.20.nip.io", "[evil]"] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn connections_leave_room_for_other_open_files() {
        assert_eq!(places(64), 16);
        assert_eq!(places(256), 112);
        assert_eq!(places(1024), MAX_CONNECTIONS);
        assert_eq!(places(u64::MAX), MAX_CONNECTIONS);
        assert_eq!(places(8), 1);
    }
}
