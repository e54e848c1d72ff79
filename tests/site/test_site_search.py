"""The search index (handbook/docs/search.md) on a real build of the hostile portal: what a page
shows is found, nothing outside the audience is in any index file (handbook: security.md), and
record text stays text."""

from __future__ import annotations

import re

import pytest
from hostile import (
    BODY_MARKER,
    CANARY_FUTURE,
    CANARY_PARTY,
    CANARY_REDACTED,
    CANARY_SPECIFIC,
    CANARY_UNIT,
    CURRENT_NOTICE_NAME,
    HOSTILE_TITLE,
    OLD_NOTICE_NAME,
)
from searchkit import Index, decode

from gongkai.site import search

HOSTILE_URL = "records/case-branch/2026-03-10-hostile/"


def test_postings_round_trip() -> None:
    pairs = [(0, 5), (1, 87), (44, 3), (2000, 1), (100_000, 2)]
    assert decode(search.encode(pairs)) == [0, 1, 45, 2045, 102_045]


@pytest.fixture(scope="module")
def public_index(public_site) -> Index:
    return Index(public_site.site)


@pytest.fixture(scope="module")
def party_index(party_site) -> Index:
    return Index(party_site.site)


def test_index_is_utf8_and_indexes_the_pages_readers_search(public_index: Index) -> None:
    assert not re.search(r"\\u(?!00(26|3c|3e))[0-9a-fA-F]{4}", public_index.raw), \
        "ASCII-escaped text in the index"
    urls = {doc[0] for doc in public_index.docs}
    assert HOSTILE_URL in urls and "orgs/case-branch/" in urls
    assert not any(u.startswith(("categories/", "kinds/", "years/", "dashboard/")) or u == ""
                   for u in urls), urls
    assert public_index.meta["docs"] == len(public_index.docs)


def test_everything_a_record_page_shows_is_found(public_index: Index) -> None:
    assert public_index.find(BODY_MARKER) == {HOSTILE_URL}  # the body
    assert HOSTILE_URL in public_index.find("关于{{ 7*7 }}的决定")  # the title
    assert HOSTILE_URL in public_index.find("摘要")  # the summary


def test_an_organization_is_found_by_its_name(public_index: Index) -> None:
    org = next(doc for doc in public_index.docs if doc[0] == "orgs/case-branch/")
    assert "orgs/case-branch/" in public_index.find(org[1])
    assert "orgs/case-branch/" in public_index.find(org[1][:3])


def test_notice_names_only_while_the_page_shows_them(public_index: Index) -> None:
    assert public_index.find(OLD_NOTICE_NAME) == set()
    assert "records/case-branch/2026-06-26-current-notice/" in public_index.find(
        CURRENT_NOTICE_NAME)


@pytest.mark.parametrize("canary", [CANARY_PARTY, CANARY_UNIT, CANARY_SPECIFIC, CANARY_REDACTED,
                                    CANARY_FUTURE])
def test_public_index_has_no_token_of_other_scopes(public_index: Index, canary: str) -> None:
    mark = canary.rsplit("-", 1)[1]  # e.g. 3f9c: split off by the tokenizer, so look it up
    assert mark not in public_index.postings and mark not in public_index.raw
    assert canary not in public_index.raw


def test_party_index_adds_party_records(party_index: Index) -> None:
    assert party_index.find(CANARY_PARTY)  # the canary test above can fail
    for canary in (CANARY_UNIT, CANARY_SPECIFIC, CANARY_REDACTED, CANARY_FUTURE):
        assert canary.rsplit("-", 1)[1] not in party_index.postings


def test_record_text_stays_text(public_index: Index) -> None:
    assert "<" not in public_index.raw and ">" not in public_index.raw
    title = next(doc[1] for doc in public_index.docs if doc[0] == HOSTILE_URL)
    assert title == search.squeeze(HOSTILE_TITLE)  # shown with textContent, as written
