"""Eligibility kept as sets: per day and policy version, each vacancy shape's eligible
candidates, kept current by every change the feed applies.

A **view** holds, for one day under one policy version, every shape
(``shapes.SetAlgebra``): its eligible candidates and its vacancies, both bitmaps
of positions. Lists answer from a ready view: a vacancy's eligible candidates
are its shape's set (less its applicants, each settled by the compiled
evaluator); a candidate's eligible vacancies are the vacancies of the shapes
whose set holds them. A view is built whole from the indexes (the algebra, one
expression per shape) and then kept current change by change: a candidate's
change re-decides that candidate against each shape's representative vacancy
with the compiled evaluator (exact, whatever the algebra could express), a
vacancy's change moves it to the shape its new facts give.

Views are replaced, never rebuilt in place: the next day's and a new policy's are
built beside the one in use (changes meanwhile are recorded and replayed before
the new one is published), then swapped in one assignment. A query takes one
view and answers from it alone; with no ready view for its day and version it is
answered pair by pair as before, so no call waits for a build.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import date

from pyroaring import BitMap

from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._shapes import Memo, SetAlgebra, ShapeKey
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.facts import build_facts, candidate_facts
from matcher.rules.policy import Policy
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy

log = logging.getLogger("cpmi.index.sets")


@dataclass
class Shape:
    """Vacancies that read the same of every rule; both sets are replaced, never changed,
    so a reader holding one sees it whole."""

    key: ShapeKey
    representative: Vacancy
    eligible: BitMap
    vacancies: BitMap = field(default_factory=BitMap)


@dataclass
class View:
    day: date
    policy: Policy
    evaluator: CompiledEvaluator
    algebra: SetAlgebra
    shapes: dict[ShapeKey, Shape] = field(default_factory=dict)
    # Each vacancy's shape (its key is the shape's): a check finds it without hashing a key.
    shape_of: dict[str, Shape] = field(default_factory=dict)
    # The shapes as one tuple, replaced when one is added or emptied: readers iterate it.
    listed: tuple[Shape, ...] = ()
    ready: bool = False
    pending_candidates: set[str] = field(default_factory=set)
    pending_vacancies: set[str] = field(default_factory=set)
    built_seconds: float = 0.0
    # The attribute bitmaps the shapes of the build share; dropped once it is ready.
    memo: Memo | None = None

    @property
    def version(self) -> str:
        return self.policy.version

    def shape(self, vacancy_id: str) -> Shape | None:
        return self.shape_of.get(vacancy_id)


class EligibilitySets:
    def __init__(self, candidates: CandidateIndex, vacancies: VacancyIndex) -> None:
        self._candidates = candidates
        self._vacancies = vacancies
        self._lock = threading.RLock()
        self._views: dict[tuple[date, str], View] = {}
        self._building: list[View] = []

    # -- reading ----------------------------------------------------------------------

    def view(self, day: date, policy: Policy) -> View | None:
        """The ready view for ``day`` under ``policy`` (the very document), or None."""
        found = self._views.get((day, policy.version))
        return found if found is not None and found.policy is policy else None

    def eligible_candidates(self, view: View, vacancy_id: str) -> tuple[BitMap, BitMap]:
        """Positions of the candidates eligible for a vacancy who have not applied to it, and
        the positions of its applicants, whom the caller settles one by one."""
        shape = view.shape(vacancy_id)
        applicants = self._candidates.attributes.applicants(vacancy_id)
        if shape is None:
            return BitMap(), applicants
        return shape.eligible - applicants, applicants

    def eligible_vacancies(self, view: View, candidate: CandidateSnapshot) -> BitMap:
        """Positions of the vacancies whose shape admits ``candidate``; the vacancies they
        applied to are among them when their shape admits them, for the caller to settle."""
        ordinal = self._candidates.ordinal_of(candidate.candidate_id)
        if ordinal is None:
            return BitMap()
        return BitMap.union(BitMap(), *(s.vacancies for s in view.listed if ordinal in s.eligible))

    @property
    def views(self) -> tuple[View, ...]:
        return tuple(self._views.values())

    # -- building ---------------------------------------------------------------------

    def prepare(self, day: date, policy: Policy, evaluator: CompiledEvaluator) -> View:
        """The ready view for ``day`` under ``policy``, built now if there is none."""
        found = self.view(day, policy)
        if found is not None:
            return found
        started = time.perf_counter()
        view = View(day, policy, evaluator, SetAlgebra(policy), memo={})
        with self._lock:
            self._building.append(view)
        try:
            for ordinal, vacancy in self._vacancies.positioned():
                self._place(view, vacancy, ordinal)
            with self._lock:
                self._replay(view)
                view.ready = True
                view.built_seconds = time.perf_counter() - started
                self._views[(day, policy.version)] = view
        finally:
            with self._lock:
                self._building.remove(view)
        log.info(
            "eligibility sets for %s under policy %s: %d shapes of %d vacancies in %.2f s",
            day.isoformat(),
            policy.version,
            len(view.shapes),
            len(view.shape_of),
            view.built_seconds,
        )
        return view

    def keep_only(self, wanted: set[tuple[date, str]]) -> None:
        """Drop every view but those of these (day, policy version) pairs."""
        with self._lock:
            self._views = {key: view for key, view in self._views.items() if key in wanted}

    def _replay(self, view: View) -> None:
        """Apply what changed while ``view`` was being built (the caller holds the lock); the
        build's bitmaps may predate those changes, so shapes made now compute their own."""
        view.memo = None
        while view.pending_candidates or view.pending_vacancies:
            candidates, view.pending_candidates = view.pending_candidates, set()
            vacancies, view.pending_vacancies = view.pending_vacancies, set()
            for vacancy_id in vacancies:
                self._vacancy_into(view, vacancy_id)
            for candidate_id in candidates:
                self._candidate_into(view, candidate_id, None)

    # -- keeping current --------------------------------------------------------------

    def candidate_changed(self, candidate_id: str, old: CandidateSnapshot | None) -> None:
        """After the index took a candidate's new snapshot (``old``: the one it replaced)."""
        with self._lock:
            for view in self._building:
                view.pending_candidates.add(candidate_id)
            for view in self._views.values():
                self._candidate_into(view, candidate_id, old)

    def vacancy_changed(self, vacancy_id: str) -> None:
        with self._lock:
            for view in self._building:
                view.pending_vacancies.add(vacancy_id)
            for view in self._views.values():
                self._vacancy_into(view, vacancy_id)

    def _candidate_into(self, view: View, candidate_id: str, old: CandidateSnapshot | None) -> None:
        candidate = self._candidates.get(candidate_id)
        ordinal = self._candidates.ordinal_of(candidate_id)
        if candidate is None or ordinal is None or _same_for_rules(old, candidate):
            return  # an application's change alone: its vacancy settles applicants one by one
        one = BitMap([ordinal])
        if view.evaluator.refuses_every_vacancy(candidate_facts(candidate, view.day)):
            for shape in view.listed:
                if ordinal in shape.eligible:
                    shape.eligible = shape.eligible - one
            return
        for shape in view.listed:
            admitted = _admits(view, shape.representative, candidate)
            if admitted != (ordinal in shape.eligible):
                shape.eligible = shape.eligible | one if admitted else shape.eligible - one

    def _vacancy_into(self, view: View, vacancy_id: str) -> None:
        ordinal = self._vacancies.ordinal_of(vacancy_id)
        vacancy = self._vacancies.get(vacancy_id)
        if ordinal is not None and vacancy is not None:
            self._place(view, vacancy, ordinal)

    def _place(self, view: View, vacancy: Vacancy, ordinal: int) -> None:
        """Put a vacancy in the shape its facts give, making the shape if it is new."""
        key = view.algebra.key(vacancy, view.day)
        with self._lock:
            before = view.shape_of.get(vacancy.id)
            if before is not None and before.key == key:
                return
        shape = view.shapes.get(key) or self._new_shape(view, key, vacancy)
        with self._lock:
            if before is not None and (old := view.shapes.get(before.key)) is not None:
                old.vacancies = old.vacancies - BitMap([ordinal])
                if not old.vacancies:
                    del view.shapes[before.key]
            shape = view.shapes.setdefault(key, shape)
            shape.vacancies = shape.vacancies | BitMap([ordinal])
            view.shape_of[vacancy.id] = shape
            view.listed = tuple(view.shapes.values())

    def _new_shape(self, view: View, key: ShapeKey, vacancy: Vacancy) -> Shape:
        eligible, exact = view.algebra.eligible(vacancy, view.day, self._candidates.attributes, view.memo)
        if not exact:  # the algebra bounded a comparison: confirm each candidate it admits
            eligible = BitMap(o for o in eligible if _admits(view, vacancy, self._candidates.at(o)))
        return Shape(key, vacancy, eligible)


def _admits(view: View, vacancy: Vacancy, candidate: CandidateSnapshot) -> bool:
    """The compiled evaluator's answer for a vacancy of this shape the candidate has not
    applied to."""
    facts = build_facts(candidate, vacancy, view.policy, view.day)
    facts["already_applied"] = False
    return not view.evaluator.decide(facts)


def _same_for_rules(old: CandidateSnapshot | None, new: CandidateSnapshot) -> bool:
    """Whether only the applications in progress changed (which no shape reads)."""
    return old is not None and replace(old, active_applications=new.active_applications, revision=new.revision) == new
