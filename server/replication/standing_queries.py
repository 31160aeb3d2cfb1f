"""Standing eligibility queries: a stream of the vacancies a candidate comes to fit or stops
fitting (or the candidates of a vacancy), as the change feed, the day and the policy move.

A watch knows the set its client knows (empty, the current one with
``include_current``, or the one its resume token carries) and, whenever this
replica has applied something new (a feed position, another day, another policy
version), works the current set out again (from the eligibility sets, so in
microseconds) and sends the difference: each member that came as BECAME, each
that left as NO_LONGER with its reasons. A resume token is the set after the
message that carried it, so a client resuming on any replica is sent exactly what
changed since, nothing twice. Idle watches wait on the event loop; at shutdown
they end with UNAVAILABLE SERVER_DRAINING like WatchApplications.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from pyroaring import BitMap

from matcher.principal import Principal
from server.replication.watch_stream import WatchSlots, server_draining

# How often an open watch looks whether the replica moved on (a change reaches it within this).
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Moment:
    """What a standing answer depends on: the feed's position, the day, the policy version."""

    position: int
    day: date
    policy_version: str


@dataclass(frozen=True)
class Membership:
    """One member joining (``joined``) or leaving the set; ``known`` is the set after it."""

    member: int
    joined: bool
    policy_version: str
    known: BitMap


Members = Callable[[], tuple[BitMap, str]]


class EligibilityWatches:
    def __init__(self, slots: WatchSlots, moment: Callable[[], Moment], draining: threading.Event) -> None:
        self._slots = slots
        self._moment = moment
        self._draining = draining

    async def follow(
        self, caller: Principal, members: Members, known: BitMap | None, opened: Callable[[], Awaitable[None]]
    ) -> AsyncIterator[Membership]:
        """Every change of ``members()`` (the set and the policy version it was worked out
        under) against ``known`` (None: the current set, so only what changes from now on),
        as it happens. ``members`` runs in the loop's thread pool, and again only when the
        replica has moved on; ``opened`` is awaited once the watch is live."""
        with self._slots.hold(caller):
            loop = asyncio.get_running_loop()
            seen = self._moment()
            current, version = await loop.run_in_executor(None, members)
            known = BitMap(current) if known is None else known
            await opened()
            while True:
                for change in _differences(known, current, version):
                    known = change.known
                    yield change
                while (moved := self._moment()) == seen:
                    await asyncio.sleep(POLL_SECONDS)
                    if self._draining.is_set():
                        raise server_draining()
                seen = moved
                current, version = await loop.run_in_executor(None, members)


def _differences(known: BitMap, current: BitMap, version: str) -> list[Membership]:
    """Leavers first, then joiners, in position order; each with the set after it."""
    changes = []
    after = BitMap(known)
    for member in known - current:
        after = after - BitMap([member])
        changes.append(Membership(member, False, version, after))
    for member in current - known:
        after = after | BitMap([member])
        changes.append(Membership(member, True, version, after))
    return changes
