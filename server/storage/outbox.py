"""The outbox: every committed change, in the transaction that made it, at a position readers follow.

Positions are commit order on both backends, so a reader that has seen
position N has seen every committed change before it: SQLite has one writer
at a time, and on PostgreSQL the changes of a transaction are appended last,
under a transaction-scoped advisory lock held until its commit, so no later
position can commit before an earlier one. (A bigserial alone is not commit
order: a later number can commit first, and a reader that moved past the
earlier one would lose it.) The lock is held only for the append and the
commit itself. An application event is also written to the history table
with its outbox position as its sequence, so histories and watch streams
share one order.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from matcher.application import ApplicationEvent
from matcher.changes import Change, ChangeKind, Committed
from server.storage import tables as t
from server.storage.codec import from_json, to_json

# pg_advisory_xact_lock key of the outbox: "cpmi" in ASCII.
OUTBOX_LOCK = 0x63706D69


def append(conn: Connection, changes: list[Change]) -> list[Committed]:
    """Write ``changes`` at the next positions; call last before commit."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_LOCK})
    committed = []
    for change in changes:
        result = conn.execute(
            sa.insert(t.outbox).values(kind=change.kind.value, key=change.key, payload=_payload(change))
        )
        position = int(result.inserted_primary_key[0])  # type: ignore[index]
        if change.event is not None:
            conn.execute(sa.insert(t.application_events).values(_event_row(change.event, position)))
        committed.append(Committed(position, change))
    return committed


def read_after(conn: Connection, position: int, limit: int) -> list[Committed]:
    """Committed changes after ``position``, in order."""
    o = t.outbox.c
    rows = conn.execute(
        sa.select(o.position, o.kind, o.key, o.payload).where(o.position > position).order_by(o.position).limit(limit)
    )
    return [Committed(row.position, _change(row.kind, row.key, row.payload)) for row in rows if row.kind != "epoch"]


def last_position(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.outbox.c.position), 0))).scalar_one())


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
