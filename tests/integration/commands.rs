//! `fihris init` and `fihris serve` as a user runs them.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{TestSite, parse, select};

#[test]
fn init_writes_a_site_that_builds_and_checks_at_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let site = dir.path().join("new-site");
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_fihris")).args(args).output().unwrap();
    assert!(run(&["init", site.to_str().unwrap()]).status.success());
    for folder in [
        "templates",
        "static",
        "content/actors",
        "content/countries",
        "content/framework",
        "content/cases",
    ] {
        assert!(site.join(folder).is_dir(), "{folder}");
    }
    let check = run(&["check", "--root", site.to_str().unwrap()]);
    assert!(
        check.status.success() && check.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(run(&["build", "--root", site.to_str().unwrap()]).status.success());
    let article = parse(&site.join("public/articles/first-article/index.html"));
    assert_eq!(
        select(&article, "a.mention").len(),
        3,
        "one entry of each index is mentioned"
    );
    // The example case: its assessment cites the article's passage.
    let case = parse(&site.join("public/cases/example-case/index.html"));
    let labels: Vec<String> = select(&case, ".assessment-item .assessment-label")
        .iter()
        .map(|l| l.text().collect())
        .collect();
    assert_eq!(labels, ["متوفر"]);
    let evidence = select(&case, ".evidence figcaption a");
    assert!(
        evidence[0]
            .attr("href")
            .unwrap()
            .starts_with("../../articles/first-article/index.html#p-")
    );
    let again = run(&["init", site.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "a non-empty folder is refused");
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `fihris serve` on `port` in the site's folder (so with the
/// default root, `.`), its output to `stdout`.
fn start_serve(site: &TestSite, port: u16, stdout: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_fihris"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// Polls `path` until `done` accepts the response, for at most ten seconds.
fn wait_for(port: u16, path: &str, done: impl Fn(&str) -> bool) -> String {
    eventually(path, || get(port, path).filter(|r| done(r)))
}

/// Calls `found` until it finds something, for at most ten seconds.
fn eventually<T>(what: &str, mut found: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = found() {
            return value;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_change_reports_errors_and_recovers() {
    let site = TestSite::fixture("minimal");
    site.write("content/other.md", "+++\ntitle = \"أخرى\"\n+++\n\nنص آخر.\n");
    let port = 20_000 + (std::process::id() % 20_000) as u16;
    let mut child = start_serve(&site, port, Stdio::piped());
    // What it prints after each rebuild, as it prints it.
    let printed = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let stdout = child.stdout.take().unwrap();
    let sink = std::sync::Arc::clone(&printed);
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let _server = Server(child);
    let page = wait_for(port, "/page/", |r| r.contains("200 OK"));
    assert!(
        page.contains("نص الصفحة") && page.contains("/__fihris/status"),
        "the reload script is injected"
    );
    assert!(wait_for(port, "/__fihris/status", |r| r.contains("200 OK")).contains("\"error\":null"));

    site.write(
        "content/page.md",
        "+++\ntitle = \"صفحة\"\ndate = 2022-01-07\n+++\n\nنص معدل.\n",
    );
    wait_for(port, "/page/index.html", |r| r.contains("نص معدل"));
    // Its line follows the first build's two.
    let log = eventually("the line of the update", || {
        let log = printed.lock().unwrap().clone();
        (log.lines().count() > 2).then_some(log)
    });
    assert!(
        log.contains("\nupdated 1 file in "),
        "a body edit updates in place:\n{log}"
    );

    site.write("content/page.md", "+++\ntitle = 1\n+++\n");
    let status = wait_for(port, "/__fihris/status", |r| r.contains("content/page.md:2:9"));
    assert!(status.contains("invalid type"), "{status}");
    assert!(
        wait_for(port, "/page/", |r| r.contains("200 OK")).contains("نص معدل"),
        "the last good site is kept"
    );
    // An edit elsewhere does not hide the error: page.md is still broken.
    let version = |status: &str| {
        status
            .split("\"version\":")
            .nth(1)
            .map(|v| v.trim_end_matches('}').to_string())
    };
    let before = version(&get(port, "/__fihris/status").unwrap());
    site.write("content/other.md", "+++\ntitle = \"أخرى\"\n+++\n\nنص آخر معدل.\n");
    wait_for(port, "/__fihris/status", |r| version(r) != before);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1500) {
        let status = get(port, "/__fihris/status").unwrap();
        assert!(status.contains("content/page.md:2:9"), "{status}");
        std::thread::sleep(Duration::from_millis(50));
    }

    site.write("content/page.md", "+++\ntitle = \"صفحة\"\n+++\n\nنص مصلح.\n");
    wait_for(port, "/__fihris/status", |r| r.contains("\"error\":null"));
    assert!(get(port, "/page/").unwrap().contains("نص مصلح"));
    assert!(get(port, "/missing/").unwrap().starts_with("HTTP/1.1 404"));
}

#[test]
fn serve_reports_a_port_in_use_before_building() {
    let site = TestSite::fixture("minimal");
    // A build error the first build would print, were it run.
    site.write("content/page.md", "+++\ntitle = 1\n+++\n");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fihris"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = eventually("serve to give up the port", || child.try_wait().unwrap());
    let mut printed = String::new();
    child.stdout.take().unwrap().read_to_string(&mut printed).unwrap();
    child.stderr.take().unwrap().read_to_string(&mut printed).unwrap();
    assert!(!status.success(), "{printed}");
    assert!(printed.contains(&format!("127.0.0.1:{port}")), "{printed}");
    assert!(
        !printed.contains("content/page.md"),
        "the port is checked before the first build:\n{printed}"
    );
}

#[test]
fn serve_takes_in_a_file_saved_during_its_first_build() {
    let site = TestSite::fixture("minimal");
    let paragraph = "قالت المنظمة إن قواتها ستغادر كازاخستان خلال أيام. ".repeat(12);
    for n in 0..4_000 {
        site.write(
            &format!("content/a/{n}.md"),
            format!("+++\ntitle = \"مقال {n}\"\ndate = 2022-01-07\n+++\n\n{paragraph}\n\n{paragraph}\n"),
        );
    }
    // The time serve's first build takes here, as it prints it. Half that
    // time after the next serve starts, its first build has read the page
    // (the load reads every file first) and is still rendering.
    let port = 20_000 + ((std::process::id() + 3_571) % 20_000) as u16;
    let mut first = Server(start_serve(&site, port, Stdio::piped()));
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(first.0.stdout.take().unwrap()), &mut line).unwrap();
    drop(first);
    let ms: u64 = line
        .strip_prefix("rebuilt in ")
        .and_then(|rest| rest.trim_end().strip_suffix(" ms"))
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("serve's first line: {line}"));
    let _server = Server(start_serve(&site, port + 1, Stdio::null()));
    std::thread::sleep(Duration::from_millis(ms / 2));
    site.write(
        "content/page.md",
        "+++\ntitle = \"صفحة\"\ndate = 2022-01-07\n+++\n\nنص حفظ أثناء البناء.\n",
    );
    wait_for(port + 1, "/page/", |r| r.contains("نص حفظ أثناء البناء"));
}

#[test]
fn serve_answers_others_while_a_client_does_not_read() {
    let site = TestSite::fixture("minimal");
    // Larger than what the loopback's socket buffers take in: writing it to
    // a client that does not read blocks.
    site.write("static/large.bin", vec![b'x'; 64 << 20]);
    let port = 20_000 + ((std::process::id() + 7_919) % 20_000) as u16;
    let _server = Server(start_serve(&site, port, Stdio::null()));
    wait_for(port, "/page/", |r| r.contains("200 OK"));
    // Clients that ask for the large file and never read the answer.
    let stalled: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(stream, "GET /large.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let page = get(port, "/page/").expect("an answer within five seconds");
    assert!(page.contains("200 OK") && page.contains("نص الصفحة"), "{page}");
    drop(stalled);
}

#[test]
fn serve_answers_new_connections_while_others_stay_open() {
    // A browser keeps its connections open after their answers and opens
    // several at once. A server that queues a new connection behind open
    // ones answers it only when one of them closes: for Chromium, after
    // five minutes.
    let site = TestSite::fixture("minimal");
    let port = 20_000 + ((std::process::id() + 15_838) % 20_000) as u16;
    let _server = Server(start_serve(&site, port, Stdio::null()));
    wait_for(port, "/page/", |r| r.contains("200 OK"));
    let mut open: Vec<TcpStream> = Vec::new();
    for round in 0..60 {
        let burst: Vec<TcpStream> = (0..8)
            .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
            .collect();
        for mut stream in &burst {
            write!(stream, "GET /__fihris/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
        }
        for (n, mut stream) in burst.iter().enumerate() {
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut head = [0; 12];
            let answered = stream.read_exact(&mut head).is_ok();
            assert!(
                answered && head.starts_with(b"HTTP/1.1 200"),
                "connection {n} of round {round} was not answered within five seconds"
            );
        }
        // The earlier round's connections close; this round's stay open.
        open = burst;
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(open);
}
