"""The built site's search index read back, as the client reads it (site/search.py)."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.site import search


class Index:
    """The index files of a built site, read back: token -> page URLs, and the pages."""

    def __init__(self, site: Path) -> None:
        folder = site / "search"
        self.raw = "".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.json")))
        self.meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        self.docs: list[list[str]] = []
        for n in range(len(list((folder / "d").glob("*.json")))):
            self.docs += json.loads((folder / "d" / f"{n}.json").read_text(encoding="utf-8"))
        self.postings: dict[str, set[str]] = {}
        for path in (folder / "t").glob("*.json"):
            for token, text in json.loads(path.read_text(encoding="utf-8")).items():
                assert search.bucket(token, self.meta["buckets"]) == int(path.stem)
                self.postings[token] = {self.docs[n][0] for n in decode(text)}

    def find(self, query: str) -> set[str]:
        """The pages holding every token of the query (what the client does, unranked)."""
        found = [self.postings.get(token, set()) for token in search.tokens(query)]
        return set.intersection(*found) if found else set()


def decode(text: str) -> list[int]:
    """The page numbers of a token's postings (search.encode)."""
    out, number, value, i = [], 0, 0, 0
    while i < len(text):
        digit = search.DIGITS.index(text[i])
        if digit >= 44:
            value = value * 44 + digit - 44
        else:
            number += value * 44 + digit
            value = 0
            out.append(number)
            i += 1  # the weight
        i += 1
    return out
