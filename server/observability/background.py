"""Work that leaves the request path: a bounded queue and one thread that handles it.

``offer`` appends and never blocks; when the queue is full the oldest item is
dropped and counted (a request never waits for a log line or a check). The
thread hands what is queued to ``handle`` in batches every ``flush_seconds``;
``close`` handles what is left, then stops. The decision log, the access log
and the shadow checker are built on it.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any, Generic, TextIO, TypeVar

T = TypeVar("T")


class BackgroundQueue(Generic[T]):
    def __init__(self, name: str, handle: Callable[[list[T]], None], capacity: int, flush_seconds: float) -> None:
        self._handle = handle
        self._queue: deque[T] = deque(maxlen=capacity)
        self._capacity = capacity
        self._flush_seconds = flush_seconds
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = False
        self.dropped = 0
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    @property
    def depth(self) -> int:
        return len(self._queue)

    def offer(self, item: T) -> None:
        if len(self._queue) >= self._capacity:
            self.dropped += 1  # the deque drops the oldest on append
        self._queue.append(item)

    def drain(self, timeout: float = 5.0) -> None:
        """Wait until everything queued so far is handled (tests, shutdown)."""
        self._wake.set()
        deadline = time.monotonic() + timeout
        while (self._queue or not self._idle.is_set()) and time.monotonic() < deadline:
            time.sleep(0.01)

    def close(self) -> None:
        """Handle what is queued, then stop the thread."""
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._wake.wait(self._flush_seconds)
            self._wake.clear()
            self._idle.clear()
            batch = self._take_all()
            if batch:
                self._handle(batch)
            self._idle.set()
            if self._stopping:
                return

    def _take_all(self) -> list[T]:
        batch: list[T] = []
        while self._queue:
            try:
                batch.append(self._queue.popleft())
            except IndexError:
                break
        return batch


def write_json_lines(sink: TextIO, objects: Iterable[dict[str, Any]]) -> None:
    """One JSON object a line, the whole batch in one write."""
    text = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
    if text:
        sink.write(text)
        sink.flush()
