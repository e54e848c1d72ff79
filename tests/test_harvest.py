"""``gongkai harvest`` against real HTTP servers on 127.0.0.1: every fault of the issue (refused,
500, stall past the timeout, invalid JSON, a future catalog version, a 100 MB body) reported with
its reason while the others are unaffected and the last good copy stays; conditional requests,
gzip, credentials, exit codes (handbook: federation.md#harvest)."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.harvest import store
from gongkai.harvest.city import load_city
from gongkai.harvest.config import read_config
from gongkai.harvest.fetch import credentials_header
from gongkai.harvest.limits import Limits
from gongkai.harvest.run import harvest
from harvest_kit import (
    Server,
    catalog_doc,
    harvest_site,
    huge,
    make_committee,
    refused_url,
    row,
    serve_bytes,
    serve_json,
    stall,
    status,
    trickle,
)

FAST = Limits(timeout=1.5, deadline=6.0, max_bytes=2 * 1024 * 1024)
FAULTS = ("refused", "error500", "stall", "notjson", "future", "huge")


def good(pid: str, server: Server) -> dict[str, object]:
    return catalog_doc(pid, server.url(f"/{pid}/"),
                       [row("b1", "three-meetings", "overdue", "2026-03-31")])


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    yield s
    s.close()


def committee(root: Path, server: Server, ids: tuple[str, ...]) -> Path:
    urls = {sid: server.url(f"/{sid}/data/index.json") for sid in ids}
    if "refused" in urls:
        urls["refused"] = refused_url()
    return make_committee(root, harvest_site([(sid, f"{sid} 局", urls[sid]) for sid in ids]))


def serve_all_good(server: Server, ids: tuple[str, ...]) -> None:
    for sid in ids:
        server.routes[f"/{sid}/data/index.json"] = serve_json(good(sid, server))


def break_them(server: Server, sent: list[int]) -> None:
    server.routes["/error500/data/index.json"] = status(500)
    server.routes["/stall/data/index.json"] = stall(5)
    server.routes["/notjson/data/index.json"] = serve_bytes(b'{"catalog_version": 1,')
    future = good("future", server)
    future["catalog_version"] = 2
    server.routes["/future/data/index.json"] = serve_json(future)
    server.routes["/huge/data/index.json"] = huge(100 * 1024 * 1024, sent)


def test_every_fault_is_reported_the_others_unaffected_last_good_copy_kept(
        tmp_path: Path, server: Server) -> None:
    ids = ("fine", *FAULTS)
    root = committee(tmp_path, server, ids)
    serve_all_good(server, ids)
    first = harvest(root, read_config(root), FAST)
    assert {s: first[s]["status"] for s in ids if s != "refused"} == {
        s: "ok" for s in ids if s != "refused"}
    assert first["refused"]["status"] == "failed"
    assert first["refused"]["error"] == "unreachable"

    sent: list[int] = []
    break_them(server, sent)
    states = harvest(root, read_config(root), FAST)
    assert states["fine"]["status"] == "ok" and states["fine"]["error"] is None
    reasons = {sid: (states[sid]["status"], states[sid]["error"]) for sid in FAULTS}
    assert reasons == {"refused": ("failed", "unreachable"),
                       "error500": ("stale", "http-status"), "stall": ("stale", "timeout"),
                       "notjson": ("stale", "not-json"), "future": ("stale", "future-version"),
                       "huge": ("stale", "too-large")}
    for sid in FAULTS[1:]:  # the last good copy is still there, untouched
        assert store.read_copy(root, sid) == good(sid, server), sid
        assert states[sid]["fetched"] == first[sid]["fetched"]
    assert store.read_state(root) == states
    assert states["huge"]["received"] <= FAST.max_bytes + 65536


def test_a_huge_body_is_streamed_and_cut_at_the_limit(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("huge",))
    sent: list[int] = []
    server.routes["/huge/data/index.json"] = huge(100 * 1024 * 1024, sent)
    tracemalloc.start()
    try:
        states = harvest(root, read_config(root), FAST)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert states["huge"]["error"] == "too-large"
    assert peak < 16 * 1024 * 1024  # never the 100 MB, nor the 2 MB limit many times over


def test_a_trickling_answer_is_cut_at_the_deadline(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("slow",))
    server.routes["/slow/data/index.json"] = trickle(0.2)  # every read well within the timeout
    started = time.monotonic()
    states = harvest(root, read_config(root), Limits(timeout=1.5, deadline=3.0))
    assert (states["slow"]["status"], states["slow"]["error"]) == ("failed", "timeout")
    assert time.monotonic() - started < 8


def test_a_gzip_bomb_is_cut_at_the_limit(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("bomb",))
    body = b'{"catalog_version": 1, "x": "' + b" " * (8 * 1024 * 1024) + b'"}'
    server.routes["/bomb/data/index.json"] = serve_bytes(body)  # 8 MB that gzip to a few KB
    states = harvest(root, read_config(root), FAST)
    assert (states["bomb"]["status"], states["bomb"]["error"]) == ("failed", "too-large")


def test_reharvest_moves_no_body_when_nothing_changed(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("a", "b"))
    serve_all_good(server, ("a", "b"))
    first = harvest(root, read_config(root), FAST)
    assert all(s["received"] > 0 for s in first.values())
    assert all(h.get("Accept-Encoding") == "gzip" for _, h in server.seen)
    server.seen.clear()
    again = harvest(root, read_config(root), FAST)
    assert {s["status"] for s in again.values()} == {"ok"}
    assert all(s["received"] == 0 for s in again.values())  # 304 Not Modified
    assert all("If-None-Match" in h for _, h in server.seen)


def test_credentials_come_from_the_environment(tmp_path: Path, server: Server,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_HARVEST_TOKEN_PARTY_ORG", "s3cret")
    assert credentials_header("party-org") == "Bearer s3cret"
    assert credentials_header("other") is None
    monkeypatch.setenv("GONGKAI_HARVEST_BASIC_OTHER", "user:pw")
    assert credentials_header("other") == "Basic dXNlcjpwdw=="
    root = committee(tmp_path, server, ("party-org",))
    serve_all_good(server, ("party-org",))
    harvest(root, read_config(root), FAST)
    assert server.seen[0][1].get("Authorization") == "Bearer s3cret"


def test_exit_codes(tmp_path: Path, server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    root = committee(tmp_path / "ok", server, ("a",))
    serve_all_good(server, ("a",))
    assert main(["--root", str(root), "harvest", "--timeout", "1"]) == 0
    assert "1 / 1" in capsys.readouterr().out
    root = committee(tmp_path / "bad", server, ("a", "refused"))
    assert main(["--root", str(root), "harvest", "--timeout", "1", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "refused: failed (cannot connect" in out and "1 / 2 sources fresh" in out


@pytest.mark.parametrize("harvest_yaml", [
    "harvest:\n  - {id: a, name: 甲局, catalog: 'ftp://x.example/index.json'}\n",
    "harvest:\n  - {id: a, catalog: 'http://x.example/index.json'}\n",
    "harvest:\n  - {id: A B, name: 甲局, catalog: 'http://x.example/index.json'}\n",
    "harvest: []\n",
    "harvest:\n  - {id: index, name: 甲局, catalog: 'http://x.example/index.json'}\n",
    ("harvest:\n  - {id: a, name: 甲局, catalog: 'http://x.example/1.json'}\n"
     "  - {id: a, name: 乙局, catalog: 'http://x.example/2.json'}\n"),
])
def test_a_wrong_configuration_exits_2_with_one_line(
        tmp_path: Path, harvest_yaml: str, capsys: pytest.CaptureFixture[str]) -> None:
    site = harvest_site([]).replace("harvest:\n", "") + harvest_yaml
    root = make_committee(tmp_path, site)
    assert main(["--root", str(root), "harvest"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("gongkai: ") and "Traceback" not in err
    assert not (root / "harvest").exists()


def test_state_file_is_json_with_documented_fields(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("a",))
    serve_all_good(server, ("a",))
    harvest(root, read_config(root), FAST)
    doc = json.loads((root / "harvest" / "state.json").read_text("utf-8"))
    assert set(doc["sources"]["a"]) == {"name", "catalog", "status", "fetched", "checked",
                                        "etag", "last_modified", "error", "detail", "received"}


def test_committee_ci_templates_harvest_then_build_and_tolerate_stale_sources() -> None:
    import yaml

    templates = Path(__file__).resolve().parents[1] / "templates"
    github = yaml.safe_load((templates / "github" / "committee.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in github["jobs"]["site"]["steps"]]
    harvest_at = next(i for i, r in enumerate(steps) if r.startswith("gongkai harvest"))
    build_at = next(i for i, r in enumerate(steps) if r.startswith("gongkai build"))
    assert harvest_at < build_at and "|| test $? -eq 1" in steps[harvest_at]
    gitlab = yaml.safe_load((templates / "gitlab-ci-committee.yml").read_text("utf-8"))
    assert gitlab["gongkai-harvest"]["script"] == ["gongkai harvest || test $? -eq 1"]
    assert "harvest/" in gitlab["gongkai-harvest"]["cache"]["paths"]
    assert gitlab["gongkai-site"]["needs"] == ["gongkai-harvest"]


def redirect(location: str) -> object:
    def answer(req: object) -> None:
        req.send_response(302)  # type: ignore[attr-defined]
        req.send_header("Location", location)  # type: ignore[attr-defined]
        req.send_header("Content-Length", "0")  # type: ignore[attr-defined]
        req.end_headers()  # type: ignore[attr-defined]
    return answer


def test_credentials_are_not_sent_where_a_redirect_points(
        tmp_path: Path, server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_HARVEST_TOKEN_A", "s3cret")
    root = committee(tmp_path, server, ("a",))
    server.routes["/a/data/index.json"] = redirect("/moved.json")  # type: ignore[assignment]
    server.routes["/moved.json"] = serve_json(good("a", server))
    states = harvest(root, read_config(root), FAST)
    assert states["a"]["status"] == "ok"
    headers = dict(server.seen)
    assert headers["/a/data/index.json"].get("Authorization") == "Bearer s3cret"
    assert "Authorization" not in headers["/moved.json"]


def test_a_redirect_to_another_scheme_is_refused(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("a",))
    server.routes["/a/data/index.json"] = redirect("file:///etc/passwd")  # type: ignore[assignment]
    states = harvest(root, read_config(root), FAST)
    assert (states["a"]["status"], states["a"]["error"]) == ("failed", "http-status")
    assert states["a"]["detail"] == "HTTP 302"  # the redirect was not followed
    assert store.read_copy(root, "a") is None


def test_the_build_checks_a_stored_copy_again(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("a", "b"))
    serve_all_good(server, ("a", "b"))
    harvest(root, read_config(root), FAST)
    damaged = good("b", server)
    damaged["records"] = [{"id": "x", "title": "<script>"}]  # edited by hand: invalid
    store.write_copy(root, "b", json.dumps(damaged).encode())
    site = json.loads(json.dumps({"harvest": [{"id": "a", "name": "a", "catalog": "x"},
                                              {"id": "b", "name": "b", "catalog": "x"}]}))
    city = load_city(root, site)
    assert city is not None
    assert [(d.status, d.error) for d in city] == [("ok", None), ("failed", "invalid")]
    assert city[1].compliance == [] and len(city[0].findings) == 1


def test_a_party_catalog_stays_out_of_a_public_build(tmp_path: Path, server: Server) -> None:
    root = committee(tmp_path, server, ("a", "p"))
    serve_all_good(server, ("a",))
    party = good("p", server)
    party["audience"] = party["portal"]["audience"] = "party"  # type: ignore[index]
    server.routes["/p/data/index.json"] = serve_json(party)
    harvest(root, read_config(root), FAST)
    site = {"harvest": [{"id": "a", "name": "a", "catalog": "x"},
                        {"id": "p", "name": "p", "catalog": "x"}]}
    public = load_city(root, site, "public")
    assert public is not None and [(d.status, d.error) for d in public] == [
        ("ok", None), ("failed", "audience")]
    assert public[1].compliance == [] and public[1].records == []
    party_build = load_city(root, site, "party")
    assert party_build is not None and [d.status for d in party_build] == ["ok", "ok"]
