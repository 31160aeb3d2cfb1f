"""Vacancies by id, plus bitmaps of open vacancies per occupation code."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from pyroaring import BitMap

from matcher.vacancy import Vacancy, VacancyState


class VacancyIndex:
    """Each vacancy sits at the position the database numbered it with (posting order),
    the same on every replica."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, Vacancy] = {}
        self._ordinal: dict[str, int] = {}
        self._ids: dict[int, str] = {}
        self._open = BitMap()
        self._by_code: dict[str, BitMap] = {}

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, vacancy_id: str) -> Vacancy | None:
        return self._by_id.get(vacancy_id)

    def company_of(self, vacancy_id: str) -> str | None:
        """The company that posted a vacancy (None: not in this index)."""
        vacancy = self._by_id.get(vacancy_id)
        return vacancy.company_id if vacancy else None

    def upsert(self, vacancy: Vacancy, position: int) -> int:
        """Store a vacancy at ``position`` (1 to 2**32 - 1); the index owns the object given
        (callers pass a fresh copy). Its position (its first one)."""
        if not 0 < position < 2**32:
            raise ValueError(f"position {position} of {vacancy.id} is out of range")
        with self._lock:
            ordinal = self._ordinal.get(vacancy.id)
            if ordinal is None:
                ordinal = self._ordinal[vacancy.id] = position
                self._ids[position] = vacancy.id
            else:
                old = self._by_id[vacancy.id]
                self._by_code.get(old.occupation_code, BitMap()).discard(ordinal)
                self._open.discard(ordinal)
            self._by_id[vacancy.id] = vacancy
            self._by_code.setdefault(vacancy.occupation_code, BitMap()).add(ordinal)
            if vacancy.state is VacancyState.OPEN:
                self._open.add(ordinal)
        return ordinal

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
        """Vacancies for ``ordinals`` below position ``before``, newest first: walked down
        by rank, so a first page costs the page, not the whole bitmap."""
        rank = len(ordinals) if before is None else ordinals.rank(before - 1) if before > 0 else 0
        for at in range(rank - 1, -1, -1):
            ordinal = ordinals[at]
            yield ordinal, self._by_id[self._ids[ordinal]]

    def positioned(self) -> list[tuple[int, Vacancy]]:
        """Every vacancy with its position, as the index holds them now."""
        with self._lock:
            return [(self._ordinal[vacancy_id], vacancy) for vacancy_id, vacancy in self._by_id.items()]

    def ordinal_of(self, vacancy_id: str) -> int | None:
        return self._ordinal.get(vacancy_id)

    def at(self, ordinal: int) -> Vacancy:
        return self._by_id[self._ids[ordinal]]

    def all(self) -> list[Vacancy]:
        return list(self._by_id.values())
