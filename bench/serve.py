#!/usr/bin/env python3
"""Serve timings at one size: from saving an article to the new version being
served, for a body, title and date edit, a new article and its removal
(`serve_rebuild` of run.py), for one or two `fihris` binaries taking turns.

    python3 bench/serve.py --articles 10000 --rounds 3 \
        --binary after=target/release/fihris [--binary before=/path/to/old/fihris]

The corpus is `examples/corpus --seed 1` in --work (default /dev/shm), removed
at the end. Prints each round's medians (ms) per binary, then all as JSON.
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import run  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--binary", action="append", default=[], help="NAME=PATH, once or twice")
    parser.add_argument("--work", default="/dev/shm" if Path("/dev/shm").is_dir() else None)
    args = parser.parse_args()
    binaries = dict(b.split("=", 1) for b in args.binary) or {"fihris": str(REPO / "target/release/fihris")}
    corpus_bin = REPO / "target/release/examples/corpus"
    if not corpus_bin.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "corpus"], cwd=REPO, check=True)
    work = Path(tempfile.mkdtemp(prefix="fihris-serve-", dir=args.work))
    try:
        corpus = work / "corpus"
        subprocess.run([corpus_bin, "--articles", str(args.articles), "--seed", "1", "--out", corpus], check=True)
        results = {name: [] for name in binaries}
        for round_number in range(args.rounds):
            for name, binary in binaries.items():
                medians = run.serve_rebuild(corpus, binary, port=1191 + round_number)
                results[name].append({kind: round(ms, 1) for kind, ms in medians.items()})
                print(name, results[name][-1], flush=True)
        print(json.dumps(results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
