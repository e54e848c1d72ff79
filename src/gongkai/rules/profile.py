"""Rule profiles: thresholds as data, each value with its citation (handbook: rules.md#profiles).

A profile is ``validators/profiles/<name>.yaml``: the portal's own folder first (a deployment's
profiles), then the built-in ones. ``extends`` names a base profile; the extending file replaces
whole values (a value and its citation together), rule by rule, key by key. A file that extends
a profile of its own name extends the built-in one.

Problems are ``schema/profile`` findings at the profile's file and line. A problem inside one
rule's entry disables that rule (the finding is an error, so ``check`` still fails); a profile
that cannot be used at all (unknown name, unreadable YAML, a loop of ``extends``, a broken
top-level value) raises :class:`~gongkai.core.errors.PortalError`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.core.errors import PortalError
from gongkai.core.findings import ERROR, Finding, field_path
from gongkai.core.resources import builtin_profiles_dir
from gongkai.load.loader import Loaded, load_yaml
from gongkai.model import asof
from gongkai.rules.layers import Layer, articles_in_words, read_layers
from gongkai.rules.periods import valid_due
from gongkai.validate.schemas import load_schema, prepare, validate
from gongkai.wording import Text, both

DEFAULT_PROFILE = "shanghai-organs"
NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,62}")
MAX_EXTENDS = 8
CITATION_KEYS = ("article", "source", "source_en")
_TOP_VALUES = ("reminder", "notice_names_days")
BY_TYPE, BY_ROLE = "by_type", "by_role"  # who carries a duty (v1: the organization's type)
ALL_OR_NOTHING, SHORTFALL_WARNING = "all_or_nothing", "shortfall_warning"


@dataclass(frozen=True)
class Citation:
    """An article of the measures, another document, or a profile default with its source."""

    article: str = ""
    source: str = ""
    source_en: str = ""
    default: bool = False
    article_en: str = ""  # the article in English words, when it is cited in words

    def text(self, lang: str) -> str:
        if self.article:
            return self.article_en if lang == "en" and self.article_en else self.article
        return self.source_en if lang == "en" and self.source_en else self.source


@dataclass(frozen=True)
class Param:
    name: str
    value: Any
    cite: Citation


@dataclass(frozen=True)
class RuleConfig:
    id: str
    cite: Citation
    params: Mapping[str, Param]
    enabled: bool = True
    # the configurations of later regulations, by the date they came into force (oldest first)
    timeline: tuple[tuple[dt.date, RuleConfig], ...] = ()

    def param(self, name: str) -> Param:
        return self.params[name]

    def value(self, name: str) -> Any:
        return self.params[name].value

    def at(self, day: dt.date) -> RuleConfig:
        """The configuration in force on ``day``: this one with every layer in force by then."""
        current = self
        for since, later in self.timeline:
            if since > day:
                break
            current = later
        return current

    def ever_enabled(self) -> bool:
        return self.enabled or any(later.enabled for _, later in self.timeline)


@dataclass(frozen=True)
class RuleNeeds:
    """The values a rule reads from its profile entry (``reminder`` is always allowed)."""

    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    new_in_v2: bool = False  # a profile without an entry for it simply does not run it


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    chain: tuple[str, ...]  # this profile first, then what it extends
    reminder: Param
    rules: Mapping[str, RuleConfig]  # the enabled rules whose entries are usable
    notice_names_days: int = asof.NOTICE_NAMES_DAYS
    duties: str = BY_TYPE
    training: str = ALL_OR_NOTHING
    layers: tuple[Layer, ...] = ()


@dataclass
class _File:
    name: str
    path: Path
    rel: str
    loaded: Loaded
    doc: dict[str, Any] = field(default_factory=dict)


def find_profile(root: Path, name: str, builtin_only: bool = False) -> Path | None:
    """The file of profile ``name``: the portal's own first, then the built-in one."""
    if not NAME.fullmatch(name):
        return None
    folders = [] if builtin_only else [root / "validators" / "profiles"]
    for folder in [*folders, builtin_profiles_dir()]:
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return None


def load_profile(root: Path, name: str,
                 needs: Mapping[str, RuleNeeds]) -> tuple[Profile, list[Finding]]:
    """The merged profile ``name`` and its ``schema/profile`` findings."""
    files = _chain(root.resolve(), name)
    findings: list[Finding] = []
    for file in files:
        findings += _shape(file)
    _refuse_if_unusable(name, findings)
    rules, origin = _merge_rules(files)
    broken = {_rule_of(f.field) for f in findings}
    leaf = files[0]
    top = _merge_top(files)
    layers = tuple(read_layers(top.get("layers")))
    words = top.get("document") if isinstance(top.get("document"), dict) else None
    configs: dict[str, RuleConfig] = {}
    for rule_id in sorted(needs):
        entry = rules.get(rule_id)
        if entry is None and needs[rule_id].new_in_v2:
            continue
        if entry is None:
            findings.append(_problem(leaf, ("rules",), "profile.rule-missing", rule_id))
            continue
        later = [layer for layer in layers if rule_id in layer.rules]
        enabled = entry.get("enabled", True) is not False
        if rule_id in broken or not (enabled or any(
                layer.rules[rule_id].get("enabled") is True for layer in later)):
            continue
        problems = list(_completeness(rule_id, entry, origin, needs[rule_id], leaf))
        problems += _layer_keys(rule_id, later, needs[rule_id], leaf)
        findings += problems
        if not problems:
            configs[rule_id] = _with_layers(_config(rule_id, entry, words, enabled), later)
    if "reminder" not in top:
        findings.append(_problem(leaf, (), "profile.reminder-missing"))
        _refuse_if_unusable(name, findings)
    profile = Profile(name=name, title=str(top.get("title", name)),
                      chain=tuple(f.name for f in files), reminder=_param("reminder", top["reminder"]),
                      rules=configs, notice_names_days=int(_value(top, "notice_names_days",
                                                                   asof.NOTICE_NAMES_DAYS)),
                      duties=str(top.get("duties", BY_TYPE)),
                      training=str(top.get("training", ALL_OR_NOTHING)), layers=layers)
    return profile, findings


# -- reading the chain of files ----------------------------------------------------------------


def _chain(root: Path, name: str) -> list[_File]:
    files: list[_File] = []
    seen: set[Path] = set()
    current: str | None = name
    builtin_only = False
    while current is not None:
        path = find_profile(root, current, builtin_only)
        if path is None:
            raise PortalError("error.no-profile", profile=current)
        path = path.resolve()
        if path in seen or len(files) >= MAX_EXTENDS:
            raise PortalError("error.profile-loop", profile=name)
        seen.add(path)
        file = _read(root, current, path)
        files.append(file)
        extends = file.doc.get("extends")
        builtin_only = extends == current
        current = extends if isinstance(extends, str) else None
    return files


def _read(root: Path, name: str, path: Path) -> _File:
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    loaded = load_yaml(path.read_bytes(), rel)
    if loaded.data is None or loaded.findings:
        first = loaded.findings[0]
        raise PortalError("error.profile-unreadable", profile=name, file=rel, line=first.line,
                          problem=Text(first.message("zh"), first.message("en")))
    return _File(name, path, rel, loaded, loaded.data)


def _shape(file: _File) -> list[Finding]:
    """Cerberus shape findings, the file's name, and a citation on every value."""
    schema = load_schema("profile")
    raw = prepare(schema.fields, file.doc, file.loaded, file.rel)
    raw += validate(schema, file.doc, file.loaded, file.rel)
    out = [Finding("schema/profile", ERROR, file.rel, f.line, f.column, f.field,
                   (("profile", file.name), ("problem", f"{f.message('zh')} / {f.message('en')}")))
           for f in raw]
    if file.doc.get("name") != file.name:
        out.append(_problem(file, ("name",), "profile.name", name=file.name))
    for key in _TOP_VALUES:
        if isinstance(file.doc.get(key), dict):
            out += _citation_problems(file, (key,), file.doc[key])
    for index, layer in enumerate(file.doc.get("layers") or []):
        entries = layer.get("rules") if isinstance(layer, dict) else None
        for rule_id, entry in sorted(entries.items()) if isinstance(entries, dict) else []:
            for key, param in sorted(entry.items()) if isinstance(entry, dict) else []:
                if isinstance(param, dict) and param.get("profile_default") is not True \
                        and "article" not in param:
                    out.append(_problem(file, ("layers", index, "rules", rule_id, key),
                                        "profile.layer-article"))
    rules = file.doc.get("rules")
    for rule_id, entry in sorted(rules.items()) if isinstance(rules, dict) else []:
        if not isinstance(entry, dict):
            continue
        for key, param in sorted(entry.items()):
            if isinstance(param, dict):
                out += _citation_problems(file, ("rules", rule_id, key), param)
                due = param.get("value")
                if key == "due" and isinstance(due, str) and not valid_due(due):
                    out.append(_problem(file, ("rules", rule_id, key, "value"), "profile.bad-due",
                                        due=due))
    return out


def _citation_problems(file: _File, where: tuple[Any, ...],
                       entry: dict[str, Any]) -> Iterator[Finding]:
    if entry.get("profile_default") is True:
        if "article" in entry or "source" not in entry:
            yield _problem(file, where, "profile.default-source")
    elif ("article" in entry) == ("source" in entry):
        yield _problem(file, where, "profile.citation")


def _refuse_if_unusable(name: str, findings: list[Finding]) -> None:
    for finding in findings:
        if not _rule_of(finding.field):
            problem = dict(finding.params)["problem"]
            raise PortalError("error.profile-unusable", profile=name, file=finding.file,
                              line=finding.line, field=finding.field, problem=problem)


# -- merging -------------------------------------------------------------------------------------


def _merge_top(files: list[_File]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for file in reversed(files):
        merged.update({k: v for k, v in file.doc.items() if k != "rules"})
    return merged


def _merge_rules(files: list[_File]) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], _File]]:
    """Rules merged base first; the three citation keys of a rule are replaced together."""
    rules: dict[str, dict[str, Any]] = {}
    origin: dict[tuple[str, str], _File] = {}
    for file in reversed(files):
        entries = file.doc.get("rules")
        for rule_id, entry in entries.items() if isinstance(entries, dict) else []:
            if not isinstance(entry, dict):
                continue
            merged = rules.setdefault(rule_id, {})
            if any(key in entry for key in CITATION_KEYS):
                for key in CITATION_KEYS:
                    merged.pop(key, None)
            for key, value in entry.items():
                merged[key] = value
                origin[(rule_id, key)] = file
    return rules, origin


def _completeness(rule_id: str, entry: dict[str, Any], origin: dict[tuple[str, str], _File],
                  needs: RuleNeeds, leaf: _File) -> Iterator[Finding]:
    if "article" not in entry and "source" not in entry:
        yield _problem(leaf, ("rules", rule_id), "profile.rule-citation")
    for key in needs.required:
        if key not in entry:
            yield _problem(leaf, ("rules", rule_id), "profile.key-missing", key=key)
    allowed = {*needs.required, *needs.optional, "reminder", "enabled", *CITATION_KEYS}
    for key in sorted(set(entry) - allowed):
        yield _problem(origin[(rule_id, key)], ("rules", rule_id, key), "profile.unused-key",
                       rule=rule_id, key=key)


def _config(rule_id: str, entry: dict[str, Any], words: dict[str, Any] | None = None,
            enabled: bool = True) -> RuleConfig:
    params = {key: _param(key, value, words) for key, value in sorted(entry.items())
              if isinstance(value, dict)}
    return RuleConfig(rule_id, _citation(entry, words), params, enabled)


def _param(name: str, entry: dict[str, Any], words: dict[str, Any] | None = None) -> Param:
    return Param(name, entry["value"], _citation(entry, words))


def _citation(entry: dict[str, Any], words: dict[str, Any] | None = None) -> Citation:
    article, article_en = str(entry.get("article", "")), ""
    if article and words is not None:
        article, article_en = articles_in_words(article, str(words["short"]),
                                                str(words["short_en"]))
    return Citation(article, str(entry.get("source", "")), str(entry.get("source_en", "")),
                    entry.get("profile_default") is True, article_en)


def _with_layers(base: RuleConfig, layers: list[Layer]) -> RuleConfig:
    """``base`` with the configuration of each later regulation that changes this rule."""
    timeline: list[tuple[dt.date, RuleConfig]] = []
    current = base
    for layer in layers:
        entry = layer.rules[base.id]
        params = dict(current.params)
        for key, value in entry.items():
            if isinstance(value, dict):
                params[key] = _layer_param(layer, key, value)
        cite = current.cite
        if "article" in entry:
            zh, en = layer.cite(str(entry["article"]))
            cite = Citation(zh, article_en=en)
        enabled = entry["enabled"] if isinstance(entry.get("enabled"), bool) else current.enabled
        current = RuleConfig(base.id, cite, params, enabled)
        timeline.append((layer.in_force, current))
    return RuleConfig(base.id, base.cite, base.params, base.enabled, tuple(timeline))


def _layer_param(layer: Layer, name: str, entry: dict[str, Any]) -> Param:
    if entry.get("profile_default") is True:
        return _param(name, entry)
    zh, en = layer.cite(str(entry.get("article", "")))
    return Param(name, entry["value"], Citation(zh, article_en=en))


def _layer_keys(rule_id: str, layers: list[Layer], needs: RuleNeeds,
                leaf: _File) -> Iterator[Finding]:
    allowed = {*needs.required, *needs.optional, "reminder", "enabled", "article"}
    for index, layer in enumerate(layers):
        for key in sorted(set(layer.rules[rule_id]) - allowed):
            yield _problem(leaf, ("layers", index, "rules", rule_id, key), "profile.unused-key",
                           rule=rule_id, key=key)


def _value(top: dict[str, Any], key: str, default: Any) -> Any:
    entry = top.get(key)
    return entry["value"] if isinstance(entry, dict) and "value" in entry else default


# -- findings ------------------------------------------------------------------------------------


def _problem(file: _File, where: tuple[Any, ...], key: str, rule: str = "", /,
             **params: Any) -> Finding:
    """A ``schema/profile`` finding; its problem (``wording/<lang>/profiles.yaml``) reads in
    both languages at once, as the findings of the profile's shape do."""
    path = (*where, rule) if rule else where
    line, column = file.loaded.where(path)
    return Finding("schema/profile", ERROR, file.rel, line, column, field_path(path),
                   (("profile", file.name), ("problem", both(key, **params))))


def _path(dotted: str) -> list[str]:
    return [part for part in re.split(r"[.\[\]]", dotted) if part]


def _rule_of(field_name: str) -> str:
    """``rules.<id>…`` -> ``<id>``; anything else (the file's top level) -> ``""``."""
    parts = _path(field_name)
    return parts[1] if len(parts) > 1 and parts[0] == "rules" else ""
