"""Rule conditions as data, and their two compilations.

Grammar (JSON)::

    condition := {"all": [condition, ...]} | {"any": [condition, ...]}
               | {OP: [fact, operand]}          OP in eq neq lt lte gt gte
    operand   := number | true | false | "text" | {"fact": name}
               | {"months_after": [date_fact, N]}

Facts are named in ``schema.FACT_SCHEMA``; ``lt/lte/gt/gte`` need integers.
``months_after`` is a date fact plus N calendar months (``months.plus_months``: the end
of the month when the day does not exist there), compared with another date fact:
``{"gt": ["reference_day", {"months_after": ["health_certificate_issued_day", 3]}]}``
says "more than three calendar months after the issue". durable-rules has no calendar,
so its driver puts each such sum in the facts under ``derived_name`` before asserting;
the compiled evaluator computes it inline. Both then compare the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from matcher.rules.months import plus_months_ordinal
from matcher.rules.schema import DATE_FACTS, FACT_SCHEMA

_PYTHON_SYMBOLS = {"eq": "==", "neq": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
_DURABLE_OPS = {"neq": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_ORDERED = {"lt", "lte", "gt", "gte"}
# A century either way: enough for any validity, and keeps a sum inside the calendar.
MAX_MONTHS = 1200

Predicate = Callable[[dict[str, Any]], bool]


class ConditionError(ValueError):
    """A condition that does not follow the grammar; ``path`` says where."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


@dataclass(frozen=True)
class FactRef:
    name: str


@dataclass(frozen=True)
class MonthsAfter:
    """A date fact plus ``months`` calendar months."""

    fact: str
    months: int


Operand = int | bool | str | FactRef | MonthsAfter


@dataclass(frozen=True)
class Compare:
    op: str
    fact: str
    operand: Operand


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


Condition = Compare | AllOf | AnyOf


def parse(raw: Any, path: str = "when") -> Condition:
    """Check ``raw`` against the grammar and the fact schema."""
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConditionError(path, "must be an object with exactly one key")
    key, value = next(iter(raw.items()))
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ConditionError(path, f"'{key}' needs a non-empty list")
        parts = tuple(parse(item, f"{path}.{key}[{i}]") for i, item in enumerate(value))
        return AllOf(parts) if key == "all" else AnyOf(parts)
    if key not in _PYTHON_SYMBOLS:
        raise ConditionError(path, f"unknown operator '{key}' (use all, any, {', '.join(_PYTHON_SYMBOLS)})")
    if not isinstance(value, list) or len(value) != 2:
        raise ConditionError(path, f"'{key}' needs [fact, operand]")
    fact, operand = value
    kind = FACT_SCHEMA.get(fact) if isinstance(fact, str) else None
    if kind is None:
        raise ConditionError(path, f"unknown fact {fact!r}")
    if isinstance(operand, dict) and list(operand) == ["months_after"]:
        resolved: Operand = _months_after(operand["months_after"], fact, path)
    elif isinstance(operand, dict):
        other = operand.get("fact") if list(operand) == ["fact"] else None
        if not isinstance(other, str) or FACT_SCHEMA.get(other) is not kind:
            raise ConditionError(path, f"operand must name a {kind.__name__} fact")
        resolved = FactRef(other)
    elif type(operand) is kind:
        resolved = cast(int | bool | str, operand)
    else:
        raise ConditionError(path, f"fact {fact!r} is {kind.__name__}; operand {operand!r} is not")
    if key in _ORDERED and kind is not int:
        raise ConditionError(path, f"'{key}' compares numbers only")
    return Compare(key, fact, resolved)


def _months_after(raw: Any, fact: str, path: str) -> MonthsAfter:
    """``[date_fact, N]``, compared with a date fact."""
    if fact not in DATE_FACTS:
        raise ConditionError(path, f"months_after is a date; {fact!r} is not one ({', '.join(sorted(DATE_FACTS))})")
    if not isinstance(raw, list) or len(raw) != 2:
        raise ConditionError(path, "'months_after' needs [date fact, months]")
    other, months = raw
    if other not in DATE_FACTS:
        raise ConditionError(path, f"months_after counts from a date fact ({', '.join(sorted(DATE_FACTS))})")
    if type(months) is not int or not 0 < abs(months) <= MAX_MONTHS:
        raise ConditionError(path, f"months_after needs a whole number of months, 1 to {MAX_MONTHS} either way")
    return MonthsAfter(other, months)


def derived_name(operand: MonthsAfter) -> str:
    """The fact durable-rules reads a sum of months from (see the module's note)."""
    direction = "plus" if operand.months > 0 else "minus"
    return f"{operand.fact}__{direction}_{abs(operand.months)}_months"


def month_sums(condition: Condition) -> frozenset[MonthsAfter]:
    """Every sum of months a condition compares with."""
    if isinstance(condition, AllOf | AnyOf):
        return frozenset().union(*(month_sums(p) for p in condition.parts))
    return frozenset({condition.operand}) if isinstance(condition.operand, MonthsAfter) else frozenset()


def with_month_sums(facts: dict[str, Any], sums: frozenset[MonthsAfter]) -> dict[str, Any]:
    """``facts`` and, under their derived names, the sums of months the rules compare with."""
    if not sums:
        return facts
    return {**facts, **{derived_name(s): plus_months_ordinal(facts[s.fact], s.months) for s in sums}}


# What compiled rules may call besides the fact dict: the calendar, nothing else.
SOURCE_SCOPE: dict[str, Any] = {"_plus_months": plus_months_ordinal}


def to_python(condition: Condition) -> Predicate:
    """A function evaluating ``condition`` on a fact dict ``f``, compiled from its source."""
    source = compile(f"lambda f: {to_source(condition)}", "<rule>", "eval")
    predicate: Predicate = eval(source, dict(SOURCE_SCOPE))
    return predicate


def to_source(condition: Condition) -> str:
    """``condition`` as one Python expression over the fact dict ``f``. Safe to compile:
    fact names come from the schema and operands are literals checked by ``parse``."""
    if isinstance(condition, AllOf | AnyOf):
        joiner = " and " if isinstance(condition, AllOf) else " or "
        return "(" + joiner.join(to_source(p) for p in condition.parts) + ")"
    if condition.fact not in FACT_SCHEMA:
        raise ConditionError("when", f"unknown fact {condition.fact!r}")
    operand = condition.operand
    if isinstance(operand, FactRef):
        right = f"f[{operand.name!r}]"
    elif isinstance(operand, MonthsAfter):
        right = f"_plus_months(f[{operand.fact!r}], {operand.months!r})"
    else:
        right = repr(operand)
    return f"(f[{condition.fact!r}] {_PYTHON_SYMBOLS[condition.op]} {right})"


def to_durable(condition: Condition) -> dict[str, Any]:
    """The same condition in durable-rules' JSON grammar."""
    if isinstance(condition, AllOf | AnyOf):
        key = "$and" if isinstance(condition, AllOf) else "$or"
        return {key: [to_durable(p) for p in condition.parts]}
    operand: Any = condition.operand
    if isinstance(operand, FactRef):
        operand = {"$m": operand.name}
    elif isinstance(operand, MonthsAfter):
        operand = {"$m": derived_name(operand)}
    if condition.op == "eq":
        return {condition.fact: operand}
    return {_DURABLE_OPS[condition.op]: {condition.fact: operand}}


def facts_read(condition: Condition) -> frozenset[str]:
    """Every fact a condition reads."""
    if isinstance(condition, AllOf | AnyOf):
        return frozenset().union(*(facts_read(p) for p in condition.parts))
    other = operand_fact(condition.operand)
    return frozenset({condition.fact, *([other] if other else [])})


def operand_fact(operand: Operand) -> str | None:
    """The fact an operand reads, if it reads one."""
    if isinstance(operand, FactRef):
        return operand.name
    if isinstance(operand, MonthsAfter):
        return operand.fact
    return None


def count_tests(condition: Condition) -> int:
    """How many comparisons a condition holds (durable-rules limits alpha branches)."""
    if isinstance(condition, AllOf | AnyOf):
        return sum(count_tests(p) for p in condition.parts)
    return 1
