"""The read model: this replica's indexes, eligibility sets and policy registry, and the
moment they stand at, fed only through ``apply_committed``."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from matcher.application import ApplicationEvent
from matcher.bus import CommittedHere, Message
from matcher.changes import ChangeKind, Committed
from matcher.errors import FailedPrecondition
from matcher.ports import Clock, SnapshotSource
from matcher.read_model._candidates import CandidateIndex
from matcher.read_model._keeping import keep_current
from matcher.read_model._lookups import Lookups
from matcher.read_model._moment import Listener, Moment, Moved, Signal
from matcher.read_model._reloading import Reloader
from matcher.read_model._sets import EligibilitySets
from matcher.read_model._vacancies import VacancyIndex
from matcher.rules.registry import PolicyRegistry
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy


class Sizes(NamedTuple):
    candidates: int
    vacancies: int
    shapes: int


class ReadModel:
    def __init__(self, source: SnapshotSource, registry: PolicyRegistry, clock: Clock) -> None:
        self._candidates, self._vacancies = CandidateIndex(), VacancyIndex()
        self._sets = EligibilitySets(self._candidates, self._vacancies)
        self._registry = registry
        self._clock = clock
        self._reload = Reloader(source, self._candidates, self._vacancies, registry, self._sets)
        self._signal = Signal()
        self._lock = threading.Lock()  # vacancies, policies and the position move one batch at a time
        self._position = 0
        self._last_day_and_version = (clock.today(), "")

    # -- fed by the bus -------------------------------------------------------------

    def build(self) -> None:
        """Load everything (at start, before the feed catches up), sets of today included: a
        replica serves from the sets from its first call."""
        self._reload.load_all()
        self.keep_sets_current()

    def apply_committed(self, message: Message) -> None:
        """The one door in: changes committed here (at once, in any order) or read from the
        feed (in commit order; the position moves to ``upto``). Every watch then hears of it."""
        if isinstance(message, CommittedHere):
            self._apply_here(message.changes, message.known)
            self._signal.emit(Moved(self.moment(), policies=_touch_policies(message.changes)))
            return
        with self._lock:
            for item in message.changes:
                self._apply(item)
            # The position moves before the events go out: a watch that bounds its replay by
            # the position and finds nothing new live has had the event, or will.
            self._position = max(self._position, message.upto)
        self._signal.emit(Moved(self.moment(), _events(message.changes), _touch_policies(message.changes)))

    def _apply_here(self, changes: Iterable[Committed], known: Mapping[str, CandidateSnapshot]) -> None:
        """A candidate's change is applied outside the lock: writers' threads read their
        candidates again side by side (on PostgreSQL, one at a time was the bottleneck),
        or take the state their transaction knew (``CommittedHere.known``) without a read."""
        for item in changes:
            if item.change.kind is ChangeKind.CANDIDATE:
                self._reload.candidate(item.change.key, item.position, known.get(item.change.key))
        with self._lock:
            for item in changes:
                if item.change.kind is not ChangeKind.CANDIDATE:
                    self._apply(item)

    def _apply(self, item: Committed) -> None:
        kind, key = item.change.kind, item.change.key
        if kind is ChangeKind.CANDIDATE:
            self._reload.candidate(key, item.position)
        elif kind is ChangeKind.VACANCY:
            self._reload.vacancy(key)
        elif kind is ChangeKind.POLICY:
            self._reload.policies()

    # -- what moved -------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        """``listener`` hears of every move, in the thread that made it (keep it short)."""
        self._signal.subscribe(listener)

    def moment(self) -> Moment:
        """What standing answers depend on: the feed's position, the day, the policy in force."""
        today = self._clock.today()
        try:
            version = self._registry.policy_on(today).version
        except FailedPrecondition:
            version = ""
        return Moment(self._position, today, version)

    def keep_sets_current(self) -> None:
        """Build the sets today (and, near midnight, tomorrow) lacks; when the day or the
        policy in force has moved since last said, say so (standing answers change with it)."""
        keep_current(self._sets, self._registry, self._clock)
        moment = self.moment()
        if (moment.day, moment.policy_version) != self._last_day_and_version:
            self._last_day_and_version = (moment.day, moment.policy_version)
            self._signal.emit(Moved(moment))

    # -- what callers ask -------------------------------------------------------------

    def candidate(self, candidate_id: str) -> CandidateSnapshot | None:
        """The candidate as this replica holds them."""
        return self._candidates.get(candidate_id)

    def company_of(self, vacancy_id: str) -> str | None:
        """The company that posted a vacancy (None: not held here)."""
        return self._vacancies.company_of(vacancy_id)

    def open_vacancies(self, occupation_codes: Iterable[str] | None = None) -> Iterator[Vacancy]:
        """Open vacancies, newest first: all of them, or those of any of the codes."""
        vacancies = self._vacancies
        ordinals = vacancies.open_ordinals() if occupation_codes is None else vacancies.open_for(occupation_codes)
        return (vacancy for _, vacancy in vacancies.newest_first(ordinals))

    def verified_holders(self, occupation_code: str) -> Iterator[CandidateSnapshot]:
        """Verified candidates holding a certificate of the occupation, in registration order."""
        holders = self._candidates.verified_holders(occupation_code)
        return (candidate for _, candidate in self._candidates.in_order(holders))

    def sizes(self) -> Sizes:
        listed = sum(len(view.listed) for view in self._sets.views)
        return Sizes(len(self._candidates), len(self._vacancies), listed)

    def lookups(self) -> Lookups:
        """What the eligibility queries ask (matcher/services/eligibility/), in words of
        their own; the indexes and sets stay inside."""
        return Lookups(self._candidates, self._vacancies, self._sets)


def _events(changes: Iterable[Committed]) -> tuple[ApplicationEvent, ...]:
    """The application events among ``changes``, each numbered with its outbox position."""
    return tuple(
        dataclasses.replace(item.change.event, sequence=item.position)
        for item in changes
        if item.change.event is not None
    )


def _touch_policies(changes: Iterable[Committed]) -> bool:
    return any(item.change.kind is ChangeKind.POLICY for item in changes)
