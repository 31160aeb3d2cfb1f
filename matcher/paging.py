"""Page requests and opaque page tokens (AIP-158), independent of storage."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from matcher.errors import FieldViolation, invalid_fields
from matcher.text import Text

T = TypeVar("T")

MAX_PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``size`` items after the position ``after`` (decoded from a page token)."""

    size: int
    after: tuple[str, ...] | None = None


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str = ""


def page_request(page_size: int, page_token: str, *, default: int = 50, maximum: int = MAX_PAGE_SIZE) -> PageRequest:
    """Validate a List request's paging fields."""
    if page_size < 0:
        raise invalid_fields([FieldViolation("page_size", Text("tidak boleh negatif", "must not be negative"))])
    size = min(page_size or default, maximum)
    return PageRequest(size=size, after=decode_token(page_token) if page_token else None)


def encode_token(position: tuple[str, ...]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(position)).encode()).decode().rstrip("=")


def decode_token(token: str) -> tuple[str, ...]:
    try:
        raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if isinstance(raw, list) and all(isinstance(part, str) for part in raw):
            return tuple(raw)
    except (ValueError, binascii.Error):
        pass
    raise invalid_fields([FieldViolation("page_token", Text("token halaman tidak valid", "invalid page token"))])


def page_of(items: list[T], request: PageRequest, position: Callable[[T], tuple[str, ...]]) -> Page[T]:
    """Cut ``items`` (fetched with one extra) into a page with the next token."""
    if len(items) <= request.size:
        return Page(items)
    kept = items[: request.size]
    return Page(kept, encode_token(position(kept[-1])))
