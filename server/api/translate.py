"""Proto messages <-> domain dataclasses, by field name, at one seam.

The domain dataclasses use the proto's field names; enum members are the
proto value names without the enum's prefix (``RELIGION_ISLAM`` <->
``Religion.ISLAM``), the zero value is ``None``. Dates use ``google.type.Date``, amounts ``google.type.Money``.
Fields only one side has are left to the caller.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from google.type import date_pb2

from matcher.errors import FieldViolation, invalid_fields
from matcher.services.idempotency import RequestKey
from matcher.text import Text
from server.typewalk import FieldType, field_types

T = TypeVar("T")
M = TypeVar("M", bound=Message)
E = TypeVar("E", bound=Enum)


def from_proto(cls: type[T], message: Message, path: str = "", **given: Any) -> T:
    """Build ``cls`` from ``message`` (plus fields ``given`` by the caller, e.g. ids parsed
    from resource names); invalid dates and enum values raise InvalidArgument naming the field."""
    violations: list[FieldViolation] = []
    result = _from(cls, message, path, violations, given)
    if violations:
        raise invalid_fields(violations)
    return result


def _from(
    cls: type[T], message: Message, path: str, violations: list[FieldViolation], given: dict[str, Any] | None = None
) -> T:
    fields = message.DESCRIPTOR.fields_by_name
    kwargs: dict[str, Any] = dict(given or {})
    for name, ftype in field_types(cls).items():
        if name not in fields or name in kwargs:
            continue
        raw = getattr(message, name)
        where = f"{path}.{name}" if path else name
        descriptor = fields[name]
        if ftype.is_list:
            kwargs[name] = [_one(ftype, descriptor, item, f"{where}[{i}]", violations) for i, item in enumerate(raw)]
        elif isinstance(raw, Message) and ftype.optional and not message.HasField(name):
            kwargs[name] = None
        else:
            kwargs[name] = _one(ftype, descriptor, raw, where, violations)
    return cls(**kwargs)


def _one(ftype: FieldType, descriptor: Any, raw: Any, where: str, violations: list[FieldViolation]) -> Any:
    base = ftype.base
    if base is date:
        return _date(raw, where, violations)
    if dataclasses.is_dataclass(base):
        return _from(base, raw, where, violations)  # type: ignore[arg-type]
    if isinstance(base, type) and issubclass(base, Enum):
        return _enum(base, descriptor.enum_type, raw, where, violations)
    if base is str:
        return raw.strip()
    return raw


def _date(raw: date_pb2.Date, where: str, violations: list[FieldViolation]) -> date | None:
    if not (raw.year or raw.month or raw.day):
        return None
    try:
        return date(raw.year, raw.month, raw.day)
    except ValueError:
        violations.append(
            FieldViolation(
                where, Text(id=f"tanggal tidak valid: {raw.year}-{raw.month}-{raw.day}", en="not a valid date")
            )
        )
        return None


def _enum(base: type[Enum], proto_enum: Any, number: int, where: str, violations: list[FieldViolation]) -> Enum | None:
    if number == 0:
        return None
    value = proto_enum.values_by_number.get(number)
    member = base.__members__.get(value.name.removeprefix(_prefix(proto_enum))) if value else None
    if member is None:
        violations.append(
            FieldViolation(where, Text(id=f"nilai tidak dikenal: {number}", en=f"unknown value {number}"))
        )
    return member


def _prefix(proto_enum: Any) -> str:
    """``RELIGION_`` for an enum whose zero value is ``RELIGION_UNSPECIFIED``."""
    return str(proto_enum.values_by_number[0].name.removesuffix("UNSPECIFIED"))


def enum_to_proto(member: Enum | None, proto_enum: Any) -> int:
    if member is None:
        return 0
    return int(proto_enum.values_by_name[_prefix(proto_enum) + member.name].number)


def to_proto(message: M, value: object) -> M:
    """Fill ``message`` from the dataclass ``value`` for every field both share."""
    fields = message.DESCRIPTOR.fields_by_name
    for f in dataclasses.fields(value):  # type: ignore[arg-type]
        if f.name not in fields:
            continue
        item = getattr(value, f.name)
        if item is None:
            continue
        if isinstance(item, list):
            target = getattr(message, f.name)
            for element in item:
                if dataclasses.is_dataclass(element):
                    to_proto(target.add(), element)
                else:
                    target.append(_scalar_to_proto(element, fields[f.name]))
        elif dataclasses.is_dataclass(item):
            to_proto(getattr(message, f.name), item)
        elif isinstance(item, datetime):
            getattr(message, f.name).CopyFrom(timestamp(item))
        elif isinstance(item, date):
            getattr(message, f.name).CopyFrom(proto_date(item))
        else:
            setattr(message, f.name, _scalar_to_proto(item, fields[f.name]))
    return message


def _scalar_to_proto(item: Any, descriptor: Any) -> Any:
    return enum_to_proto(item, descriptor.enum_type) if isinstance(item, Enum) else item


def proto_date(value: date) -> date_pb2.Date:
    return date_pb2.Date(year=value.year, month=value.month, day=value.day)


def timestamp(value: datetime | None) -> Timestamp:
    stamp = Timestamp()
    if value is not None:
        stamp.FromDatetime(value.astimezone(UTC))
    return stamp


def enum_field(message: Message, name: str, domain: type[E]) -> E | None:
    """The domain member for an enum field of ``message`` (None for the zero value)."""
    violations: list[FieldViolation] = []
    descriptor = message.DESCRIPTOR.fields_by_name[name]
    member = _enum(domain, descriptor.enum_type, getattr(message, name), name, violations)
    if violations:
        raise invalid_fields(violations)
    return member  # type: ignore[return-value]


def enum_value(message: Message, name: str, member: Enum | None) -> int:
    """The proto number for ``member`` in the enum field ``name`` of ``message``."""
    return enum_to_proto(member, message.DESCRIPTOR.fields_by_name[name].enum_type)


def resource_id(name: str, collection: str, field: str, suffix: str = "") -> str:
    """The id in ``{collection}/{id}{suffix}``, or InvalidArgument naming ``field``."""
    core = name.removesuffix(suffix) if suffix and name.endswith(suffix) else ("" if suffix else name)
    head, _, ident = core.partition("/")
    longest = 160 if ident.startswith("~") else 64  # a pseudonym is an encrypted id
    if head != collection or not ident or "/" in ident or len(ident) > longest:
        shape = f"{collection}/{{id}}{suffix}"
        raise invalid_fields([FieldViolation(field, Text(id=f"harus berbentuk {shape}", en=f"must look like {shape}"))])
    return ident


def date_field(message: Message, name: str) -> date | None:
    """A Date field as a date (None when unset), or InvalidArgument naming the field."""
    violations: list[FieldViolation] = []
    value = _date(getattr(message, name), name, violations)
    if violations:
        raise invalid_fields(violations)
    return value


def request_key(request: Message) -> RequestKey:
    """The request id of a mutation with its method (the message name without "Request")
    and a digest of every other field, for AIP-155 retries."""
    request_id: str = getattr(request, "request_id")  # noqa: B009
    method = request.DESCRIPTOR.name.removesuffix("Request")
    if not request_id:
        return RequestKey(method=method)  # no retry to recognise; the audit trail names the method
    rest = type(request)()
    rest.CopyFrom(request)
    rest.ClearField("request_id")
    digest = hashlib.sha256(rest.SerializeToString(deterministic=True)).hexdigest()[:32]
    return RequestKey(request_id, method, digest)
