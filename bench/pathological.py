#!/usr/bin/env python3
"""Pathological inputs: builds one article of each degenerate shape (10,000
identical headings, thousands of links, reference definitions, nested raw
<div>s, one 1 MB line, deeply nested quotes and lists, many footnotes, table
rows and cells, mentions, bidi controls, a huge front matter, and a mixed
article) at 1x, 2x and 4x its size, and checks that the time grows at most
about linearly and that a 1 MB article builds in under 2 seconds. Prints a
Markdown table; exits 1 when a shape fails either test, so that CI can run it.

    python3 bench/pathological.py [--quick] [--runs 3] [--shapes headings links ...]
                                  [--commands build check] [--timeout 60]
                                  [--threshold 6] [--target 2.0] [--fihris PATH]
                                  [--work DIR] [--report docs/performance.md]
                                  [--marker PATHOLOGICAL]

Each shape is generated at 256 KB (1x), 512 KB (2x) and 1 MB (4x), and each
size is built and checked (`fihris build`, `fihris check`) 3 times; the 4x
build is the 1 MB article held to the 2 s target. --quick generates 128, 256
and 512 KB, runs `build` twice, stops a run after 10 s (instead of 60), and
holds the 1 MB mixed article alone to the target: under a minute. A site is
made with `fihris init` in --work (the system's temporary folder by default,
or a tmpfs such as /dev/shm) and the article is put
in content/articles/; each build writes a new folder.

Times are the least of the runs. The growth 4x/1x is that of the time less
the time of the same site without the article (a build's fixed cost; 30 ms
at least, below which a difference is noise), in wall and in user CPU time.
A shape is superlinear when its user time grows more than --threshold times
(up to twice that, confirmed by 5 more runs of 1x and 4x): on a shared
machine the wall and system time of the same build swing by a tenth of a
second or more (page faults and writes wait on the other programs' memory
and disk), its user time much less. The 2 s target is held against the wall
time. A run that exceeds --timeout is stopped; the shape's larger sizes are
then skipped and it fails.

Why 6: a linear stage grows 4 times from 1x to 4x, an n log n one about 4.5
times at these sizes, a quadratic one 16 times. Small times move by up to
20 % between runs on a shared machine (4 x 1.2 / 0.8 = 6), so 6 separates
linear from quadratic with room on both sides. Measured (docs/performance.md,
"Pathological inputs"): linear shapes 1.0 to 4.8, quadratic ones 10 to 16.
"""
import argparse
import collections
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import filesystem, git, write_report

REPO = Path(__file__).resolve().parent.parent
KB = 1024
# A size not run because a smaller one took too long.
SKIPPED = "skipped"

# Words of the starter site (`fihris init`): its entries are mentioned.
PERSON, COUNTRY, VARIABLE = "الشخص المثال", "البلد المثال", "المتغير المثال"
WORDS = "وقال المتحدث إن الحكومة ستواصل العمل على تنفيذ الاتفاق".split()


def repeat(unit, size, head="", tail=""):
    """`head`, then `unit` (a function of its index) until `size` bytes, then `tail`."""
    parts, total, i = [head], len(head.encode()), 0
    while total < size:
        text = unit(i)
        parts.append(text)
        total += len(text.encode())
        i += 1
    parts.append(tail)
    return "".join(parts)


def nested(open_, close, size, middle="نص"):
    depth = size // len((open_ + close).encode())
    return open_ * depth + middle + close * depth


def reference_links(size):
    count = size // 55
    uses = "".join(f"[مرجع {i}][r{i}] " + ("\n\n" if i % 10 == 9 else "") for i in range(count))
    definitions = "".join(f"[r{i}]: https://example.org/r/{i}\n" for i in range(count))
    return uses + "\n\n" + definitions


def footnotes(size):
    count = size // 59
    calls = "".join(f"نص الحاشية[^{i}] " + ("\n\n" if i % 10 == 9 else "") for i in range(count))
    notes = "".join(f"[^{i}]: حاشية رقم {i}.\n\n" for i in range(count))
    return calls + "\n\n" + notes


def wide_table(size):
    """One table of a header, a delimiter and a row, as many columns as fit."""
    columns = size // len("| خلية | --- | 1 ".encode())
    return f"|{' خلية |' * columns}\n|{' --- |' * columns}\n|{' 1 |' * columns}\n"


def mixed(size):
    """A long article of every ordinary block: what a 1 MB report looks like."""

    def section(i):
        return (
            f"## القسم {i}\n\n"
            f"زار {PERSON} {COUNTRY} وناقش {VARIABLE} مع الصحفيين، "
            f"وقال إن [الاتفاق](https://example.org/{i}) **سيوقع** قريبا[^{i}].\n\n"
            f"> {' '.join(WORDS)}\n\n"
            f"- البند الأول\n- البند الثاني مع [رابط](@/articles/first-article.md)\n  - بند فرعي\n\n"
            f"| السنة | القيمة |\n| --- | --- |\n| 2022 | {i} |\n| 2023 | {i + 1} |\n\n"
            f"[^{i}]: مصدر رقم {i}.\n\n"
            + ("```rust\nfn main() { println!(\"{}\", 1 + 2); }\n```\n\n" if i % 20 == 0 else "")
        )

    return repeat(section, size)


def bidi_controls(size):
    """Lines holding a right-to-left mark, or an embedding and its end:
    `fihris check` reports each (warnings) with its line and column."""
    return repeat(lambda i: "كلمة \u200f كلمة\n" if i % 2 else "كلمة \u202b كلمة \u202c\n", size)


def front_matter(size):
    """An article that names one entry in its front matter thousands of
    times, one a line: each value is located for its diagnostics."""
    names = repeat(lambda i: '  "example-person",\n', size)
    return f'+++\ntitle = "مقال مرضي"\ndate = 2024-01-02\nactors = [\n{names}]\n+++\n\nنص.\n'


SHAPES = {
    "headings": lambda n: repeat(lambda i: "## عنوان\n\n", n),
    "links": lambda n: repeat(lambda i: f"[رابط](https://example.org/{i}) " + ("\n\n" if i % 10 == 9 else ""), n),
    "at-links": lambda n: repeat(lambda i: "[المقال](@/articles/first-article.md) " + ("\n\n" if i % 10 == 9 else ""), n),
    "references": reference_links,
    "nested-divs": lambda n: nested("<div>", "</div>", n),
    "long-line": lambda n: repeat(lambda i: WORDS[i % len(WORDS)] + (f" {PERSON} " if i % 50 == 0 else " "), n),
    "nested-quotes": lambda n: nested("> ", "", n),
    "nested-lists": lambda n: nested("- ", "", n),
    "footnotes": footnotes,
    "table-rows": lambda n: repeat(lambda i: f"| {i} | خلية | خلية |\n", n, head="| أ | ب | ج |\n| --- | --- | --- |\n"),
    "table-cells": wide_table,
    "mentions": lambda n: repeat(lambda i: f"زار {PERSON} {COUNTRY}، وناقش {VARIABLE}.\n\n", n),
    "mixed": mixed,
    "bidi-controls": bidi_controls,
    "front-matter": front_matter,
}

# Shapes that write their own front matter.
WHOLE_FILES = {"front-matter"}

FRONT = '+++\ntitle = "مقال مرضي"\ndate = 2024-01-02\n+++\n\n'


def kill_after(process, seconds):
    timer = threading.Timer(seconds, lambda: process.send_signal(signal.SIGKILL))
    timer.start()
    return timer


def timed(cmd, timeout):
    """Wall seconds, user CPU seconds and peak RSS (MiB) of one run, or None
    when it was stopped at `timeout`. A failed command ends the benchmark."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = kill_after(process, timeout)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    if code == -signal.SIGKILL:
        return None
    if code != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{stderr.decode(errors='replace')[-2000:]}")
    return Timing(wall, usage.ru_utime, usage.ru_maxrss / KB)


Timing = collections.namedtuple("Timing", "wall user rss")


def measure(fihris, site, command, runs, timeout):
    """The fastest of `runs` runs of `command` on `site` (wall and user time
    each the least of the runs, peak RSS the most), or None after a run
    that took too long."""
    samples = []
    for run in range(runs):
        out = site / f"out-{command}-{run}"
        cmd = [fihris, command, "--quiet", "--root", site]
        if command == "build":
            cmd += ["--output-dir", out]
        sample = timed(cmd, timeout)
        shutil.rmtree(out, ignore_errors=True)
        if sample is None:
            return None
        samples.append(sample)
    return Timing(*(min(s.wall for s in samples), min(s.user for s in samples), max(s.rss for s in samples)))


def make_site(fihris, folder, article):
    """A starter site in `folder`, with `article` (the whole file) if given."""
    subprocess.run([fihris, "init", folder], check=True, stdout=subprocess.DEVNULL)
    if article is not None:
        (folder / "content/articles/bench.md").write_text(article)
    return folder


def article(shape, size):
    """The file of an article of `shape` whose body is `size` bytes (or,
    for the front-matter shape, whose front matter is)."""
    text = SHAPES[shape](size)
    return text if shape in WHOLE_FILES else FRONT + text


def shape_rows(fihris, work, shape, sizes, args, fixed):
    """Times `shape` at each size with each command: one row per command.
    After a run that takes too long, the larger sizes are skipped."""
    rows = []
    sites = []
    for size in sizes:
        text = article(shape, size)
        sites.append((len(text.encode()), make_site(fihris, work / f"{shape}-{size}", text)))
    for command in args.commands:
        timings = []
        for _, site in sites:
            timings.append(measure(fihris, site, command, args.runs, args.timeout))
            if timings[-1] is None:
                break
        timings += [SKIPPED] * (len(sizes) - len(timings))
        row = verdict(shape, command, [s for s, _ in sites], timings, fixed[command], args)
        if "superlinear" in row["problems"] and row["ratios"][1] <= 2 * args.threshold:
            # A close call is confirmed by more runs of the end sizes.
            for i in (0, -1):
                again = measure(fihris, sites[i][1], command, max(args.runs, 5), args.timeout)
                timings[i] = Timing(*(f(a, b) for f, a, b in zip((min, min, max), timings[i], again)))
            row = verdict(shape, command, [s for s, _ in sites], timings, fixed[command], args)
        rows.append(row)
    for _, site in sites:
        shutil.rmtree(site)
    return rows


def growth(first, last, fixed):
    """How many times `last` exceeds `first`, each less the fixed cost of a
    build (and 30 ms at least: below that, timing is noise)."""
    return max(last - fixed, 0.03) / max(first - fixed, 0.03)


def verdict(shape, command, sizes, timings, fixed, args):
    """A row of the table, and whether the shape passes: superlinear when
    its user CPU time (the work done, which a busy machine stretches far
    less than the wall or system time) grows more than --threshold times."""
    measured = all(isinstance(t, Timing) for t in timings)
    first, last = timings[0], timings[-1]
    ratios = None
    if measured:
        ratios = (growth(first.wall, last.wall, fixed.wall), growth(first.user, last.user, fixed.user))
    problems = []
    if not measured:
        problems.append(f"over {args.timeout:g} s")
    elif ratios[1] > args.threshold:
        problems.append("superlinear")
    if command == "build" and measured and sizes[-1] >= 1024 * KB and last.wall > args.target:
        problems.append(f"1 MB over {args.target:g} s")
    rss = max((t.rss for t in timings if isinstance(t, Timing)), default=0.0)
    return {
        "shape": shape,
        "command": command,
        "sizes": sizes,
        "timings": timings,
        "ratios": ratios,
        "rss": rss,
        "problems": problems,
    }


def seconds(timing, timeout):
    if timing is SKIPPED:
        return "–"
    return f"> {timeout:g}" if timing is None else f"{timing.wall:.2f}"


def table(rows, args):
    lines = [
        "| shape | command | size 1x (KB) | 1x (s) | 2x (s) | 4x (s) | 4x/1x wall | 4x/1x user | peak RSS (MiB) | verdict |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        ratios = ["–", "–"] if row["ratios"] is None else [f"{r:.1f}" for r in row["ratios"]]
        cells = [seconds(t, args.timeout) for t in row["timings"]]
        rss = f"{row['rss']:,.0f}" if row["rss"] else "–"
        lines.append(
            f"| {row['shape']} | {row['command']} | {row['sizes'][0] // KB:,} | {' | '.join(cells)} | "
            f"{' | '.join(ratios)} | {rss} | {', '.join(row['problems']) or 'ok'} |"
        )
    return "\n".join(lines)


def target_check(fihris, work, args):
    """--quick: the 1 MB mixed article against the 2 s target."""
    site = make_site(fihris, work / "mixed-1mb", article("mixed", 1024 * KB))
    timing = measure(fihris, site, "build", args.runs, args.timeout)
    shutil.rmtree(site)
    ok = timing is not None and timing.wall <= args.target
    text = f"The 1 MB mixed article builds in {seconds(timing, args.timeout)} s (target {args.target:g} s)."
    return ok, text




def describe(args, work, fixed):
    """The lines above the table: machine, binary, date, command, method."""
    commit = git("rev-parse", "--short", "HEAD")
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    binary = "the binary given by --fihris" if args.fihris else f"commit {commit}{dirty}"
    options = [a for a in sys.argv[1:] if not a.startswith("/") and a != "--fihris"]
    command = " ".join(["python3", "bench/pathological.py", *options])
    fixed_costs = ", ".join(f"{c} {t.wall:.2f} s" for c, t in fixed.items())
    return (
        f"Machine: {os.cpu_count()} cores, {platform.platform()}; work folder on {filesystem(work)}. "
        f"Fihris: {binary}, {time.strftime('%Y-%m-%d')}. Command: `{command}`.\n"
        f"Wall time, the least of {args.runs} run(s); sizes are the article's file. 4x/1x: growth of the wall "
        f"and user CPU time less those of the same site without the article ({fixed_costs}); a shape is "
        f"superlinear when its user time grows more than {args.threshold:g} times (confirmed by 5 more runs "
        f"up to {2 * args.threshold:g})."
    )






def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="128/256/512 KB, two runs, build only")
    parser.add_argument("--runs", type=int, default=None, help="runs per size (default 3, 2 with --quick)")
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    parser.add_argument("--commands", nargs="+", choices=["build", "check"], default=None)
    parser.add_argument("--timeout", type=float, default=None, help="seconds per run (default 60, 10 with --quick)")
    parser.add_argument("--threshold", type=float, default=6.0, help="largest 4x/1x growth that passes")
    parser.add_argument("--target", type=float, default=2.0, help="seconds a 1 MB article may take to build")
    parser.add_argument("--fihris", default=None, help="the binary to measure (default: target/release/fihris, built first)")
    parser.add_argument("--work", default=None, help="folder for the sites (default: the system's temporary folder)")
    parser.add_argument("--report", default=None, help="write the table into this file, e.g. docs/performance.md")
    parser.add_argument("--marker", default="PATHOLOGICAL", help="the report's block: <!-- MARKER --> ... <!-- /MARKER -->")
    args = parser.parse_args()
    args.runs = args.runs or (2 if args.quick else 3)
    args.timeout = args.timeout or (10.0 if args.quick else 60.0)
    args.commands = args.commands or (["build"] if args.quick else ["build", "check"])
    return args


def main():
    args = arguments()
    fihris = Path(args.fihris or REPO / "target/release/fihris").resolve()
    if not args.fihris:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--locked", "--bin", "fihris"], cwd=REPO, check=True)
    base = 128 * KB if args.quick else 256 * KB
    sizes = [base, 2 * base, 4 * base]
    rows = []
    with tempfile.TemporaryDirectory(prefix="fihris-pathological-", dir=args.work) as work:
        work = Path(work)
        empty = make_site(fihris, work / "empty", None)
        fixed = {c: measure(fihris, empty, c, max(args.runs, 5), args.timeout) for c in args.commands}
        for shape in args.shapes:
            for row in shape_rows(fihris, work, shape, sizes, args, fixed):
                rows.append(row)
                print(table([row], args).splitlines()[-1], file=sys.stderr, flush=True)
        ok, target = True, ""
        if args.quick:
            ok, target = target_check(fihris, work, args)
        text = f"{describe(args, work, fixed)}\n\n{table(rows, args)}\n" + (f"\n{target}\n" if target else "")
    print(text)
    if args.report:
        write_report(args.report, args.marker, text)
    failed = [f"{r['shape']} ({r['command']}): {', '.join(r['problems'])}" for r in rows if r["problems"]]
    if not ok:
        failed.append(target)
    if failed:
        print("FAILED: " + "; ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
