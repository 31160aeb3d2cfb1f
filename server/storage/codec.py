"""Dataclass values to JSON-ready dicts and back (for the JSON columns)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, cast

from server.typewalk import FieldType, field_types

T = TypeVar("T")


def to_json(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _field_names.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        return {name: to_json(getattr(value, name)) for name in names}
    if kind is list:
        return [to_json(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


_PLAIN = frozenset({str, int, float, bool, type(None)})
# Field names per dataclass type, looked up once (forms are written in bulk by seed-synthetic).
_field_names: dict[type, tuple[str, ...]] = {}


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    kwargs = {name: _value(ftype, data[name]) for name, ftype in field_types(cls).items() if name in data}
    return cls(**kwargs)


def _value(ftype: FieldType, raw: Any) -> Any:
    if raw is None:
        return None
    if ftype.is_list:
        return [_scalar(ftype.base, item) for item in raw]
    return _scalar(ftype.base, raw)


def _scalar(base: Any, raw: Any) -> Any:
    if dataclasses.is_dataclass(base):
        return from_json(cast(Any, base), raw)
    if base is datetime:
        return datetime.fromisoformat(raw)
    if base is date:
        return date.fromisoformat(raw)
    if isinstance(base, type) and issubclass(base, Enum):
        return base(raw)
    return raw
