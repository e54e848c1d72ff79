"""Benchmark: ``check`` against merely parsing the same files with ``yaml.CSafeLoader``.

``python bench/run.py [--orgs 170 --years 3 --runs 5]`` generates the corpus (bench/corpus.py)
unless ``--corpus DIR`` names one, then prints records/second and seconds for (a) parsing every
file, (b) ``check`` without rules and (c) with rules, each the median of ``--runs`` cold runs in
fresh processes, and the ratios (b)/(a) and (c)/(a) from the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate  # noqa: E402

PARSE = """
import os, sys, time, yaml
start = time.perf_counter()
n = 0
for dirpath, _, files in os.walk(sys.argv[1] + "/data"):
    for name in files:
        if name.endswith(".yaml"):
            with open(os.path.join(dirpath, name), "rb") as f:
                yaml.load(f.read(), Loader=yaml.CSafeLoader)
            n += 1
print(time.perf_counter() - start, n)
"""

CHECK = """
import sys, time, datetime
from pathlib import Path
from gongkai.check import Options, run_check
start = time.perf_counter()
result = run_check(Options(root=Path(sys.argv[1]), rules=sys.argv[2] == "1",
                           as_of=datetime.date(2026, 11, 25)))
print(time.perf_counter() - start, len(result.loaded.portal.records))
"""


def timed(code: str, *args: str) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1])


def median_of(runs: int, code: str, *args: str) -> tuple[float, int]:
    samples = [timed(code, *args) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), samples[0][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--orgs", type=int, default=170)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    if args.corpus is None:
        generate(corpus, args.orgs, args.years)
    parse_s, files = median_of(args.runs, PARSE, str(corpus))
    check_s, records = median_of(args.runs, CHECK, str(corpus), "0")
    rules_s, _ = median_of(args.runs, CHECK, str(corpus), "1")
    rows = [("(a) parse only (CSafeLoader)", parse_s, files),
            ("(b) check, schemas only", check_s, records),
            ("(c) check, schemas + rules", rules_s, records)]
    print(f"corpus: {corpus} ({files} YAML files, {records} valid records); median of {args.runs} runs")
    for label, seconds, n in rows:
        print(f"{label:34s} {seconds:8.3f} s  {n / seconds:10.0f} files/s")
    print(f"ratio (b)/(a) = {check_s / parse_s:.2f}   (target <= 3.0, issue 2)")
    print(f"ratio (c)/(a) = {rules_s / parse_s:.2f}   (target <= 2.0 at 1,000 orgs x 3 years, issue 6)")
    print(f"rules overhead (c)/(b) = {rules_s / check_s:.2f}   (target <= 1.5, issue 3)")
    if args.json:
        print(json.dumps({"files": files, "parse_s": parse_s, "check_s": check_s, "rules_s": rules_s}))


if __name__ == "__main__":
    main()
