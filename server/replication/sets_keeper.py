"""Keeps the eligibility sets of today ready under the policy in force, and tomorrow's too
once the WIB midnight is near, so the day turns and policies change without a pause.

A thread builds what is missing (a new day, a newly activated policy) beside the
view in use and publishes it whole; queries keep answering from the old view, or
pair by pair when there is none yet, meanwhile. It wakes every second, and at
once when a policy changes.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, datetime, time, timedelta

from matcher.clock import WIB
from matcher.errors import FailedPrecondition
from matcher.index.eligibility_sets import EligibilitySets
from matcher.ports import Clock
from matcher.rules.registry import PolicyRegistry

log = logging.getLogger("cpmi.index.sets")

# Tomorrow's sets are built when the WIB midnight is this close.
PREPARE_AHEAD_SECONDS = 3600.0
INTERVAL_SECONDS = 1.0


class SetsKeeper:
    def __init__(self, sets: EligibilitySets, registry: PolicyRegistry, clock: Clock) -> None:
        self._sets = sets
        self._registry = registry
        self._clock = clock
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def keep_current(self) -> None:
        """Build what today (and, near midnight, tomorrow) lacks; drop what no day needs."""
        today = self._clock.today()
        days = [today]
        if self._seconds_to_midnight(today) < PREPARE_AHEAD_SECONDS:
            days.append(today + timedelta(days=1))
        wanted: set[tuple[date, str]] = set()
        for day in days:
            try:
                policy, evaluator = self._registry.policy_on(day), self._registry.compiled(day)
            except FailedPrecondition:
                continue  # no policy covers that day: its lists are answered pair by pair
            self._sets.prepare(day, policy, evaluator)
            wanted.add((day, policy.version))
        self._sets.keep_only(wanted)

    def _seconds_to_midnight(self, today: date) -> float:
        midnight = datetime.combine(today + timedelta(days=1), time(0), tzinfo=WIB)
        return (midnight - self._clock.now()).total_seconds()

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="cpmi-sets", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(INTERVAL_SECONDS)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self.keep_current()
            except Exception:  # a bug here must not stop the keeper: lists fall back meanwhile
                log.exception("eligibility sets could not be prepared")
