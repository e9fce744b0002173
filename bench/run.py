#!/usr/bin/env python3
"""Benchmark: builds the generated corpus with Fihris, Hugo (Debian's package)
and a floor program (pulldown-cmark alone, in parallel), for each size, times
the write floor (examples/copy.rs: Fihris's output written again from memory,
the writes alone), and reports medians of repeated runs: wall time, pages per second, peak RSS
(/usr/bin/time -v) and output size; and, at N = 10,000, the time `fihris
serve` takes to rebuild after one article's body, title or date is edited
and after a new article is saved. Writes the table into
docs/performance.md between the BENCH markers (or those named by --marker).

    python3 bench/run.py [--sizes 1000 10000 100000] [--runs 3] [--runs-large 1]
                         [--tools fihris hugo floor copy] [--work DIR]
                         [--report docs/performance.md] [--marker BENCH]

--work chooses the folder the corpora and outputs are made in (default: the
system's temporary folder). On a tmpfs such as /dev/shm the table measures the
tools without the disk; each size's folders are then removed once it is
measured, to keep memory for the next. Hugo at N = 100,000 needs about 13 GB
of memory: on a tmpfs beside its output it may not fit (--tools leaves it out).
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from common import creation_cost, filesystem

REPO = Path(__file__).resolve().parent.parent


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, **kwargs)


def ensure_tools():
    missing = [pkg for tool, pkg in (("hugo", "hugo"), ("/usr/bin/time", "time")) if not shutil.which(tool)]
    if missing:
        if os.geteuid() != 0:
            sys.exit(f"bench needs {' '.join(missing)}: sudo apt-get install {' '.join(missing)}")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", *missing], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    run(["cargo", "build", "--release", "--quiet", "--bin", "fihris", "--example", "corpus", "--example", "floor", "--example", "copy"], cwd=REPO)


def measure(cmd, cwd=None, timed_by_itself=False):
    """Wall seconds and peak RSS (KiB) of one run, from /usr/bin/time -v; or,
    for a program that times its own part (the write floor), the seconds it
    prints."""
    result = subprocess.run(["/usr/bin/time", "-v", *cmd], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{result.stderr[-2000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    hours, minutes, seconds = int(wall.group(1) or 0), int(wall.group(2)), float(wall.group(3))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    if timed_by_itself:
        return float(result.stdout.split()[-1]), rss
    return hours * 3600 + minutes * 60 + seconds, rss






def size_of(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def serve_rebuild(corpus, fihris, port=1191):
    """Milliseconds from saving one article to the rebuilt site being served
    (median of 5 saves each): edits of its body, of its title, of its date
    (one day later, each time), a new article (the newest, each time), and
    the removal of each new article."""
    server = subprocess.Popen([fihris, "serve", "--root", str(corpus), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    status = f"http://127.0.0.1:{port}/__fihris/status"

    def version():
        with urllib.request.urlopen(status, timeout=60) as response:
            return json.load(response)["version"]

    def next_day(text, edit):
        found = re.search(r"^date = (\d{4}-\d{2}-\d{2})$", text, flags=re.M)
        day = datetime.date.fromisoformat(found.group(1)) + datetime.timedelta(days=1)
        return text[: found.start(1)] + day.isoformat() + text[found.end(1) :]

    article = corpus / "content/articles/article-5.md"
    added = [corpus / f"content/articles/bench-new-{edit}.md" for edit in range(5)]
    try:
        for _ in range(600):
            try:
                current = version()
                break
            except OSError:
                time.sleep(0.1)
        newest = lambda text, edit: re.sub(r"^date = .*$", f"date = 2100-01-0{edit + 1}", text, count=1, flags=re.M)
        edits = {
            "body": (lambda edit: article, lambda text, edit: text + f"\nتعديل رقم {edit}.\n"),
            "title": (lambda edit: article, lambda text, edit: text.replace('title = "', f'title = "{edit} ', 1)),
            "date": (lambda edit: article, next_day),
            "new": (lambda edit: added[edit], newest),
            "removed": (lambda edit: added[edit], None),
        }
        medians = {}
        for kind, (target, edited) in edits.items():
            samples = []
            for edit in range(5):
                text = article.read_text()
                start = time.monotonic()
                if edited is None:
                    target(edit).unlink()
                else:
                    target(edit).write_text(edited(text, edit))
                while version() == current:
                    time.sleep(0.002)
                samples.append((time.monotonic() - start) * 1000)
                current = version()
            medians[kind] = statistics.median(samples)
        return medians
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        for path in added:
            path.unlink(missing_ok=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--runs-large", type=int, default=0, help="runs at N >= 100,000 (default: --runs)")
    parser.add_argument("--tools", nargs="+", choices=["fihris", "hugo", "floor", "copy"], default=["fihris", "hugo", "floor", "copy"])
    parser.add_argument("--work", default=None, help="folder for corpora and outputs (default: the system's temporary folder)")
    parser.add_argument("--report", default=str(REPO / "docs/performance.md"))
    parser.add_argument("--marker", default="BENCH", help="the report's block to replace: <!-- MARKER --> ... <!-- /MARKER -->")
    args = parser.parse_args()
    if "copy" in args.tools and "fihris" not in args.tools:
        parser.error("copy writes Fihris's output again: --tools needs fihris too")
    ensure_tools()
    fihris = REPO / "target/release/fihris"
    rows = []
    creation = {}
    rebuild = None
    with tempfile.TemporaryDirectory(prefix="fihris-bench-", dir=args.work) as work:
        work = Path(work)
        fs = filesystem(work)
        for n in args.sizes:
            corpus, hugo_site = work / f"fihris-{n}", work / f"hugo-{n}"
            run([REPO / "target/release/examples/corpus", "--articles", str(n), "--seed", "1", "--out", corpus, "--hugo", hugo_site])
            tools = {
                "fihris": (lambda out: [fihris, "build", "--quiet", "--root", corpus, "--output-dir", out], None),
                "hugo": (lambda out: ["hugo", "--quiet", "--destination", out], hugo_site),
                "floor": (lambda out: [REPO / "target/release/examples/floor", corpus, out], None),
                # Fihris's first output at this size, written again.
                "copy": (lambda out: [REPO / "target/release/examples/copy", work / f"out-fihris-{n}-0", out], None),
            }
            creation[n] = creation_cost(work / f"creation-{n}")
            print(f"N={n}: {creation[n]:.0f} µs per file created in {fs} before the runs", flush=True)
            runs = args.runs_large if n >= 100000 and args.runs_large else args.runs
            names = [tool for tool in tools if tool in args.tools]
            builders = [tool for tool in names if tool != "copy"]
            samples = {tool: [] for tool in names}

            def measure_run(tool, run_number):
                cmd, cwd = tools[tool]
                # Each run writes a new folder, and nothing is deleted before
                # the end: ext4 without a journal skips inodes freed in the
                # last 60 to 360 s, so creating files after many deletions is
                # slow for minutes (docs/performance.md). Dirty pages of the
                # corpus or of the previous run are flushed first, so that no
                # run pays for another's writes.
                os.sync()
                command = [str(c) for c in cmd(work / f"out-{tool}-{n}-{run_number}")]
                samples[tool].append(measure(command, cwd=cwd, timed_by_itself=tool == "copy"))

            for run_number in range(runs):
                # The tools take turns, each round starting with the next one,
                # so that none always runs first after the corpus is written.
                turn = run_number % len(builders)
                for tool in builders[turn:] + builders[:turn]:
                    measure_run(tool, run_number)
            # The write floor last, once Fihris's output is made: a disk can
            # be slow for a while after gigabytes written in seconds, even
            # after a sync, and the builds should not pay for it.
            if "copy" in names:
                for run_number in range(runs):
                    measure_run("copy", run_number)
            for tool in names:
                wall = statistics.median(s[0] for s in samples[tool])
                rss = statistics.median(s[1] for s in samples[tool])
                size = size_of(work / f"out-{tool}-{n}-0") / 2**20
                # /usr/bin/time counts hundredths: a tiny run can read 0.00 s.
                rows.append((n, tool, wall, n / max(wall, 0.01), rss / 1024, size, runs))
                each = ", ".join(f"{s[0]:.2f}" for s in samples[tool])
                print(f"N={n} {tool}: {wall:.2f} s ({each}), {rss / 1024:.0f} MiB", flush=True)
            if n == 10000 and "fihris" in names:
                rebuild = serve_rebuild(corpus, fihris)
                print("serve rebuild at N=10000: " + ", ".join(f"{kind} {ms:.0f} ms" for kind, ms in rebuild.items()), flush=True)
            if fs == "tmpfs":
                outputs = [work / f"out-{tool}-{n}-{r}" for tool in names for r in range(runs)]
                for folder in [corpus, hugo_site, work / f"creation-{n}", *outputs]:
                    shutil.rmtree(folder)
        # Before the work folder goes: on a disk, removing a run's millions
        # of files takes about twenty minutes.
        write_report(Path(args.report), rows, rebuild, creation, fs, args)


def write_report(report, rows, rebuild, creation, fs, args):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    memory = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    lines = [
        f"Machine: {os.cpu_count()} cores ({cpu}), {int(memory) // 1024} MiB; {platform.platform()}.",
        f"Versions: fihris {commit} ({rustc}), Hugo {hugo}. Command: `python3 bench/run.py {' '.join(sys.argv[1:])}`.",
        f"Medians of the runs shown, {time.strftime('%Y-%m-%d')}. Corpora and outputs on {fs}. Every run writes a new folder after a `sync`; the tools take turns, and "
        + ("each size's folders are removed once it is measured." if fs == "tmpfs" else "nothing is deleted until the end."),
        "",
        "| N | tool | runs | wall (s) | pages/s | peak RSS (MiB) | output (MiB) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, tool, wall, rate, rss, out, runs in rows:
        # The write floor holds the whole output in memory: its RSS says nothing.
        memory = "–" if tool == "copy" else f"{rss:,.0f}"
        lines.append(f"| {n:,} | {tool} | {runs} | {wall:.2f} | {rate:,.0f} | {memory} | {out:,.0f} |")
    if any(tool == "copy" for _, tool, *_ in rows):
        lines += ["", "copy is the write floor: Fihris's output of the same size written again from memory, in parallel; its wall time is that of the writes alone, from making the output folder to the last file. Its runs come after the builds of the same size."]
    sizes = sorted(creation)
    lines += ["", "Creating an empty file in the work folder before the runs took " + ", ".join(f"{creation[n]:,.0f} µs at N = {n:,}" for n in sizes) + "."]
    by = {(n, tool): wall for n, tool, wall, *_ in rows}
    for small, large in zip(sizes, sizes[1:]):
        tools = [tool for (n, tool) in by if n == small and (large, tool) in by]
        # Hundredths of a second make no ratio: those tools are left out.
        ratios = ", ".join(f"{tool} {by[(large, tool)] / by[(small, tool)]:.1f}" for tool in tools if by[(small, tool)] >= 0.1)
        if ratios:
            lines += ["", f"N = {large:,} against N = {small:,} (wall time, times): {ratios}."]
    if rebuild is not None:
        lines += ["", f"`fihris serve` at N = 10,000, from saving one article to the new version being served (medians of 5): {rebuild['body']:.0f} ms after an edit of its body, {rebuild['title']:.0f} ms after an edit of its title, {rebuild['date']:.0f} ms after its date moved one day later, {rebuild['new']:.0f} ms for a new article, the newest, {rebuild['removed']:.0f} ms for its removal."]
    block = "\n".join(lines)
    text = report.read_text() if report.exists() else "# Performance\n\n<!-- BENCH -->\n<!-- /BENCH -->\n"
    marker = re.escape(args.marker)
    if not re.search(f"<!-- {marker} -->.*?<!-- /{marker} -->", text, flags=re.S):
        text += f"\n<!-- {args.marker} -->\n<!-- /{args.marker} -->\n"
    text = re.sub(f"<!-- {marker} -->.*?<!-- /{marker} -->", lambda _: f"<!-- {args.marker} -->\n{block}\n<!-- /{args.marker} -->", text, flags=re.S)
    report.write_text(text)
    print(block)


if __name__ == "__main__":
    main()
