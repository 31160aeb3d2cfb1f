"""Replies put together from bytes prepared when the data changed, not rebuilt per call.

A list reply is a run of length-delimited entries (field 1) and a few scalar
fields. Each entry's bytes are made once per version of what it shows (the index
replaces a vacancy's or a candidate's object on every change, so the object
itself is the version) and kept in a bounded table; a reply is the entries'
bytes joined with their field tags. protobuf's wire format allows exactly this:
a message is the concatenation of its fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from google.protobuf.internal.encoder import _VarintBytes  # type: ignore[attr-defined]
from google.protobuf.message import Message

from matcher.identity_cache import IdentityCache

K = TypeVar("K")

# Entries remembered per table; past it the table starts afresh (the data changed a lot).
MAX_ENTRIES = 500_000
_ENTRY_TAG = b"\x0a"  # field 1, length-delimited


class Prepared(Generic[K]):
    """Serialized entries by the object they show (by identity: see ``IdentityCache``), kept
    framed as a reply's field 1 (tag and length in front), so a reply only joins them."""

    def __init__(self, serialize: Callable[[K], Message]) -> None:
        self._serialize = serialize
        self._entries: IdentityCache[bytes] = IdentityCache(MAX_ENTRIES)

    def entry(self, shown: K) -> bytes:
        return self._entries.get_or_make((shown,), (), lambda: self._framed(shown))

    def _framed(self, shown: K) -> bytes:
        data = self._serialize(shown).SerializeToString()
        made: bytes = _ENTRY_TAG + _VarintBytes(len(data)) + data
        return made


def entries(prepared: Iterable[bytes]) -> bytes:
    """Field 1 (repeated, length-delimited) holding each entry, framed as it was prepared."""
    return b"".join(prepared)


def string_field(number: int, value: str) -> bytes:
    """A string field (proto3: omitted when empty)."""
    if not value:
        return b""
    data = value.encode()
    header: bytes = _VarintBytes(number << 3 | 2) + _VarintBytes(len(data))
    return header + data
