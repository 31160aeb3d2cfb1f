"""SQLAlchemy Core implementations of the domain's repository ports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import IntegrityError

from matcher.documents import Document, DocumentKind
from matcher.errors import Aborted, Reason, etag_mismatch
from matcher.nik import Gender
from matcher.paging import PageRequest
from matcher.registration import (
    JobSeekerProfile,
    Registration,
    RegistrationForm,
    RegistrationRound,
    RegistrationStatus,
    RoundDecision,
)
from matcher.text import Text
from server.storage import tables as t
from server.storage.codec import from_json, to_json


class SqlProfileRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, candidate_id: str) -> JobSeekerProfile | None:
        row = (
            self._conn.execute(
                sa.select(t.job_seeker_profiles).where(t.job_seeker_profiles.c.candidate_id == candidate_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        profile = from_json(JobSeekerProfile, row["profile"])
        profile.version, profile.updated_at = row["version"], row["updated_at"]
        return profile

    def save(self, profile: JobSeekerProfile) -> None:
        """Insert or update; the JSON keeps the answers, version and time have their own columns."""
        answers = {k: v for k, v in to_json(profile).items() if k not in ("version", "updated_at")}
        values = {"profile": answers, "version": profile.version + 1, "updated_at": profile.updated_at}
        changed = self._conn.execute(
            sa.update(t.job_seeker_profiles)
            .where(t.job_seeker_profiles.c.candidate_id == profile.candidate_id)
            .where(t.job_seeker_profiles.c.version == profile.version)
            .values(**values)
        ).rowcount
        if not changed:
            if profile.version:
                raise etag_mismatch(profile.name)
            self._conn.execute(sa.insert(t.job_seeker_profiles).values(candidate_id=profile.candidate_id, **values))
        profile.version += 1


class SqlRegistrationRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, candidate_id: str) -> Registration | None:
        row = (
            self._conn.execute(sa.select(t.registrations).where(t.registrations.c.candidate_id == candidate_id))
            .mappings()
            .first()
        )
        return _registration(row) if row else None

    def add(self, registration: Registration) -> None:
        self._conn.execute(sa.insert(t.registrations).values(_registration_values(registration, version=1)))
        registration.version = 1

    def save(self, registration: Registration) -> None:
        changed = self._conn.execute(
            sa.update(t.registrations)
            .where(t.registrations.c.candidate_id == registration.candidate_id)
            .where(t.registrations.c.version == registration.version)
            .values(_registration_values(registration, version=registration.version + 1))
        ).rowcount
        if changed != 1:
            raise etag_mismatch(registration.name)
        registration.version += 1

    def holder_of_nik(self, nik: str) -> str | None:
        found: str | None = self._conn.execute(
            sa.select(t.registrations.c.candidate_id)
            .where(t.registrations.c.nik == nik)
            .where(t.registrations.c.round > 0)
            .limit(1)
        ).scalar()
        return found

    def list_submitted(self, regency_code: str, page: PageRequest) -> list[Registration]:
        r = t.registrations.c
        query = (
            sa.select(t.registrations)
            .where(r.status == RegistrationStatus.SUBMITTED.value, r.regency_code == regency_code)
            .order_by(r.submitted_at, r.candidate_id)
            .limit(page.size + 1)
        )
        if page.after:
            after_id = page.after[1]
            after_time = datetime.fromisoformat(page.after[0])
            query = query.where(
                sa.or_(r.submitted_at > after_time, sa.and_(r.submitted_at == after_time, r.candidate_id > after_id))
            )
        return [_registration(row) for row in self._conn.execute(query).mappings()]

    def add_round(self, candidate_id: str, round_: RegistrationRound) -> None:
        self._conn.execute(sa.insert(t.registration_rounds).values(_round_values(candidate_id, round_)))

    def save_round(self, candidate_id: str, round_: RegistrationRound) -> None:
        rr = t.registration_rounds.c
        self._conn.execute(
            sa.update(t.registration_rounds)
            .where(rr.candidate_id == candidate_id, rr.round == round_.round)
            .values(_round_values(candidate_id, round_))
        )

    def get_round(self, candidate_id: str, number: int) -> RegistrationRound:
        rr = t.registration_rounds.c
        row = (
            self._conn.execute(
                sa.select(t.registration_rounds).where(rr.candidate_id == candidate_id, rr.round == number)
            )
            .mappings()
            .one()
        )
        return _round(row)

    def list_rounds(self, candidate_id: str, page: PageRequest) -> list[RegistrationRound]:
        rr = t.registration_rounds.c
        query = (
            sa.select(t.registration_rounds)
            .where(rr.candidate_id == candidate_id)
            .order_by(rr.round)
            .limit(page.size + 1)
        )
        if page.after:
            query = query.where(rr.round > int(page.after[0]))
        return [_round(row) for row in self._conn.execute(query).mappings()]


class SqlDocumentRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, document_id: str) -> Document | None:
        row = self._conn.execute(sa.select(t.documents).where(t.documents.c.id == document_id)).mappings().first()
        if row is None:
            return None
        return Document(**{**row, "kind": DocumentKind(row["kind"])})

    def add(self, document: Document) -> None:
        self._conn.execute(sa.insert(t.documents).values(to_json_row(document)))

    def lock_content(self, sha256: str) -> None:
        # SQLite transactions begin IMMEDIATE and so are serialised already.
        if self._conn.dialect.name == "postgresql":
            self._conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:sha))"), {"sha": sha256})

    def referenced(self, sha256: str) -> bool:
        d = t.documents.c
        return self._conn.execute(sa.select(d.id).where(d.sha256 == sha256).limit(1)).first() is not None


_REQUEST_OF = sa.select(t.request_log.c.method, t.request_log.c.fingerprint, t.request_log.c.resource).where(
    t.request_log.c.caller == sa.bindparam("caller"), t.request_log.c.request_id == sa.bindparam("request_id")
)
_RECORD_REQUEST = sa.insert(t.request_log)


class SqlRequestLog:
    """Statements built once: every retried write reads this table and every write with a
    request id adds to it."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def find(self, caller: str, request_id: str) -> tuple[str, str, str] | None:
        row = self._conn.execute(_REQUEST_OF, {"caller": caller, "request_id": request_id}).first()
        return (row.method, row.fingerprint, row.resource) if row else None

    def record(self, caller: str, request_id: str, method: str, fingerprint: str, resource: str) -> None:
        values = {"caller": caller, "request_id": request_id, "method": method, "fingerprint": fingerprint}
        try:
            with self._conn.begin_nested():
                self._conn.execute(_RECORD_REQUEST, values | {"resource": resource})
        except IntegrityError:
            # A concurrent call with the same id committed first (PostgreSQL; SQLite serialises
            # writers): this one rolls back, and its retry returns the first result.
            raise Aborted(
                Reason.REQUEST_IN_PROGRESS,
                Text(
                    id="Permintaan dengan request_id ini sedang atau sudah diproses; ulangi untuk hasilnya",
                    en="A request with this request_id is being or was processed; retry for its result",
                ),
                metadata={"request_id": request_id},
            ) from None


def to_json_row(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "owner": document.owner,
        "kind": document.kind.value,
        "filename": document.filename,
        "content_type": document.content_type,
        "size_bytes": document.size_bytes,
        "sha256": document.sha256,
        "created_at": document.created_at,
    }


def _registration_values(registration: Registration, *, version: int) -> dict[str, Any]:
    return {
        "candidate_id": registration.candidate_id,
        "status": registration.status.value,
        "form": to_json(registration.form),
        "version": version,
        "round": registration.round,
        "regency_code": registration.regency_code,
        "rejection_reason": registration.rejection_reason,
        "nik": registration.form.ktp.nik,
        "gender": registration.gender.value if registration.gender else None,
        "birth_date": registration.birth_date,
        "created_at": registration.created_at,
        "updated_at": registration.updated_at,
        "submitted_at": registration.submitted_at,
        "health_issue_date": registration.form.health_certificate.issue_date,
        "has_bpjs": bool(registration.form.bpjs.card_number),
    }


def _registration(row: RowMapping) -> Registration:
    return Registration(
        candidate_id=row["candidate_id"],
        form=from_json(RegistrationForm, row["form"]),
        status=RegistrationStatus(row["status"]),
        version=row["version"],
        round=row["round"],
        regency_code=row["regency_code"],
        rejection_reason=row["rejection_reason"],
        gender=Gender(row["gender"]) if row["gender"] else None,
        birth_date=row["birth_date"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        submitted_at=row["submitted_at"],
    )


def _round_values(candidate_id: str, round_: RegistrationRound) -> dict[str, Any]:
    return {
        "candidate_id": candidate_id,
        "round": round_.round,
        "form": to_json(round_.form),
        "submitted_by": round_.submitted_by,
        "submitted_at": round_.submitted_at,
        "decision": round_.decision.value,
        "decided_by": round_.decided_by,
        "decided_at": round_.decided_at,
        "reason": round_.reason,
    }


def _round(row: RowMapping) -> RegistrationRound:
    return RegistrationRound(
        round=row["round"],
        form=from_json(RegistrationForm, row["form"]),
        submitted_by=row["submitted_by"],
        submitted_at=row["submitted_at"],
        decision=RoundDecision(row["decision"]),
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        reason=row["reason"],
    )
