"""A query's explained decision looked up by class (issue 26): pairs whose every input the
rules and the explanation read is equal get the same answer, so it is worked out once.

A pair's **class** is those inputs as values: the policy (version and document), the day,
the vacancy's fields (all but those no rule, message or remedy reads), the candidate's
fields (all but their id, NIK, regency and feed revision; their applications only as
"applied to this vacancy"), and the fields of the vacancy they are placed through, as the
caller may be told of it. A changed vacancy, candidate, policy or day is a different key,
so nothing needs invalidating; the least recently used classes go past ``limit``.

The decision of a class is the pure path's (``matcher.rules.decision.decide``); a lookup
only gives it a new decision id and the pair's ids. One hit in ``confirm_every`` is decided
again pair by pair and compared (as the shadow checker re-decides a sample of the compiled
evaluator's answers): a disagreement is counted, logged and answered by the fresh decision,
which replaces the class's.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import fields
from datetime import date
from operator import attrgetter
from typing import Any

from matcher.catalogue import Catalogue
from matcher.remedies import Remedy
from matcher.rules.decision import (
    Decision,
    Evaluator,
    PlacementNote,
    ReasonDetail,
    VacancyOf,
    decide,
    decision_of,
    next_decision_id,
    placed_through,
)
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Openings, Vacancy

log = logging.getLogger("cpmi.eligibility.classes")

MAX_CLASSES = 100_000
CONFIRM_EVERY = 256

# Fields no rule, message or remedy reads; every other field is part of the class, so a
# field added later counts until it is named here (tests/unit/test_refusal_classes.py).
VACANCY_UNREAD = frozenset({"salary_min", "salary_max", "description", "posted_date", "version", "updated_at"})
# The id travels into the decision as it is; applications count only as "applied here".
CANDIDATE_UNREAD = frozenset({"candidate_id", "nik", "regency_code", "revision", "active_applications"})
# What a decision says of the vacancy a candidate is placed through.
PLACED_READ = ("id", "company_id", "title", "company_display_name", "city", "country_code")


def _read(kind: type[Any], unread: frozenset[str]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name not in unread)


VACANCY_READ = _read(Vacancy, VACANCY_UNREAD)
CANDIDATE_READ = _read(CandidateSnapshot, CANDIDATE_UNREAD)
# Openings are mutable (unhashable): their counts instead.
_OPENINGS = frozenset({"openings", "filled"})
_vacancy_plain = attrgetter(*(n for n in VACANCY_READ if n not in _OPENINGS))
_counts = attrgetter(*(f.name for f in fields(Openings)))
_candidate_values = attrgetter(*CANDIDATE_READ)
_placed_values = attrgetter(*PLACED_READ)


def _vacancy_values(vacancy: Vacancy) -> tuple[object, ...]:
    return (_vacancy_plain(vacancy), _counts(vacancy.openings), _counts(vacancy.filled))


# What a class answers: all of a Decision but its ids.
_Answer = tuple[bool, tuple[ReasonDetail, ...], str, date, Remedy | None, PlacementNote | None]


class RefusalClasses:
    """Explained decisions by class, for one catalogue (the explanation reads its titles)."""

    def __init__(self, catalogue: Catalogue, limit: int = MAX_CLASSES, confirm_every: int = CONFIRM_EVERY) -> None:
        self._catalogue = catalogue
        self._limit = limit
        self._confirm_every = confirm_every
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[object, ...], _Answer] = OrderedDict()
        # Values as small numbers, so a key hashes cheaply. Numbers are never reused: an
        # answer kept under a number forgotten here is still the answer of its values.
        self._numbers: dict[tuple[object, ...], int] = {}
        self._next_number = 0
        # By id, the snapshot (immutable: a change replaces it) and the number of its values,
        # which are read once; by id, a vacancy's values (it is not immutable: they are read
        # each time, compared rather than hashed) and their number.
        self._candidates: dict[str, tuple[CandidateSnapshot, int]] = {}
        self._vacancies: dict[str, tuple[tuple[object, ...], int]] = {}
        self.hits = 0
        self.misses = 0
        self.confirmed = 0
        self.disagreements = 0

    def __len__(self) -> int:
        return len(self._answers)

    def decide(
        self,
        evaluator: Evaluator,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        day: date,
        vacancy_of: VacancyOf | None = None,
    ) -> Decision:
        """``decide(evaluator, catalogue, candidate, vacancy, day, vacancy_of)``, the same
        decision but its id."""
        placed = None if candidate.placement is None else placed_through(candidate, vacancy, vacancy_of)
        policy = evaluator.policy
        known = self._candidates.get(candidate.candidate_id)
        if known is None or known[0] is not candidate:
            known = self._remember(self._candidates, candidate.candidate_id, candidate, _candidate_values(candidate))
        values = _vacancy_values(vacancy)
        seen = self._vacancies.get(vacancy.id)
        if seen is None or seen[0] != values:
            seen = self._remember(self._vacancies, vacancy.id, values, values)
        key = (
            known[1],
            seen[1],
            vacancy.id in candidate.active_applications,
            None if placed is None else self._number(_placed_values(placed)),
            day,
            policy.version,
            policy.document,
        )
        found = self._answers.get(key)
        if found is None:
            return self._decided(key, evaluator, candidate, vacancy, day, vacancy_of)
        self.hits += 1
        try:  # noqa: SIM105 (a context manager costs more than the move)
            self._answers.move_to_end(key)
        except KeyError:  # another thread let it go meanwhile
            pass
        if self._confirm_every and not self.hits % self._confirm_every:
            return self._confirm(key, found, evaluator, candidate, vacancy, day, vacancy_of)
        eligible, reasons, version, reference_date, step, placement = found
        return decision_of(
            next_decision_id(),
            candidate.candidate_id,
            vacancy.id,
            eligible,
            reasons,
            version,
            reference_date,
            vacancy.company_id,
            step,
            placement,
        )

    def _decided(
        self,
        key: tuple[object, ...],
        evaluator: Evaluator,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        day: date,
        vacancy_of: VacancyOf | None,
    ) -> Decision:
        self.misses += 1
        decision = decide(evaluator, self._catalogue, candidate, vacancy, day, vacancy_of)
        self._keep(key, decision)
        return decision

    def _confirm(
        self,
        key: tuple[object, ...],
        found: _Answer,
        evaluator: Evaluator,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        day: date,
        vacancy_of: VacancyOf | None,
    ) -> Decision:
        """The pair decided again by the pure path: the class's answer must be its answer."""
        fresh = decide(evaluator, self._catalogue, candidate, vacancy, day, vacancy_of)
        self.confirmed += 1
        if _answer(fresh) != found:
            self.disagreements += 1
            log.warning(
                "a refusal class answered %s where the pair's rules answer %s (policy %s, day %s)",
                [r.code for r in found[1]],
                list(fresh.codes),
                fresh.policy_version,
                day.isoformat(),
            )
            self._keep(key, fresh)
        return fresh

    def _keep(self, key: tuple[object, ...], decision: Decision) -> None:
        with self._lock:
            self._answers[key] = _answer(decision)
            while len(self._answers) > self._limit:
                self._answers.popitem(last=False)

    def _remember(self, kept: dict[str, Any], key: str, held: Any, values: tuple[object, ...]) -> Any:
        """``held`` with the number of ``values``, kept under ``key`` (at most ``limit`` kept)."""
        found = kept[key] = (held, self._number(values))
        if len(kept) > self._limit:
            with self._lock:
                kept.clear()
        return found

    def _number(self, values: tuple[object, ...]) -> int:
        number = self._numbers.get(values)
        if number is None:
            with self._lock:
                if len(self._numbers) >= self._limit:
                    self._numbers.clear()
                number = self._numbers[values] = self._next_number
                self._next_number += 1
        return number


def _answer(decision: Decision) -> _Answer:
    d = decision
    return (d.eligible, d.reasons, d.policy_version, d.reference_date, d.next_step, d.placement)
