"""The outbox: every committed change, in the transaction that made it, at a position readers follow.

A reader that has passed position N has seen every change committed below it.
On SQLite positions are commit order (one writer at a time). On PostgreSQL
writers take positions from the table's sequence without waiting for each
other, so a later number can commit first; each read also returns the bounds of
its snapshot and the reader passes only what can no longer be joined by an
earlier position (server/replication/commit_frontier.py). For that, a writer
makes sure its transaction has an id before it takes a position. An application
event is also written to the history table with its outbox position as its
sequence, so histories and watch streams share one order.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from matcher.application import ApplicationEvent
from matcher.changes import Change, ChangeKind, Committed
from server.storage import tables as t
from server.storage.codec import from_json, to_json
from server.storage.engine import WROTE

# Reading the snapshot's bounds: the oldest transaction still running and the first not started.
_BOUNDS = sa.text(
    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
)
_TRANSACTION_ID = sa.text("SELECT pg_current_xact_id()")
# How often the start position waits on writers that were running when it was read.
SETTLE_POLL_SECONDS = 0.01
SETTLE_WARNING_SECONDS = 5.0
log = logging.getLogger("cpmi.feed")


@dataclass(frozen=True, slots=True)
class SnapshotBounds:
    """The ``xmin`` and ``xmax`` of the snapshot an outbox read saw (PostgreSQL)."""

    xmin: int
    xmax: int


# Built once: every committed change appends here (see application_repository._INSERT).
_APPEND = sa.insert(t.outbox).returning(t.outbox.c.position, sort_by_parameter_order=True)
_APPEND_EVENT = sa.insert(t.application_events)


def append(conn: Connection, changes: list[Change]) -> list[Committed]:
    """Write ``changes`` at the next positions; call last before commit."""
    if conn.dialect.name == "postgresql" and not conn.info.get(WROTE):
        conn.execute(_TRANSACTION_ID)  # the id exists before the positions do (see commit_frontier)
    rows = [{"kind": change.kind.value, "key": change.key, "payload": _payload(change)} for change in changes]
    positions = conn.execute(_APPEND, rows).scalars().all()  # one statement, positions in order
    committed = [Committed(int(position), change) for position, change in zip(positions, changes, strict=True)]
    events = [_event_row(item.change.event, item.position) for item in committed if item.change.event is not None]
    if events:
        conn.execute(_APPEND_EVENT, events)
    return committed


def read_after(conn: Connection, position: int, limit: int) -> tuple[list[int], list[Committed], SnapshotBounds | None]:
    """Up to ``limit`` positions committed after ``position`` in order, the changes at them
    ("epoch" markers have none), and on PostgreSQL the bounds of the snapshot they were read
    in. ``conn`` must not have begun a transaction yet."""
    bounds = None
    if conn.dialect.name == "postgresql":
        conn.execution_options(isolation_level="REPEATABLE READ")
        bounds = SnapshotBounds(*conn.execute(_BOUNDS).one())
    o = t.outbox.c
    rows = conn.execute(
        sa.select(o.position, o.kind, o.key, o.payload).where(o.position > position).order_by(o.position).limit(limit)
    ).all()
    changes = [Committed(row.position, _change(row.kind, row.key, row.payload)) for row in rows if row.kind != "epoch"]
    return [row.position for row in rows], changes, bounds


def start_position(conn: Connection) -> int:
    """The last position, once no change below it can still commit: on PostgreSQL this waits
    for the write transactions running when it was read (usually none, or milliseconds)."""
    last = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.outbox.c.position), 0))).scalar_one())
    if conn.dialect.name != "postgresql":
        return last
    conn.commit()
    started = SnapshotBounds(*conn.execute(_BOUNDS).one())  # read after the position, in a later snapshot
    conn.commit()
    waited, said = time.monotonic(), False
    while SnapshotBounds(*conn.execute(_BOUNDS).one()).xmin < started.xmax:
        conn.commit()
        if not said and time.monotonic() - waited > SETTLE_WARNING_SECONDS:
            log.warning("waiting for write transactions that were running at start (position %d)", last)
            said = True
        time.sleep(SETTLE_POLL_SECONDS)
    return last


def _payload(change: Change) -> dict[str, Any]:
    payload: dict[str, Any] = {"hints": change.hints}
    if change.event is not None:
        payload["event"] = to_json(change.event)
    return payload


def _change(kind: str, key: str, payload: dict[str, Any]) -> Change:
    event = payload.get("event")
    return Change(
        ChangeKind(kind), key, dict(payload.get("hints", {})), from_json(ApplicationEvent, event) if event else None
    )


def _event_row(event: ApplicationEvent, sequence: int) -> dict[str, Any]:
    return {
        "sequence": sequence,
        "application_id": event.application_id,
        "candidate_id": event.candidate_id,
        "company_id": event.company_id,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value,
        "actor": event.actor,
        "reason": event.reason,
        "created_at": event.time,
        "snapshot": to_json(event.snapshot),
    }
