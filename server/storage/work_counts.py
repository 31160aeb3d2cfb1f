"""The numbers of the work, counted by the database in a few GROUP BY queries: registrations
per status per regency with the oldest waiting one, applications per status, placement
agreements waiting per regency.

Read by a background thread every so often (server/observability/work_gauges.py), never per
scrape. The labels are statuses and regency codes (at most 514 regencies and cities): no
candidate, company or vacancy id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from matcher.application import ApplicationStatus
from matcher.registration import RegistrationStatus
from server.storage.tables import applications, registrations


@dataclass(frozen=True)
class WorkCounts:
    # (status, regency code) -> registrations
    registrations: dict[tuple[str, str], int] = field(default_factory=dict)
    # regency code -> the submitted_at of the oldest registration waiting for its Dinas
    oldest_waiting: dict[str, datetime] = field(default_factory=dict)
    # status -> applications
    applications: dict[str, int] = field(default_factory=dict)
    # regency code -> applications whose PP waits for the Dinas's verification
    agreements_waiting: dict[str, int] = field(default_factory=dict)


def count_work(engine: Engine) -> WorkCounts:
    r, a = registrations.c, applications.c
    with engine.connect() as connection:
        per_regency = connection.execute(
            sa.select(r.status, r.regency_code, sa.func.count()).group_by(r.status, r.regency_code)
        ).all()
        oldest = connection.execute(
            sa.select(r.regency_code, sa.func.min(r.submitted_at))
            .where(r.status == RegistrationStatus.SUBMITTED.value)
            .group_by(r.regency_code)
        ).all()
        per_status = connection.execute(sa.select(a.status, sa.func.count()).group_by(a.status)).all()
        waiting = connection.execute(
            sa.select(a.regency_code, sa.func.count())
            .where(a.status == ApplicationStatus.AWAITING_PP_VERIFICATION.value)
            .group_by(a.regency_code)
        ).all()
    return WorkCounts(
        registrations={(str(s), str(code)): int(n) for s, code, n in per_regency},
        oldest_waiting={str(code): _utc(at) for code, at in oldest if at is not None},
        applications={str(s): int(n) for s, n in per_status},
        agreements_waiting={str(code): int(n) for code, n in waiting},
    )


def _utc(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
