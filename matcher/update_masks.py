"""Field masks over dataclasses: copy the named paths from an incoming value onto the current one."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any, TypeVar

from matcher.errors import FieldViolation, invalid_fields
from matcher.text import Text

T = TypeVar("T")


def apply_mask(current: T, incoming: T, paths: list[str], *, prefix: str = "") -> T:
    """A copy of ``current`` with each dotted path taken from ``incoming``.

    ``prefix`` is stripped from each path first (e.g. ``form.`` for
    ``form.health_certificate``). No paths means the whole value is replaced.
    """
    if not paths:
        return copy.deepcopy(incoming)
    result = copy.deepcopy(current)
    for path in paths:
        parts = path.removeprefix(prefix).split(".") if path.startswith(prefix) else []
        if not parts or not _is_path(result, parts):
            raise invalid_fields(
                [FieldViolation("update_mask", Text(f"path tidak dikenal: {path}", f"unknown path: {path}"))]
            )
        target: Any = result
        source: Any = incoming
        for part in parts[:-1]:
            target, source = getattr(target, part), getattr(source, part)
        setattr(target, parts[-1], copy.deepcopy(getattr(source, parts[-1])))
    return result


def _is_path(value: object, parts: list[str]) -> bool:
    for part in parts:
        if not dataclasses.is_dataclass(value) or part not in {f.name for f in dataclasses.fields(value)}:
            return False
        value = getattr(value, part)
    return True
