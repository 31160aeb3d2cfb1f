"""Standing eligibility queries: a stream of the vacancies a candidate comes to fit or stops
fitting (or the candidates of a vacancy), as the change feed, the day and the policy move.

A watch knows the set its client knows (empty, the current one with
``include_current``, or the one its resume token carries) and, whenever this
replica's read model says it moved (a change applied here or read from the feed,
another day, another policy version; pushed through the watch hub), works the current set out again (from the eligibility sets, so in
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

from pyroaring import BitMap

from matcher.principal import Principal
from server.replication.application_streams import WatchSlots, server_draining
from server.replication.watch_hub import WatchHub


@dataclass(frozen=True)
class Membership:
    """One member joining (``joined``) or leaving the set; ``known`` is the set after it."""

    member: int
    joined: bool
    policy_version: str
    known: BitMap


Members = Callable[[], tuple[BitMap, str]]


class StandingQueries:
    """This process's open standing queries (WatchEligibleVacancies, WatchEligibleCandidates)."""

    def __init__(self, slots: WatchSlots, hub: WatchHub, draining: threading.Event) -> None:
        self._slots = slots
        self._hub = hub
        self._draining = draining

    async def follow(
        self,
        caller: Principal,
        members: Members,
        known: BitMap | None,
        opened: Callable[[], Awaitable[None]],
        kind: str = "eligible_vacancies",
    ) -> AsyncIterator[Membership]:
        """Every change of ``members()`` (the set and the policy version it was worked out
        under) against ``known`` (None: the current set, so only what changes from now on),
        as it happens. ``members`` runs in the loop's thread pool, and again only when the
        replica has moved on (once for every moves queued meanwhile); ``opened`` is awaited
        once the watch is live; ``kind`` names it in ``cpmi_watch_streams``."""
        with self._slots.hold(caller, kind):
            loop = asyncio.get_running_loop()
            subscription = self._hub.subscribe(loop, events=False)  # before the first answer: no move is missed
            try:
                current, version = await loop.run_in_executor(None, members)
                known = BitMap(current) if known is None else known
                await opened()
                while True:
                    for change in _differences(known, current, version):
                        known = change.known
                        yield change
                    await subscription.next()
                    subscription.skip_waiting()
                    if self._draining.is_set():
                        raise server_draining()
                    current, version = await loop.run_in_executor(None, members)
            finally:
                subscription.close()


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
