"""The audit trail table: appended inside the transaction of the change it records."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from matcher.ports import AuditRecord
from matcher.principal import Principal, Role
from server.observability import call_context
from server.storage import tables as t

EXPORT_PAGE = 10_000
_APPEND = sa.insert(t.audit_trail)  # built once: every change appends one row


class SqlAuditTrail:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, caller: Principal, action: str, resource: str, request_id: str) -> None:
        self._conn.execute(
            _APPEND,
            {
                "at": datetime.now(UTC),
                "role": caller.role.value,
                "subject": caller.subject,
                "actor": caller.actor[:128],
                "action": action[:64],
                "resource": resource[:256],
                "request_id": request_id,
                "peer": call_context.peer()[:128],
            },
        )

    def list(self, role: str, subject: str, resource: str, before: int, size: int) -> list[AuditRecord]:
        a = t.audit_trail.c
        query = sa.select(t.audit_trail).order_by(a.sequence.desc()).limit(size + 1)
        for condition in _matching(role, subject, resource):
            query = query.where(condition)
        if before:
            query = query.where(a.sequence < before)
        return [AuditRecord(**row) for row in self._conn.execute(query).mappings()]


def export_audit(engine: Engine, subject: tuple[Role, str] | None, resource: str) -> Iterator[AuditRecord]:
    """Every matching record, oldest first, streamed (for `cpmi-matcher audit-export`)."""
    a = t.audit_trail.c
    query = sa.select(t.audit_trail).order_by(a.sequence)
    for condition in _matching(subject[0].value if subject else "", subject[1] if subject else "", resource):
        query = query.where(condition)
    with engine.connect() as conn:
        for row in conn.execution_options(stream_results=True, yield_per=EXPORT_PAGE).execute(query).mappings():
            yield AuditRecord(**row)


def _matching(role: str, subject: str, resource: str) -> list[sa.ColumnElement[bool]]:
    a = t.audit_trail.c
    conditions: list[sa.ColumnElement[bool]] = []
    if role:
        conditions += [a.role == role, a.subject == subject]
    if resource:
        escaped = resource.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(sa.or_(a.resource == resource, a.resource.like(f"{escaped}/%", escape="\\")))
    return conditions
