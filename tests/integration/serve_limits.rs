//! What `fihris serve` refuses and how long it keeps a connection: its
//! timeouts, its limit on open connections, the hosts and methods it
//! answers, and the port it prints. Every server here listens on a port
//! the system chooses (`--port 0`) on the loopback, and every wait is
//! bounded.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::harness::TestSite;

/// A running `fihris serve`, stopped when dropped.
struct Serve {
    child: Child,
    /// The address it printed.
    address: SocketAddr,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// `fihris serve --port 0 ARGS` in the site's folder.
    fn start(site: &TestSite, args: &[&str]) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fihris"));
        command.args(["serve", "--port", "0"]).args(args);
        Serve::spawn(command, site)
    }

    /// Runs `command` in the site's folder and waits, for at most thirty
    /// seconds, for the address it serves at.
    fn spawn(mut command: Command, site: &TestSite) -> Serve {
        let child = command
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut serve = Serve {
            child,
            address: SocketAddr::from(([0, 0, 0, 0], 0)),
        };
        let stdout = serve.child.stdout.take().unwrap();
        let (sender, printed) = mpsc::channel();
        // Reads until serve stops, so that its output never fills the pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = served_at(&line) {
                    let _ = sender.send(address);
                }
            }
        });
        serve.address = printed
            .recv_timeout(Duration::from_secs(30))
            .expect("serve prints the address it serves at");
        serve
    }

    /// The port it printed, on 127.0.0.1.
    fn local(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.address.port()))
    }
}

/// The address in serve's line "serving ROOT at http://ADDRESS/ (...)".
fn served_at(line: &str) -> Option<SocketAddr> {
    line.rsplit(" at http://").next()?.split('/').next()?.parse().ok()
}

/// Sends `request` on a new connection and reads the answer until the
/// server closes it, for at most five seconds.
fn exchange(address: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).into_owned();
    assert!(read.is_ok(), "no whole answer within five seconds: {answer:?}");
    answer
}

/// A GET of `path` naming `host`.
fn get(address: SocketAddr, host: &str, path: &str) -> String {
    exchange(
        address,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

/// Reads one answer (its head and its Content-Length of body) from a
/// connection that stays open.
fn read_answer(stream: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte)?;
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length = head
        .lines()
        .find_map(|line| {
            let line = line.to_ascii_lowercase();
            line.strip_prefix("content-length:").map(|n| n.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body)?;
    Ok(head + &String::from_utf8_lossy(&body))
}

/// Whether the server has closed `stream`; what it had sent is read and
/// dropped.
fn closed(stream: &mut TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buffer = [0; 4096];
    let closed = loop {
        match stream.read(&mut buffer) {
            Ok(0) => break true,
            Ok(_) => {}
            Err(error) if error.kind() == ErrorKind::WouldBlock => break false,
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(_) => break true,
        }
    };
    stream.set_nonblocking(false).unwrap();
    closed
}

/// Regression (issue 5, serve): `serve --port 0` printed port 0.
#[test]
fn serve_port_0_prints_the_port_it_took() {
    let site = TestSite::fixture("minimal");
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.address.ip().to_string(), "127.0.0.1");
    assert_ne!(serve.address.port(), 0, "the port printed is the one taken");
    let page = get(serve.address, "127.0.0.1", "/page/");
    assert!(page.starts_with("HTTP/1.1 200") && page.contains("نص الصفحة"), "{page}");
}

/// Regression (issue 5, serve): any Host was answered, so that a page of
/// another site could read the served one through DNS rebinding.
#[test]
fn serve_answers_only_the_names_of_this_machine() {
    let site = TestSite::fixture("minimal");
    let serve = Serve::start(&site, &[]);
    let (address, port) = (serve.local(), serve.address.port());
    let own = [
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LocalHost".to_string(),
        format!("[::1]:{port}"),
    ];
    for host in &own {
        assert_eq!(status(&get(address, host, "/page/")), 200, "{host}");
    }
    let others = [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "192.168.1.20".to_string(),
    ];
    for host in &others {
        let answer = get(address, host, "/page/");
        assert_eq!(status(&answer), 403, "{host}: {answer}");
        assert!(answer.contains("--host") && !answer.contains("نص الصفحة"), "{answer}");
    }
    let absolute = "GET http://evil.example/page/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    assert_eq!(status(&exchange(address, absolute)), 403, "the host of an absolute URL");
    let nameless = "GET /page/ HTTP/1.1\r\nConnection: close\r\n\r\n";
    assert_eq!(status(&exchange(address, nameless)), 400, "HTTP/1.1 without a Host");
    let twice = "GET /page/ HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
    assert_eq!(status(&exchange(address, twice)), 400, "two Host headers");
    let old = exchange(address, "GET /page/ HTTP/1.0\r\n\r\n");
    assert_eq!(status(&old), 200, "HTTP/1.0 needs no Host: {old}");
}

/// `--host NAME` adds a name to those answered, in any case and with any
/// port; other names are still refused.
#[test]
fn serve_answers_the_names_given_with_host() {
    let site = TestSite::fixture("minimal");
    let serve = Serve::start(&site, &["--host", "Wiki.Test", "--host", "other.test"]);
    let (address, port) = (serve.local(), serve.address.port());
    for host in [
        format!("wiki.test:{port}"),
        "OTHER.test".to_string(),
        "localhost".to_string(),
    ] {
        assert_eq!(status(&get(address, &host, "/page/")), 200, "{host}");
    }
    assert_eq!(status(&get(address, "evil.example", "/page/")), 403);
}

/// `--bind ADDR` listens on that address only, and answers requests that
/// name it. (127.0.0.2 is a loopback address on Linux.)
#[cfg(target_os = "linux")]
#[test]
fn serve_listens_on_the_address_given_with_bind_and_answers_it() {
    let site = TestSite::fixture("minimal");
    let serve = Serve::start(&site, &["--bind", "127.0.0.2"]);
    let address = serve.address;
    assert_eq!(address.ip().to_string(), "127.0.0.2", "the address printed");
    assert_eq!(status(&get(address, &address.to_string(), "/page/")), 200);
    assert_eq!(status(&get(address, "localhost", "/page/")), 200);
    assert_eq!(status(&get(address, "127.0.0.3", "/page/")), 403);
    assert!(
        TcpStream::connect(serve.local()).is_err(),
        "nothing listens on 127.0.0.1"
    );
}

/// Regression (issue 5, serve): every method was answered 200.
#[test]
fn serve_answers_get_and_head_and_refuses_other_methods() {
    let site = TestSite::fixture("minimal");
    let serve = Serve::start(&site, &[]);
    let address = serve.local();
    let page = get(address, "127.0.0.1", "/page/");
    let head = exchange(
        address,
        "HEAD /page/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    let (page_head, body) = page.split_once("\r\n\r\n").unwrap();
    assert_eq!(status(&head), 200);
    assert!(head.ends_with("\r\n\r\n"), "HEAD answers without a body: {head}");
    let length = format!("content-length: {}", body.len());
    assert!(page_head.contains(&length) && head.contains(&length), "{head}");
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let answer = exchange(
            address,
            &format!("{method} /page/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"),
        );
        assert_eq!(status(&answer), 405, "{method}: {answer}");
        assert!(answer.to_ascii_lowercase().contains("allow: get, head"), "{answer}");
    }
}

/// Regression (issue 5, serve): idle connections were never closed; 20
/// slow clients held for 75 s stayed open. A connection now waits at most
/// ten seconds for a request's head (from when it opens, or from its last
/// answer), and an answer at most ten seconds for its client to read on;
/// a connection used as the page's live reload uses it stays open.
#[test]
fn serve_closes_connections_that_idle_trickle_or_stop_reading() {
    const LARGE: usize = 64 << 20;
    let site = TestSite::fixture("minimal");
    site.write("static/large.bin", vec![b'x'; LARGE]);
    let serve = Serve::start(&site, &[]);
    let address = serve.local();
    let start = Instant::now();
    let connect = |request: &str| {
        let mut stream = TcpStream::connect(address).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        stream
    };
    let status_request = "GET /__fihris/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let mut silent: Vec<TcpStream> = (0..10).map(|_| connect("")).collect();
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|_| connect("GET /page/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
        .collect();
    let mut idle: Vec<TcpStream> = (0..10).map(|_| connect(status_request)).collect();
    for stream in &mut idle {
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        assert_eq!(status(&read_answer(stream).unwrap()), 200);
    }
    let stalled: Vec<TcpStream> = (0..2)
        .map(|_| connect("GET /large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        .collect();
    let asked = Instant::now();
    // Asks for the status every 400 ms on one connection, as the page does.
    let mut poller = connect("");
    poller.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut open = silent.len() + slow.len() + idle.len();
    while open > 0 && start.elapsed() < Duration::from_secs(20) {
        for stream in &mut slow {
            let _ = stream.write_all(b"X-Slow: 1\r\n");
        }
        poller.write_all(status_request.as_bytes()).unwrap();
        let answer = read_answer(&mut poller).expect("the polling connection stays open");
        assert_eq!(status(&answer), 200, "{answer}");
        std::thread::sleep(Duration::from_millis(400));
        open = [&mut silent, &mut slow, &mut idle]
            .into_iter()
            .flat_map(|streams| streams.iter_mut())
            .map(|stream| !closed(stream))
            .filter(|&open| open)
            .count();
    }
    assert_eq!(open, 0, "connections still open after {:?}", start.elapsed());
    // Once the two stalled answers have waited ten seconds, and a margin.
    std::thread::sleep(Duration::from_secs(13).saturating_sub(asked.elapsed()));
    for mut stream in stalled {
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut answer = Vec::new();
        let read = stream.read_to_end(&mut answer);
        assert!(
            read.is_ok() && answer.len() < LARGE,
            "a stalled answer is cut off and its connection closed ({read:?}, {} bytes read)",
            answer.len()
        );
    }
}

/// Regression (issue 5, serve): with 64 open files allowed, 80 idle
/// connections blocked every new request. Past its limit, serve asks the
/// oldest connections to close, and answers a new one well before they
/// would time out.
#[cfg(unix)]
#[test]
fn serve_makes_room_for_a_new_connection_at_its_open_files_limit() {
    let site = TestSite::fixture("minimal");
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -n 64 && exec \"$0\" serve --port 0"])
        .arg(env!("CARGO_BIN_EXE_fihris"));
    let serve = Serve::spawn(command, &site);
    let address = serve.local();
    let request = "GET /__fihris/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let hogs: Vec<TcpStream> = (0..80)
        .map(|_| {
            let mut stream = TcpStream::connect(address).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            stream
        })
        .collect();
    let start = Instant::now();
    let page = get(address, "127.0.0.1", "/page/");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "answered only after {:?}",
        start.elapsed()
    );
    drop(hogs);
}
