"""Fetch one catalog over HTTP with the standard library, within limits
(handbook: federation.md#harvest).

- a timeout on connecting and on each read, and a deadline for the whole answer (a server that
  trickles a byte a second is cut at the deadline too);
- a conditional request with the ETag and Last-Modified of the last good copy (304: nothing
  moves);
- gzip accepted and decompressed as it streams;
- a size limit on the bytes received and on the bytes decompressed, read in chunks and abandoned
  past the limit, so a huge body never sits in memory;
- only http and https, redirects included; credentials from the environment are sent only to the
  catalog's own URL (an unredirected header), never to where a redirect points.
"""

from __future__ import annotations

import base64
import os
import re
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from http.client import HTTPException

from gongkai.harvest.limits import Limits

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Answer:
    """What one request gave: a body (200), ``not_modified`` (304), or an error reason."""

    body: bytes | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # a code of harvest/reasons.py
    detail: str = ""
    received: int = 0  # bytes that came over the wire


class TooLarge(Exception):
    pass


def credentials_header(source_id: str) -> str | None:
    """``GONGKAI_HARVEST_TOKEN_<ID>`` (a bearer token) or ``GONGKAI_HARVEST_BASIC_<ID>``
    (``user:password``), the id upper-cased with ``-`` as ``_``: for a party catalog."""
    key = re.sub(r"[^A-Z0-9]", "_", source_id.upper())
    token = os.environ.get(f"GONGKAI_HARVEST_TOKEN_{key}")
    if token:
        return f"Bearer {token}"
    basic = os.environ.get(f"GONGKAI_HARVEST_BASIC_{key}")
    if basic:
        return "Basic " + base64.b64encode(basic.encode("utf-8")).decode("ascii")
    return None


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), urllib.request.HTTPRedirectHandler(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener  # no file:, ftp: or data: handler: a redirect there fails


def fetch(url: str, limits: Limits, etag: str | None = None,
          last_modified: str | None = None, auth: str | None = None) -> Answer:
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "Accept-Encoding": "gzip",
                                                   "User-Agent": "gongkai-harvest"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    if auth:
        request.add_unredirected_header("Authorization", auth)
    started = time.monotonic()
    try:
        with _opener().open(request, timeout=limits.timeout) as response:
            headers = response.headers
            declared = headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limits.max_bytes:
                raise TooLarge(f"{declared} > {limits.max_bytes} bytes")
            body, received = _read(response, headers.get("Content-Encoding", ""), limits,
                                   started)
            return Answer(body=body, etag=headers.get("ETag"),
                          last_modified=headers.get("Last-Modified"), received=received)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 304:
            return Answer(not_modified=True, etag=exc.headers.get("ETag") or etag,
                          last_modified=exc.headers.get("Last-Modified") or last_modified)
        return Answer(error="http-status", detail=f"HTTP {exc.code}")
    except TooLarge as exc:
        return Answer(error="too-large", detail=str(exc))
    except TimeoutError:
        return Answer(error="timeout", detail=f"> {limits.timeout:g} s")
    except zlib.error as exc:
        return Answer(error="bad-encoding", detail=str(exc))
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return Answer(error="timeout", detail=f"> {limits.timeout:g} s")
        return Answer(error="unreachable", detail=str(reason)[:200])
    except (OSError, HTTPException, ValueError) as exc:
        return Answer(error="unreachable", detail=f"{type(exc).__name__}: {exc}"[:200])


def _read(response: object, encoding: str, limits: Limits, started: float) -> tuple[bytes, int]:
    gzipped = encoding.strip().lower() in ("gzip", "x-gzip")
    inflate = zlib.decompressobj(wbits=31) if gzipped else None
    parts: list[bytes] = []
    size = received = 0
    while True:
        # read1: what has arrived (read() would wait for a whole chunk, past any deadline)
        chunk = response.read1(CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            break
        received += len(chunk)
        if received > limits.max_bytes:
            raise TooLarge(f"> {limits.max_bytes} bytes")
        if time.monotonic() - started > limits.deadline:
            raise TimeoutError
        if inflate is not None:
            chunk = inflate.decompress(chunk, limits.max_bytes - size + 1)
            if inflate.unconsumed_tail:
                raise TooLarge(f"> {limits.max_bytes} bytes (decompressed)")
        size += len(chunk)
        if size > limits.max_bytes:
            raise TooLarge(f"> {limits.max_bytes} bytes (decompressed)")
        parts.append(chunk)
    if inflate is not None:
        tail = inflate.flush()
        if not inflate.eof:
            raise zlib.error("truncated gzip stream")
        parts.append(tail)
    return b"".join(parts), received
