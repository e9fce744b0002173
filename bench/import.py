#!/usr/bin/env python3
"""Import benchmark: `fihris import` of N raw scraped texts, made by the
corpus generator in raw form (examples/corpus.rs --raw: bylines, datelines,
standfirsts, numbered sections and lists, photo captions, closing credits,
translator lines and site boilerplate; CRLF, Windows-1256 and UTF-16 files
among UTF-8 ones). Times the import into a fresh site and the same import
with --dry-run, reports wall time, CPU time, peak RSS, texts per second and
the outcomes the report counts, and checks what the import read in each
text against what the generator wrote (its manifest). Exits 1 when a text
fails to import, or when the import of 10,000 texts takes --target seconds
(10) or more.

    python3 bench/import.py [--quick] [--sizes 10000] [--runs 3] [--seed 1]
                            [--target 10] [--examples 3] [--fihris PATH]
                            [--work DIR] [--report docs/performance.md]
                            [--marker IMPORT]

For each size the texts, the registry of the corpus (300 actors, 40
countries, the five framework variables: the names the texts mention) and
the manifest are generated once in --work (the system's temporary folder by
default). Every run imports into a new site: `fihris init`, with the
registry's entries copied into it; the imports and the dry runs take turns,
each after a `sync`, and nothing is deleted until the end (on this
machine's ext4, creating files after many deletions is slow for minutes: see
docs/performance.md). Times are the least of --runs runs (3); CPU time is
user plus system time, peak RSS the largest of the runs. The outcomes and
the check come from the first run's report. --quick imports 1,000 texts
once, for CI (under 10 s with the build done): it fails on a failed text
and when the dry run goes at under half the target's rate (the 1,000 texts
in 2 s or more at the default target; 0.4 s here). The dry run, because
the import's writes to a disk where many files were just deleted (as CI
does before) can take twice as long: 1.27 s instead of 0.57 s here.

The check compares, text by text, the title (and whether it was taken from
the body), the standfirst, the authors, the translator, the source, the
date, the number of headings, lists, captions and paragraphs, the dropped
lines and the encoding with the manifest, and prints how many texts differ
in each, with --examples of each kind grouped by the shape of the text.
It informs: it never fails the run.
"""
import argparse
import collections
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import creation_cost, filesystem, git, write_report

REPO = Path(__file__).resolve().parent.parent
KB = 1024
# The last line of the items of a report: `9,998 of 10,000 text(s) imported`.
SUMMARY = re.compile(r"^(\d+) of (\d+) text\(s\) imported", re.M)
OUTCOMES = {
    "wrote": "written",
    "would write": "would be written",
    "replaced": "replaced",
    "already imported as": "already imported",
    "error:": "failed",
}
# The size the target is for.
TARGET_SIZE = 10000

Timing = collections.namedtuple("Timing", "wall cpu rss")


def run(cmd, **kwargs):
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def generate(work, n, seed):
    """The raw texts, the registry and the manifest of size `n`."""
    folder = work / f"raw-{n}"
    run(
        [
            REPO / "target/release/examples/corpus",
            "--articles", n, "--seed", seed,
            "--raw", folder / "texts", "--out", folder / "registry", "--manifest", folder / "manifest.tsv",
        ]
    )
    return folder


def make_site(fihris, site, registry):
    """A new site: `fihris init`, and the registry's entries."""
    run([fihris, "init", site], stdout=subprocess.DEVNULL)
    for index in ("actors", "countries", "framework"):
        shutil.copytree(registry / "content" / index, site / "content" / index, dirs_exist_ok=True)
    return site


def timed(cmd, out):
    """Wall seconds, user + system CPU seconds and peak RSS (MiB) of one
    run, its report written to `out`. A run that fails otherwise than by a
    failed text (exit 1 with the report's summary) ends the benchmark."""
    with open(out, "wb") as report:
        start = time.perf_counter()
        process = subprocess.Popen([str(c) for c in cmd], stdout=report, stderr=subprocess.PIPE)
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or not SUMMARY.search(Path(out).read_text()):
        sys.exit(f"{' '.join(map(str, cmd))} failed ({code}):\n{stderr.decode(errors='replace')[-2000:]}")
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / KB)


def outcomes(report):
    """The report's summary (imported, total) and the count of each outcome."""
    imported, total = map(int, SUMMARY.findall(report)[-1])
    counts = collections.Counter()
    for line in report.splitlines():
        for start, name in OUTCOMES.items():
            if line.startswith("  " + start):
                counts[name] += 1
    return imported, total, counts


def parse_report(report):
    """What the report says of each input: file name to its fields."""
    items = {}
    blocks = report.split(SUMMARY.search(report).group(0))[0].strip("\n").split("\n\n")
    for block in blocks:
        lines = block.splitlines()
        if not lines or lines[0].startswith(" "):
            continue
        found = re.match(r"^(.*?)(?: \(([^()]*)\))?$", lines[0])
        item = {"encoding": found.group(2) or "", "dropped": 0, "authors": [], "translator": "", "source": ""}
        for line in lines[1:]:
            line = line[2:]
            if line.startswith("title: "):
                title = line[len("title: ") :]
                cut = title.find(" (the first clause of the body")
                item["title_from_body"] = cut >= 0
                item["title"] = title[:cut] if cut >= 0 else title
            elif line.startswith("date: "):
                date = re.match(r"date: (\d{4}-\d{2}-\d{2})", line)
                item["date"] = date.group(1) if date else ""
            elif line.startswith("structure: "):
                structure = line[len("structure: ") :]
                item["standfirst"] = structure.startswith("a standfirst")
                for kind in ("heading", "list", "caption", "paragraph"):
                    count = re.search(rf"(\d+) {kind}\(s\)", structure)
                    item[kind + "s"] = int(count.group(1)) if count else 0
            elif line.startswith("dropped line "):
                item["dropped"] += 1
            elif line.startswith(("authors: ", "translator: ", "source: ")):
                for part in line.split(" · "):
                    key, value = part.split(": ", 1)
                    if key == "authors":
                        item["authors"] = value.split("، ")
                    else:
                        item[key] = value
            elif line.startswith("error: "):
                item["error"] = line[len("error: ") :]
        items[Path(found.group(1)).name] = item
    return items


# Fields of the check: manifest column, report field, how they are compared.
FIELDS = [
    ("title", "title", str),
    ("title_from_body", "title_from_body", lambda v: v in ("1", True)),
    ("standfirst", "standfirst", lambda v: v in ("1", True)),
    ("authors", "authors", lambda v: v.split(" | ") if isinstance(v, str) and v else list(v or [])),
    ("translator", "translator", str),
    ("source", "source", str),
    ("date", "date", str),
    ("headings", "headings", int),
    ("lists", "lists", int),
    ("captions", "captions", int),
    ("paragraphs", "paragraphs", int),
    ("dropped", "dropped", int),
    ("encoding", "encoding", str),
]


def check(manifest, report, examples):
    """Texts whose reading differs from the manifest, by field: a summary
    line for the report and the lines printed with examples."""
    items = parse_report(report)
    rows = list(csv_rows(manifest))
    wrong = collections.defaultdict(list)
    for row in rows:
        item = items.get(row["file"])
        if item is None or "error" in item and "title" not in item:
            wrong["read"].append((row, "read", item and item.get("error")))
            continue
        for column, field, kind in FIELDS:
            if kind(row[column]) != kind(item.get(field, "")):
                wrong[column].append((row, kind(row[column]), kind(item.get(field, ""))))
    total = len(rows)
    summary = ", ".join(
        f"{column} {100 * (total - len(wrong[column])) / total:.1f} %" for column, _, _ in FIELDS if column in wrong
    )
    lines = []
    for column, _, _ in FIELDS + [("read", None, None)]:
        if column not in wrong:
            continue
        cases = wrong[column]
        lines.append(f"{column}: {len(cases):,} of {total:,} texts read otherwise than generated")
        by_shape = collections.Counter(tuple(sorted(shape_key(r, column))) for r, _, _ in cases)
        for shapes, count in by_shape.most_common(4):
            lines.append(f"  {count:,} with {', '.join(shapes) or 'no particular shape'}")
        for row, expected, got in cases[:examples]:
            lines.append(f"  {row['file']} [{row['shapes']}; {row['layout']}]: expected {expected!r}, read {got!r}")
    return summary, lines


def shape_key(row, column):
    """The shapes of a text that bear on a field, to group its misreadings."""
    shapes = set(row["shapes"].split(",")) - {""}
    keep = {
        "title": {"wrapped", "standfirst", "byline-after-title"} | {s for s in shapes if s.startswith(("dateline", "outlet"))},
        "title_from_body": {"wrapped", "standfirst"} | {s for s in shapes if s.startswith(("dateline", "outlet"))},
        "authors": {s for s in shapes if s.startswith("byline")},
        "source": {s for s in shapes if s.startswith(("dateline", "outlet", "credit"))},
        "date": {s for s in shapes if s.startswith("dateline")},
        "translator": {s for s in shapes if s.startswith("translator")},
    }.get(column, shapes)
    found = shapes & keep
    if row["title_from_body"] == "1" and column.startswith("title"):
        found.add("no title line")
    return found


def csv_rows(manifest):
    lines = Path(manifest).read_text().splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        yield dict(zip(header, line.split("\t")))






def size_of(folder):
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())


def measure_size(fihris, work, n, args):
    """The row of each command at size `n`, and the check of its texts."""
    folder = generate(work, n, args.seed)
    texts, registry = folder / "texts", folder / "registry"
    encodings = collections.Counter(row["encoding"] for row in csv_rows(folder / "manifest.tsv"))
    crlf = sum(row["crlf"] == "1" for row in csv_rows(folder / "manifest.tsv"))
    creation = creation_cost(work / f"creation-{n}")
    print(f"N={n:,}: {size_of(texts) / 2**20:.1f} MiB of texts; {creation:.0f} µs per file created before the runs", file=sys.stderr)
    commands = {"import": [], "import --dry-run": ["--dry-run"]}
    samples = {name: [] for name in commands}
    reports = {}
    for run_number in range(args.runs):
        # The commands take turns, each round starting with the next one.
        names = list(commands)
        names = names[run_number % 2 :] + names[: run_number % 2]
        for name in names:
            site = make_site(fihris, work / f"site-{n}-{name.replace(' --', '-')}-{run_number}", registry)
            out = work / f"report-{n}-{name.replace(' --', '-')}-{run_number}.txt"
            os.sync()
            cmd = [fihris, "import", "--root", site, *commands[name], texts]
            samples[name].append(timed(cmd, out))
            reports.setdefault(name, out.read_text())
            print(f"N={n:,} {name} run {run_number + 1}: {samples[name][-1].wall:.2f} s", file=sys.stderr, flush=True)
    rows = []
    for name in commands:
        timing = Timing(
            min(s.wall for s in samples[name]), min(s.cpu for s in samples[name]), max(s.rss for s in samples[name])
        )
        imported, total, counts = outcomes(reports[name])
        rows.append({"n": n, "command": name, "timing": timing, "imported": imported, "total": total, "counts": counts, "runs": args.runs})
    summary, lines = check(folder / "manifest.tsv", reports["import"], args.examples)
    mix = ", ".join(f"{count:,} {name}" for name, count in encodings.most_common())
    return rows, {
        "n": n,
        "input": size_of(texts),
        "mix": f"{mix}; {crlf:,} with CRLF line ends",
        "summary": summary,
        "lines": lines,
        "creation": creation,
    }


def table(rows):
    lines = [
        "| N | command | runs | wall (s) | CPU (s) | texts/s | peak RSS (MiB) | outcomes |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        t = row["timing"]
        counts = ", ".join(f"{count:,} {name}" for name, count in sorted(row["counts"].items(), key=lambda c: -c[1]))
        lines.append(
            f"| {row['n']:,} | `{row['command']}` | {row['runs']} | {t.wall:.2f} | {t.cpu:.2f} | "
            f"{row['n'] / t.wall:,.0f} | {t.rss:,.0f} | {counts} |"
        )
    return "\n".join(lines)




def describe(args, work, sizes):
    commit = git("rev-parse", "--short", "HEAD")
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    binary = "the binary given by --fihris" if args.fihris else f"commit {commit}{dirty}"
    options = [a for a in sys.argv[1:] if not a.startswith("/") and a != "--fihris"]
    command = " ".join(["python3", "bench/import.py", *options])
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    inputs = "; ".join(f"N = {s['n']:,}: {s['input'] / 2**20:.1f} MiB ({s['mix']})" for s in sizes)
    creation = ", ".join(f"{s['creation']:,.0f} µs at N = {s['n']:,}" for s in sizes)
    return (
        f"Machine: {os.cpu_count()} cores ({cpu}), {platform.platform()}; work folder on {filesystem(work)}. "
        f"Fihris: {binary}, {time.strftime('%Y-%m-%d')}. Command: `{command}`.\n"
        f"Texts (seed {args.seed}): {inputs}. "
        f"Wall and CPU (user + system) time the least of {args.runs} run(s), peak RSS the largest; each run "
        f"imports into a new site (`fihris init` and the corpus registry) after a `sync`, the two commands "
        f"taking turns. Creating an empty file in the work folder before the runs took {creation}."
    )




def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 texts, one run: for CI")
    parser.add_argument("--sizes", type=int, nargs="+", default=None, help="numbers of texts (default 10000; 1000 with --quick)")
    parser.add_argument("--runs", type=int, default=None, help="runs of each command per size (default 3, 1 with --quick)")
    parser.add_argument("--seed", type=int, default=1, help="the corpus generator's seed")
    parser.add_argument("--target", type=float, default=10.0, help="seconds the import of 10,000 texts must stay under")
    parser.add_argument("--examples", type=int, default=3, help="misread texts shown for each field")
    parser.add_argument("--fihris", default=None, help="the binary to measure (default: target/release/fihris, built first)")
    parser.add_argument("--work", default=None, help="folder for the texts and sites (default: the system's temporary folder)")
    parser.add_argument("--report", default=None, help="write the table into this file, e.g. docs/performance.md")
    parser.add_argument("--marker", default="IMPORT", help="the report's block: <!-- MARKER --> ... <!-- /MARKER -->")
    args = parser.parse_args()
    args.sizes = args.sizes or ([1000] if args.quick else [TARGET_SIZE])
    args.runs = args.runs or (1 if args.quick else 3)
    return args


def main():
    args = arguments()
    build = ["cargo", "build", "--release", "--quiet", "--locked", "--example", "corpus"]
    subprocess.run(build + ([] if args.fihris else ["--bin", "fihris"]), cwd=REPO, check=True)
    fihris = Path(args.fihris or REPO / "target/release/fihris").resolve()
    rows, sizes = [], []
    with tempfile.TemporaryDirectory(prefix="fihris-import-", dir=args.work) as work:
        work = Path(work)
        for n in args.sizes:
            size_rows, size = measure_size(fihris, work, n, args)
            rows += size_rows
            sizes.append(size)
            print(table(size_rows).splitlines()[-2], file=sys.stderr)
            print(table(size_rows).splitlines()[-1], file=sys.stderr)
            print("\n".join(size["lines"]) or "every text read as generated", file=sys.stderr, flush=True)
        text = describe(args, work, sizes) + "\n\n" + table(rows) + "\n"
        checks = "; ".join(f"N = {s['n']:,}: {s['summary']}" for s in sizes if s["summary"])
        if checks:
            text += f"\nTexts whose fields were read as generated (the fields where some were not): {checks}.\n"
    problems = []
    for row in rows:
        failed = row["counts"].get("failed", 0)
        if failed:
            problems.append(f"N = {row['n']:,} `{row['command']}`: {failed:,} text(s) failed")
        wall = row["timing"].wall
        if row["command"] == "import" and row["n"] == TARGET_SIZE and wall >= args.target:
            problems.append(f"N = {row['n']:,}: the import took {wall:.2f} s (target: under {args.target:g} s)")
        if args.quick and row["command"] == "import --dry-run" and row["n"] / wall < TARGET_SIZE / args.target / 2:
            problems.append(
                f"N = {row['n']:,}: {row['n'] / wall:,.0f} texts/s, under half the target's rate "
                f"({TARGET_SIZE / args.target / 2:,.0f})"
            )
    target = next((r for r in rows if r["command"] == "import" and r["n"] == TARGET_SIZE), None)
    if target is not None:
        verdict = "met" if target["timing"].wall < args.target else "not met"
        text += f"\nTarget: 10,000 texts imported in under {args.target:g} s on 2 cores: {target['timing'].wall:.2f} s, {verdict}.\n"
    print(text)
    if args.report:
        write_report(args.report, args.marker, text)
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
