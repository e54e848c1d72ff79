"""How long and how much a harvest waits for and accepts (handbook: federation.md#harvest)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_TIMEOUT = 20.0
DEFAULT_LIMIT = 50 * 1024 * 1024
MAX_WORKERS = 16  # catalogs fetched at once


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT  # seconds, per connect and per read
    deadline: float = 4 * DEFAULT_TIMEOUT  # seconds for the whole answer
    max_bytes: int = DEFAULT_LIMIT  # received and decompressed
