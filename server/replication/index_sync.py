"""Keeps the in-memory indexes and the policy registry in step with the database.

The change feed (server/replication/feed.py) calls it for every committed change, from this
process or any other replica: the index reloads exactly the changed resource
from storage, so applying a change twice, or late, converges.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

from matcher.index.candidates import CandidateIndex
from matcher.index.eligibility_sets import EligibilitySets
from matcher.index.vacancies import VacancyIndex
from matcher.ports import SnapshotSource
from matcher.rules.registry import PolicyRegistry
from matcher.snapshots import CandidateSnapshot
from server.replication.sets_keeper import SetsKeeper

log = logging.getLogger("cpmi.index")

# A long build (a national dataset) says how far it got every this many rows.
PROGRESS_EVERY = 100_000


def _progress(what: str, count: int, started: float) -> None:
    if count % PROGRESS_EVERY == 0:
        log.info("building indexes: %s %d loaded, %.1f s", what, count, time.perf_counter() - started)


class IndexSync:
    def __init__(
        self,
        source: SnapshotSource,
        candidates: CandidateIndex,
        vacancies: VacancyIndex,
        registry: PolicyRegistry,
        sets: EligibilitySets | None = None,
        keeper: SetsKeeper | None = None,
    ) -> None:
        self._source = source
        self._candidates = candidates
        self._vacancies = vacancies
        self._registry = registry
        self._sets = sets
        self._keeper = keeper
        self._candidate_lock = threading.Lock()

    def build(self) -> None:
        """Load everything (at start)."""
        started = time.perf_counter()
        for count, (position, snapshot) in enumerate(self._source.all_candidates(), 1):
            self._candidates.upsert(snapshot, position)
            _progress("candidates", count, started)
        for count, (position, vacancy) in enumerate(self._source.all_vacancies(), 1):
            self._vacancies.upsert(vacancy, position)
            _progress("vacancies", count, started)
        self._registry.install(self._source.active_policies())
        if self._keeper is not None:
            self._keeper.keep_current()  # a replica serves from the sets from its first call
        log.info(
            "indexes built: %d candidates, %d vacancies, policies %s in %.2f s",
            len(self._candidates),
            len(self._vacancies),
            ",".join(self._registry.active_versions),
            time.perf_counter() - started,
        )

    def candidate(self, candidate_id: str) -> CandidateSnapshot | None:
        """The candidate as this process's index holds them."""
        return self._candidates.get(candidate_id)

    def candidate_changed(self, candidate_id: str, position: int, state: CandidateSnapshot | None = None) -> None:
        """The change at outbox ``position`` touched the candidate: take ``state`` (the
        candidate as that transaction left it) or read them again. Changes can arrive out of
        order (this process's commits from several threads, the feed's reads); the index
        keeps the state with the higher revision (and this applies one at a time)."""
        if self._holds(candidate_id, position):
            return
        ordinal = self._candidates.ordinal_of(candidate_id)
        if state is None or ordinal is None:
            found = self._source.candidate(candidate_id)  # no lock held: threads read side by side
            if found is None:
                return
            ordinal, state = found
        with self._candidate_lock:
            if self._holds(candidate_id, position):
                return
            _ordinal, old = self._candidates.upsert(replace(state, revision=position), ordinal)
            if self._sets is not None:
                self._sets.candidate_changed(candidate_id, old)

    def _holds(self, candidate_id: str, position: int) -> bool:
        """Whether the index already holds the candidate as of ``position`` or later."""
        current = self._candidates.get(candidate_id)
        return current is not None and current.revision >= position

    def vacancy_changed(self, vacancy_id: str) -> None:
        found = self._source.vacancy(vacancy_id)
        if found is not None:
            self._vacancies.upsert(found[1], found[0])
            if self._sets is not None:
                self._sets.vacancy_changed(vacancy_id)

    def policies_changed(self) -> None:
        """A new timeline of policies; the keeper builds the sets of a new version beside
        the ones in use (lists answer from those, or pair by pair, meanwhile)."""
        self._registry.install(self._source.active_policies())
        if self._keeper is not None:
            self._keeper.wake()
