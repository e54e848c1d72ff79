"""Debian's nginx serving the shipped deploy configs (templates/deploy/nginx/) on 127.0.0.1.

Nothing is installed here: ``make deps`` installs nginx. Without it a test fails under CI=true
and is skipped only on a developer's machine. nginx runs as the current user with every path
(pid, logs, temporary files) in a temporary prefix; the configs are copied there and only their
``EDIT`` lines (and the listen lines) are rewritten."""

from __future__ import annotations

import base64
import http.client
import http.server
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "templates" / "deploy" / "nginx"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if os.access(p, os.X_OK)), None)
MIME_TYPES = Path("/etc/nginx/mime.types")
USER, PASSWORD = "dangyuan", "correct-horse"


def basic_auth(password: str = PASSWORD) -> str:
    """The Authorization header of a party member."""
    return "Basic " + base64.b64encode(f"{USER}:{password}".encode()).decode()


def require_nginx() -> str:
    """The nginx binary; a failure under CI (where `make deps` installs it), else a skip."""
    if NGINX and MIME_TYPES.is_file():
        return NGINX
    message = "Debian's nginx is not installed: run `make deps` (apt-get install -y nginx)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the tests verify it)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def make_htpasswd(path: Path) -> Path:
    digest = subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=PASSWORD, text=True,
                            check=True, capture_output=True).stdout.strip()
    path.write_text(f"{USER}:{digest}\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Site:
    """One site file of the deploy folder, pointed at a built site."""

    conf: str  # gongkai-public.conf or gongkai-party.conf
    root: Path
    https_port: int
    http_port: int
    auth: str = "basic"  # basic | sso


def rewrite_site(site: Site, cert: Path, key: Path) -> str:
    """The shipped site file with its EDIT lines (and listen lines) set for this test."""
    text = (DEPLOY / "sites-available" / site.conf).read_text(encoding="utf-8")
    text = re.sub(r"(?m)^\s*listen \[::\].*\n", "", text)
    text = re.sub(r"(?m)^(\s*)listen 443 ssl;", rf"\1listen 127.0.0.1:{site.https_port} ssl;", text)
    text = re.sub(r"(?m)^(\s*)listen 80;", rf"\1listen 127.0.0.1:{site.http_port};", text)
    text = re.sub(r"(?m)^(\s*)root \S+;", rf"\1root {site.root};", text)
    text = re.sub(r"(?m)^(\s*)ssl_certificate \S+;", rf"\1ssl_certificate {cert};", text)
    text = re.sub(r"(?m)^(\s*)ssl_certificate_key \S+;", rf"\1ssl_certificate_key {key};", text)
    if site.auth == "sso":
        text = text.replace("include snippets/gongkai-basic-auth.conf;",
                            "include snippets/gongkai-sso.conf;")
    return text


def write_prefix(prefix: Path, sites: list[Site], sso_port: int | None = None) -> Path:
    """nginx.conf, mime.types, the snippets and the site files under ``prefix``."""
    shutil.copytree(DEPLOY / "snippets", prefix / "snippets")
    shutil.copy(MIME_TYPES, prefix / "mime.types")
    htpasswd = make_htpasswd(prefix / "gongkai-party.htpasswd")
    basic = prefix / "snippets" / "gongkai-basic-auth.conf"
    basic.write_text(basic.read_text(encoding="utf-8").replace(
        "/etc/nginx/gongkai-party.htpasswd", str(htpasswd)), encoding="utf-8")
    if sso_port is not None:
        sso = prefix / "snippets" / "gongkai-sso.conf"
        sso.write_text(sso.read_text(encoding="utf-8").replace(
            "http://127.0.0.1:9180/check", f"http://127.0.0.1:{sso_port}/check"), encoding="utf-8")
    cert, key = make_cert(prefix)
    (prefix / "sites").mkdir()
    for site in sites:
        name = site.conf.replace(".conf", f"-{site.auth}.conf")
        (prefix / "sites" / name).write_text(rewrite_site(site, cert, key), encoding="utf-8")
    temp = prefix / "temp"
    temp.mkdir()
    user = f"user {pwd.getpwuid(os.getuid()).pw_name};" if os.getuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(f"""\
{user}
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 128; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include mime.types;
    default_type application/octet-stream;
    include sites/*.conf;
}}
""", encoding="utf-8")
    return cert


class Nginx:
    """``nginx -p PREFIX -c PREFIX/nginx.conf -g 'daemon off;'``, stopped by ``stop()``."""

    def __init__(self, prefix: Path, ports: list[int]) -> None:
        binary = require_nginx()
        self.prefix = prefix
        test = subprocess.run([binary, "-t", "-q", "-p", str(prefix), "-e", str(prefix / "error.log"),
                               "-c", str(prefix / "nginx.conf")], capture_output=True, text=True)
        assert test.returncode == 0, test.stderr + self.log()
        self.process = subprocess.Popen(
            [binary, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c",
             str(prefix / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for port in ports:
            self._wait(port)

    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def _wait(self, port: int) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"nginx did not listen on {port}\n{self.log()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Sso(http.server.BaseHTTPRequestHandler):
    """A single sign-on check: signed in when the request carries the cookie ``sso=ok``."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Sso.seen.append(self.headers.get("X-Original-URI", ""))
        self.send_response(200 if "sso=ok" in self.headers.get("Cookie", "") else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@dataclass
class Host:
    """One served site: its built folder and a verified HTTPS client to it."""

    site: Path
    port: int
    http_port: int
    cert: Path
    headers: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        context = ssl.create_default_context(cafile=str(self.cert))
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=context, timeout=30)
        try:
            conn.request("GET", path, headers={**self.headers, **headers})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()


@dataclass
class Deployment:
    public: Host
    party: Host  # basic auth, no credentials sent
    party_sso: Host
    sso_seen: list[str]
