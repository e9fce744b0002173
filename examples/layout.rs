//! Times the layout of the co-occurrence graph: stress majorization of a
//! 60-node graph (the default `graph_entries`), then the whole picture
//! (node separation, label placement, SVG text), each run many times; prints
//! the median and the slowest run in milliseconds. The graph is generated,
//! deterministic from a seed, with each node's four strongest links as the
//! site keeps them.
//!
//!     cargo run --release --example layout -- [--nodes 60] [--runs 50]

use std::time::Instant;

use fihris::pictures::layout;
use fihris::pictures::svg::{self, Arrangement, Network, NetworkNode};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str, default: usize| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (n, runs) = (value("--nodes", 60), value("--runs", 50));
    let network = generated(n);
    let lengths: Vec<(usize, usize, f64)> = network
        .edges
        .iter()
        .map(|&(a, b, w)| (a, b, 2.0 - w as f64 / 9.0))
        .collect();
    let stress = time(runs, || {
        std::hint::black_box(layout::stress(n, &lengths));
    });
    let picture = time(runs, || {
        std::hint::black_box(svg::network(&network, Arrangement::Stress, "graph", "graph"));
    });
    println!("{n} nodes, {} edges, {runs} runs", network.edges.len());
    println!(
        "stress majorization: median {:.2} ms, slowest {:.2} ms",
        stress.0, stress.1
    );
    println!(
        "whole picture:       median {:.2} ms, slowest {:.2} ms",
        picture.0, picture.1
    );
}

/// Median and slowest of `runs` runs of `work`, in milliseconds.
fn time(runs: usize, mut work: impl FnMut()) -> (f64, f64) {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() - 1])
}

/// `n` nodes with Arabic names of 5 to 25 letters, each linked to four
/// others with 1 to 9 shared passages.
fn generated(n: usize) -> Network {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let nodes = (0..n)
        .map(|i| NetworkNode {
            label: "س".repeat(5 + next(20)),
            title: format!("node {i}"),
            href: format!("../actors/{i}/index.html"),
            index: i % 3,
            weight: 1.0 - i as f64 / n as f64,
        })
        .collect();
    let mut edges = Vec::new();
    for a in 0..n {
        for _ in 0..4 {
            let b = next(n);
            if a != b {
                edges.push((a.min(b), a.max(b), 1 + next(9)));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup_by_key(|e| (e.0, e.1));
    Network { nodes, edges }
}
