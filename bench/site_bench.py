"""Benchmark of the site build (issue 6, items (d) and (e)).

    python bench/site_bench.py --orgs 200 --years 3 --runs 3
    python bench/site_bench.py --corpus /tmp/c200 --runs 3 --audiences public,party

For a corpus (``--corpus DIR`` holding ``data/``, or generated with ``bench/corpus.py``'s
``generate()`` into a temporary folder), the repository's ``mkdocs.yml``, ``docs/``
and ``macros/`` are copied next to ``data/`` (the theme comes with the plugin) and this
prints, each figure the median of ``--runs`` runs, every run in a fresh process:

- (check) ``gongkai check --no-cache --format json``: the validation a build starts with;
- (d) ``gongkai build --as-of``: wall seconds, pages/s (``index.html`` files), peak memory
  (``ru_maxrss`` of the child, measured in a fresh wrapper process per run), site size, median
  and max page size, search index size. Each build starts with an empty validation cache, so
  it pays for a cold check: (d) - (check) is the build's own cost;
- (e) a bare ``mkdocs build`` of the same number of plain Markdown pages of Chinese text, at the
  same URLs as ours (so the same nav depth: five pages in the nav, the rest not in it), sized
  so their median page is about ours, with the same theme, features (``navigation.prune``),
  language (zh), overrides, Markdown extensions and search separator; jieba segments the
  search text in both when it is installed.

and the ratios (d)/(e) and ((d) - (check))/(e). ``--json FILE`` writes the figures too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from gongkai.site.themedir import THEME_DIR

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import PHRASES, TOPICS, generate  # noqa: E402

AS_OF = "2026-11-25"
# material's search as the portal configured it before gongkai's own (handbook/docs/search.md):
# jieba's segments (U+200B) and Chinese punctuation
BARE_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：“”（）]+"
BIN = Path(sys.executable).parent
SITE_FILES = ("mkdocs.yml", "docs", "macros")
NAV = ("index.md", "orgs.md", "browse.md", "dashboard.md", "about.md")


# --- one measured run, in a fresh wrapper process -------------------------------------------

def _measure_main(argv: list[str]) -> None:
    """``site_bench.py --_measure CMD...``: run CMD, print wall seconds and its peak RSS."""
    start = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss  # KiB on Linux: the largest process, not the sum of workers
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "peak_mb": peak_kb / 1024, "rc": proc.returncode,
                      "stderr": proc.stderr.decode("utf-8", "replace")[-2000:]}))


def measure(cmd: list[str], env: dict[str, str] | None = None, ok: tuple[int, ...] = (0,)) -> dict:
    out = subprocess.run([sys.executable, __file__, "--_measure", *cmd], env=env,
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    if result["rc"] not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {result['rc']}:\n{result['stderr']}")
    return result


def median_runs(label: str, runs: int, one) -> dict:  # noqa: ANN001
    results = []
    for i in range(runs):
        r = one(i)
        print(f"  {label} run {i + 1}/{runs}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s cpu, "
              f"{r['peak_mb']:.0f} MB", flush=True)
        results.append(r)
    return {"wall": statistics.median(r["wall"] for r in results),
            "walls": [round(r["wall"], 2) for r in results],
            "cpu": statistics.median(r["cpu"] for r in results),
            "cpus": [round(r["cpu"], 2) for r in results],
            "peak_mb": statistics.median(r["peak_mb"] for r in results),
            "peaks_mb": [round(r["peak_mb"]) for r in results]}


# --- site statistics -----------------------------------------------------------------------

def site_stats(site: Path) -> dict:
    sizes, total, biggest = [], 0, ("", 0)
    for dirpath, _, names in os.walk(site):
        for name in names:
            path = Path(dirpath) / name
            size = path.stat().st_size
            total += size
            if name == "index.html":
                sizes.append(size)
                if size > biggest[1]:
                    biggest = (str(path.parent.relative_to(site)), size)
    du = subprocess.run(["du", "-sk", str(site)], capture_output=True, text=True).stdout.split()
    index = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    return {"pages": len(sizes), "site_bytes": total, "site_du_kb": int(du[0]) if du else 0,
            "median_page": statistics.median(sizes) if sizes else 0, "max_page": biggest[1],
            "max_page_path": biggest[0],
            "search_index": index}


def page_paths(site: Path) -> list[str]:
    """The URLs of our pages, as Markdown sources for the bare build (same nav depth)."""
    out = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        out.append("index.md" if rel == "." else rel + ".md")
    return out


# --- (d) the gongkai build -----------------------------------------------------------------

def prepare(root: Path) -> None:
    for name in SITE_FILES:
        src, dst = REPO / name, root / name
        if dst.is_dir():
            shutil.rmtree(dst)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)


def bench_check(root: Path, runs: int, scratch: Path) -> dict:
    cmd = [str(BIN / "gongkai"), "--root", str(root), "check", "--no-cache", "--as-of", AS_OF,
           "--format", "json"]
    env = {**os.environ, "GONGKAI_CACHE_DIR": str(scratch / "cache-check")}
    return median_runs("check", runs, lambda i: measure(cmd, env, ok=(0, 1)))


def bench_build(root: Path, runs: int, scratch: Path, audience: str) -> tuple[dict, Path]:
    site = scratch / f"site-{audience}"

    def one(i: int) -> dict:
        cache = scratch / f"cache-build-{audience}-{i}"  # empty: the build's check is cold
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "GONGKAI_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
        cmd = [str(BIN / "gongkai"), "--root", str(root), "build", "--as-of", AS_OF,
               "--audience", audience, "--site-dir", str(site)]
        return measure(cmd, env)

    figures = median_runs(f"build ({audience})", runs, one)
    figures.update(site_stats(site))
    figures["pages_per_s"] = figures["pages"] / figures["wall"]
    return figures, site


# --- (e) the bare reference ----------------------------------------------------------------

def chinese_page(rng: random.Random, target: int) -> str:
    """Markdown of about ``target`` UTF-8 bytes: headings, paragraphs and a list."""
    parts, size = [], 0
    while size < target:
        if len(parts) % 4 == 0:
            chunk = f"## {rng.choice(TOPICS)}"
        elif len(parts) % 4 == 3:
            chunk = "\n".join(f"- {rng.choice(PHRASES)}" for _ in range(rng.randint(3, 5)))
        else:
            chunk = "，".join(rng.choice(PHRASES) for _ in range(rng.randint(6, 12))) + "。"
        parts.append(chunk)
        size += len(chunk.encode("utf-8")) + 2
    return "# " + rng.choice(TOPICS) + "\n\n" + "\n\n".join(parts) + "\n"


def bare_config(docs: Path, site: Path) -> dict:
    ours = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = dict(ours["theme"])
    theme["custom_dir"] = str(THEME_DIR)  # the same overrides as a gongkai build
    theme["language"] = "zh"
    return {"site_name": "基准参照", "docs_dir": str(docs), "site_dir": str(site),
            "use_directory_urls": True, "theme": theme, "extra": ours.get("extra", {}),
            "markdown_extensions": ours["markdown_extensions"],
            "plugins": [{"search": {"separator": BARE_SEPARATOR}}],
            "nav": list(NAV), "not_in_nav": "*.md"}


def write_bare(folder: Path, paths: list[str], body_bytes: int, seed: int = 7) -> Path:
    """A docs folder of plain Chinese Markdown pages at ``paths``; returns the config file."""
    rng = random.Random(seed)
    docs, site = folder / "docs", folder / "site"
    shutil.rmtree(folder, ignore_errors=True)
    docs.mkdir(parents=True)
    for rel in paths:
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        size = max(200, int(body_bytes * rng.uniform(0.8, 1.2)))
        path.write_text(chinese_page(rng, size), encoding="utf-8")
    cfg = folder / "mkdocs.yml"
    cfg.write_text(yaml.safe_dump(bare_config(docs, site), allow_unicode=True), encoding="utf-8")
    return cfg


def mkdocs_build(cfg: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return measure([str(BIN / "mkdocs"), "build", "-q", "-f", str(cfg)], env)


def calibrate(scratch: Path, target_page: float) -> int:
    """Markdown bytes that make a bare page of ``target_page`` bytes: a small build measures
    the page chrome (template, nav, header) and how much the HTML adds to the text."""
    folder = scratch / "calibrate"
    paths = list(NAV) + [f"records/org-{i:04d}/page-{j}.md" for i in range(3) for j in range(4)]
    sizes = {}
    for body in (1000, 8000):
        cfg = write_bare(folder, paths, body, seed=1)
        mkdocs_build(cfg)
        sizes[body] = site_stats(folder / "site")["median_page"]
    slope = (sizes[8000] - sizes[1000]) / 7000
    chrome = sizes[1000] - slope * 1000
    return max(200, int((target_page - chrome) / slope))


def bench_bare(paths: list[str], target_page: float, runs: int, scratch: Path) -> dict:
    body = calibrate(scratch, target_page)
    folder = scratch / "bare"
    cfg = write_bare(folder, paths, body)
    figures = median_runs("bare mkdocs build", runs, lambda i: mkdocs_build(cfg))
    figures.update(site_stats(folder / "site"))
    figures["pages_per_s"] = figures["pages"] / figures["wall"]
    figures["markdown_bytes"] = body
    return figures


# --- report --------------------------------------------------------------------------------

def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def kb(n: float) -> str:
    return f"{n / 1e3:.1f} KB"


def report(label: str, records: int, check: dict, builds: dict[str, dict], bare: dict | None,
           runs: int) -> str:
    rows = [f"### {label}: {records} record files, median of {runs} run(s)", "",
            "| figure | pages | wall s (runs) | cpu s | pages/s | peak MB | site | median page | max page "
            "| search index |", "|---|---|---|---|---|---|---|---|---|---|",
            f"| check --no-cache | | {check['wall']:.1f} ({', '.join(map(str, check['walls']))}) "
            f"| {check.get('cpu', 0):.1f} | | {check['peak_mb']:.0f} | | | | |"]
    for aud, b in builds.items():
        rows.append(f"| (d) gongkai build, {aud} | {b['pages']} | {b['wall']:.1f} "
                    f"({', '.join(map(str, b['walls']))}) | {b['cpu']:.1f} | {b['pages_per_s']:.1f} "
                    f"| {b['peak_mb']:.0f} | {mb(b['site_bytes'])} | {kb(b['median_page'])} "
                    f"| {kb(b['max_page'])} ({b['max_page_path']}) | {kb(b['search_index'])} |")
    if bare:
        rows.append(f"| (e) bare mkdocs build | {bare['pages']} | {bare['wall']:.1f} "
                    f"({', '.join(map(str, bare['walls']))}) | {bare['cpu']:.1f} | {bare['pages_per_s']:.1f} "
                    f"| {bare['peak_mb']:.0f} | {mb(bare['site_bytes'])} | {kb(bare['median_page'])} "
                    f"| {kb(bare['max_page'])} | {kb(bare['search_index'])} |")
        rows.append("")
        for aud, b in builds.items():
            rows.append(f"- {aud}: wall (d)/(e) = {b['wall'] / bare['wall']:.2f}; "
                        f"((d) - check)/(e) = {(b['wall'] - check['wall']) / bare['wall']:.2f}; "
                        f"cpu (d)/(e) = {b['cpu'] / bare['cpu']:.2f}")
    return "\n".join(rows) + "\n"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_measure":
        _measure_main(sys.argv[2:])
        return
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpus", type=Path, help="a folder holding data/ (the site files are copied "
                   "next to it)")
    p.add_argument("--orgs", type=int, default=200)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--audiences", default="public", help="comma-separated: public,party")
    p.add_argument("--no-bare", action="store_true", help="skip the bare reference (e)")
    p.add_argument("--no-check", action="store_true", help="skip timing check alone")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="site-bench-"))
    try:
        if args.corpus:
            root = args.corpus.resolve()
            records = sum(1 for _ in (root / "data" / "orgs").rglob("20*/*.yaml"))
            label = f"corpus {root}"
        else:
            root = scratch / "corpus"
            records = generate(root, args.orgs, args.years)
            label = f"{args.orgs} orgs x {args.years} years"
        prepare(root)
        print(f"{label}: {records} record files; scratch {scratch}", flush=True)
        check = ({"wall": 0.0, "walls": [], "cpu": 0.0, "cpus": [], "peak_mb": 0.0} if args.no_check
                 else bench_check(root, args.runs, scratch))
        builds, site = {}, None
        for aud in args.audiences.split(","):
            builds[aud], s = bench_build(root, args.runs, scratch, aud)
            site = site or s
        first = next(iter(builds.values()))
        bare = (None if args.no_bare else
                bench_bare(page_paths(site), first["median_page"], args.runs, scratch))
        text = report(label, records, check, builds, bare, args.runs)
        print(text)
        if args.json:
            args.json.write_text(json.dumps({"label": label, "records": records, "check": check,
                                             "builds": builds, "bare": bare}, indent=1,
                                            ensure_ascii=False), encoding="utf-8")
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
