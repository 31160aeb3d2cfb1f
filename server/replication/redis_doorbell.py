"""The Redis doorbell replicas wake each other with: a stream of committed outbox positions.

A position wakes a replica that has not applied it; what is applied is always
read from the outbox, never from Redis. Each entry names the replica that rang,
which is not woken by its own ring (its read model took those commits already).

Every replica reads with XREAD from its own last id (not a consumer group:
every replica needs every entry). The stream is capped (MAXLEN ~); a replica
that misses entries, or Redis altogether, still catches up from the outbox,
which is the truth. Redis failures are logged at most once a minute and never
fail a request.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from typing import cast

import redis

log = logging.getLogger("cpmi.feed.redis")

STREAM = "cpmi:outbox"
MAX_LENGTH = 100_000
BLOCK_MILLISECONDS = 1000
RETRY_SECONDS = 0.5
LOG_INTERVAL_SECONDS = 60.0


class RedisDoorbell:
    def __init__(self, url: str) -> None:
        self._url = url
        self._origin = uuid.uuid4().hex.encode()
        self._writer = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._reader = redis.Redis.from_url(url, socket_timeout=BLOCK_MILLISECONDS / 1000 + 2, socket_connect_timeout=1)
        self._last_logged = 0.0
        self._lock = threading.Lock()
        self._reading_failed = False

    def publish(self, positions: list[int]) -> None:
        """Tell the other replicas these positions committed (best effort)."""
        try:
            self._writer.xadd(
                STREAM,
                {"positions": ",".join(map(str, positions)), "from": self._origin},
                maxlen=MAX_LENGTH,
                approximate=True,
            )
        except redis.RedisError as problem:
            self._complain("publish", problem)

    def follow(self, stopping: threading.Event) -> Iterator[list[int]]:
        """Positions as other replicas publish them, from now on, until ``stopping``."""
        last_id: bytes | str = "$"
        while not stopping.is_set():
            try:
                replies = self._reader.xread({STREAM: last_id}, count=1000, block=BLOCK_MILLISECONDS)
            except (redis.RedisError, OSError, ValueError) as problem:  # ValueError: closed while reading
                if stopping.is_set():
                    return
                self._complain("read", problem)
                self._reading_failed = True
                stopping.wait(RETRY_SECONDS)
                continue
            if self._reading_failed:
                self._reading_failed = False
                log.warning("redis read again: following the stream (what it missed meanwhile is read from the outbox)")
            for _stream, entries in cast(list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]], replies or []):
                positions: list[int] = []
                for entry_id, fields in entries:
                    last_id = entry_id
                    if fields.get(b"from") == self._origin:
                        continue
                    raw = fields.get(b"positions", b"")
                    positions += [int(p) for p in raw.split(b",") if p]
                yield positions

    def close(self) -> None:
        for client in (self._writer, self._reader):
            client.close()

    def _complain(self, what: str, problem: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last_logged < LOG_INTERVAL_SECONDS:
                return
            self._last_logged = now
        log.warning("redis %s failed (%s); following the outbox instead", what, type(problem).__name__)
