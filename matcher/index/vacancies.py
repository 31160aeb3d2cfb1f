"""Vacancies by id, plus bitmaps of open vacancies per occupation code."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from pyroaring import BitMap

from matcher.vacancy import Vacancy, VacancyState


class VacancyIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, Vacancy] = {}
        self._ordinal: dict[str, int] = {}
        self._ids: list[str] = []
        self._open = BitMap()
        self._by_code: dict[str, BitMap] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, vacancy_id: str) -> Vacancy | None:
        return self._by_id.get(vacancy_id)

    def upsert(self, vacancy: Vacancy) -> None:
        """Store a vacancy; the index owns the object given (callers pass a fresh copy)."""
        with self._lock:
            ordinal = self._ordinal.get(vacancy.id)
            if ordinal is None:
                ordinal = self._ordinal[vacancy.id] = len(self._ids)
                self._ids.append(vacancy.id)
            else:
                old = self._by_id[vacancy.id]
                self._by_code.get(old.occupation_code, BitMap()).discard(ordinal)
                self._open.discard(ordinal)
            self._by_id[vacancy.id] = vacancy
            self._by_code.setdefault(vacancy.occupation_code, BitMap()).add(ordinal)
            if vacancy.state is VacancyState.OPEN:
                self._open.add(ordinal)

    def open_for(self, occupation_codes: Iterable[str]) -> BitMap:
        """Ordinals of open vacancies of any of the codes."""
        with self._lock:
            found = BitMap()
            for code in set(occupation_codes):
                found |= self._by_code.get(code, BitMap())
            return found & self._open

    def open_ordinals(self) -> BitMap:
        with self._lock:
            return BitMap(self._open)

    def newest_first(self, ordinals: BitMap, before: int | None = None) -> Iterator[tuple[int, Vacancy]]:
        """Vacancies for ``ordinals`` below ``before``, newest (highest ordinal) first."""
        for ordinal in reversed(ordinals.to_array()):
            if before is None or ordinal < before:
                yield int(ordinal), self._by_id[self._ids[ordinal]]

    def all(self) -> list[Vacancy]:
        return list(self._by_id.values())
