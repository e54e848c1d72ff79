"""Property tests (hypothesis) over the loader and ``check`` (issue 12; handbook/docs/security.md,
"Hostile input"): whatever the bytes, findings at a place, never an exception.

Bounded for the suite (a few seconds); ``bench/fuzz.py`` runs the same properties much longer
(GONGKAI_FUZZ_EXAMPLES) and records the result in bench/RESULTS.md.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.cli import main
from gongkai.load.layout import RecordFile
from gongkai.load.loader import load_yaml
from gongkai.validate.filecheck import Settings, check_org_file, check_record_file, check_site_file
from gongkai.validate.schemas import KINDS
from portal_kit import make_portal, record_path, write

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "0")) or None
FAST = settings(max_examples=EXAMPLES or 100, deadline=None, derandomize=EXAMPLES is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(FAST, max_examples=EXAMPLES or 12,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

SAMPLES = sorted((Path(__file__).parents[1] / "data").rglob("*.yaml"))
SAMPLE_BYTES = [p.read_bytes() for p in SAMPLES]
RECORD = RecordFile("case-branch", "2025", "2025-10-17-fuzz",
                    "data/orgs/case-branch/2025/2025-10-17-fuzz.yaml")

# every control character, the Unicode specials, separators, bidi controls, BOM, surrogate-free
SPECIAL = ([chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7f, 0xa1)]
           + list("\u2028\u2029\u202a\u202e\u2066\u2069\u200b\u200d\ufeff\ufffd\ufffe\uffff")
           + ["\U0001f600", "\U0010ffff", "\u3000", "＝", "：", "－"])
YAML_BITS = [": ", "- ", "&a ", "*a", "!!python/object ", "!!binary ", "{", "}", "[", "]", "'",
             '"', "\\", "#", "|", ">", "---\n", "...\n", "? ", "%YAML 1.1\n", "<<: ", "\t", "\n",
             "12:30", "9999-12-31", "2025-02-30", "0x1f", "1e400", ".nan", "~", "no", "null"]
chars = st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL))
texts = st.lists(st.one_of(chars.map(str), st.sampled_from(YAML_BITS)), max_size=60).map("".join)


def _assert_placed(findings: list) -> None:  # type: ignore[type-arg]
    for f in findings:
        assert f.line >= 0 and f.column >= 0 and f.file
        f.message("zh")
        f.message("en")


@FAST
@given(st.binary(max_size=400))
def test_loader_never_raises_on_bytes(raw: bytes) -> None:
    loaded = load_yaml(raw, "x.yaml")
    _assert_placed(loaded.findings)
    assert loaded.data is None or isinstance(loaded.data, dict)


@FAST
@given(texts)
def test_loader_never_raises_on_yaml_like_text(text: str) -> None:
    loaded = load_yaml(text.encode("utf-8", "surrogatepass"), "x.yaml")
    _assert_placed(loaded.findings)


@st.composite
def mutations(draw: st.DrawFn) -> bytes:
    """A sample record with bytes inserted, deleted, replaced or a line doubled."""
    raw = draw(st.sampled_from(SAMPLE_BYTES))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["insert", "delete", "replace", "double"]))
        if how == "insert":
            raw = raw[:at] + draw(texts).encode("utf-8", "surrogatepass") + raw[at:]
        elif how == "delete":
            raw = raw[:at] + raw[at + draw(st.integers(1, 40)):]
        elif how == "replace" and at < len(raw):
            raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
        else:
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at) + 1 or len(raw)
            raw = raw[:end] + raw[start:end] + raw[end:]
    return raw


@FAST
@given(mutations())
def test_every_file_check_survives_mutated_samples(raw: bytes) -> None:
    _assert_placed(check_record_file(raw, RECORD, Settings()).findings)
    _assert_placed(check_org_file(raw, "data/orgs/x/org.yaml", "x", Settings()).findings)
    _assert_placed(check_site_file(raw, "data/site.yaml").findings)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), texts,
                    st.dates(), st.floats(allow_nan=True), st.sampled_from(list(KINDS)))
documents = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                     st.dictionaries(texts, inner, max_size=4)), max_leaves=12)


@settings(FAST, max_examples=EXAMPLES or 40)
@given(st.sampled_from(list(KINDS)), st.dictionaries(
    st.sampled_from(["title", "date", "published", "scope", "audience", "attachments", "refs",
                     "body", "summary", "due", "consultation", "from", "to", "year", "period",
                     "meeting", "withdrawn", "corrections", "participants"]) | texts,
    documents, max_size=8))
def test_generated_documents_of_every_kind(kind: str, doc: dict) -> None:  # type: ignore[type-arg]
    doc = {"kind": kind, **doc}
    raw = yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass")
    _assert_placed(check_record_file(raw, RECORD, Settings()).findings)


@SLOW
@given(raw=mutations(), fmt=st.sampled_from(["text", "json", "github", "junit", "codequality",
                                             "sarif"]))
def test_check_survives_a_mutated_record_in_every_format(raw: bytes, fmt: str,
                                                         tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    root = make_portal(tmp_path_factory.mktemp("fuzz"))
    write(record_path(root, "2025-10-17-fuzz"), raw)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "check", "--as-of", "2025-11-01", "--no-cache",
                     "--org", "case-branch", "--format", fmt])
    assert code in (0, 1), err.getvalue()
    assert out.getvalue()
