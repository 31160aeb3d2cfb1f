"""This process as a replica of the outbox: every committed change, in commit order, put on
the message bus (matcher/bus.py) for the read model and, through it, the watches.

The outbox is the truth and the reader's position says how far this process has
applied it. Redis (when configured) is the fast path: a writer publishes the
positions it committed on a stream, and every replica's reader, blocked in
XREAD from its own last id, wakes when a position is one it has not applied
yet and reads the outbox from its position, so nothing is skipped or applied
out of order whatever Redis delivers or loses (the positions decide whether to
read, never what is applied).
Without Redis, or while Redis is down, the reader polls the outbox. A process's
read model takes its own commits at once from the bus (read-your-writes); the
reader reads them back for the application events, in commit order: at once
while a WatchApplications stream is open, at its next poll otherwise (reading the
outbox after every commit cost as much as the commits). A replica whose database has not answered for
STALE_AFTER_SECONDS knows its view may be stale: it says NOT_SERVING and
index-backed reads answer UNAVAILABLE until it has caught up again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from matcher.bus import Message, ReadFromFeed
from matcher.errors import Reason, Unavailable
from matcher.text import Text
from server.replication.commit_frontier import CommitFrontier
from server.replication.redis_doorbell import RedisDoorbell
from server.storage import outbox

log = logging.getLogger("cpmi.feed")

BATCH = 500
# Committed changes held behind an earlier position this long get one warning line: a write
# transaction on the database (any, on PostgreSQL) has been running that long.
HOLD_WARNING_SECONDS = 10.0
# A replica whose database has not answered this long says NOT_SERVING (CPMI_STALE_AFTER_SECONDS).
STALE_AFTER_SECONDS = 5.0


class ChangeFeedReader:
    def __init__(
        self,
        engine: Engine,
        handle: Callable[[Message], None],
        redis: RedisDoorbell | None,
        poll_seconds: float,
        stale_after: float = STALE_AFTER_SECONDS,
        read_at_once: Callable[[], bool] = lambda: False,
    ) -> None:
        """``handle``: the bus's, for what the reader reads; ``read_at_once``: whether a
        commit here is to be read back now (a WatchApplications stream waits for its event)."""
        self._engine = engine
        self._handle = handle
        self._read_at_once = read_at_once
        self._redis = redis
        self._poll_seconds = poll_seconds
        self._stale_after = stale_after
        # Told when the replica turns stale (False) or has caught up again (True).
        self.on_serving: Callable[[bool], None] = lambda _serving: None
        self._position = 0
        self._frontier = CommitFrontier()
        self._held_since: float | None = None
        self._read_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._last_ok = time.monotonic()
        self._started = False  # the first read goes on the bus even when empty: the position is set
        self._serving = True
        self._threads: list[threading.Thread] = []

    @property
    def position(self) -> int:
        """The last outbox position this reader has read and put on the bus."""
        return self._position

    def snapshot_position(self) -> int:
        """The outbox position to start from, read before the indexes are built: what
        commits while they build is applied again, which is harmless."""
        with self._engine.connect() as conn:
            return outbox.start_position(conn)

    def start(self, position: int) -> None:
        """Catch up from ``position`` (the caller is not serving yet), then follow."""
        self._position = position
        applied = self.catch_up()
        log.info("change feed caught up: %d changes applied, at outbox position %d", applied, self._position)
        self._threads = [threading.Thread(target=self._follow, name="cpmi-feed", daemon=True)]
        if self._redis is not None:
            self._threads.append(threading.Thread(target=self._listen, name="cpmi-feed-redis", daemon=True))
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._redis is not None:
            self._redis.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def committed_here(self, message: Message) -> None:
        """The bus's handler for this process's commits: tell the other replicas, and read
        them back now when a WatchApplications stream waits for their events."""
        positions = [item.position for item in message.changes]
        if self._redis is not None and positions:
            self._redis.publish(positions)
        if self._read_at_once():
            self._wake.set()

    def seconds_since_database(self) -> float:
        return time.monotonic() - self._last_ok

    def fresh(self) -> bool:
        return self.seconds_since_database() < self._stale_after

    def require_fresh(self) -> None:
        """Refuse to answer from a view this replica knows may be stale."""
        if not self.fresh():
            raise Unavailable(
                Reason.REPLICA_STALE,
                Text(
                    id="Replika ini tertinggal dari basis data; coba lagi (replika lain dapat menjawab)",
                    en="This replica has lost touch with the database; retry (another replica can answer)",
                ),
            )

    def catch_up(self) -> int:
        """Put everything committed after this reader's position on the bus, in commit order;
        how many changes that was."""
        applied = 0
        while True:
            with self._engine.connect() as conn:
                seen, found, bounds = outbox.read_after(conn, self._position, BATCH)
            complete = len(seen) < BATCH
            with self._read_lock:
                passable = self._frontier.passable(self._position, seen, bounds, complete)
                passed = tuple(item for item in found if item.position <= passable)
                if passed or passable > self._position or not self._started:
                    self._handle(ReadFromFeed(passed, max(self._position, passable)))
                    self._started = True
                applied += len(passed)
                self._position = max(self._position, passable)
            held = self._frontier.waiting()
            self._note_hold(held)
            if complete or held:
                self._last_ok = time.monotonic()
                return applied

    def _note_hold(self, held: bool) -> None:
        """Say once when committed changes have waited long behind an earlier position."""
        now = time.monotonic()
        if not held:
            self._held_since = None
        elif self._held_since is None:
            self._held_since = now
        elif now - self._held_since > HOLD_WARNING_SECONDS:
            log.warning(
                "change feed holds changes after position %d for %.0f s: a write transaction that took "
                "an earlier position is still running",
                self._position,
                now - self._held_since,
            )
            self._held_since = float("inf")  # once per hold

    def _follow(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self._poll_seconds)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self.catch_up()
            except SQLAlchemyError as problem:
                log.warning("change feed cannot read the outbox: %s", type(problem).__name__)
            except Exception:  # a bug in applying: keep following, the next read retries
                log.exception("change feed failed to apply a change after position %d", self._position)
            self._report_serving()

    def _listen(self) -> None:
        """Wake the reader when Redis names a position it has not read yet (the doorbell
        does not ring for this process's own commits)."""
        assert self._redis is not None
        for positions in self._redis.follow(self._stopping):
            if any(p > self._position for p in positions):
                self._wake.set()

    def _report_serving(self) -> None:
        serving = self.fresh()
        if serving != self._serving:
            self._serving = serving
            log.warning("replica %s", "caught up: SERVING" if serving else "stale: NOT_SERVING")
            self.on_serving(serving)
