"""Helpers the benchmarks share: the filesystem a folder is on, the cost of
creating files in it, git's answers about the checkout, and the Markdown
block of a report that a run replaces."""
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def filesystem(path):
    """The type of the filesystem holding `path` (longest mount point in /proc/mounts)."""
    path, best, kind = os.path.realpath(path), "", "unknown"
    for line in open("/proc/mounts"):
        fields = line.split()
        point = fields[1].replace("\\040", " ")
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


def creation_cost(folder, files=2000):
    """Microseconds per empty file created in a new `folder`, which is kept:
    on ext4, removing many files slows the next creations for minutes, and
    this figure shows the state each size was measured in."""
    folder.mkdir()
    start = time.perf_counter()
    for i in range(files):
        (folder / str(i)).touch()
    return (time.perf_counter() - start) / files * 1e6


def git(*words):
    return subprocess.run(["git", *words], cwd=REPO, capture_output=True, text=True).stdout.strip()


def write_report(path, marker, text):
    """Puts `text` between `<!-- marker -->` and `<!-- /marker -->` of the file at `path`."""
    report = Path(path).read_text()
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    if start not in report:
        sys.exit(f"{path} has no {start} ... {end} block")
    before, rest = report.split(start, 1)
    _, after = rest.split(end, 1)
    Path(path).write_text(f"{before}{start}\n{text}\n{end}{after}")
