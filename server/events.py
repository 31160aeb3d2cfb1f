"""Wakes application watchers in this process when events were committed.

Watchers also poll the database every second, so events committed by other
replicas reach them too (a Redis stream will make that immediate).
"""

from __future__ import annotations

import threading


class LocalEventSignal:
    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._generation = 0

    def notify(self) -> None:
        with self._condition:
            self._generation += 1
            self._condition.notify_all()

    def wait(self, timeout: float) -> None:
        with self._condition:
            seen = self._generation
            self._condition.wait_for(lambda: self._generation != seen, timeout)
