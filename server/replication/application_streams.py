"""WatchApplications streams: history from storage, then live from the read model's moves.

A watch first subscribes to the watch hub (so nothing falls between replay and
live), replays what storage holds after the requested sequence, then follows
the events the hub hands on (those read from the feed, in commit order); a watch that lags reads the rest from storage again. An idle watch
waits on the event loop and holds no thread. The process bounds its open
watches (CPMI_MAX_WATCHERS) and each caller's (CPMI_MAX_WATCHERS_PER_CALLER);
at shutdown every open watch ends with UNAVAILABLE SERVER_DRAINING so its
client resumes elsewhere from the last sequence it saw.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from matcher.application import ApplicationEvent
from matcher.errors import Reason, Unavailable
from matcher.ports import ApplicationFilter
from matcher.principal import Principal, Role
from matcher.text import Text
from server.replication.watch_hub import WatchHub
from server.security.caller_limits import CallerSlots, too_many_watchers


class WatchHistory(Protocol):
    """What a watch reads from storage (the application use case answers it)."""

    def watch_from(self, caller: Principal, where: ApplicationFilter, after: int | None, delivered: int) -> int: ...
    def replay(self, caller: Principal, where: ApplicationFilter, after: int, upto: int) -> list[ApplicationEvent]: ...
    def events_seen_by(self, caller: Principal, events: list[ApplicationEvent]) -> list[ApplicationEvent]: ...


def server_draining() -> Unavailable:
    """This replica is shutting down; the stream's client reconnects (to another one) and
    resumes from the last sequence it saw."""
    text = Text(
        id="Server sedang berhenti; sambungkan ulang dan lanjutkan dari urutan terakhir",
        en="The server is shutting down; reconnect and resume from the last sequence seen",
    )
    return Unavailable(Reason.SERVER_DRAINING, text)


class WatchSlots:
    """Open watch streams of every kind (applications, standing eligibility queries): at most
    ``max_watchers`` in this process and ``max_watchers_per_caller`` for one caller; counted per
    kind for the ``cpmi_watch_streams`` gauge (every kind: a standing query holds a slot like a
    WatchApplications stream does)."""

    KINDS = ("applications", "eligible_vacancies", "eligible_candidates")

    def __init__(self, max_watchers: int, max_watchers_per_caller: int = 10) -> None:
        self._max_watchers = max_watchers
        self._per_caller = CallerSlots(max_watchers_per_caller, lambda: too_many_watchers(per_caller=True))
        self._open = 0  # touched on the event loop only
        self._by_kind = dict.fromkeys(self.KINDS, 0)

    def __len__(self) -> int:
        return self._open

    def by_kind(self) -> dict[str, float]:
        """Open streams per kind (read by a scrape from another thread: a copy)."""
        return {kind: float(n) for kind, n in list(self._by_kind.items())}

    @contextmanager
    def hold(self, caller: Principal, kind: str = "applications") -> Iterator[None]:
        if self._open >= self._max_watchers:
            raise too_many_watchers()
        with self._per_caller.hold(caller.key):
            self._open += 1
            self._by_kind[kind] = self._by_kind.get(kind, 0) + 1
            try:
                yield
            finally:
                self._open -= 1
                self._by_kind[kind] -= 1


class ApplicationStreams:
    """This process's open WatchApplications streams: their draining, their replay and live parts."""

    def __init__(
        self,
        history: WatchHistory,
        hub: WatchHub,
        draining: threading.Event,
        slots: WatchSlots,
        delivered: Callable[[], int],
    ) -> None:
        """``delivered``: the read model's position (every event up to it has gone to ``hub``)."""
        self._history = history
        self._delivered = delivered
        self._hub = hub
        self._draining = draining
        self._slots = slots

    async def follow(
        self,
        caller: Principal,
        where: ApplicationFilter,
        requested: int | None,
        opened: Callable[[], Awaitable[None]],
    ) -> AsyncIterator[ApplicationEvent]:
        """The events of ``where`` after ``requested`` (None: from now on), as ``caller`` may
        see them; ``opened`` is awaited once the watch is live (the servicer sends headers)."""
        with self._slots.hold(caller, "applications"):
            loop = asyncio.get_running_loop()
            subscription = self._hub.subscribe(loop, events=True)  # before the replay: nothing falls between the two
            try:
                after = await loop.run_in_executor(
                    None, self._history.watch_from, caller, where, requested, self._delivered()
                )
                await opened()
                while True:
                    while batch := await loop.run_in_executor(
                        None, self._history.replay, caller, where, after, self._delivered()
                    ):
                        for event in batch:
                            after = event.sequence
                            yield event
                    while not subscription.lagging():
                        moved = await subscription.next()
                        if self._draining.is_set():
                            raise server_draining()
                        for live in moved.events if moved is not None else ():
                            if live.sequence > after and where.matches(live):
                                after = live.sequence
                                yield await self._pseudonymised(caller, live)
            finally:
                subscription.close()

    async def _pseudonymised(self, caller: Principal, event: ApplicationEvent) -> ApplicationEvent:
        """A P3MI may know the candidate only while an application to it is in progress,
        which storage knows; every other party sees the event as it is."""
        if caller.role is not Role.P3MI:
            return event
        loop = asyncio.get_running_loop()
        seen = await loop.run_in_executor(None, self._history.events_seen_by, caller, [event])
        return seen[0]
