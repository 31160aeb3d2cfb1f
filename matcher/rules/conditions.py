"""Rule conditions as data, and their two compilations.

Grammar (JSON)::

    condition := {"all": [condition, ...]} | {"any": [condition, ...]}
               | {OP: [fact, operand]}          OP in eq neq lt lte gt gte
    operand   := number | true | false | "text" | {"fact": name}

Facts are named in ``schema.FACT_SCHEMA``; ``lt/lte/gt/gte`` need integers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from matcher.rules.schema import FACT_SCHEMA

_PYTHON_SYMBOLS = {"eq": "==", "neq": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
_DURABLE_OPS = {"neq": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}
_ORDERED = {"lt", "lte", "gt", "gte"}

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
class Compare:
    op: str
    fact: str
    operand: int | bool | str | FactRef


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
    if isinstance(operand, dict):
        other = operand.get("fact") if list(operand) == ["fact"] else None
        if not isinstance(other, str) or FACT_SCHEMA.get(other) is not kind:
            raise ConditionError(path, f"operand must name a {kind.__name__} fact")
        resolved: int | bool | str | FactRef = FactRef(other)
    elif type(operand) is kind:
        resolved = cast(int | bool | str, operand)
    else:
        raise ConditionError(path, f"fact {fact!r} is {kind.__name__}; operand {operand!r} is not")
    if key in _ORDERED and kind is not int:
        raise ConditionError(path, f"'{key}' compares numbers only")
    return Compare(key, fact, resolved)


def to_python(condition: Condition) -> Predicate:
    """A function evaluating ``condition`` on a fact dict ``f``, compiled from its source."""
    predicate: Predicate = eval(compile(f"lambda f: {to_source(condition)}", "<rule>", "eval"), {})
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
    right = f"f[{operand.name!r}]" if isinstance(operand, FactRef) else repr(operand)
    return f"(f[{condition.fact!r}] {_PYTHON_SYMBOLS[condition.op]} {right})"


def to_durable(condition: Condition) -> dict[str, Any]:
    """The same condition in durable-rules' JSON grammar."""
    if isinstance(condition, AllOf | AnyOf):
        key = "$and" if isinstance(condition, AllOf) else "$or"
        return {key: [to_durable(p) for p in condition.parts]}
    operand: Any = {"$m": condition.operand.name} if isinstance(condition.operand, FactRef) else condition.operand
    if condition.op == "eq":
        return {condition.fact: operand}
    return {_DURABLE_OPS[condition.op]: {condition.fact: operand}}


def facts_read(condition: Condition) -> frozenset[str]:
    """Every fact a condition reads."""
    if isinstance(condition, AllOf | AnyOf):
        return frozenset().union(*(facts_read(p) for p in condition.parts))
    other = {condition.operand.name} if isinstance(condition.operand, FactRef) else set()
    return frozenset({condition.fact, *other})


def count_tests(condition: Condition) -> int:
    """How many comparisons a condition holds (durable-rules limits alpha branches)."""
    if isinstance(condition, AllOf | AnyOf):
        return sum(count_tests(p) for p in condition.parts)
    return 1
