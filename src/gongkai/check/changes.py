"""Pull-request mode of ``check`` (handbook: rules.md#pull-request-mode, data.md#changes).

For ``check --changed-since REV``, the orchestrator (check.py) runs the full check on the
working tree and again on the portal as it was at REV with the same as-of date; this module
judges the two (:func:`verdict`) and blocks only on what this change is responsible for:

- yaml/layout/schema errors in a changed file, or new elsewhere (a reference the change broke);
- rule errors that are new since REV (present now, absent at REV);
- refused changes (``change/…``): deleting or renaming a published file, editing a record's
  content without a new ``corrections`` entry, and, with ``--author``, touching a folder the
  author does not maintain.

Errors that were already there at REV stay in the report as warnings marked "existing", for the
organizations in scope, so an organization with an old overdue item can still publish.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from gongkai.core.findings import ERROR, WARNING, Finding, Report, field_path, org_of
from gongkai.load.layout import ORG_ID, STEM, YEAR
from gongkai.model.recordiff import content_changes, has_new_correction
from gongkai.wording import Text, text, words

if TYPE_CHECKING:
    from gongkai.check.checktypes import CheckResult, Options
    from gongkai.git import gitrev

ALL = "*"  # every organization is in scope

_RECORD, _ORG = "record", "organization"  # their wording: change.what.* and change.instead.*


class ExistingFinding(Finding):
    """An error that was already there at REV: shown as a warning, marked, never blocking."""

    __slots__ = ()

    def message(self, lang: str = "zh") -> str:
        rev = dict(self.params).get("_rev", "REV")
        note = text("change.existing", lang, rev=rev)
        return Finding.message(self, lang) + note

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {**Finding.to_dict(self, lang), "existing": True}


def existing(finding: Finding, rev: str) -> ExistingFinding:
    fields = {f.name: getattr(finding, f.name) for f in dataclasses.fields(finding)}
    fields.update(severity=WARNING, params=(*finding.params, ("_rev", rev)))
    return ExistingFinding(**fields)


def verdict(diff: gitrev.Diff, options: Options, now: CheckResult,
            base: CheckResult | None) -> CheckResult:
    """The result of ``check --changed-since``: ``now`` (the full check of the working tree)
    judged against ``base`` (the full check at the base commit, None when there was no portal
    yet) for the change ``diff``."""
    scope = orgs_in_scope(diff.changes)
    findings = list(_refused(diff, options, now, base))
    findings += _judged(now.report.findings, base.report.findings if base else [], diff, scope)
    if options.orgs:
        findings = [f for f in findings if org_of(f) in set(options.orgs)]
    status = [s for s in now.status if _in_scope(str(s.get("org", "")), scope)]
    summary: dict[str, object] = {
        "rev": diff.rev, "base": diff.base, "orgs": sorted(scope) if ALL not in scope else ALL,
        "files": sorted({p for c in diff.changes for p in c.paths})}
    return dataclasses.replace(now, report=Report(findings), status=status, changes=summary)


# -- scope ----------------------------------------------------------------------------------------

def org_folder(path: str) -> str | None:
    """``data/orgs/<id>/…`` -> ``<id>``; None for anything outside an organization's folder."""
    parts = path.split("/")
    return parts[2] if len(parts) >= 4 and parts[:2] == ["data", "orgs"] else None


def orgs_in_scope(changes: Iterable[gitrev.Change]) -> set[str]:
    """Organizations whose folders changed; ``{ALL}`` once anything outside them changed."""
    scope: set[str] = set()
    for change in changes:
        for path in change.paths:
            org = org_folder(path)
            if org is None:
                return {ALL}
            scope.add(org)
    return scope


def _in_scope(org: str, scope: set[str]) -> bool:
    return ALL in scope or org in scope


# -- what blocks ----------------------------------------------------------------------------------

def _judged(now: list[Finding], base: list[Finding], diff: gitrev.Diff,
            scope: set[str]) -> Iterator[Finding]:
    changed = {p for c in diff.changes for p in c.paths}
    now, base = Report(now).sorted(), Report(base).sorted()
    errors = [f for f in now if f.severity == ERROR]
    new = set(map(id, new_since(errors, [f for f in base if f.severity == ERROR])))
    for f in now:
        blocks = f.severity == ERROR and (id(f) in new or (
            not f.code.startswith("rule/") and f.file in changed))
        if blocks:
            yield f
        elif _in_scope(org_of(f), scope):
            yield existing(f, diff.rev) if f.severity == ERROR else f


_POSITIONAL = {"line", "column", "first", "file"}


def identity(f: Finding) -> tuple[Any, ...]:
    """What makes two findings "the same" across a change: never the line, never the year folder.

    A record's file is named by its record id (org/stem); anything else by its path."""
    parts = f.file.split("/")
    subject = f.file
    if len(parts) == 5 and parts[:2] == ["data", "orgs"] and parts[4].endswith(".yaml"):
        subject = f"{parts[2]}/{parts[4][:-5]}"
    return (f.code, org_of(f), f.period, f.due, subject, f.field)


def new_since(now: list[Finding], before: list[Finding]) -> list[Finding]:
    """The findings of ``now`` that ``before`` has no counterpart for, counted as multisets.

    First pass: same identity and same parameters; second: same identity only (a message whose
    numbers or title moved is still the same problem). Counting keeps a second, new finding of
    the same identity from hiding behind an old one."""
    def fine(f: Finding) -> tuple[Any, ...]:
        return (identity(f), tuple(p for p in f.params if p[0] not in _POSITIONAL))

    exact = Counter(fine(f) for f in before)
    unmatched = []
    for f in sorted(now, key=lambda f: f.sort_key):
        if exact[fine(f)] > 0:
            exact[fine(f)] -= 1
        else:
            unmatched.append(f)
    loose = Counter[tuple[Any, ...]]()
    for key, count in exact.items():
        loose[key[0]] += count
    new = []
    for f in unmatched:
        if loose[identity(f)] > 0:
            loose[identity(f)] -= 1
        else:
            new.append(f)
    return new


# -- refused changes ------------------------------------------------------------------------------

def published_kind(path: str) -> str | None:
    """What a published file is: a record file or an org.yaml; None for anything else."""
    parts = path.split("/")
    if org_folder(path) is None or not ORG_ID.fullmatch(parts[2]):
        return None
    if len(parts) == 4 and parts[3] == "org.yaml":
        return _ORG
    if len(parts) == 5 and YEAR.fullmatch(parts[3]) and parts[4].endswith(".yaml") \
            and STEM.fullmatch(parts[4][:-5]):
        return _RECORD
    return None


def _refused(diff: gitrev.Diff, options: Options, now: CheckResult,
             base: CheckResult | None) -> Iterator[Finding]:
    published = set(base.loaded.checked) if base else set()
    for change in diff.changes:
        old = change.old_path or change.path
        what = published_kind(old)
        if change.status in "DR" and what and old in published and not options.allow_delete:
            params: dict[str, Any] = {"what": words(f"change.what.{what}"),
                                      "instead": words(f"change.instead.{what}")}
            if change.status == "D":
                yield Finding("change/deleted", ERROR, old, params=tuple(params.items()))
            else:
                params["old"] = old
                yield Finding("change/renamed", ERROR, change.path, params=tuple(params.items()))
        if change.status in "MR" and what == _RECORD and base and old in published:
            yield from _needs_correction(base, now, old, change.path)
    if options.author:
        yield from _not_maintainer(diff, options.author, now, base)


def _needs_correction(base: CheckResult, now: CheckResult, old: str, new: str) -> Iterator[Finding]:
    before, after = base.loaded.checked.get(old), now.loaded.checked.get(new)
    if before is None or after is None or before.doc is None or after.doc is None:
        return  # unreadable on one side: its yaml/schema findings say so
    changed = content_changes(before.doc, after.doc)
    if not changed or has_new_correction(before.doc, after.doc):
        return
    lines = sorted((after.loaded.where(path), path) for path in changed)
    (line, column), first = lines[0]
    others = len(changed) - 1
    # Chinese counts every changed place (等 3 处), English the others (and 2 more)
    count = Text(str(len(changed)), str(others))
    params = {"more": words("issue.needs-correction.more", n=count) if others else Text("", "")}
    yield Finding("change/needs-correction", ERROR, new, line, column, field_path(first),
                  tuple(params.items()))


def _handle(text: str) -> str:
    return text.strip().lstrip("@").lower()


def _maintainers(result: CheckResult | None, org: str) -> set[str] | None:
    """The handles in ``org``'s org.yaml in ``result``; None when it has no readable org.yaml."""
    checked = result.loaded.checked.get(f"data/orgs/{org}/org.yaml") if result else None
    if checked is None or checked.doc is None:
        return None
    value = checked.doc.get("maintainers")
    return {_handle(v) for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _not_maintainer(diff: gitrev.Diff, author: str, now: CheckResult,
                    base: CheckResult | None) -> Iterator[Finding]:
    """Maintainers are read at REV: nobody can add themselves in the change that uses it."""
    handle = _handle(author)
    root = str(base.loaded.portal.site.get("root", "")) if base else ""
    for path in sorted({p for c in diff.changes for p in c.paths}):
        org = org_folder(path)
        if org is None:
            allowed = _maintainers(base, root) or set()
            reason = "change.owner.root"
            owner = root or "?"
        elif (allowed_at_base := _maintainers(base, org)) is not None:
            allowed, owner = allowed_at_base, org
            reason = "change.owner.org"
        else:  # a new organization is created by the maintainers of its parent
            parent = _parent(now, org)
            allowed, owner = (_maintainers(base, parent) if parent else None) or set(), parent or "?"
            reason = "change.owner.new-org"
        if handle not in allowed:
            params = (("author", "@" + handle),
                      ("reason", words(reason, org=owner, rev=diff.rev, new=org or "")))
            yield Finding("change/not-maintainer", ERROR, path, params=params)


def _parent(result: CheckResult, org: str) -> str | None:
    checked = result.loaded.checked.get(f"data/orgs/{org}/org.yaml")
    parent = checked.doc.get("parent") if checked and checked.doc else None
    return parent if isinstance(parent, str) else None


def scope_line(changes: dict[str, Any], lang: str) -> str:
    """One line for the text report: what was compared with what, and which organizations."""
    orgs = changes["orgs"]
    if orgs == ALL:
        listed = text("report.scope-all", lang)
    else:
        listed = text("report.scope-list", lang).join(orgs) or text("report.scope-none", lang)
    return text("report.scope", lang, rev=changes["rev"], base=changes["base"][:12],
                files=len(changes["files"]), orgs=listed) + "\n"
