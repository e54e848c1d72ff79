"""The shipped nginx configs (templates/deploy/nginx/), served by Debian's nginx in front of the
sample portal built for both audiences (fixtures: tests/deploy/conftest.py)."""

from __future__ import annotations

import gzip
from pathlib import Path

import nginxkit
import pytest
from nginxkit import Deployment, Host

AUTH = nginxkit.basic_auth()
WRONG = nginxkit.basic_auth("wrong")


def records(site: Path) -> set[str]:
    return {"/" + p.parent.relative_to(site).as_posix() + "/"
            for p in (site / "records").glob("*/*/index.html")}


def party_only(deployment: Deployment) -> list[str]:
    found = sorted(records(deployment.party.site) - records(deployment.public.site))
    assert found, "the sample portal has party-only records"
    return found


def hashed_asset(site: Path) -> str:
    [bundle] = (site / "assets" / "javascripts").glob("bundle.*.min.js")
    return "/" + bundle.relative_to(site).as_posix()


def party_urls(deployment: Deployment) -> list[str]:
    """Every kind of URL of the party site."""
    site = deployment.party.site
    listing = next(f"/kinds/{p.parent.name}/" for p in sorted((site / "kinds").glob("*/index.html"))
                   if not (deployment.public.site / "kinds" / p.parent.name).exists())
    return ["/", party_only(deployment)[0], listing, "/orgs/", "/data/all.json", "/data/all.csv",
            "/feed.xml", "/calendar.ics", "/search/index.json", "/sitemap.xml",
            "/sitemap.xml.gz", hashed_asset(site), "/assets/stylesheets/gongkai.css", "/404.html"]


def test_every_kind_of_party_url_needs_credentials(deployment: Deployment) -> None:
    party = deployment.party
    for url in party_urls(deployment):
        status, headers, body = party.get(url)
        assert status == 401, (url, status)
        assert headers["WWW-Authenticate"].startswith("Basic"), url
        assert "noindex" in headers["X-Robots-Tag"], url
        assert party.get(url, Authorization=WRONG)[0] == 401, url
        assert party.get(url, Authorization=AUTH)[0] == 200, url


def test_party_records_are_not_on_the_public_host(deployment: Deployment) -> None:
    for url in party_only(deployment):
        status, _, body = deployment.public.get(url)
        assert status == 404, url
        assert body == (deployment.public.site / "404.html").read_bytes()
    for path in ("/data/all.json", "/search/index.json", "/feed.xml", "/calendar.ics"):
        status, _, body = deployment.public.get(path)
        assert status == 200
        for url in party_only(deployment):
            assert url.encode() not in body, (path, url)


TYPES = {
    "/": "text/html; charset=utf-8",
    "/data/all.json": "application/json; charset=utf-8",
    "/data/all.csv": "text/csv; charset=utf-8",
    "/calendar.ics": "text/calendar; charset=utf-8",
    "/feed.xml": "text/xml; charset=utf-8",
    "/sitemap.xml": "text/xml; charset=utf-8",
    "/search/index.json": "application/json; charset=utf-8",
    "/assets/stylesheets/gongkai.css": "text/css; charset=utf-8",
}


@pytest.mark.parametrize("audience", ["public", "party"])
def test_types_carry_utf8(deployment: Deployment, audience: str) -> None:
    host: Host = getattr(deployment, audience)
    types = {**TYPES, hashed_asset(host.site): "application/javascript; charset=utf-8"}
    for url, expected in types.items():
        status, headers, _ = host.get(url, Authorization=AUTH)
        assert (status, headers["Content-Type"]) == (200, expected), url


SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "Strict-Transport-Security": "max-age=31536000",
}


def test_security_headers_on_pages_assets_and_errors(deployment: Deployment) -> None:
    asset = hashed_asset(deployment.public.site)
    for host, referrer in ((deployment.public, "strict-origin-when-cross-origin"),
                           (deployment.party, "same-origin")):
        for url in ("/", asset, "/no-such-page/"):
            _, headers, _ = host.get(url, Authorization=AUTH)
            for name, value in SECURITY.items():
                assert headers[name] == value, (url, name)
            assert headers["Referrer-Policy"] == referrer
            csp = headers["Content-Security-Policy"]
            assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp
            assert "object-src 'none'" in csp and "http" not in csp
    assert deployment.public.get("/")[1]["X-Robots-Tag"] is None
    assert deployment.party.get("/", Authorization=AUTH)[1]["X-Robots-Tag"] == "noindex, nofollow, noarchive"


def test_caching_immutable_assets_revalidated_pages_private_party(deployment: Deployment) -> None:
    asset = hashed_asset(deployment.public.site)
    for host, scope in ((deployment.public, "public"), (deployment.party, "private")):
        for url in ("/", "/data/all.csv", "/feed.xml", "/search/index.json"):
            status, headers, _ = host.get(url, Authorization=AUTH)
            assert headers["Cache-Control"] == f"{scope}, no-cache", url
            etag = headers["ETag"]
            assert host.get(url, Authorization=AUTH, **{"If-None-Match": etag})[0] == 304, url
        headers = host.get(asset, Authorization=AUTH)[1]
        assert headers["Cache-Control"] == f"{scope}, max-age=31536000, immutable"


def test_gzip_for_text(deployment: Deployment) -> None:
    host = deployment.public
    for url in ("/", "/data/all.json", "/data/all.csv", "/calendar.ics", "/feed.xml",
                "/search/d/0.json", hashed_asset(host.site)):
        status, headers, body = host.get(url, **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip"), url
        assert "Accept-Encoding" in headers["Vary"], url
        plain = host.get(url)[2]
        assert gzip.decompress(body) == plain and len(body) < len(plain), url


def test_the_sites_own_404(deployment: Deployment) -> None:
    for host in (deployment.public, deployment.party):
        status, headers, body = host.get("/records/no-such/record/", Authorization=AUTH)
        assert status == 404
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body == (host.site / "404.html").read_bytes()
        assert "市财政局机关党务公开" in body.decode("utf-8")
        assert b"nginx" not in body


def test_hidden_files_are_not_served(deployment: Deployment) -> None:
    for host in (deployment.public, deployment.party):
        assert (host.site / ".gongkai-audience").is_file(), "the build leaves its marker"
        (host.site / ".env").write_text("SECRET=1\n", encoding="utf-8")
        for url in ("/.gongkai-audience", "/.env", "/records/.gongkai-audience"):
            status, headers, body = host.get(url, Authorization=AUTH)
            assert status == 404, (url, status)
            assert body == (host.site / "404.html").read_bytes()
            assert "nosniff" in headers["X-Content-Type-Options"], url


def test_plain_http_redirects_to_https(deployment: Deployment) -> None:
    import http.client

    for host in (deployment.public, deployment.party):
        conn = http.client.HTTPConnection("127.0.0.1", host.http_port, timeout=30)
        conn.request("GET", "/records/?q=1", headers={"Host": "portal.test"})
        response = conn.getresponse()
        assert response.status == 301
        assert response.headers["Location"] == "https://portal.test/records/?q=1"
        conn.close()


def test_single_sign_on_instead_of_basic_auth(deployment: Deployment) -> None:
    host = deployment.party_sso
    url = party_only(deployment)[0]
    status, headers, _ = host.get(url)
    assert status == 302
    assert headers["Location"].startswith("https://sso.example.gov.cn/login?rd=https://127.0.0.1")
    assert headers["Location"].endswith(url)
    assert deployment.sso_seen[-1] == url
    status, headers, _ = host.get(url, Cookie="sso=ok")
    assert status == 200 and headers["Cache-Control"] == "private, no-cache"
    assert host.get("/data/all.csv", Cookie="sso=no")[0] == 302


def test_without_nginx_ci_fails_and_a_developer_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nginxkit, "NGINX", None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="make deps"):
        nginxkit.require_nginx()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y nginx"):
        nginxkit.require_nginx()
