"""A standing query's stream against its list: whatever the sets go through, the messages
applied to what the client knew give the list at every step, and resuming from any message's
token gives exactly what came after it (the final list), nothing missed or repeated."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from pyroaring import BitMap

from matcher.principal import Principal, Role
from matcher.read_model import Moment, Moved
from server.replication.application_streams import WatchSlots
from server.replication.standing_queries import Membership, StandingQueries
from server.replication.watch_hub import WatchHub

CALLER = Principal(Role.CANDIDATE, "c-1")
sets_of_members = st.lists(st.frozensets(st.integers(1, 40), max_size=15), min_size=1, max_size=8)


class Replica:
    """Lists that change step by step, each step a new position of the feed, told to the hub."""

    def __init__(self, steps: list[frozenset[int]]) -> None:
        self.steps = iter(steps)
        self.now = next(self.steps)
        self.position = 0
        self.hub = WatchHub()

    def moment(self) -> Moment:
        return Moment(self.position, date(2026, 11, 27), "v1")

    def members(self) -> tuple[BitMap, str]:
        return BitMap(self.now), "v1"

    def advance(self) -> bool:
        step = next(self.steps, None)
        if step is None:
            return False
        self.now, self.position = step, self.position + 1
        self.hub.publish(Moved(self.moment()))
        return True


def _run(replica: Replica, known: BitMap | None) -> list[Membership]:
    """Follow the watch while the replica moves through its steps; every message received."""
    watches = StandingQueries(WatchSlots(10), replica.hub, threading.Event())

    async def opened() -> None:
        return None

    start = set(known) if known is not None else set(replica.now)

    async def follow() -> list[Membership]:
        received: list[Membership] = []
        stream = watches.follow(CALLER, replica.members, known, opened)
        consumer = asyncio.ensure_future(_drain(stream, received))
        while True:
            await asyncio.sleep(0.01)
            if not replica.advance():
                break
        final = set(replica.now)
        for _ in range(500):  # until the watch has caught up with the last step (or 5 s)
            caught_up = set(received[-1].known) == final if received else start == final
            if caught_up:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.02)
        consumer.cancel()
        return received

    return asyncio.run(follow())


async def _drain(stream: object, received: list[Membership]) -> None:
    async for change in stream:  # type: ignore[attr-defined]
        received.append(change)


def _applied(known: set[int], changes: Iterator[Membership]) -> set[int]:
    for change in changes:
        assert (change.member in known) != change.joined, "a change is never told twice"
        if change.joined:
            known.add(change.member)
        else:
            known.discard(change.member)
        assert set(change.known) == known, "each token holds the set after its message"
    return known


@settings(max_examples=40, deadline=None)
@given(sets_of_members)
def test_the_stream_applied_gives_the_list_and_a_resume_gives_the_rest(steps: list[frozenset[int]]) -> None:
    received = _run(Replica(steps), BitMap())  # include_current: it starts from nothing
    assert _applied(set(), iter(received)) == set(steps[-1])
    for message in received:  # resume from any message: exactly what came after, to the end
        again = _run(Replica([steps[-1]]), BitMap(message.known))
        assert _applied(set(message.known), iter(again)) == set(steps[-1])


@settings(max_examples=20, deadline=None)
@given(sets_of_members)
def test_without_include_current_only_changes_are_told(steps: list[frozenset[int]]) -> None:
    received = _run(Replica(steps), None)
    assert _applied(set(steps[0]), iter(received)) == set(steps[-1])
