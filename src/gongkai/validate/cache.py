"""The validation cache: per-file results (:class:`~gongkai.validate.filecheck.Checked`) keyed by content.

A file's key is the sha256 of the cache format version, a fingerprint of everything that makes
per-file results (the gongkai code, the schemas, the rule profiles, the YAML and Cerberus
versions), the per-file settings from site.yaml, the file's kind and path relative to the root,
and its bytes. Any change to one of those is a different key, so a stale result is never served.
Rules and cross-file checks are not cached: they run every time.

The cache is data, never code: JSON Lines (no pickle, no marshal), a header line and then one
entry per file. Dates are tagged (``{"$date": "2026-01-26"}``), as are datetimes, the loader's
:class:`~gongkai.load.loader.InvalidDate` and tuples; a mapping with a ``$`` key is wrapped so that no
record can pass for a tag. Every entry is validated on read: a file that does not parse, has the
wrong version or the wrong shape is treated as empty, one bad entry as missing. The line map of
an entry is decoded only when a finding asks for a line (it is most of an entry's size).

The file lives outside the repository: ``$GONGKAI_CACHE_DIR`` or ``$XDG_CACHE_HOME/gongkai``
(default ``~/.cache/gongkai``), named by the sha256 of the resolved root. A cache folder inside
the portal is refused (a pull request could commit one), and only the entries used by this run
are written back, atomically. A cache file unused for a month (a temporary copy of a portal, a
moved checkout) is deleted when another portal's cache is first written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib.util
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from itertools import chain
from pathlib import Path
from typing import Any

import yaml

from gongkai.core import resources
from gongkai.core.findings import SEVERITIES, Finding
from gongkai.core.findings import Path as FieldPath
from gongkai.load.loader import InvalidDate, Loaded, load_yaml
from gongkai.validate.filecheck import Checked, Settings
from gongkai.wording import Text

FORMAT = "gongkai-cache"
VERSION = 1
_PACKAGE = Path(__file__).resolve().parents[1]
_FINDING_FIELDS = tuple(f.name for f in dataclasses.fields(Finding))
_ENTRY_KEYS = {"file", "key", "data", "doc", "lines", "loaded_findings", "findings", "reported"}


# -- where, and what a key depends on ------------------------------------------------------------


def cache_file(root: Path) -> Path | None:
    """The cache file of a portal, or None when the cache folder would be inside the portal."""
    root = root.resolve()
    folder_env = os.environ.get("GONGKAI_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    try:
        if folder_env:
            folder = Path(folder_env).expanduser()
        elif os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
            folder = Path(xdg) / "gongkai"
        else:
            folder = Path.home() / ".cache" / "gongkai"
        folder = folder.resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder: no cache
        return None
    if folder == root or folder.is_relative_to(root):
        return None
    return folder / (hashlib.sha256(str(root).encode("utf-8")).hexdigest() + ".json")


def code_fingerprint() -> str:
    """The gongkai code, schemas and built-in profiles, and the parser and validator versions."""
    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{yaml.__version__}\0{yaml.__with_libyaml__}\0".encode())
    files = sorted(_PACKAGE.rglob("*.py")) or sorted(_PACKAGE.rglob("*.pyc"))
    files += sorted((_PACKAGE / "wording").rglob("*.yaml"))  # cached findings carry wording
    files += _package_files("cerberus")  # its code, read without importing it (a warm check
    # never needs Cerberus: see gongkai.validate.fastschema)
    folder = resources.validators_dir()  # looked up at each call: tests point it elsewhere
    files += sorted((folder / "schemas").glob("*.yaml")) + sorted((folder / "profiles").glob("*.yaml"))
    for path in files:
        digest.update(f"{path.relative_to(path.parents[1]).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _package_files(name: str) -> list[Path]:
    spec = importlib.util.find_spec(name)
    folders = spec.submodule_search_locations if spec is not None else None
    return sorted(Path(next(iter(folders))).glob("*.py")) if folders else []


def fingerprint(root: Path) -> str:
    """:func:`code_fingerprint` plus the portal's own profiles (the active one is among them) and
    schema files (handbook: contributing.md#add-a-kind)."""
    digest = hashlib.sha256(f"{FORMAT}\0{VERSION}\0{code_fingerprint()}\0".encode())
    own = root / "validators"
    for path in [*sorted((own / "profiles").glob("*.yaml")),
                 *sorted((own / "schemas").glob("*.yaml"))]:
        digest.update(f"{path.parent.name}/{path.name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_key(prefix: bytes, what: str, rel: str, raw: bytes) -> str:
    """``prefix`` is :meth:`Store.prefix`: the format version, fingerprint and settings."""
    digest = hashlib.sha256(prefix)
    digest.update(f"{what}\0{rel}\0{len(raw)}\0".encode())
    digest.update(raw)
    return digest.hexdigest()


# -- the store -----------------------------------------------------------------------------------


class Store:
    """The entries of one portal's cache file: looked up by path and key, written back once."""

    def __init__(self, root: Path, path: Path | None, fingerprint: str, settings: Settings) -> None:
        self.root, self.path = str(root), path
        self.prefix = json.dumps([FORMAT, VERSION, fingerprint, dataclasses.asdict(settings)],
                                 ensure_ascii=False).encode()
        self.old: dict[str, tuple[str, bytes]] = {}  # file -> (key, line) as read
        self.new: dict[str, bytes] = {}  # file -> line, the entries used by this run
        self.changed = False

    @classmethod
    def open(cls, root: Path, settings: Settings) -> Store:
        root = root.resolve()
        try:
            store = cls(root, cache_file(root), fingerprint(root), settings)
        except OSError:  # an unreadable schema or profile: check reports it, the cache stays off
            return cls(root, None, "", settings)
        store.old = read_entries(store.path) if store.path is not None else {}
        return store

    def key(self, what: str, rel: str, raw: bytes) -> str:
        return file_key(self.prefix, what, rel, raw)

    def get(self, rel: str, key: str) -> Checked | None:
        """The cached result of ``rel`` when its key matches and its entry is well formed."""
        found = self.old.get(rel)
        if found is None or found[0] != key:
            return None
        checked = decode_entry(found[1].decode("utf-8"), rel, key, self.root)
        if checked is not None:
            self.new[rel] = found[1]
        return checked

    def put(self, rel: str, line: str | None) -> None:
        if line is not None:
            self.new[rel] = line.encode("utf-8")
            self.changed = True

    def save(self) -> None:
        """Write the entries used by this run (pruning the rest), when anything changed."""
        if self.path is None:
            return
        if not self.changed and self.new.keys() == self.old.keys():
            with contextlib.suppress(OSError):
                os.utime(self.path)  # its time says when it was last used (see _forget_unused)
            return
        if not self.old:  # a first run for this root: a good time to tidy the folder
            _forget_unused(self.path.parent)
        header = json.dumps({"format": FORMAT, "version": VERSION}).encode()
        data = b"\n".join([header, *(self.new[rel] for rel in sorted(self.new))]) + b"\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temp, self.path)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError:
            pass  # a read-only or full disk: the next run is cold, nothing is wrong


UNUSED_FOR = 30 * 24 * 3600  # seconds: the cache file of a portal not checked for a month
_CACHE_NAME = re.compile(r"[0-9a-f]{64}\.json|\.tmp-.*\.json")


def _forget_unused(folder: Path) -> None:
    """Delete cache files not used for a month (temporary copies of portals, e.g. the base of a
    pull-request check, test runs, moved checkouts); only files named as this module names them."""
    limit = time.time() - UNUSED_FOR
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if _CACHE_NAME.fullmatch(entry.name) and entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
    except OSError:
        pass


def read_entries(path: Path) -> dict[str, tuple[str, bytes]]:
    """file -> (key, entry line); empty for a missing, foreign or malformed cache file. Lines
    stay bytes: only the entries used are decoded, and the rest are written back as they are."""
    try:
        lines = path.read_bytes().split(b"\n")
        header = json.loads(lines[0])
    except (OSError, ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return {}
    if header != {"format": FORMAT, "version": VERSION}:
        return {}
    entries = {}
    for line in lines[1:]:
        found = _file_and_key(line)
        if found is not None:
            entries[found[0]] = (found[1], line)
    return entries


def _file_and_key(line: bytes) -> tuple[str, str] | None:
    """The file and key an entry line starts with, read without decoding the rest of it."""
    if not line.startswith(b'{"file":"'):
        return None
    end = line.find(b'","key":"', 9)  # a quote inside the path would be escaped
    if end < 0 or line[end + 73:end + 74] != b'"':
        return None
    try:
        name = line[9:end].decode("utf-8")
        key = line[end + 9:end + 73].decode("ascii")
        if "\\" in name:  # an escape: let JSON read it
            name = _DECODER.decode(f'"{name}"')
    except ValueError:
        return None
    return name, key


_DECODER = json.JSONDecoder()


# -- entries: Checked <-> one JSON line ----------------------------------------------------------


class Unencodable(ValueError):
    """A value the cache format has no tag for (the file is then simply not cached)."""


def encode_entry(checked: Checked, key: str) -> str | None:
    """One JSON line for a per-file result, or None when it holds a value JSON cannot carry."""
    loaded = checked.loaded
    if checked.doc is not None and checked.doc is not loaded.data:
        return None
    try:
        lines = loaded.lines
        entry = {
            "file": checked.file, "key": key, "data": _enc(loaded.data),
            "doc": None if checked.doc is None else "data",
            "lines": _ENCODER.encode([list(map(list, lines)), list(chain.from_iterable(lines.values()))]),
            "loaded_findings": [_enc_finding(f) for f in loaded.findings],
            "findings": [_enc_finding(f) for f in checked.findings],
            "reported": [_enc(list(path)) for path in sorted(loaded.reported, key=repr)],
        }
        return _ENCODER.encode(entry)
    except (Unencodable, TypeError, ValueError, RecursionError):
        return None


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def decode_entry(line: str, rel: str, key: str, root: str) -> Checked | None:
    """The :class:`Checked` of an entry line, or None when the line is not a well-formed entry
    for ``rel`` and ``key``. The file under ``root`` is re-read only if the line map is broken."""
    try:
        entry = _TAGGED.decode(line)
        if not isinstance(entry, dict) or entry.keys() != _ENTRY_KEYS:
            return None
        if entry["file"] != rel or entry["key"] != key or not isinstance(entry["lines"], str):
            return None
        data, doc = entry["data"], entry["doc"]
        if not (data is None or isinstance(data, dict)) or doc not in (None, "data"):
            return None
        if doc == "data" and data is None:
            return None
        loaded = StoredLoaded(data, entry["lines"], _findings(entry["loaded_findings"], rel),
                              _reported(entry["reported"]), root, rel)
        return Checked(rel, data if doc == "data" else None, loaded,
                       _findings(entry["findings"], rel))
    except (_BadShape, ValueError, TypeError, RecursionError):
        return None


class StoredLoaded(Loaded):
    """A :class:`Loaded` whose line map stays JSON text until a finding needs a line."""

    def __init__(self, data: Any, lines_text: str, findings: list[Finding], reported: set[FieldPath],
                 root: str, rel: str) -> None:
        self.data, self.findings, self.reported = data, findings, reported
        self._lines: dict[FieldPath, tuple[int, int]] | None = None
        self._lines_text, self._root, self._rel = lines_text, root, rel

    @property  # type: ignore[override]
    def lines(self) -> dict[FieldPath, tuple[int, int]]:
        if self._lines is None:
            self._lines = _decode_lines(self._lines_text)
            if self._lines is None:  # a damaged entry: the file itself has the answer
                self._lines = _lines_of(self._root, self._rel)
        return self._lines

    @lines.setter
    def lines(self, value: dict[FieldPath, tuple[int, int]]) -> None:
        self._lines = value


def _decode_lines(text: str) -> dict[FieldPath, tuple[int, int]] | None:
    """``[[path, ...], [line, column, ...]]``: two flat lists decode much faster than pairs."""
    try:
        paths, numbers = _DECODER.decode(text)
        if not (type(paths) is list and type(numbers) is list and len(numbers) == 2 * len(paths)
                and set(map(type, numbers)) <= {int} and min(numbers, default=0) >= 0
                and set(map(type, paths)) <= {list}
                and set(map(type, chain.from_iterable(paths))) <= {str, int}):
            return None
        return dict(zip(map(tuple, paths), zip(numbers[::2], numbers[1::2], strict=True), strict=True))
    except (ValueError, TypeError, RecursionError):
        return None


def _lines_of(root: str, rel: str) -> dict[FieldPath, tuple[int, int]]:
    try:
        with open(os.path.join(root, rel), "rb") as handle:
            return load_yaml(handle.read(), rel).lines
    except OSError:
        return {}


# -- values --------------------------------------------------------------------------------------


class _BadShape(Exception):
    pass


_PLAIN = (str, int, float, bool, type(None))  # JSON carries these as they are


def _enc(value: Any) -> Any:
    """``value`` as JSON can carry it: tags for dates, datetimes, InvalidDate and tuples, and a
    ``$map`` for a mapping with a key that could pass for a tag. Leaves are handled inline:
    they are most of a document."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str or key.startswith("$"):
                return _enc_map(value)
            out[key] = item if type(item) in _PLAIN else _enc(item)
        return out
    if kind is list:
        return [item if type(item) in _PLAIN else _enc(item) for item in value]
    if kind is dt.date:
        return {"$date": value.isoformat()}
    if kind is dt.datetime:
        return {"$datetime": value.isoformat()}
    if kind is InvalidDate:
        return {"$invalid": str(value)}
    if kind is tuple:
        return {"$tuple": [_enc(v) for v in value]}
    if kind is Text:  # a finding's parameter in every language (gongkai.wording)
        return {"$text": [value.zh, value.en]}
    raise Unencodable(kind.__name__)


def _enc_map(value: dict[Any, Any]) -> dict[str, Any]:
    if not all(type(k) is str for k in value):
        raise Unencodable("a mapping key that is not text")
    return {"$map": [[k, _enc(v)] for k, v in value.items()]}


def _date(text: Any) -> dt.date:
    if not isinstance(text, str) or len(text) != 10:
        raise _BadShape("$date")
    return dt.date.fromisoformat(text)


def _datetime(text: Any) -> dt.datetime:
    if not isinstance(text, str):
        raise _BadShape("$datetime")
    return dt.datetime.fromisoformat(text)


def _invalid(text: Any) -> InvalidDate:
    if not isinstance(text, str):
        raise _BadShape("$invalid")
    return InvalidDate(text)


def _tuple(items: Any) -> tuple[Any, ...]:
    if not isinstance(items, list):
        raise _BadShape("$tuple")
    return tuple(items)


def _text(pair: Any) -> Text:
    if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(p, str) for p in pair):
        raise _BadShape("$text")
    return Text(*pair)


def _map(pairs: Any) -> dict[str, Any]:
    if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[0], str) for p in pairs):
        raise _BadShape("$map")
    return {k: v for k, v in pairs}


_TAGS: dict[str, Callable[[Any], Any]] = {
    "$date": _date, "$datetime": _datetime, "$invalid": _invalid, "$tuple": _tuple, "$map": _map,
    "$text": _text}


def _hook(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        for name, value in obj.items():
            if name.startswith("$"):
                tag = _TAGS.get(name)
                if tag is None:
                    raise _BadShape(name)
                return tag(value)
    return obj


_TAGGED = json.JSONDecoder(object_hook=_hook)


def _int(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise _BadShape("not a count")
    return value


def _path(parts: Iterable[Any]) -> FieldPath:
    out = tuple(parts)
    if not all(type(p) is str or type(p) is int for p in out):
        raise _BadShape("a field path")
    return out


def _reported(items: Any) -> set[FieldPath]:
    if not isinstance(items, list) or not all(isinstance(p, list) for p in items):
        raise _BadShape("reported")
    return {_path(p) for p in items}


# -- findings ------------------------------------------------------------------------------------


def _enc_finding(finding: Finding) -> list[Any]:
    if type(finding) is not Finding:
        raise Unencodable("a finding of another type")
    return [_enc(getattr(finding, name)) for name in _FINDING_FIELDS]


def _findings(items: Any, rel: str) -> list[Finding]:
    if not isinstance(items, list):
        raise _BadShape("findings")
    return [_finding(item, rel) for item in items]


def _finding(item: Any, rel: str) -> Finding:
    if not isinstance(item, list) or len(item) != len(_FINDING_FIELDS):
        raise _BadShape("finding")
    values = dict(zip(_FINDING_FIELDS, item, strict=True))
    for name in ("code", "file", "field", "status", "org", "period", "citation"):
        if not isinstance(values[name], str):
            raise _BadShape(name)
    if values["file"] != rel or values["severity"] not in SEVERITIES:
        raise _BadShape("finding file or severity")
    values["line"], values["column"] = _int(values["line"]), _int(values["column"])
    due = values["due"]
    if due is not None and (type(due) is not dt.date):
        raise _BadShape("due")
    params = values["params"]
    if not isinstance(params, tuple) or not all(
            isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], str) for p in params):
        raise _BadShape("params")
    return Finding(**values)
