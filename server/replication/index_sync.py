"""Keeps the in-memory indexes and the policy registry in step with the database.

The change feed (server/replication/feed.py) calls it for every committed change, from this
process or any other replica: the index reloads exactly the changed resource
from storage, so applying a change twice, or late, converges.
"""

from __future__ import annotations

import logging
import time

from matcher.index.candidates import CandidateIndex
from matcher.index.eligibility_sets import EligibilitySets
from matcher.index.vacancies import VacancyIndex
from matcher.ports import SnapshotSource
from matcher.rules.registry import PolicyRegistry
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

    def candidate_changed(self, candidate_id: str) -> None:
        found = self._source.candidate(candidate_id)
        if found is not None:
            _ordinal, old = self._candidates.upsert(found[1], found[0])
            if self._sets is not None:
                self._sets.candidate_changed(candidate_id, old)

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
