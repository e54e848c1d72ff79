"""Benchmark: ``check`` against merely parsing the same files with ``yaml.CSafeLoader``.

``python bench/run.py [--orgs 170 --years 3 --runs 5]`` generates the corpus (bench/corpus.py)
unless ``--corpus DIR`` names one, then prints records/second and seconds for

- (a) parsing every file with ``yaml.CSafeLoader`` (the floor),
- (b) ``check`` without rules and (c) with rules, both cold (the validation cache off, as
  ``check --no-cache``), with the peak memory of (c),
- (f) ``gongkai check`` as a user runs it, a fresh process with a warm cache, after one record
  was edited (and, for reference, with nothing edited),

each the median of ``--runs`` runs in fresh processes. The runs of (a), (b) and (c) take turns
(a b c a b c ...), and each ratio, (b)/(a), (c)/(a), (c)/(b), is the median of the ratios of
the same turn: other work on the machine makes single figures noisy, much less so ratios taken a
few seconds apart. CPU seconds (user + system, pool workers included) are printed too. The site
build, (d) and (e), is measured by the functions listed in ``SITE_MEASUREMENTS`` (the site half
of the benchmark).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate  # noqa: E402

AS_OF = "2026-11-25"

PARSE = """
import os, resource, sys, time, yaml
start = time.perf_counter()
n = 0
for dirpath, _, files in os.walk(sys.argv[1] + "/data"):
    for name in files:
        if name.endswith(".yaml"):
            with open(os.path.join(dirpath, name), "rb") as f:
                yaml.load(f.read(), Loader=yaml.CSafeLoader)
            n += 1
seconds = time.perf_counter() - start
cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(seconds, n, cpu)
"""

CHECK = """
import datetime, resource, sys, time
from pathlib import Path
from gongkai.check.run import Options, run_check
start = time.perf_counter()
result = run_check(Options(root=Path(sys.argv[1]), rules=sys.argv[2] == "1", cache=False,
                           as_of=datetime.date.fromisoformat(sys.argv[3])))
seconds = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(seconds, len(result.loaded.portal.records), cpu, own, workers)
"""


@dataclass
class Figure:
    """One measurement: the median seconds of its runs, what was counted, and any extras."""

    label: str
    seconds: float
    count: int
    unit: str = "files"
    samples: list[float] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)
    cpu: list[float] = field(default_factory=list)  # CPU seconds of each run, workers included


def _run(code: str, *args: str) -> list[str]:
    return subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                          text=True).stdout.split()


def measure_parse(corpus: Path) -> Figure:
    """(a) Parse every YAML file with CSafeLoader: the floor ``check`` is compared with."""
    seconds, files, cpu = _run(PARSE, str(corpus))
    return Figure("(a) parse only (CSafeLoader)", float(seconds), int(files), samples=[float(seconds)],
                  cpu=[float(cpu)])


def measure_check(corpus: Path, rules: bool) -> Figure:
    """(b)/(c) A cold ``check`` (no cache) in a fresh process; peak memory in MB: the checking
    process and its largest pool worker (``ru_maxrss``; a worker shares its parent's pages)."""
    seconds, records, cpu, own, worker = _run(CHECK, str(corpus), "1" if rules else "0", AS_OF)
    label = "(c) check, schemas + rules" if rules else "(b) check, schemas only"
    return Figure(label, float(seconds), int(records), "records", [float(seconds)],
                  {"peak_mb": int(own) / 1024, "peak_worker_mb": int(worker) / 1024}, [float(cpu)])


def taking_turns(measures: list[Callable[[], Figure]], runs: int) -> list[Figure]:
    """Each measure ``runs`` times, in turns; every figure the median of its runs."""
    turns = [[measure() for measure in measures] for _ in range(runs)]
    out = []
    for column in zip(*turns, strict=True):
        first = column[0]
        extra = {k: max(f.extra[k] for f in column) for k in first.extra}
        samples = [f.samples[0] for f in column]
        out.append(Figure(first.label, statistics.median(samples), first.count, first.unit,
                          samples, extra, [f.cpu[0] for f in column]))
    return out


def ratio(top: Figure, bottom: Figure) -> float:
    """The median of the ratios of runs made in the same turn."""
    return statistics.median(t / b for t, b in zip(top.samples, bottom.samples, strict=True))


def measure_warm_edit(corpus: Path, runs: int, bytecode: bool = True) -> Figure:
    """(f) ``gongkai check`` in a fresh process with a warm cache, after editing one record.

    Wall time including Python start-up. ``bytecode``: compiled modules are cached, as in any
    installed package (this sandbox sets PYTHONDONTWRITEBYTECODE; the cache goes to a temporary
    folder). The edited record is restored afterwards."""
    scratch = Path(tempfile.mkdtemp(prefix="gongkai-bench-cache-"))
    env = {**os.environ, "GONGKAI_CACHE_DIR": str(scratch / "cache")}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    command = [*_gongkai(), "--root", str(corpus), "check", "--as-of", AS_OF]
    record = _a_record(corpus)
    original = record.read_bytes()

    cpu: list[float] = []

    def timed() -> float:
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=False)
        seconds = time.perf_counter() - start
        cpu.append(_children_cpu() - before)
        return seconds

    edited, unchanged, edited_cpu = [], [], []
    try:
        timed()  # fills the validation cache (and the bytecode cache)
        for i in range(runs):
            record.write_bytes(_edit_title(original, i))
            edited.append(timed())
            edited_cpu.append(cpu[-1])
            unchanged.append(timed())
    finally:
        record.write_bytes(original)
        shutil.rmtree(scratch, ignore_errors=True)
    label = "(f) warm check, one record edited" + ("" if bytecode else ", no .pyc")
    return Figure(label, statistics.median(edited), 1, "run", edited,
                  {"unchanged_s": statistics.median(unchanged)}, edited_cpu)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _gongkai() -> list[str]:
    script = Path(sys.executable).with_name("gongkai")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "gongkai.cli"]


def _a_record(corpus: Path) -> Path:
    orgs = sorted((corpus / "data" / "orgs").iterdir())
    org = orgs[min(7, len(orgs) - 1)]
    year = sorted(p for p in org.iterdir() if p.is_dir())[-1]
    return sorted(year.glob("*-resolution.yaml"))[0]


def _edit_title(raw: bytes, i: int) -> bytes:
    lines = raw.split(b"\n")
    index = next(n for n, line in enumerate(lines) if line.startswith(b"title: "))
    lines[index] += f"（第{i + 1}次修改）".encode()
    return b"\n".join(lines)


# The site half of the benchmark: (d) the site build and (e) a bare mkdocs build of as many plain
# pages, each a function (corpus, runs) -> Figure, appended here by gongkai's site code; main()
# prints them and the ratio (d)/(e) when both are present.
SITE_MEASUREMENTS: list[Callable[[Path, int], Figure]] = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="an existing corpus (default: generate one)")
    parser.add_argument("--orgs", type=int, default=170)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-warm", action="store_true", help="skip (f), the warm-cache run")
    parser.add_argument("--no-pyc", action="store_true",
                        help="(f) without cached bytecode: every module compiled at start-up")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()
    corpus = args.corpus or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    if args.corpus is None:
        generate(corpus, args.orgs, args.years)
    figures = taking_turns([lambda: measure_parse(corpus), lambda: measure_check(corpus, False),
                            lambda: measure_check(corpus, True)], args.runs)
    figures += [measure(corpus, args.runs) for measure in SITE_MEASUREMENTS]
    if not args.no_warm:
        figures.append(measure_warm_edit(corpus, args.runs, bytecode=not args.no_pyc))
    report(corpus, args.runs, figures)
    if args.json:
        print(json.dumps([f.__dict__ for f in figures], ensure_ascii=False))


def report(corpus: Path, runs: int, figures: list[Figure]) -> None:
    parse, check, rules = figures[:3]
    print(f"corpus: {corpus} ({parse.count} YAML files, {check.count} valid records); "
          f"median of {runs} runs; {os.cpu_count()} cores, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for f in figures:
        rate = f"{f.count / f.seconds:8.0f} {f.unit}/s" if f.unit != "run" else " " * 16
        cpu = f"cpu {statistics.median(f.cpu):7.2f} s" if f.cpu else " " * 14
        print(f"{f.label:37s} {f.seconds:7.3f} s {rate}  {cpu}  "
              f"[{', '.join(f'{s:.2f}' for s in f.samples)}]")
    print(f"ratio (b)/(a) = {ratio(check, parse):.2f}   (target <= 3.0 at 10,000 records, issue 2)")
    print(f"ratio (c)/(a) = {ratio(rules, parse):.2f}   (target <= 2.0 at 1,000 orgs x 3 years, issue 6)")
    print(f"rules overhead (c)/(b) = {ratio(rules, check):.2f}   (target <= 1.5, issue 3)")
    print(f"peak memory of (c): {rules.extra['peak_mb']:.0f} MB, largest pool worker "
          f"{rules.extra['peak_worker_mb']:.0f} MB   (target < 2 GB, issue 6)")
    by_tag = {f.label[:3]: f for f in figures}
    if "(d)" in by_tag and "(e)" in by_tag:
        print(f"ratio (d)/(e) = {by_tag['(d)'].seconds / by_tag['(e)'].seconds:.2f}   "
              "(target <= 1.3, issue 6)")
    warm = by_tag.get("(f)")
    if warm is not None:
        print(f"(f) after editing one record {warm.seconds:.2f} s, nothing edited "
              f"{warm.extra['unchanged_s']:.2f} s, wall time with Python start-up   "
              f"(target < 1 s at 50 orgs x 5 years, issue 6)")


if __name__ == "__main__":
    main()
