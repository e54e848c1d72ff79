"""Cross-field shape checks per kind: what the data contract states about one record that Cerberus
cannot (handbook: data.md#kinds).

They run after :func:`gongkai.validate.schemas.prepare` and Cerberus, on a record that may still carry
schema errors, so every value is checked for its type before it is compared: a field that is
missing or of the wrong type has already been reported and is skipped here. Nothing raises.
These are shape checks only; anything that enforces an article of the measures is a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from gongkai.core.findings import Finding, Path, field_path
from gongkai.load.loader import Loaded
from gongkai.validate.schemas import load_schema
from gongkai.wording import Text, words

Doc = dict[str, Any]
Check = Callable[[Doc, Loaded, str], Iterator[Finding]]

_DEMOCRATIC_LIFE_ONLY = ("opinions_collected", "rectification", "informed")
_YEAR_REQUIRED_MEETINGS = ("organizational_life", "democratic_life")
_GRADES = ("excellent", "qualified", "basically_qualified", "unqualified")


def check_kind(doc: dict[str, Any], loaded: Loaded, file: str) -> Iterator[Finding]:
    """Findings of the cross-field checks of ``doc``'s kind (none for an unknown kind)."""
    if not isinstance(doc, dict):
        return
    kind = doc.get("kind")
    check = _CHECKS.get(kind) if isinstance(kind, str) else None
    if check is not None:
        yield from check(doc, loaded, file)


# -- typed access: a value of the wrong type has been reported by Cerberus already ------------


def _int(value: Any) -> int | None:
    """A count: YAML 1.1 reads `no` as False, bool is an int in Python, and a negative count
    has been reported out of range already."""
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return value if ok else None


def _day(value: Any) -> dt.date | None:
    # a datetime is a date in Python but cannot be compared with one
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def _dict(value: Any) -> Doc:
    return value if isinstance(value, dict) else {}


def _choice(doc: Doc, name: str) -> str | None:
    """The value of an enum field when it is one of the allowed values.

    Conditions on a wrong value would only repeat Cerberus's finding in other words.
    """
    value = doc.get(name)
    allowed = load_schema(str(doc.get("kind"))).fields.get(name, {}).get("allowed", ())
    return value if isinstance(value, str) and value in allowed else None


def _dicts(value: Any) -> Iterator[tuple[int, Doc]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


# -- finding builders -------------------------------------------------------------------------


def _not_more(loaded: Loaded, file: str, part: Path, part_value: Any, whole: Any,
              rule: Text) -> Iterator[Finding]:
    small, big = _int(part_value), _int(whole)
    if small is not None and big is not None and small > big:
        yield loaded.finding("schema/arithmetic", file, part, rule=rule)


def _not_before(loaded: Loaded, file: str, late: Path, late_value: Any, early: Path,
                early_value: Any) -> Iterator[Finding]:
    """``late`` must not be before ``early``; reported at ``late``."""
    later, earlier = _day(late_value), _day(early_value)
    if later is not None and earlier is not None and later < earlier:
        yield loaded.finding("schema/date-order", file, late, other=field_path(early))


def _required(loaded: Loaded, file: str, doc: Doc, name: str) -> Iterator[Finding]:
    if name not in doc:  # a null value is Cerberus's to report
        yield loaded.finding("schema/required", file, (name,))


def _forbidden(loaded: Loaded, file: str, doc: Doc, names: tuple[str, ...],
               reason: Text) -> Iterator[Finding]:
    for name in names:
        if name in doc:
            yield loaded.finding("schema/forbidden", file, (name,), reason=reason)


# -- the kinds ----------------------------------------------------------------------------------


def _resolution(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    consultation = _dict(doc.get("consultation"))
    yield from _not_before(loaded, file, ("consultation", "to"), consultation.get("to"),
                           ("consultation", "from"), consultation.get("from"))
    date = doc.get("date")
    yield from _not_before(loaded, file, ("due",), doc.get("due"), ("date",), date)
    for index, step in _dicts(doc.get("progress")):
        yield from _not_before(loaded, file, ("progress", index, "date"), step.get("date"),
                               ("date",), date)
    outcome = _dict(doc.get("outcome"))
    yield from _not_before(loaded, file, ("outcome", "date"), outcome.get("date"), ("date",), date)


def _meeting(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    attendance = _dict(doc.get("attendance"))
    yield from _not_more(loaded, file, ("attendance", "present"), attendance.get("present"),
                         attendance.get("expected"), words("arithmetic.attendance"))
    meeting_type = _choice(doc, "meeting_type")
    if meeting_type is None:
        return
    if meeting_type in _YEAR_REQUIRED_MEETINGS:
        yield from _required(loaded, file, doc, "year")
    if meeting_type != "democratic_life":
        yield from _forbidden(loaded, file, doc, _DEMOCRATIC_LIFE_ONLY,
                              words("forbidden.democratic-life-only"))
        return
    date = doc.get("date")
    yield from _not_before(loaded, file, ("informed",), doc.get("informed"), ("date",), date)
    for index, item in _dicts(doc.get("rectification")):
        yield from _not_before(loaded, file, ("rectification", index, "due"), item.get("due"),
                               ("date",), date)


def _election(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    if doc.get("direct_without_candidates") is True:
        yield from _required(loaded, file, doc, "result_approval")
    postponement = _dict(doc.get("postponement"))
    yield from _not_before(loaded, file, ("postponement", "until"), postponement.get("until"),
                           ("date",), doc.get("date"))


def _vacancy(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    filled = _dict(doc.get("filled"))
    yield from _not_before(loaded, file, ("filled", "date"), filled.get("date"), ("since",),
                           doc.get("since"))


def _appraisal(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    appraisal_type = _choice(doc, "appraisal_type")
    if appraisal_type == "member_democratic":
        yield from _required(loaded, file, doc, "results")
    elif appraisal_type is not None:
        yield from _forbidden(loaded, file, doc, ("results",),
                              words("forbidden.member-appraisal-only"))
    if appraisal_type not in (None, "organization_assessment"):
        yield from _forbidden(loaded, file, doc, ("rating",),
                              words("forbidden.assessment-only"))
    results = _dict(doc.get("results"))
    counts = [_int(results.get(grade)) for grade in _GRADES]
    if all(count is not None for count in counts):
        total = sum(count for count in counts if count is not None)
        yield from _not_more(loaded, file, ("results",), total, doc.get("participants"),
                             words("arithmetic.results"))


def _contact(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    survey = _dict(doc.get("satisfaction"))
    yield from _not_more(loaded, file, ("satisfaction", "satisfied"), survey.get("satisfied"),
                         survey.get("surveyed"), words("arithmetic.satisfaction"))


def _training(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    for group in ("members", "leaders"):
        counts = _dict(doc.get(group))
        yield from _not_more(loaded, file, (group, "met_requirement"),
                             counts.get("met_requirement"), counts.get("total"),
                             words("arithmetic.training",
                                   who=words(f"arithmetic.training.{group}")))


def _notice(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    yield from _not_before(loaded, file, ("to",), doc.get("to"), ("from",), doc.get("from"))


def _petition(doc: Doc, loaded: Loaded, file: str) -> Iterator[Finding]:
    received, handled, pending = (_int(doc.get(n)) for n in ("received", "handled", "pending"))
    if received is not None and handled is not None and pending is not None \
            and handled + pending != received:
        yield loaded.finding("schema/arithmetic", file, ("received",),
                             rule=words("arithmetic.petition-sum"))
    period = _dict(doc.get("period"))
    start, end = _day(period.get("from")), _day(period.get("to"))
    yield from _not_before(loaded, file, ("period", "to"), end, ("period", "from"), start)
    cases = list(_dicts(doc.get("cases")))
    if received is not None and len(cases) > received:
        yield loaded.finding("schema/arithmetic", file, ("cases",),
                             rule=words("arithmetic.petition-cases"))
    open_cases = sum(1 for _, case in cases if case.get("status") == "open")
    yield from _not_more(loaded, file, ("cases",), open_cases, pending,
                         words("arithmetic.petition-open"))
    for index, case in cases:
        yield from _case(loaded, file, index, case, start, end)


def _case(loaded: Loaded, file: str, index: int, case: Doc, start: dt.date | None,
          end: dt.date | None) -> Iterator[Finding]:
    here: Path = ("cases", index)
    received_on = _day(case.get("received_on"))
    if received_on is not None and start is not None and end is not None and start <= end:
        # handled_on may fall after the period: a case's status is updated after publication
        if not start <= received_on <= end:
            yield loaded.finding("schema/range", file, (*here, "received_on"),
                                 bound=f"{start.isoformat()} ~ {end.isoformat()}")
    if "handled_on" in case and case.get("status") == "open":
        # a case still open has no handled date; status is the record's truth
        yield loaded.finding("schema/forbidden", file, (*here, "handled_on"),
                             reason=words("forbidden.handled-only"))
    yield from _not_before(loaded, file, (*here, "handled_on"), case.get("handled_on"),
                           (*here, "received_on"), received_on)


_CHECKS: dict[str, Check] = {
    "resolution": _resolution,
    "meeting": _meeting,
    "election": _election,
    "vacancy": _vacancy,
    "appraisal": _appraisal,
    "contact": _contact,
    "training": _training,
    "notice": _notice,
    "petition": _petition,
}
