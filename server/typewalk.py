"""Reading dataclass field types, shared by the storage codec and the proto translator."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldType:
    """A field's base type with its list/optional wrapping peeled off."""

    base: Any
    is_list: bool
    optional: bool


_CACHE: dict[Any, dict[str, FieldType]] = {}


def field_types(cls: Any) -> dict[str, FieldType]:
    """Every dataclass field of ``cls`` with its resolved type (resolved once per class)."""
    found = _CACHE.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _CACHE[cls] = {f.name: _peel(hints[f.name]) for f in dataclasses.fields(cls)}
    return found


def _peel(hint: Any) -> FieldType:
    optional = False
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        optional, hint = True, args[0]
        origin = typing.get_origin(hint)
    if origin is list:
        return FieldType(typing.get_args(hint)[0], True, optional)
    return FieldType(hint, False, optional)
