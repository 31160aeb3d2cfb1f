"""Applications, their event history, and the quota claims on vacancies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from matcher.application import ACTIVE, PLACED, Application, ApplicationEvent, ApplicationStatus, Interview
from matcher.errors import AlreadyApplied, FailedPrecondition, Precondition, Reason, etag_mismatch
from matcher.paging import PageRequest
from matcher.ports import ApplicationFilter
from matcher.snapshots import Placement
from matcher.text import Text
from server.storage import tables as t
from server.storage.codec import from_json

_SLOTS = {"male": ("filled_male", "openings_male"), "female": ("filled_female", "openings_female")}
_EITHER = ("filled_either", "openings_either")
# Built once: a statement object keeps its compiled form's cache key, so Apply, the hottest
# write, skips building and hashing the expression each time.
_INSERT = sa.insert(t.applications)


class SqlApplicationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, application_id: str) -> Application | None:
        row = (
            self._conn.execute(sa.select(t.applications).where(t.applications.c.id == application_id))
            .mappings()
            .first()
        )
        return _application(row) if row else None

    def add(self, application: Application) -> None:
        """No savepoint: a refused insert ends the unit of work (the use case raises), so the
        transaction need not stay usable after it."""
        try:
            self._conn.execute(_INSERT, _values(application, version=1))
        except IntegrityError:
            raise AlreadyApplied(
                Reason.ALREADY_APPLIED,
                Text(
                    id="Sudah ada lamaran aktif untuk lowongan ini",
                    en="There is already an active application to this vacancy",
                ),
            ) from None
        application.version = 1

    def save(self, application: Application) -> None:
        """Store a change; ETAG_MISMATCH if another writer won, ALREADY_PLACED if the change
        would give the candidate a second placement (the unique placement_holder)."""
        a = t.applications.c
        try:
            with self._conn.begin_nested():
                changed = self._conn.execute(
                    sa.update(t.applications)
                    .where(a.id == application.id, a.version == application.version)
                    .values(_values(application, version=application.version + 1))
                ).rowcount
        except IntegrityError:
            raise already_placed(application) from None
        if changed != 1:
            raise etag_mismatch(application.name)
        application.version += 1

    def search(self, where: ApplicationFilter, page: PageRequest) -> list[Application]:
        a = t.applications.c
        query = sa.select(t.applications).where(*_filters(a, where)).order_by(a.created_at, a.id).limit(page.size + 1)
        if page.after:
            after_time, after_id = datetime.fromisoformat(page.after[0]), page.after[1]
            query = query.where(sa.or_(a.created_at > after_time, sa.and_(a.created_at == after_time, a.id > after_id)))
        return [_application(row) for row in self._conn.execute(query).mappings()]

    def events(self, application_id: str, page: PageRequest) -> list[ApplicationEvent]:
        e = t.application_events.c
        query = sa.select(t.application_events).where(e.application_id == application_id)
        if page.after:
            query = query.where(e.sequence > int(page.after[0]))
        rows = self._conn.execute(query.order_by(e.sequence).limit(page.size + 1)).mappings()
        return [_event(row) for row in rows]

    def events_between(self, after: int, upto: int, where: ApplicationFilter, limit: int) -> list[ApplicationEvent]:
        e = t.application_events.c
        query = sa.select(t.application_events).where(e.sequence > after, e.sequence <= upto)
        if where.candidate_id:
            query = query.where(e.candidate_id == where.candidate_id)
        if where.company_id:
            query = query.where(e.company_id == where.company_id)
        if where.status is not None:
            query = query.where(e.to_status == where.status.value)
        a = t.applications.c
        for column, wanted in ((a.vacancy_id, where.vacancy_id), (a.regency_code, where.regency_code)):
            if wanted:
                query = query.where(e.application_id.in_(sa.select(a.id).where(column == wanted)))
        rows = self._conn.execute(query.order_by(e.sequence).limit(limit)).mappings()
        return [_event(row) for row in rows]

    def in_progress_among(self, candidate_ids: set[str], company_id: str) -> set[str]:
        a = t.applications.c
        rows = self._conn.execute(
            sa.select(a.candidate_id)
            .distinct()
            .where(
                a.candidate_id.in_(sorted(candidate_ids)),
                a.company_id == company_id,
                a.status.in_(sorted(s.value for s in ACTIVE)),
            )
        )
        return {row[0] for row in rows}

    def with_placement_agreement(self, document_name: str) -> list[Application]:
        rows = self._conn.execute(
            sa.select(t.applications).where(t.applications.c.placement_agreement == document_name)
        ).mappings()
        return [_application(row) for row in rows]


def already_placed(application: Application) -> FailedPrecondition:
    text = Text(
        id="Calon ini sudah dalam penempatan lain (diterima, PP menunggu atau terverifikasi)",
        en="This candidate already holds another placement (accepted, PP waiting or verified)",
    )
    return FailedPrecondition(
        Reason.ALREADY_PLACED,
        text,
        preconditions=[Precondition("PLACEMENT", f"candidates/{application.candidate_id}", text)],
    )


def claim_opening(conn: Connection, vacancy_id: str, gender: str) -> str | None:
    """One conditional UPDATE per slot: it changes a row only while filled < openings, so
    concurrent accepts can never oversell (SQLite serialises writers; PostgreSQL re-checks
    the condition after the row lock)."""
    for slot, columns in ((gender, _SLOTS.get(gender)), ("either", _EITHER)):
        if columns is None:
            continue
        filled, openings = columns
        v = t.vacancies.c
        changed = conn.execute(
            sa.update(t.vacancies).where(v.id == vacancy_id, v[filled] < v[openings]).values({filled: v[filled] + 1})
        ).rowcount
        if changed == 1:
            return slot
    return None


def release_opening(conn: Connection, vacancy_id: str, slot: str) -> None:
    filled = (_SLOTS.get(slot) or _EITHER)[0]
    v = t.vacancies.c
    conn.execute(sa.update(t.vacancies).where(v.id == vacancy_id, v[filled] > 0).values({filled: v[filled] - 1}))


def active_by_candidate(
    conn: Connection, candidate_ids: list[str] | None
) -> dict[str, tuple[frozenset[str], Placement | None]]:
    """For each candidate: vacancies with an active application, and the placement among them."""
    a = t.applications.c
    query = sa.select(a.candidate_id, a.vacancy_id, a.status).where(a.active_pair.is_not(None))
    if candidate_ids is not None:
        query = query.where(a.candidate_id.in_(candidate_ids))
    found: dict[str, tuple[set[str], Placement | None]] = {}
    for row in conn.execute(query):
        vacancies, placement = found.get(row.candidate_id, (set(), None))
        vacancies.add(row.vacancy_id)
        found[row.candidate_id] = (vacancies, placement or placement_of(row.vacancy_id, row.status))
    return {k: (frozenset(v), p) for k, (v, p) in found.items()}


def placement_of(vacancy_id: str, status: str) -> Placement | None:
    """The placement an active application in ``status`` is, if it is one."""
    found = ApplicationStatus(status)
    return Placement(vacancy_id, found is ApplicationStatus.PP_VERIFIED) if found in PLACED else None


def _filters(a: Any, where: ApplicationFilter) -> list[sa.ColumnElement[bool]]:
    conditions = []
    for column, value in (
        (a.candidate_id, where.candidate_id),
        (a.vacancy_id, where.vacancy_id),
        (a.company_id, where.company_id),
        (a.regency_code, where.regency_code),
    ):
        if value:
            conditions.append(column == value)
    if where.status:
        conditions.append(a.status == where.status.value)
    return conditions


def _values(application: Application, *, version: int) -> dict[str, Any]:
    return {
        "id": application.id,
        "candidate_id": application.candidate_id,
        "vacancy_id": application.vacancy_id,
        "company_id": application.company_id,
        "regency_code": application.regency_code,
        "gender": application.gender,
        "status": application.status.value,
        "interview_time": application.interview.time if application.interview else None,
        "interview_location": application.interview.location if application.interview else "",
        "placement_agreement": application.placement_agreement,
        "pp_refusal_reason": application.pp_refusal_reason,
        "decision_id": application.decision_id,
        "policy_version": application.policy_version,
        "request_id": application.request_id or None,
        "quota_slot": application.quota_slot,
        "active_pair": f"{application.candidate_id}|{application.vacancy_id}" if application.active else None,
        "placement_holder": application.candidate_id if application.holds_placement else None,
        "version": version,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
    }


def _application(row: RowMapping) -> Application:
    interview = Interview(row["interview_time"], row["interview_location"]) if row["interview_time"] else None
    return Application(
        id=row["id"],
        candidate_id=row["candidate_id"],
        vacancy_id=row["vacancy_id"],
        company_id=row["company_id"],
        regency_code=row["regency_code"],
        gender=row["gender"],
        status=ApplicationStatus(row["status"]),
        interview=interview,
        placement_agreement=row["placement_agreement"],
        pp_refusal_reason=row["pp_refusal_reason"],
        decision_id=row["decision_id"],
        policy_version=row["policy_version"],
        request_id=row["request_id"] or "",
        quota_slot=row["quota_slot"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _event(row: RowMapping) -> ApplicationEvent:
    return ApplicationEvent(
        application_id=row["application_id"],
        candidate_id=row["candidate_id"],
        company_id=row["company_id"],
        from_status=ApplicationStatus(row["from_status"]) if row["from_status"] else None,
        to_status=ApplicationStatus(row["to_status"]),
        actor=row["actor"],
        reason=row["reason"],
        time=row["created_at"],
        snapshot=from_json(Application, row["snapshot"]),
        sequence=row["sequence"],
    )
