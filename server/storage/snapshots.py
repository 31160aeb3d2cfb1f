"""Reading what the in-memory indexes and the policy registry hold: candidate snapshots,
vacancies and the active policies (the SnapshotSource port of matcher/ports.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping

from matcher.nik import Gender
from matcher.ports import in_activation_order
from matcher.registration import RegistrationStatus
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.vacancy import Vacancy
from server.storage import tables as t
from server.storage.application_repository import active_by_candidate
from server.storage.certificate_policy_repositories import SqlPolicyRepository
from server.storage.vacancy_repository import vacancy_from_row

_REGISTRATION_COLUMNS = (
    t.registrations.c.candidate_id,
    t.registrations.c.status,
    t.registrations.c.gender,
    t.registrations.c.birth_date,
    t.registrations.c.regency_code,
    t.registrations.c.health_issue_date,
    t.registrations.c.has_bpjs,
    t.registrations.c.nik,
    t.registrations.c.ordinal,
)
# Built once (see application_repository._INSERT): every Apply and every change reads these.
_REGISTRATION_OF = sa.select(*_REGISTRATION_COLUMNS).where(t.registrations.c.candidate_id == sa.bindparam("id"))
_CERTIFICATE_COLUMNS = (
    t.certificates.c.candidate_id,
    t.certificates.c.bnsp_number,
    t.certificates.c.scheme_title,
    t.certificates.c.occupation_code,
    t.certificates.c.issue_date,
    t.certificates.c.expiry_date,
    t.certificates.c.revoked,
)
_CERTIFICATES_OF = sa.select(*_CERTIFICATE_COLUMNS).where(t.certificates.c.candidate_id == sa.bindparam("id"))
_VACANCY_OF = sa.select(t.vacancies).where(t.vacancies.c.id == sa.bindparam("id"))


class SqlSnapshotSource:
    """What the indexes load, each with the position the database numbered it with."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def candidate(self, candidate_id: str) -> tuple[int, CandidateSnapshot] | None:
        with self._engine.connect() as conn:
            row = _registration_row(conn, candidate_id)
            if row is None:
                return None
            return row["ordinal"], _with_relations(conn, row)

    def vacancy(self, vacancy_id: str) -> tuple[int, Vacancy] | None:
        with self._engine.connect() as conn:
            row = conn.execute(_VACANCY_OF, {"id": vacancy_id}).mappings().first()
        return (row["ordinal"], vacancy_from_row(row)) if row else None

    def all_candidates(self) -> Iterator[tuple[int, CandidateSnapshot]]:
        with self._engine.connect() as conn:
            certificates = _certificates(conn.execute(sa.select(*_CERTIFICATE_COLUMNS)))
            applications = active_by_candidate(conn, None)
            rows = conn.execution_options(stream_results=True, yield_per=5000).execute(
                sa.select(*_REGISTRATION_COLUMNS)
            )
            for row in rows.mappings():
                candidate_id = row["candidate_id"]
                snapshot = _snapshot(row, certificates.get(candidate_id, []), applications.get(candidate_id))
                yield row["ordinal"], snapshot

    def all_vacancies(self) -> Iterator[tuple[int, Vacancy]]:
        with self._engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=5000).execute(sa.select(t.vacancies))
            for row in rows.mappings():
                yield row["ordinal"], vacancy_from_row(row)

    def active_policies(self) -> list[Policy]:
        with self._engine.connect() as conn:
            stored = SqlPolicyRepository(conn).all()
        return [load_policy(p.document) for p in in_activation_order(stored)]


class SqlCandidateSnapshots:
    """Candidate snapshots read inside a unit of work, on the facts of that transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def candidate(self, candidate_id: str) -> CandidateSnapshot | None:
        return candidate_snapshot(self._conn, candidate_id)


def candidate_snapshot(conn: Connection, candidate_id: str) -> CandidateSnapshot | None:
    row = _registration_row(conn, candidate_id)
    return _with_relations(conn, row) if row is not None else None


def _registration_row(conn: Connection, candidate_id: str) -> RowMapping | None:
    return conn.execute(_REGISTRATION_OF, {"id": candidate_id}).mappings().first()


def _with_relations(conn: Connection, row: RowMapping) -> CandidateSnapshot:
    candidate_id = row["candidate_id"]
    certificates = _certificates(conn.execute(_CERTIFICATES_OF, {"id": candidate_id}))
    applications = active_by_candidate(conn, [candidate_id])
    return _snapshot(row, certificates.get(candidate_id, []), applications.get(candidate_id))


def _certificates(rows: sa.CursorResult[Any]) -> dict[str, list[CertificateSnapshot]]:
    found: dict[str, list[CertificateSnapshot]] = defaultdict(list)
    for row in rows:
        found[row.candidate_id].append(
            CertificateSnapshot(
                row.bnsp_number,
                row.scheme_title,
                row.occupation_code,
                row.issue_date,
                row.expiry_date,
                bool(row.revoked),
            )
        )
    return found


def _snapshot(
    row: RowMapping, certificates: list[CertificateSnapshot], applications: tuple[frozenset[str], bool] | None
) -> CandidateSnapshot:
    verified = row["status"] == RegistrationStatus.VERIFIED.value
    active, placed = applications or (frozenset(), False)
    return CandidateSnapshot(
        candidate_id=row["candidate_id"],
        verified=verified,
        gender=Gender(row["gender"]) if row["gender"] else None,
        birth_date=row["birth_date"],
        regency_code=row["regency_code"],
        certificates=tuple(certificates) if verified else (),
        health_issue_date=row["health_issue_date"],
        has_bpjs=bool(row["has_bpjs"]),
        active_applications=active,
        in_active_placement=placed,
        nik=row["nik"],
    )
