"""Reading a policy document: versioned JSON, validated whole before it can decide anything;
PolicyError lists every problem found."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from matcher.rules.conditions import AllOf, Compare, Condition, ConditionError, count_tests, parse
from matcher.rules.policy import (
    MISSING_KINDS,
    AgeOverride,
    Closure,
    ClosureException,
    InForce,
    LegalBasis,
    MessageVariant,
    Policy,
    Rule,
    Scope,
)
from matcher.rules.schema import FACT_SCHEMA
from matcher.text import Text

# durable-rules fails a fact matching more than 64 alpha branches and hangs past 512
# sibling tests; stay well inside both.
MAX_RULES = 48
MAX_TESTS = 400
_CODE = re.compile(r"[A-Z][A-Z0-9_]{2,63}")
_PLACEHOLDER = re.compile(r"{([a-z_]+)}")
# Facts a reason's message may cite beyond the schema (explanations computed afterwards).
EXPLANATIONS = frozenset(
    {
        "closest_certificate",
        "closest_title",
        "closest_score",
        "vacancy_occupation",
        "vacancy_occupation_en",
        "closure",
        "closure_basis",
        "closure_name",
        "closure_name_en",
        "country_name",
        "country_name_en",
        "gender_name",
        "gender_name_en",
        "pending_certificate",
        "pending_title",
        "placement",
        "placement_en",
    }
)


class PolicyError(ValueError):
    """Every problem found in a policy document."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# A policy is data an operator writes; these bounds keep one document from holding the
# server (the edge refuses more than 1 MB before this is reached).
MAX_DOCUMENT_CHARACTERS = 1024 * 1024
MAX_NESTING = 32


def _depth(value: object) -> int:
    """How deeply JSON arrays and objects nest (iteratively: no recursion on hostile input)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_NESTING:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def load_policy(document: str) -> Policy:
    """Parse and check a policy document; PolicyError lists every problem."""
    problems: list[str] = []
    if len(document) > MAX_DOCUMENT_CHARACTERS:
        raise PolicyError([f"the document is longer than {MAX_DOCUMENT_CHARACTERS} characters"])
    try:
        raw = json.loads(document)
    except ValueError as error:
        raise PolicyError([f"not valid JSON: {error}"]) from None
    except RecursionError:
        raise PolicyError([f"nested deeper than {MAX_NESTING} levels"]) from None
    if _depth(raw) > MAX_NESTING:
        raise PolicyError([f"nested deeper than {MAX_NESTING} levels"])
    if not isinstance(raw, dict):
        raise PolicyError(["the document must be a JSON object"])
    reader = _Reader(raw, problems)
    version = reader.text("version", pattern=r"[0-9A-Za-z.\-_]{1,40}")
    period = _in_force(reader)
    if raw.get("effective_from") is None:  # the policy's own start is required
        problems.append("effective_from must be a date YYYY-MM-DD")
    validity = reader.integer("certificate_validity_years", 1, 10)
    ages: dict[str, Any] = raw["min_age"] if isinstance(raw.get("min_age"), dict) else {}
    default_age = _Reader(ages, problems, "min_age.").integer("default", 15, 40)
    overrides = tuple(
        _age_override(item, f"min_age.overrides[{i}]", problems) for i, item in enumerate(_list(ages, "overrides"))
    )
    closures = tuple(_closure(item, f"closures[{i}]", problems) for i, item in enumerate(_list(raw, "closures")))
    rules = tuple(_rule(item, f"rules[{i}]", problems) for i, item in enumerate(_list(raw, "rules")))
    _check_rules(rules, problems)
    if problems:
        raise PolicyError(problems)
    assert period.effective_from is not None
    return Policy(
        version=version,
        effective_from=period.effective_from,
        effective_until=period.effective_until,
        description=str(raw.get("description", "")),
        certificate_validity_years=validity,
        default_min_age=default_age,
        age_overrides=overrides,
        closures=closures,
        rules=tuple(r for r in rules if r is not None),
        document=document,
    )


class _Reader:
    """Reads typed fields, recording a problem instead of failing on the first."""

    def __init__(self, raw: dict[str, Any], problems: list[str], prefix: str = "") -> None:
        self.raw, self.problems, self.prefix = raw, problems, prefix

    def text(self, key: str, *, pattern: str = r".+", required: bool = True) -> str:
        value = self.raw.get(key, "")
        if not isinstance(value, str) or (required and not re.fullmatch(pattern, value)):
            self.problems.append(f"{self.prefix}{key} must be text matching {pattern}")
            return ""
        return value

    def integer(self, key: str, low: int, high: int) -> int:
        value = self.raw.get(key)
        if type(value) is not int or not low <= value <= high:
            self.problems.append(f"{self.prefix}{key} must be a whole number from {low} to {high}")
            return low
        return value

    def date(self, key: str, *, required: bool = True) -> date | None:
        value = self.raw.get(key)
        if value is None and not required:
            return None
        try:
            if isinstance(value, str):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.problems.append(f"{self.prefix}{key} must be a date YYYY-MM-DD")
        return None

    def flag(self, key: str) -> bool:
        value = self.raw.get(key, False)
        if not isinstance(value, bool):
            self.problems.append(f"{self.prefix}{key} must be true or false")
            return False
        return value

    def codes(self, key: str, pattern: str) -> frozenset[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and re.fullmatch(pattern, v) for v in value):
            self.problems.append(f"{self.prefix}{key} must be a list of codes matching {pattern}")
            return frozenset()
        return frozenset(value)

    def scope(self) -> Scope:
        return Scope(
            countries=self.codes("countries", r"[A-Z]{2}"),
            occupations=self.codes("occupations", r"\d{4}"),
            sectors=self.codes("sectors", r"[a-z_]+"),
            employer_types=self.codes("employer_types", r"company|individual"),
        )


def _list(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = raw.get(key, [])
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []


def _legal_basis(raw: Any, where: str, problems: list[str], *, nested: bool = False) -> LegalBasis | None:
    """A legal basis object (or, as the first documents wrote it, one line of text); its
    ``also`` lists further references, one level deep."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return LegalBasis(instrument=raw) if raw.strip() else None
    if not isinstance(raw, dict):
        problems.append(f"{where} must be an object")
        return None
    reader = _Reader(raw, problems, f"{where}.")
    basis = LegalBasis(
        instrument=reader.text("instrument", required=False),
        article=reader.text("article", required=False),
        published_in=reader.text("published_in", required=False),
        verified=reader.flag("verified"),
        note=reader.text("note", required=False),
        operational=reader.flag("operational"),
        authority=reader.text("authority", required=False),
        also=_further_bases(raw, where, problems, nested),
    )
    if basis.operational and not basis.note.strip():
        problems.append(f"{where}.note must say whose term an operational rule is")
    if not basis.operational and not basis.instrument.strip():
        problems.append(f"{where}.instrument is required (or operational: true with a note)")
    return basis


def _further_bases(raw: dict[str, Any], where: str, problems: list[str], nested: bool) -> tuple[LegalBasis, ...]:
    if "also" not in raw:
        return ()
    if nested or not isinstance(raw["also"], list):
        problems.append(f"{where}.also must be a list of references (not inside another also)")
        return ()
    found = (_legal_basis(item, f"{where}.also[{i}]", problems, nested=True) for i, item in enumerate(raw["also"]))
    return tuple(basis for basis in found if basis is not None)


def _in_force(reader: _Reader) -> InForce:
    start = reader.date("effective_from", required=False)
    end = reader.date("effective_until", required=False)
    if start and end and end < start:
        reader.problems.append(f"{reader.prefix}effective_until is before effective_from")
    return InForce(start, end)


def _age_override(raw: dict[str, Any], where: str, problems: list[str]) -> AgeOverride:
    reader = _Reader(raw, problems, f"{where}.")
    return AgeOverride(
        reader.scope(),
        reader.integer("min_age", 15, 60),
        str(raw.get("label", "")),
        _legal_basis(raw.get("legal_basis"), f"{where}.legal_basis", problems),
        _in_force(reader),
    )


def _closure(raw: dict[str, Any], where: str, problems: list[str]) -> Closure:
    reader = _Reader(raw, problems, f"{where}.")
    exceptions = []
    for i, item in enumerate(_list(raw, "exceptions")):
        sub = _Reader(item, problems, f"{where}.exceptions[{i}].")
        exceptions.append(
            ClosureException(
                sub.text("id", pattern=_CODE.pattern),
                sub.scope(),
                sub.flag("requires_one_channel"),
                sub.flag("requires_job_order_reference"),
                _legal_basis(item.get("legal_basis"), f"{where}.exceptions[{i}].legal_basis", problems),
            )
        )
    return Closure(
        reader.text("id", pattern=_CODE.pattern),
        reader.scope(),
        tuple(exceptions),
        _legal_basis(raw.get("legal_basis"), f"{where}.legal_basis", problems) or LegalBasis(),
        _in_force(reader),
        _closure_name(raw, where, problems),
    )


def _closure_name(raw: dict[str, Any], where: str, problems: list[str]) -> Text | None:
    """A closure's name in words (name_id and name_en, both or neither)."""
    named = [str(raw.get(key) or "").strip() for key in ("name_id", "name_en")]
    if not any(named):
        return None
    if not all(named):
        problems.append(f"{where}: name_id and name_en go together")
    return Text(id=named[0], en=named[1])


def _rule(raw: dict[str, Any], where: str, problems: list[str]) -> Rule | None:
    reader = _Reader(raw, problems, f"{where}.")
    code = reader.text("code", pattern=_CODE.pattern)
    text = Text(id=reader.text("message_id"), en=reader.text("message_en"))
    cites = tuple(str(c) for c in raw.get("cites", []) if isinstance(c, str))
    for name in [*cites, *_PLACEHOLDER.findall(text.id + text.en)]:
        if name not in FACT_SCHEMA and name not in EXPLANATIONS:
            problems.append(f"{where} cites unknown fact {name!r}")
    variants = tuple(_variant(item, f"{where}.message_variants[{i}]", problems) for i, item in _items(raw))
    in_force = _in_force(reader)
    legal_basis = _legal_basis(raw.get("legal_basis"), f"{where}.legal_basis", problems)
    try:
        condition = parse(raw.get("when"), f"{where}.when")
    except ConditionError as error:
        problems.append(str(error))
        return None
    return Rule(code, _only_in_force(condition, in_force), text, cites, legal_basis, in_force, variants)


def _items(raw: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return list(enumerate(_list(raw, "message_variants")))


def _variant(raw: dict[str, Any], where: str, problems: list[str]) -> MessageVariant:
    """``{"when_missing": "certificate", "message_id": ..., "message_en": ...}``."""
    reader = _Reader(raw, problems, f"{where}.")
    missing = reader.text("when_missing", pattern="|".join(MISSING_KINDS))
    text = Text(id=reader.text("message_id"), en=reader.text("message_en"))
    for name in _PLACEHOLDER.findall(text.id + text.en):
        if name not in FACT_SCHEMA and name not in EXPLANATIONS:
            problems.append(f"{where} cites unknown fact {name!r}")
    return MessageVariant(missing, text)


def _only_in_force(condition: Condition, in_force: InForce) -> Condition:
    """The condition, holding only on the days the rule is in force: a decision for a date
    before a rule took effect (or after it ended) does not apply it, in either engine."""
    bounds: list[Condition] = []
    if in_force.effective_from is not None:
        bounds.append(Compare("gte", "reference_day", in_force.effective_from.toordinal()))
    if in_force.effective_until is not None:
        bounds.append(Compare("lte", "reference_day", in_force.effective_until.toordinal()))
    return AllOf((condition, *bounds)) if bounds else condition


def _check_rules(rules: tuple[Rule | None, ...], problems: list[str]) -> None:
    valid = [r for r in rules if r is not None]
    if not rules:
        problems.append("rules: at least one rule is required")
    if len(rules) > MAX_RULES:
        problems.append(f"rules: at most {MAX_RULES} rules")
    if sum(count_tests(r.condition) for r in valid) > MAX_TESTS:
        problems.append(f"rules: at most {MAX_TESTS} comparisons in all")
    codes = [r.code for r in valid]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(f"rules: code {code} appears more than once")
