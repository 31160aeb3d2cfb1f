"""The field bounds check: every string, bytes and repeated field of a request against the
maximum its comment in proto/ states (the generated table in ``field_bounds.py``), with
NUL characters, dates and timestamps outside sane years, field masks and money.

Most requests cannot break a bound at all (they are shorter than the smallest one), so
``surely_within_bounds`` answers that cheaply and the walk of every field runs only when
it cannot; tests/unit/test_edge_bounds.py checks the two never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from matcher.errors import DomainError, FieldViolation, Reason, invalid_fields
from matcher.text import Text
from server.api.field_bounds import FIELD_BOUNDS

# Dates and timestamps outside these years are a caller's mistake, whatever the field.
SANE_YEARS = range(1900, 2201)
FIELD_MASK_PATHS = 50
FIELD_MASK_PATH_CHARACTERS = 200
# google.type.Money's currency code carries no bound of its own: ISO 4217 codes are 3 letters.
MONEY_CURRENCY_CHARACTERS = 8


def bounds_refusal(request: Message) -> DomainError | None:
    """Why ``request`` breaks its bounds, or None when it keeps them."""
    violations = bound_violations(request)
    if not violations:
        return None
    return _too_large(violations) or invalid_fields(violations)


def surely_within_bounds(descriptor: Any) -> Callable[[bytes, Message], bool]:
    """A cheap test that a request cannot break any bound, so the walk of its fields can be
    skipped: no string, bytes or list can be longer than the whole request, and a NUL
    character is a zero byte. Date, timestamp, money and field-mask fields have checks of
    their own: when one is set (at the top; deeper ones always walk) the walk runs."""
    if descriptor is None:
        return lambda _raw, _request: False
    smallest, special, deep = _bounds_of(descriptor, set(), top=True)
    if deep:
        return lambda _raw, _request: False
    return lambda raw, request: (
        len(raw) <= smallest and b"\x00" not in raw and not any(request.HasField(name) for name in special)
    )


def _bounds_of(descriptor: Descriptor, visited: set[str], *, top: bool) -> tuple[int, list[str], bool]:
    """The smallest bound under ``descriptor``, its top-level fields of the specially checked
    types, and whether such a type sits deeper (or in a list)."""
    visited.add(descriptor.full_name)
    smallest = min(FIELD_BOUNDS.get(descriptor.full_name, {}).values(), default=2**31)
    special: list[str] = []
    deep = False
    for field in descriptor.fields:
        kind = field.message_type
        if kind is None:
            continue
        if kind.full_name in _SPECIAL:
            if top and not field.is_repeated:
                special.append(field.name)
            else:
                deep = True
        elif kind.full_name not in visited:
            below, _, deeper = _bounds_of(kind, visited, top=False)
            smallest, deep = min(smallest, below), deep or deeper
    return smallest, special, deep


def bound_violations(message: Message, prefix: str = "") -> list[FieldViolation]:
    """Every field of ``message`` (recursively) over its documented maximum, with NULs and
    dates or timestamps outside sane years."""
    violations: list[FieldViolation] = []
    descriptor = message.DESCRIPTOR
    bounds = FIELD_BOUNDS.get(descriptor.full_name, {})
    special = _SPECIAL.get(descriptor.full_name)
    if special is not None:
        special(message, prefix.rstrip("."), violations)
    for field, value in message.ListFields():
        path = f"{prefix}{field.name}"
        if field.is_repeated:
            most = bounds.get(f"{field.name}:items")
            if most is not None and len(value) > most:
                violations.append(FieldViolation(path, _text_at_most(most, "butir", "items")))
                continue
            for i, item in enumerate(value):
                _one(field, item, f"{path}[{i}]", bounds, violations)
        else:
            _one(field, value, path, bounds, violations)
    return violations


def _one(
    field: FieldDescriptor, value: Any, path: str, bounds: dict[str, int], violations: list[FieldViolation]
) -> None:
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        violations.extend(bound_violations(value, f"{path}."))
    elif field.type == FieldDescriptor.TYPE_STRING:
        if "\x00" in value:
            violations.append(FieldViolation(path, Text(id="berisi karakter NUL", en="contains a NUL character")))
        characters, size = bounds.get(f"{field.name}:characters"), bounds.get(f"{field.name}:bytes")
        if characters is not None and len(value) > characters:
            violations.append(FieldViolation(path, _text_at_most(characters, "karakter", "characters")))
        elif size is not None and len(value) > size // 4 and len(value.encode()) > size:
            violations.append(FieldViolation(path, _text_at_most(size, "bita", "bytes")))
    elif field.type == FieldDescriptor.TYPE_BYTES:
        size = bounds.get(f"{field.name}:bytes")
        if size is not None and len(value) > size:
            violations.append(FieldViolation(path, _text_at_most(size, "bita", "bytes")))


def _text_at_most(most: int, unit_id: str, unit_en: str) -> Text:
    return Text(id=f"paling banyak {most} {unit_id}", en=f"must be at most {most} {unit_en}")


def _too_large(violations: list[FieldViolation]) -> DomainError | None:
    """An oversized upload keeps its own reason, DOCUMENT_TOO_LARGE."""
    if any(v.field == "content" and "bytes" in v.text.en for v in violations):
        return invalid_fields(violations, Reason.DOCUMENT_TOO_LARGE)
    return None


def _check_field_mask(message: Any, path: str, violations: list[FieldViolation]) -> None:
    where = f"{path}.paths" if path else "paths"
    if len(message.paths) > FIELD_MASK_PATHS:
        violations.append(FieldViolation(where, _text_at_most(FIELD_MASK_PATHS, "butir", "items")))
    elif any(len(p) > FIELD_MASK_PATH_CHARACTERS or "\x00" in p for p in message.paths):
        violations.append(FieldViolation(where, _text_at_most(FIELD_MASK_PATH_CHARACTERS, "karakter", "characters")))


def _check_date(message: Any, path: str, violations: list[FieldViolation]) -> None:
    if (message.year or message.month or message.day) and message.year not in SANE_YEARS:
        violations.append(FieldViolation(path, _years_text()))


def _check_money(message: Any, path: str, violations: list[FieldViolation]) -> None:
    """Bounded like our own fields; amounts are whole units (salaries), so no nanos."""
    if len(message.currency_code) > MONEY_CURRENCY_CHARACTERS:
        violations.append(
            FieldViolation(f"{path}.currency_code", _text_at_most(MONEY_CURRENCY_CHARACTERS, "karakter", "characters"))
        )
    if message.nanos:
        violations.append(
            FieldViolation(f"{path}.nanos", Text(id="hanya satuan utuh, tanpa pecahan", en="whole units only"))
        )


def _check_timestamp(message: Any, path: str, violations: list[FieldViolation]) -> None:
    seconds_1900, seconds_2201 = -2_208_988_800, 7_289_654_400
    if not seconds_1900 <= message.seconds < seconds_2201 or not 0 <= message.nanos < 1_000_000_000:
        violations.append(FieldViolation(path, _years_text()))


def _years_text() -> Text:
    first, last = SANE_YEARS[0], SANE_YEARS[-1]
    return Text(id=f"harus antara tahun {first} dan {last}", en=f"must be between the years {first} and {last}")


_SPECIAL: dict[str, Callable[[Any, str, list[FieldViolation]], None]] = {
    "google.protobuf.FieldMask": _check_field_mask,
    "google.protobuf.Timestamp": _check_timestamp,
    "google.type.Date": _check_date,
    "google.type.Money": _check_money,
}
