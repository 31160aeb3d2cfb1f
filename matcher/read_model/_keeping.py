"""Which eligibility sets the read model keeps ready: today's under the policy in force, and
tomorrow's too once the WIB midnight is near, so the day turns without a pause."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from matcher.clock import WIB
from matcher.errors import FailedPrecondition
from matcher.ports import Clock
from matcher.read_model._sets import EligibilitySets
from matcher.rules.registry import PolicyRegistry

# Tomorrow's sets are built when the WIB midnight is this close.
PREPARE_AHEAD_SECONDS = 3600.0


def keep_current(sets: EligibilitySets, registry: PolicyRegistry, clock: Clock) -> None:
    """Build what today (and, near midnight, tomorrow) lacks; drop what no day needs."""
    today = clock.today()
    days = [today]
    if _seconds_to_midnight(clock, today) < PREPARE_AHEAD_SECONDS:
        days.append(today + timedelta(days=1))
    wanted: set[tuple[date, str]] = set()
    for day in days:
        try:
            policy, evaluator = registry.policy_on(day), registry.compiled(day)
        except FailedPrecondition:
            continue  # no policy covers that day: its lists are answered pair by pair
        sets.prepare(day, policy, evaluator)
        wanted.add((day, policy.version))
    sets.keep_only(wanted)


def _seconds_to_midnight(clock: Clock, today: date) -> float:
    midnight = datetime.combine(today + timedelta(days=1), time(0), tzinfo=WIB)
    return (midnight - clock.now()).total_seconds()
