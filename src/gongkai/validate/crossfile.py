"""Checks that need more than one file: references, the organization tree, attachments."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from gongkai.core.findings import Finding
from gongkai.validate.filecheck import Checked
from gongkai.validate.signatures import content_matches
from gongkai.wording import Text, words

ATTACHMENT_TYPES = {".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx"}
ATTACHMENT_MAX = 10 * 1024 * 1024


def check_org_tree(site: dict[str, Any], site_checked: Checked | None,
                   orgs: dict[str, Checked]) -> Iterator[Finding]:
    """Parents exist, only the root has none, and following parents never loops."""
    root = site.get("root")
    parents = {oid: c.doc.get("parent") for oid, c in orgs.items() if c.doc is not None}
    if site_checked is not None and isinstance(root, str) and root not in orgs:
        yield site_checked.loaded.finding("schema/unknown-ref", site_checked.file, ("root",),
                                          target=words("target.organization"), ref=root)
    for oid, checked in sorted(orgs.items()):
        if checked.doc is None:
            continue
        parent, file, loaded = parents[oid], checked.file, checked.loaded
        if oid == root and parent is not None:
            yield loaded.finding("schema/org-tree", file, ("parent",),
                                 problem=words("org-tree.root-parent"))
        elif oid != root and parent is None and isinstance(root, str):
            yield loaded.finding("schema/required", file, ("parent",))
        elif isinstance(parent, str) and parent not in orgs:
            yield loaded.finding("schema/unknown-ref", file, ("parent",),
                                 target=words("target.organization"), ref=parent)
        elif _in_cycle(oid, parents):
            yield loaded.finding("schema/org-tree", file, ("parent",),
                                 problem=words("org-tree.cycle"))


def _in_cycle(start: str, parents: dict[str, Any]) -> bool:
    seen = {start}
    current = parents.get(start)
    while isinstance(current, str) and current in parents:
        if current in seen:
            return current == start or _in_cycle(current, parents)
        seen.add(current)
        current = parents.get(current)
    return False


def check_references(record_id: str, checked: Checked, orgs: set[str],
                     records: set[str]) -> Iterator[Finding]:
    doc, loaded, file = checked.doc, checked.loaded, checked.file
    if doc is None:
        return
    for path, ref in _record_refs(doc):
        if ref not in records:
            yield loaded.finding("schema/unknown-ref", file, path,
                                 target=words("target.record"), ref=ref)
        elif ref == record_id:
            yield loaded.finding("schema/unknown-ref", file, path,
                                 target=words("target.record-itself"), ref=ref)
    for index, org in enumerate(doc.get("audience") or []):
        if isinstance(org, str) and org not in orgs:
            yield loaded.finding("schema/unknown-ref", file, ("audience", index),
                                 target=words("target.organization"), ref=org)


def _record_refs(doc: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    for key in ("refs", "decisions"):
        for index, ref in enumerate(doc.get(key) or []):
            if isinstance(ref, str):
                yield (key, index), ref
    if isinstance(doc.get("meeting"), str):
        yield ("meeting",), doc["meeting"]


def check_attachments(checked: Checked, folder: dict[str, str], root: str) -> Iterator[Finding]:
    """Listed files exist in the record's own folder, of an allowed type and size; none unlisted."""
    doc, loaded, file = checked.doc, checked.loaded, checked.file
    if doc is None:
        return
    listed = set()
    for index, item in enumerate(doc.get("attachments") or []):
        name = item.get("file") if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        listed.add(name)
        path = ("attachments", index, "file")
        problem = _attachment_problem(name, folder, root)
        if problem:
            yield loaded.finding("schema/attachment", file, path, name=name, problem=problem)
    for name in sorted(set(folder) - listed):
        yield loaded.finding("schema/attachment", file, ("attachments",), name=name,
                             problem=words("attachment.unlisted"))


def _attachment_problem(name: str, folder: dict[str, str], root: str) -> Text | None:
    if name not in folder:
        return words("attachment.missing")
    if os.path.splitext(name)[1].lower() not in ATTACHMENT_TYPES:
        return words("attachment.type")
    path = os.path.join(root, folder[name])
    if os.path.getsize(path) > ATTACHMENT_MAX:
        return words("attachment.size")
    if not content_matches(path, os.path.splitext(name)[1].lower()):
        return words("attachment.content")
    return None
