"""The watch hub: what the read model says moved, handed to every open watch on the event loop.

The hub listens to the read model's one signal (matcher/read_model) and offers each
move to every open watch, WatchApplications streams and standing queries alike: each
holds a bounded asyncio queue on the server's event loop, so an idle watch holds no
thread. A watch that falls more than QUEUE_SIZE moves behind is told it lags (an
application stream reads the rest from storage; a standing query works its answer out
again anyway), so a slow client never grows memory or slows the feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from matcher.read_model import Moved

QUEUE_SIZE = 1000


class Subscription:
    def __init__(self, hub: WatchHub, loop: asyncio.AbstractEventLoop, events: bool) -> None:
        self._hub = hub
        self._loop = loop
        self.events = events  # an application stream (it reads the events), not a standing query
        self._queue: asyncio.Queue[Moved | None] = asyncio.Queue(QUEUE_SIZE)
        self._dropped = False

    def offer(self, moved: Moved | None) -> None:
        """From any thread: a move, or None to wake the watch (it then looks whether to go on)."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server has stopped
            self._loop.call_soon_threadsafe(self._put, moved)

    def _put(self, moved: Moved | None) -> None:
        try:
            self._queue.put_nowait(moved)
        except asyncio.QueueFull:
            self._dropped = True

    async def next(self) -> Moved | None:
        return await self._queue.get()

    def skip_waiting(self) -> None:
        """Forget the moves already queued (a standing query works its answer out once for all)."""
        while not self._queue.empty():
            self._queue.get_nowait()
        self._dropped = False

    def lagging(self) -> bool:
        """True (once) when moves were dropped: the stream reads them from storage instead."""
        if not self._dropped:
            return False
        self.skip_waiting()
        return True

    def close(self) -> None:
        self._hub.unsubscribe(self)


class WatchHub:
    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self._lock = threading.Lock()

    def subscribe(self, loop: asyncio.AbstractEventLoop, *, events: bool) -> Subscription:
        subscription = Subscription(self, loop, events)
        with self._lock:
            self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def publish(self, moved: Moved | None) -> None:
        """The read model's listener: every watch hears of the move."""
        with self._lock:
            subscribers = list(self._subscribers)
        for subscription in subscribers:
            subscription.offer(moved)

    def wake_all(self) -> None:
        """Every watch looks at once whether to go on (the server is draining)."""
        self.publish(None)

    def event_streams(self) -> int:
        """Open WatchApplications streams (the feed reads at once while one is open)."""
        with self._lock:
            return sum(1 for s in self._subscribers if s.events)

    def __len__(self) -> int:
        return len(self._subscribers)
