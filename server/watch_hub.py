"""One change feed per process fans application events out to its watch streams.

The feed reader publishes each application event once, in commit order; every
open WatchApplications stream holds a bounded queue. A stream that falls more
than QUEUE_SIZE events behind is told it lags and reads the rest from storage,
so a slow client never grows memory or slows the feed.
"""

from __future__ import annotations

import queue
import threading

from matcher.application import ApplicationEvent

QUEUE_SIZE = 1000


class HubSubscription:
    def __init__(self, hub: WatchHub) -> None:
        self._hub = hub
        self._queue: queue.Queue[ApplicationEvent | None] = queue.Queue(QUEUE_SIZE)
        self._dropped = False

    def offer(self, event: ApplicationEvent | None) -> None:
        """An event, or None to wake the stream (it then looks whether to go on)."""
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self._dropped = True

    def next(self, timeout: float) -> ApplicationEvent | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def lagging(self) -> bool:
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
        self._subscribers: set[HubSubscription] = set()
        self._lock = threading.Lock()

    def subscribe(self) -> HubSubscription:
        subscription = HubSubscription(self)
        with self._lock:
            self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: HubSubscription) -> None:
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
