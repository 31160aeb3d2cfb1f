"""One cache keyed by the identity of immutable objects (snapshots, vacancies, reasons).

An entry keeps a strong reference to its key objects, so their ``id()`` cannot be reused
while the entry lives; a lookup checks identity too. Bounded (cleared when full) and
locked, so it may be shared by threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._entries: dict[tuple[object, ...], tuple[tuple[object, ...], V]] = {}

    def get_or_make(self, keys: tuple[object, ...], extra: tuple[object, ...], make: Callable[[], V]) -> V:
        """The value for the objects ``keys`` (by identity) and the plain values ``extra``
        (by equality), made by ``make`` on a miss. On a hit this is one dict look-up and one
        tuple comparison (which tries identity first), so it stays on hot paths."""
        key = (*map(id, keys), *extra)
        found = self._entries.get(key)
        if found is not None and found[0] == keys:
            return found[1]
        value = make()
        with self._lock:
            if len(self._entries) >= self._limit:
                self._entries.clear()
            self._entries[key] = (keys, value)
        return value

    def __len__(self) -> int:
        return len(self._entries)
