"""One change feed per process fans application events out to its watch streams.

The feed reader publishes each application event once, in commit order, from
its own thread; every open WatchApplications stream holds a bounded asyncio
queue on the server's event loop, so an idle stream holds no thread. A stream
that falls more than QUEUE_SIZE events behind is told it lags and reads the
rest from storage, so a slow client never grows memory or slows the feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading

from matcher.application import ApplicationEvent

QUEUE_SIZE = 1000


class Subscription:
    def __init__(self, hub: WatchHub, loop: asyncio.AbstractEventLoop) -> None:
        self._hub = hub
        self._loop = loop
        self._queue: asyncio.Queue[ApplicationEvent | None] = asyncio.Queue(QUEUE_SIZE)
        self._dropped = False

    def offer(self, event: ApplicationEvent | None) -> None:
        """From any thread: an event, or None to wake the stream (it then looks whether to go on)."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: the server has stopped
            self._loop.call_soon_threadsafe(self._put, event)

    def _put(self, event: ApplicationEvent | None) -> None:
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self._dropped = True

    async def next(self) -> ApplicationEvent | None:
        return await self._queue.get()

    def lagging(self) -> bool:
        """True (once) when events were dropped: the stream reads them from storage instead."""
        if not self._dropped:
            return False
        self._dropped = False
        while not self._queue.empty():
            self._queue.get_nowait()
        return True

    def close(self) -> None:
        self._hub.unsubscribe(self)


class WatchHub:
    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()
        self._lock = threading.Lock()

    def subscribe(self, loop: asyncio.AbstractEventLoop) -> Subscription:
        subscription = Subscription(self, loop)
        with self._lock:
            self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            self._subscribers.discard(subscription)

    def publish(self, event: ApplicationEvent | None) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscription in subscribers:
            subscription.offer(event)

    def wake_all(self) -> None:
        """Every stream looks at once whether to go on (the server is draining)."""
        self.publish(None)

    def __len__(self) -> int:
        return len(self._subscribers)
