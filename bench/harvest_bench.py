"""Benchmark of federation (issue 15, item 4): N department catalogs served from 127.0.0.1,
harvested by a working committee's portal, and that portal's site built.

    python bench/harvest_bench.py --departments 200 --orgs 20 --years 3

The department catalogs are generated directly in the catalog format (valid against the
shipped schema), not built by mkdocs: a department's own build is its own CI's cost, and the
committee only ever reads its catalog. Each department has ``--orgs`` organizations (a
committee and its branches), ``--records`` records per organization and year over ``--years``
years, and compliance rows of twelve rules per organization and period (some overdue, late or
due soon). A threaded ``http.server`` on 127.0.0.1 serves them with ETag and gzip (compressed
once, beforehand).

It prints, and with ``--json FILE`` writes:

- harvest: wall seconds of ``gongkai harvest`` (one fresh process), bytes received;
- re-harvest with nothing changed: wall seconds and bytes received (every answer a 304);
- build: wall seconds and peak RSS (``ru_maxrss`` of the child) of ``gongkai build`` of the
  committee's site, its pages and size.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-06-30"
SITE_FILES = ("mkdocs.yml", "docs", "overrides", "macros")
RULES = ("three-meetings", "organizational-life", "annual-work-plan", "member-appraisal",
         "training-hours", "contact-regular", "term-expiry", "democratic-life",
         "timely-disclosure", "party-building-report", "discipline-body", "vacancy-filled")
STATUSES = ("ok",) * 20 + ("pending",) * 4 + ("due-soon", "overdue", "late")
KINDS = (("meeting", "members_meeting"), ("contact", "twinning"), ("plan", "annual_work"),
         ("training", None), ("report", "party_building"))


def catalog(dep: int, base: str, orgs: int, years: int, per_year: int,
            rng: random.Random) -> dict[str, Any]:
    pid = f"dept{dep:03d}.example.gov.cn"
    org_ids = ["committee"] + [f"branch-{n:02d}" for n in range(1, orgs)]
    organizations = [{"id": o, "name": f"第{dep}局{'机关党委' if i == 0 else f'第{i}党支部'}",
                      "name_en": None, "type": "committee" if i == 0 else "branch",
                      "parent": None if i == 0 else "committee", "department": f"第{dep}局",
                      "status": "active", "url": f"{base}orgs/{o}/"}
                     for i, o in enumerate(org_ids)]
    records, compliance = [], []
    for org in org_ids:
        for year in range(2026 - years + 1, 2027):
            for n in range(per_year):
                kind, sub = KINDS[n % len(KINDS)]
                day = f"{year}-{1 + n % 12:02d}-{1 + n % 27:02d}"
                stem = f"{day}-item-{n}"
                records.append({"id": f"{pid}:{org}/{stem}", "org": org, "kind": kind,
                                "type": sub, "title": f"{year}年第{n + 1}次党员大会（{org}）",
                                "title_en": None, "date": day, "published": day,
                                "modified": day, "withdrawn": None,
                                "url": f"{base}records/{org}/{stem}/"})
            for rule in RULES:
                compliance.append({"org": org, "rule": rule, "period": str(year),
                                   "status": rng.choice(STATUSES), "due": f"{year}-12-31",
                                   "citation": "(8)", "record": None})
    return {"catalog_version": 1, "title": "数据目录", "site": f"第{dep}局机关党务公开",
            "audience": "public", "as_of": AS_OF,
            "portal": {"id": pid, "name": f"第{dep}局机关党务公开", "name_en": None,
                       "department": f"第{dep}局", "root": "committee", "base_url": base,
                       "audience": "public", "language": "zh", "built": f"{AS_OF}T00:00:00Z",
                       "as_of": AS_OF, "generator": "bench"},
            "organizations": organizations, "records": records, "compliance": compliance,
            "files": []}


class Catalogs:
    def __init__(self) -> None:
        self.bodies: dict[str, tuple[bytes, bytes, str]] = {}  # path -> (plain, gzip, etag)

    def add(self, path: str, doc: dict[str, Any]) -> None:
        plain = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
        etag = '"' + hashlib.sha256(plain).hexdigest()[:16] + '"'
        self.bodies[path] = (plain, gzip.compress(plain, 6, mtime=0), etag)

    def serve(self) -> ThreadingHTTPServer:
        bodies = self.bodies

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                found = bodies.get(self.path)
                if found is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                plain, packed, etag = found
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                gz = "gzip" in (self.headers.get("Accept-Encoding") or "")
                data = packed if gz else plain
                self.send_response(200)
                self.send_header("ETag", etag)
                if gz:
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


def committee(root: Path, sources: list[tuple[str, str]]) -> None:
    (root / "data/orgs/city-committee").mkdir(parents=True)
    lines = ["schema_version: 1", "name: 市级机关工委党务公开", "root: city-committee",
             "profile: shanghai-organs-2010", "checks_from: 2024-01-01", "harvest:"]
    lines += [f"  - {{id: {sid}, name: 第{sid[4:]}局, catalog: '{url}'}}" for sid, url in sources]
    (root / "data/site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "data/orgs/city-committee/org.yaml").write_text(
        "id: city-committee\nname: 市级机关工作党委\ntype: working_committee\n"
        "discipline: {kind: commission, name: 市级机关纪工委}\n", encoding="utf-8")
    for part in SITE_FILES:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / part)


def measured(argv: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, the child's peak RSS in MB (from a fresh wrapper process), stdout."""
    wrapper = ("import resource, subprocess, sys, time; s = time.perf_counter(); "
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "w = time.perf_counter() - s; "
               "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
               "print(p.stdout[-2000:] + p.stderr[-2000:], file=sys.stderr); print(w, r)")
    done = subprocess.run([sys.executable, "-c", wrapper, *argv], capture_output=True,
                          text=True, cwd=cwd)
    wall, rss = done.stdout.split()
    return float(wall), int(rss) / 1024, done.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--departments", type=int, default=200)
    ap.add_argument("--orgs", type=int, default=20)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--records", type=int, default=12, help="records per organization and year")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = ap.parse_args()
    rng = random.Random(15)
    work = args.keep or Path(tempfile.mkdtemp(prefix="harvest-bench-"))
    catalogs = Catalogs()
    server = catalogs.serve()
    port = server.server_address[1]
    sources = []
    for dep in range(1, args.departments + 1):
        base = f"http://127.0.0.1:{port}/dept{dep:03d}/"
        catalogs.add(f"/dept{dep:03d}/data/index.json",
                     catalog(dep, base, args.orgs, args.years, args.records, rng))
        sources.append((f"dept{dep:03d}", base + "data/index.json"))
    plain = sum(len(b[0]) for b in catalogs.bodies.values())
    packed = sum(len(b[1]) for b in catalogs.bodies.values())
    root = work / "committee"
    committee(root, sources)
    gongkai = [str(BIN / "gongkai"), "--root", str(root)]
    out: dict[str, Any] = {"departments": args.departments, "orgs": args.orgs,
                           "years": args.years, "records_per_org_year": args.records,
                           "catalog_bytes": plain, "catalog_gzip_bytes": packed}
    for step in ("harvest", "reharvest"):
        wall, rss, log = measured([*gongkai, "harvest"], root)
        state = json.loads((root / "harvest/state.json").read_text("utf-8"))["sources"]
        out[step] = {"seconds": round(wall, 1), "peak_mb": round(rss),
                     "received_bytes": sum(s["received"] for s in state.values()),
                     "ok": sum(1 for s in state.values() if s["status"] == "ok")}
        print(step, out[step], flush=True)
    site = work / "site"
    wall, rss, log = measured([*gongkai, "build", "--site-dir", str(site), "--as-of", AS_OF], root)
    pages = sum(1 for _ in site.rglob("index.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    out["build"] = {"seconds": round(wall, 1), "peak_mb": round(rss), "pages": pages,
                    "site_mb": round(size / 1e6, 1)}
    if not pages:
        print(log, file=sys.stderr)
    print("build", out["build"], flush=True)
    server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
