"""Page requests and pages (AIP-158), independent of storage and of the wire.

A page ends with the position of its last item; the transport turns that
position into an opaque, signed page token (``server/api/page_tokens.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from matcher.errors import FieldViolation, invalid_fields
from matcher.text import Text

T = TypeVar("T")

MAX_PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``size`` items after the position ``after`` (None: from the start)."""

    size: int
    after: tuple[str, ...] | None = None


@dataclass(slots=True)
class Page(Generic[T]):
    items: list[T]
    # Where the next page starts; None on the last page.
    next_after: tuple[str, ...] | None = None


def page_request(
    page_size: int, after: tuple[str, ...] | None = None, *, default: int = 50, maximum: int = MAX_PAGE_SIZE
) -> PageRequest:
    """Validate a page size: negative is refused, zero means the default, past the maximum is cut."""
    if page_size < 0:
        raise invalid_fields([FieldViolation("page_size", Text("tidak boleh negatif", "must not be negative"))])
    return PageRequest(size=min(page_size or default, maximum), after=after)


def page_of(items: list[T], request: PageRequest, position: Callable[[T], tuple[str, ...]]) -> Page[T]:
    """Cut ``items`` (fetched with one extra) into a page with the next position."""
    if len(items) <= request.size:
        return Page(items)
    kept = items[: request.size]
    return Page(kept, position(kept[-1]))
