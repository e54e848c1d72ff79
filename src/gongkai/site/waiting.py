"""``gongkai serve`` started on broken data: until the data checks clean, a small server on the
preview address answers every request with the findings page (site/preview.py), which reloads
itself every two seconds. Once the data is fixed the preview is built, and the plugin's
``on_serve`` closes this server just before mkdocs' preview server takes the address, so the
open page turns into the site by itself (handbook/docs/deploying.md, "预览")."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gongkai.site.preview import Failure, page

_current: WaitingServer | None = None


class _Handler(http.server.BaseHTTPRequestHandler):
    server: WaitingServer

    def do_GET(self) -> None:  # noqa: N802
        body = page(self.server.failure, refresh=True)
        self.send_response(503)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


class WaitingServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, failure: Failure) -> None:
        self.failure = failure
        super().__init__((host, port), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


def hand_over() -> None:
    """Close the waiting server (if any): the preview server takes its address next."""
    global _current
    if _current is not None:
        _current.stop()
        _current = None


def _snapshot(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for path in sorted(folder.rglob("*")):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return out


def wait_for_fix(dev_addr: str, data: Path, failure: Failure,
                 recheck: Callable[[], Failure | None], announce: Callable[[], None]) -> None:
    """Answer on ``dev_addr`` with the findings until ``recheck`` finds none (after a change
    under ``data``); the server then stays up, saying the site is being built, until
    ``hand_over``. Raises OSError when the address cannot be used."""
    global _current
    host, _, port = dev_addr.rpartition(":")
    _current = WaitingServer(host.strip("[]") or "127.0.0.1", int(port), failure)
    announce()
    seen = _snapshot(data)
    while True:
        time.sleep(0.5)
        now = _snapshot(data)
        if now == seen:
            continue
        seen = now
        found = recheck()
        if found is None:
            _current.failure = Failure(failure.lang, ())
            return
        _current.failure = found
