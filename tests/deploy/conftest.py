"""The sample portal built for both audiences, served by Debian's nginx with the shipped configs:
public, party behind basic auth, and party behind a small single sign-on stand-in (all on
127.0.0.1), once for the session."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import nginxkit
import pytest

AS_OF = "2026-11-25"


def _build(site: Path, audience: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", "--root", str(nginxkit.REPO), "build",
                           "--audience", audience, "--site-dir", str(site), "--as-of", AS_OF],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[nginxkit.Deployment]:
    nginxkit.require_nginx()
    tmp = tmp_path_factory.mktemp("deploy")
    public = _build(tmp / "site", "public")
    party = _build(tmp / "site-party", "party")
    sso = http.server.ThreadingHTTPServer(("127.0.0.1", 0), nginxkit.Sso)
    threading.Thread(target=sso.serve_forever, daemon=True).start()
    ports = [nginxkit.free_port() for _ in range(6)]
    sites = [nginxkit.Site("gongkai-public.conf", public, ports[0], ports[1]),
             nginxkit.Site("gongkai-party.conf", party, ports[2], ports[3]),
             nginxkit.Site("gongkai-party.conf", party, ports[4], ports[5], auth="sso")]
    prefix = tmp / "nginx"
    prefix.mkdir()
    cert = nginxkit.write_prefix(prefix, sites, sso_port=sso.server_address[1])
    server = nginxkit.Nginx(prefix, ports)
    try:
        yield nginxkit.Deployment(nginxkit.Host(public, ports[0], ports[1], cert),
                                  nginxkit.Host(party, ports[2], ports[3], cert),
                                  nginxkit.Host(party, ports[4], ports[5], cert), nginxkit.Sso.seen)
    finally:
        server.stop()
        sso.shutdown()
        sso.server_close()
