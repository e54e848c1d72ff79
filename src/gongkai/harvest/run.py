"""Harvest every source at once (a bounded pool of threads), keep the last good copies, write
the state, and report (handbook: federation.md#harvest).

Exit codes: 0 every source fresh, 1 any source stale or failed, 2 a wrong configuration.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from gongkai.harvest import store
from gongkai.harvest.config import HarvestConfig, Source
from gongkai.harvest.fetch import Answer, credentials_header, fetch
from gongkai.harvest.limits import MAX_WORKERS, Limits
from gongkai.harvest.reasons import reason_text
from gongkai.harvest.validate import check_catalog
from gongkai.wording import text


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def harvest_one(root: Path, source: Source, previous: dict[str, Any],
                limits: Limits) -> dict[str, Any]:
    """One source: fetch, validate, store; the new state entry."""
    has_copy = store.read_copy(root, source.id) is not None
    conditional = has_copy and previous.get("catalog") == source.catalog
    answer = fetch(source.catalog, limits,
                   etag=previous.get("etag") if conditional else None,
                   last_modified=previous.get("last_modified") if conditional else None,
                   auth=credentials_header(source.id))
    state: dict[str, Any] = {"name": source.name, "catalog": source.catalog,
                             "checked": now_utc(), "received": answer.received,
                             "fetched": previous.get("fetched") if has_copy else None,
                             "etag": previous.get("etag") if has_copy else None,
                             "last_modified": previous.get("last_modified") if has_copy else None}
    error, detail = _outcome(root, source, answer, has_copy)
    if error is None:
        state.update(status="ok", fetched=state["checked"], error=None, detail="",
                     etag=answer.etag, last_modified=answer.last_modified)
    else:
        state.update(status="stale" if has_copy else "failed", error=error, detail=detail)
    return state


def _outcome(root: Path, source: Source, answer: Answer, has_copy: bool,
             ) -> tuple[str | None, str]:
    if answer.error is not None:
        return answer.error, answer.detail
    if answer.not_modified:
        return (None, "") if has_copy else ("invalid", "304 without a stored copy")
    verdict = check_catalog(answer.body or b"")
    if verdict.error is not None:
        return verdict.error, verdict.detail
    store.write_copy(root, source.id, answer.body or b"")
    return None, ""


def harvest(root: Path, config: HarvestConfig, limits: Limits,
            workers: int = MAX_WORKERS) -> dict[str, dict[str, Any]]:
    previous = store.read_state(root)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(config.sources)))) as pool:
        futures = {s.id: pool.submit(harvest_one, root, s, previous.get(s.id, {}), limits)
                   for s in config.sources}
        states = {sid: future.result() for sid, future in futures.items()}
    store.write_state(root, states)
    return states


def report(states: dict[str, dict[str, Any]], lang: str) -> str:
    lines = []
    for sid, state in states.items():
        status = state["status"]
        line = f"{sid}: {status}"
        if state.get("error"):
            line += f" ({reason_text(state['error'], lang)}: {state.get('detail', '')})"
        lines.append(line)
    fresh = sum(1 for s in states.values() if s["status"] == "ok")
    lines.append(text("harvest.fresh", lang, fresh=fresh, total=len(states)))
    return "\n".join(lines) + "\n"


def exit_code(states: dict[str, dict[str, Any]]) -> int:
    return 0 if all(s["status"] == "ok" for s in states.values()) else 1
