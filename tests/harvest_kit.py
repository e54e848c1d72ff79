"""Real HTTP servers on 127.0.0.1 for harvest tests and the bench: each path answers one way
(a catalog with ETag and gzip, an error status, a stall, a huge streamed body), and small valid
catalogs made directly."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from portal_kit import write

Behaviour = Callable[[BaseHTTPRequestHandler], None]


def catalog_doc(pid: str, base: str, rows: list[dict[str, Any]], as_of: str = "2026-06-30",
                version: int = 1, records: list[dict[str, Any]] | None = None,
                name: str | None = None) -> dict[str, Any]:
    """A valid catalog of a department with the organizations its rows name."""
    orgs = sorted({str(r["org"]) for r in rows} | {"dept-committee"})
    return {
        "catalog_version": version, "title": "数据目录", "site": name or pid,
        "audience": "public", "as_of": as_of,
        "portal": {"id": pid, "name": name or f"{pid} 党务公开", "name_en": None,
                   "department": pid, "root": "dept-committee", "base_url": base,
                   "audience": "public", "language": "zh", "built": f"{as_of}T00:00:00Z",
                   "as_of": as_of, "generator": "gongkai test"},
        "organizations": [{"id": o, "name": f"{o} 支部", "name_en": None,
                           "type": "committee" if o == "dept-committee" else "branch",
                           "parent": None if o == "dept-committee" else "dept-committee",
                           "department": None, "status": "active",
                           "url": f"{base}orgs/{o}/"} for o in orgs],
        "records": records or [],
        "compliance": [{"period": "2025", "citation": "(8)", "record": None, **r} for r in rows],
        "files": []}


def row(org: str, rule: str, status: str, due: str | None) -> dict[str, Any]:
    return {"org": org, "rule": rule, "status": status, "due": due}


def serve_bytes(body: bytes, gzip_ok: bool = True) -> Behaviour:
    etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    packed = gzip.compress(body, mtime=0)

    def answer(req: BaseHTTPRequestHandler) -> None:
        if req.headers.get("If-None-Match") == etag:
            req.send_response(304)
            req.send_header("ETag", etag)
            req.end_headers()
            return
        data, gz = body, False
        if gzip_ok and "gzip" in (req.headers.get("Accept-Encoding") or ""):
            data, gz = packed, True
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("ETag", etag)
        if gz:
            req.send_header("Content-Encoding", "gzip")
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        req.wfile.write(data)
    return answer


def serve_json(doc: Any) -> Behaviour:
    return serve_bytes(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def status(code: int) -> Behaviour:
    def answer(req: BaseHTTPRequestHandler) -> None:
        req.send_response(code)
        req.send_header("Content-Length", "0")
        req.end_headers()
    return answer


def stall(seconds: float) -> Behaviour:
    def answer(req: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        status(200)(req)
    return answer


def trickle(interval: float) -> Behaviour:
    """A byte every ``interval`` seconds, for ever: each read is quick, the answer never ends."""
    def answer(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Length", "100000")
        req.end_headers()
        try:
            for _ in range(100000):
                req.wfile.write(b" ")
                req.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass
    return answer


def huge(total: int, sent: list[int]) -> Behaviour:
    """``total`` bytes of a JSON string, streamed in 64 KiB chunks without a length; ``sent``
    gets the bytes written before the client hung up."""
    chunk = b" " * 65536

    def answer(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/json")
        req.send_header("Connection", "close")
        req.end_headers()
        done = 0
        try:
            req.wfile.write(b'{"catalog_version": 1, "x": "')
            while done < total:
                req.wfile.write(chunk)
                done += len(chunk)
        except OSError:
            pass
        sent.append(done)
    return answer


@dataclass
class Server:
    routes: dict[str, Behaviour] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                server.seen.append((self.path, dict(self.headers.items())))
                behaviour = server.routes.get(self.path)
                (behaviour or status(404))(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/data/index.json"


def harvest_site(sources: list[tuple[str, str, str]], extra: str = "") -> str:
    """A working committee's site.yaml with ``harvest:`` sources (id, name, catalog URL)."""
    lines = ["schema_version: 2", "name: 市级机关工委党务公开", "root: city-committee",
             "profile: shanghai-organs-2010", "checks_from: 2024-01-01",
             "office_email_domains: [example.gov.cn]", "harvest:"]
    lines += [f"  - {{id: {sid}, name: {json.dumps(name, ensure_ascii=False)}, catalog: "
              f"{json.dumps(url)}}}" for sid, name, url in sources]
    return "\n".join(lines) + "\n" + extra


WORKING_COMMITTEE = """\
id: city-committee
name: 市级机关工作党委
type: working_committee
history:
  - {date: 2010-01-05, event: established, approval: {by: 市委, ref: 市委〔2010〕1号, date: 2010-01-04}}
discipline: {kind: commission, name: 市级机关纪工委}
maintainers: [committee-office]
"""


def make_committee(root: Any, site: str) -> Any:
    """A committee portal: an ordinary portal whose root organization is a working committee."""
    write(root / "data" / "site.yaml", site)
    write(root / "data" / "orgs" / "city-committee" / "org.yaml", WORKING_COMMITTEE)
    return root
