"""The policy compiled to set algebra over candidates' attribute bitmaps.

Every rule's condition is a tree of comparisons. Against one vacancy on one day,
each comparison reads either

* only the vacancy's facts (open, destination, closing date, the closure in
  force, the reference day): a constant, true or false;
* a fact of the candidate alone against a constant or a vacancy's fact (age
  against the minimum age, the health certificate's age, the reference day
  against its issue date plus calendar months, verification, gender): a bitmap
  of attribute buckets (``attributes.CandidateAttributes``);
* the candidate's certificates of the vacancy's occupation (how many, valid,
  expired, revoked): a bitmap when compared with 0 or 1, which is all a policy
  needs to say "none" or "some";
* the openings left for the candidate's gender: a union of gender buckets;
* whether the candidate already applied to this very vacancy: left out here
  (taken as false) and settled for the vacancy's few applicants one by one.

Vacancies whose comparisons come out the same share a **shape** (the constant
outcomes, the vacancy's values that candidate facts are compared with, its
occupation, its openings' outcomes per gender), and a shape's eligible
candidates are one expression: everyone, less those some rule refuses. A
comparison the algebra cannot hold exactly (a count against 2, two candidate
facts against each other) is bounded from both sides; a shape with one is
confirmed candidate by candidate with the compiled evaluator, so its set never
holds a candidate the evaluator refuses nor misses one it admits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pyroaring import BitMap

from matcher.nik import Gender
from matcher.read_model._attributes import CANDIDATE_FACTS, CandidateAttributes, compare
from matcher.rules.conditions import AllOf, AnyOf, Compare, Condition, MonthsAfter, Operand, operand_fact
from matcher.rules.facts import vacancy_facts
from matcher.rules.months import plus_months_ordinal
from matcher.rules.policy import Policy
from matcher.rules.schema import VACANCY_FACTS
from matcher.vacancy import Vacancy

COUNTS = {
    "matching_certificates": "any",
    "matching_valid_certificates": "valid",
    "matching_expired_certificates": "expired",
    "matching_revoked_certificates": "revoked",
}
_FLIPPED = {"eq": "eq", "neq": "neq", "lt": "gt", "lte": "gte", "gt": "lt", "gte": "lte"}
# A count compared so that it means "none" or "at least one".
_NONE = {("eq", 0), ("lte", 0), ("lt", 1)}
_SOME = {("neq", 0), ("gt", 0), ("gte", 1)}
GENDERS = (Gender.MALE.value, Gender.FEMALE.value, "")

ShapeKey = tuple[Any, ...]
# Attribute bitmaps by what was asked of them, shared by the shapes of one build.
Memo = dict[tuple[Any, ...], BitMap]


@dataclass(frozen=True)
class Bound:
    """What a condition holds for, between ``surely`` and ``maybe`` (``False``: nobody;
    ``True``: everyone); exact when the two are the same."""

    surely: BitMap | bool
    maybe: BitMap | bool

    @property
    def exact(self) -> bool:
        return self.surely is self.maybe


ALWAYS = Bound(True, True)
NEVER = Bound(False, False)
UNKNOWN = Bound(False, True)


def _exactly(found: BitMap) -> Bound:
    return Bound(found, found)


class SetAlgebra:
    """The comparisons of one policy, classified once; per vacancy and day, its shape key
    and, per shape, the eligible candidates."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._comparisons = _comparisons(policy)

    def key(self, vacancy: Vacancy, day: date) -> ShapeKey:
        """What every rule reads of ``vacancy`` on ``day``: vacancies with the same key admit
        the same candidates (their applicants aside)."""
        facts = vacancy_facts(vacancy, self.policy, day)
        left = _openings_left(vacancy)
        parts: list[Any] = []
        for comparison in self._comparisons:
            parts.append(_key_part(comparison, facts, left))
        if any(_reads(c, COUNTS) for c in self._comparisons):
            parts.append(vacancy.occupation_code)
        return tuple(parts)

    def eligible(
        self, vacancy: Vacancy, day: date, attributes: CandidateAttributes, memo: Memo | None = None
    ) -> tuple[BitMap, bool]:
        """Candidates no rule refuses for a vacancy of this shape (an application to it
        aside), and whether the algebra held every comparison exactly. ``memo`` keeps the
        attribute bitmaps one build of many shapes reads again and again."""
        facts = vacancy_facts(vacancy, self.policy, day)
        validity = self.policy.certificate_validity_years
        memo = {} if memo is None else memo
        context = _Context(facts, _openings_left(vacancy), vacancy, day, validity, attributes, memo)
        everyone = context.everyone()
        refused = BitMap()
        exact = True
        for rule in self.policy.rules:
            bound = context.bound(rule.condition)
            exact = exact and bound.exact
            if bound.surely is True:
                return BitMap(), True  # a rule refuses everyone, surely
            if bound.surely is not False:
                refused |= bound.surely
        return everyone - refused, exact


@dataclass
class _Context:
    facts: dict[str, Any]
    left: dict[str, int]
    vacancy: Vacancy
    day: date
    validity_years: int
    attributes: CandidateAttributes
    memo: Memo

    def _remembered(self, key: tuple[Any, ...], make: Callable[[], BitMap]) -> BitMap:
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = make()
        return found

    def everyone(self) -> BitMap:
        return self._remembered(("everyone",), self.attributes.universe)

    def bound(self, condition: Condition) -> Bound:
        if isinstance(condition, AllOf):
            return _combine([self.bound(p) for p in condition.parts], everyone=True)
        if isinstance(condition, AnyOf):
            return _combine([self.bound(p) for p in condition.parts], everyone=False)
        return self._compare(condition)

    def _compare(self, condition: Compare) -> Bound:
        fact, op, operand = condition.fact, condition.op, condition.operand
        other = operand_fact(operand)
        months = 0  # calendar months added to the candidate's side, when that is the operand
        if other is not None and _is_constant(other) and not _is_constant(fact):
            value: Any = _value(operand, self.facts)
        elif other is not None and _is_constant(fact) and not _is_constant(other):
            months = operand.months if isinstance(operand, MonthsAfter) else 0
            fact, op, value = other, _FLIPPED[op], self.facts[fact]
        elif other is not None and not _is_constant(fact):
            return UNKNOWN  # two facts of the candidate's side against each other
        else:
            value = _value(operand, self.facts)
        if _is_constant(fact):
            return ALWAYS if compare(op, self.facts[fact], value) else NEVER
        if fact == "already_applied":
            return ALWAYS if compare(op, False, value) else NEVER  # applicants are settled one by one
        if fact == "openings_left":
            genders = tuple(g for g in GENDERS if compare(op, self.left[g], value))
            return _exactly(
                self._remembered(
                    ("gender", genders),
                    lambda: BitMap.union(BitMap(), *(self.attributes.by_gender(g) for g in genders)),
                )
            )
        if fact in COUNTS:
            return self._count(COUNTS[fact], op, value)
        if fact in CANDIDATE_FACTS:
            return _exactly(
                self._remembered(
                    ("fact", fact, op, value, months),
                    lambda: self.attributes.satisfying(fact, op, value, self.day, months),
                )
            )
        return UNKNOWN

    def _count(self, kind: str, op: str, value: Any) -> Bound:
        occupation = self.vacancy.occupation_code
        some = self._remembered(
            ("holding", kind, occupation),
            lambda: self.attributes.holding(kind, occupation, self.day, self.validity_years),
        )
        if (op, value) in _SOME:
            return _exactly(some)
        none = self._remembered(("none", kind, occupation), lambda: self.everyone() - some)
        if (op, value) in _NONE:
            return _exactly(none)
        if compare(op, 0, value):  # holds for none at all: "at most", "fewer than"
            return Bound(none, True)
        return Bound(False, some)  # holds only for some: "at least 2", "exactly 3"


def _combine(bounds: list[Bound], *, everyone: bool) -> Bound:
    """All of (``everyone``: intersection) or any of (union) the bounds."""
    join: Callable[[BitMap, BitMap], BitMap] = BitMap.__and__ if everyone else BitMap.__or__
    identity, absorbing = (True, False) if everyone else (False, True)
    parts = []
    for side in ("surely", "maybe"):
        acc: BitMap | bool = identity
        for bound in bounds:
            value = getattr(bound, side)
            if value is absorbing:
                acc = absorbing
                break
            if value is identity:
                continue
            acc = value if acc is identity else join(acc, value)  # type: ignore[arg-type]
        parts.append(acc)
    surely, maybe = parts
    if all(b.exact for b in bounds):
        return Bound(surely, surely)
    return Bound(surely, maybe)


def _comparisons(policy: Policy) -> list[Compare]:
    found: list[Compare] = []
    for rule in policy.rules:
        _collect(rule.condition, found)
    return list(dict.fromkeys(found))


def _collect(condition: Condition, found: list[Compare]) -> None:
    if isinstance(condition, AllOf | AnyOf):
        for part in condition.parts:
            _collect(part, found)
    else:
        found.append(condition)


def _is_constant(fact: str) -> bool:
    return fact in VACANCY_FACTS


def _value(operand: Operand, facts: dict[str, Any]) -> Any:
    """An operand read of the vacancy's side: a literal, a fact, or a date fact plus months."""
    if isinstance(operand, MonthsAfter):
        return plus_months_ordinal(facts[operand.fact], operand.months)
    other = operand_fact(operand)
    return facts[other] if other is not None else operand


def _reads(comparison: Compare, facts: dict[str, str] | frozenset[str]) -> bool:
    other = operand_fact(comparison.operand)
    return comparison.fact in facts or other in facts


def _key_part(comparison: Compare, facts: dict[str, Any], left: dict[str, int]) -> Any:
    """What of the vacancy a comparison reads: its outcome when it reads the vacancy alone,
    the vacancy's value a candidate's fact is compared with, the outcome per gender for the
    openings left; nothing otherwise."""
    fact, op, operand = comparison.fact, comparison.op, comparison.operand
    other = operand_fact(operand)
    if _is_constant(fact) and (other is None or _is_constant(other)):
        return compare(op, facts[fact], _value(operand, facts))
    if fact == "openings_left" and other is None:
        return tuple(compare(op, left[g], operand) for g in GENDERS)
    if fact == "openings_left" or other == "openings_left":
        return tuple(left[g] for g in GENDERS), facts.get(other or fact)
    if other is not None and _is_constant(other):
        return facts[other]
    if other is not None and _is_constant(fact):
        return facts[fact]
    return None


def _openings_left(vacancy: Vacancy) -> dict[str, int]:
    return {
        Gender.MALE.value: vacancy.openings.left_for(Gender.MALE, vacancy.filled),
        Gender.FEMALE.value: vacancy.openings.left_for(Gender.FEMALE, vacancy.filled),
        "": vacancy.openings.left_for(None, vacancy.filled),
    }
