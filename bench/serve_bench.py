"""Benchmark of ``gongkai serve`` after an edit (issue 6: "serve shows the change without a full
rebuild where mkdocs allows").

    python bench/serve_bench.py --orgs 50 --years 5 --edits 5
    python bench/serve_bench.py --corpus /tmp/c50x5 --edits 5

In this process, the way ``gongkai serve`` builds (the plugin object lives for the session; the
HTTP server and file watcher only call the same builder, so they are left out):

1. a session of full rebuilds (what ``serve`` did before: mkdocs' default): the first build,
   then ``--edits`` times "append to one record's title, rebuild";
2. a session of dirty builds (what ``serve`` does now, site/incremental.py): the same.

It prints each rebuild's seconds (wall and CPU of this process), the pages rebuilt, the medians
and the ratio full / incremental. The validation cache is warm after each session's first build
(a temporary ``GONGKAI_CACHE_DIR``), as in a real session. The record is restored at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import generate  # noqa: E402
from run import _a_record, _edit_title  # noqa: E402
from site_bench import AS_OF, prepare  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


def session(root: Path, site: Path, dirty: bool, edits: int, record: Path) -> list[dict]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    original = record.read_bytes()
    figures = []
    try:
        for i in range(edits + 1):
            if i:
                record.write_bytes(_edit_title(original, i + (100 if dirty else 0)))
            config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
            config.site_url = SERVE_URL
            if i == 0:
                config.plugins.on_startup(command="serve", dirty=dirty)
            wall, cpu = time.perf_counter(), time.process_time()
            build(config, serve_url=SERVE_URL, dirty=dirty)
            plugin = config.plugins["gongkai"]
            rebuilt = len(plugin.incremental.rebuilt) if dirty else None
            figures.append({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                            "rebuilt": rebuilt, "pages": plugin.incremental.total or None})
    finally:
        record.write_bytes(original)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a folder holding data/")
    parser.add_argument("--orgs", type=int, default=50)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    root = args.corpus.resolve() if args.corpus else scratch / "corpus"
    if not args.corpus:
        generate(root, args.orgs, args.years)
    prepare(root)
    epoch = int(dt.datetime.fromisoformat(AS_OF).replace(tzinfo=dt.timezone.utc).timestamp())
    os.environ.update({"GONGKAI_AS_OF": AS_OF, "GONGKAI_AUDIENCE": "public",
                       "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1",
                       "GONGKAI_CACHE_DIR": str(scratch / "cache")})
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    record = _a_record(root)
    print(f"corpus {root}; edited record {record.relative_to(root)}")
    results = {}
    for label, dirty in (("full rebuilds (mkdocs default)", False),
                         ("incremental (gongkai serve)", True)):
        figures = session(root, scratch / f"site-{int(dirty)}", dirty, args.edits, record)
        first, rest = figures[0], figures[1:]
        results[dirty] = statistics.median(f["wall"] for f in rest)
        print(f"{label}: first build {first['wall']:.2f} s ({first['pages'] or '-'} pages); "
              f"after an edit: " + ", ".join(
                  f"{f['wall']:.2f} s" + (f" ({f['rebuilt']} rebuilt)" if dirty else "")
                  for f in rest)
              + f"; median {results[dirty]:.2f} s wall, "
                f"{statistics.median(f['cpu'] for f in rest):.2f} s CPU")
    print(f"full / incremental after one edit: {results[False] / results[True]:.1f}x")


if __name__ == "__main__":
    main()
