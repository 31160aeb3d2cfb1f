"""Reloads what a committed change touched from storage into the indexes and the sets.

A change names the resource, never its new state: the resource is read again, so
applying a change twice, or late, converges, and a change from this process and the
same change read back from the feed meet in one state.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from matcher.ports import SnapshotSource
from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._sets import EligibilitySets
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.registry import PolicyRegistry
from matcher.snapshots import CandidateSnapshot

log = logging.getLogger("cpmi.index")

# A long build (a national dataset) says how far it got every this many rows.
PROGRESS_EVERY = 100_000


def _progress(what: str, count: int, started: float) -> None:
    if count % PROGRESS_EVERY == 0:
        log.info("building indexes: %s %d loaded, %.1f s", what, count, time.perf_counter() - started)


class Reloader:
    def __init__(
        self,
        source: SnapshotSource,
        candidates: CandidateIndex,
        vacancies: VacancyIndex,
        registry: PolicyRegistry,
        sets: EligibilitySets,
    ) -> None:
        self._source = source
        self._candidates = candidates
        self._vacancies = vacancies
        self._registry = registry
        self._sets = sets
        self._candidate_lock = threading.Lock()

    def load_all(self) -> None:
        """Load everything (at start)."""
        started = time.perf_counter()
        for count, (position, snapshot) in enumerate(self._source.all_candidates(), 1):
            self._candidates.upsert(snapshot, position)
            _progress("candidates", count, started)
        for count, (position, vacancy) in enumerate(self._source.all_vacancies(), 1):
            self._vacancies.upsert(vacancy, position)
            _progress("vacancies", count, started)
        self._registry.install(self._source.active_policies())
        log.info(
            "indexes built: %d candidates, %d vacancies, policies %s in %.2f s",
            len(self._candidates),
            len(self._vacancies),
            ",".join(self._registry.active_versions),
            time.perf_counter() - started,
        )

    def candidate(self, candidate_id: str, position: int, known: CandidateSnapshot | None = None) -> None:
        """The change at outbox ``position`` touched the candidate: read them again. Changes
        arrive out of order (this process's commits from several threads, the feed's reads);
        the index keeps the state with the higher revision, and a candidate it already holds
        as of ``position`` is not read again (a commit of this process, read back from the feed).
        ``known`` is the state the committing transaction of this process left them in; a
        candidate the index holds already keeps their position."""
        if self._holds(candidate_id, position):
            return
        ordinal = self._candidates.ordinal_of(candidate_id) if known is not None else None
        if known is not None and ordinal is not None:
            state = known
        else:
            found = self._source.candidate(candidate_id)  # no lock held: threads read side by side
            if found is None:
                return
            ordinal, state = found
        with self._candidate_lock:
            if self._holds(candidate_id, position):
                return
            _ordinal, old = self._candidates.upsert(replace(state, revision=position), ordinal)
            self._sets.candidate_changed(candidate_id, old)

    def _holds(self, candidate_id: str, position: int) -> bool:
        """Whether the index already holds the candidate as of ``position`` or later."""
        current = self._candidates.get(candidate_id)
        return current is not None and current.revision >= position

    def vacancy(self, vacancy_id: str) -> None:
        found = self._source.vacancy(vacancy_id)
        if found is not None:
            self._vacancies.upsert(found[1], found[0])
            self._sets.vacancy_changed(vacancy_id)

    def policies(self) -> None:
        """A new timeline of policies; the sets of a new version are built beside the ones
        in use (lists answer from those, or pair by pair, meanwhile)."""
        self._registry.install(self._source.active_policies())
