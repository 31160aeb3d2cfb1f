"""Reading what the in-memory indexes and the policy registry hold: candidate snapshots,
vacancies and the active policies (the SnapshotSource port of matcher/ports.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from operator import attrgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, RowMapping

from matcher.nik import Gender
from matcher.ports import in_activation_order
from matcher.registration import RegistrationStatus
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot, Placement
from matcher.vacancy import Vacancy
from server.storage import tables as t
from server.storage.application_repository import active_by_candidate, placement_of
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
    # The certificates a registration not verified yet was sent with live in its form only.
    sa.case((t.registrations.c.status != RegistrationStatus.VERIFIED.value, t.registrations.c.form), else_=None).label(
        "pending_form"
    ),
)
# A certificate's columns under the names both reads give them ("certificate_bnsp_number"...).
_CERTIFICATE_FIELDS = tuple(
    column.label(f"certificate_{column.name}")
    for column in (
        t.certificates.c.bnsp_number,
        t.certificates.c.scheme_title,
        t.certificates.c.occupation_code,
        t.certificates.c.issue_date,
        t.certificates.c.expiry_date,
        t.certificates.c.revoked,
    )
)
# One candidate in one statement (every Apply reads one, and this process's index reads it
# again after a change): the registration, a row per certificate, and the active
# applications folded into one string ("vacancy<US>status<RS>..."), built once.
_UNIT, _RECORD = "\x1f", "\x1e"
_ACTIVE_APPLICATIONS = (
    sa.select(sa.func.aggregate_strings(t.applications.c.vacancy_id + _UNIT + t.applications.c.status, _RECORD))
    .where(
        t.applications.c.candidate_id == t.registrations.c.candidate_id,
        t.applications.c.active_pair.is_not(None),
    )
    .scalar_subquery()
)
_CANDIDATE_OF = (
    sa.select(
        *_REGISTRATION_COLUMNS,
        _ACTIVE_APPLICATIONS.label("active_applications"),
        *_CERTIFICATE_FIELDS,
    )
    .select_from(
        t.registrations.outerjoin(t.certificates, t.certificates.c.candidate_id == t.registrations.c.candidate_id)
    )
    .where(t.registrations.c.candidate_id == sa.bindparam("id"))
)
_HOLD = (
    sa.select(t.registrations.c.candidate_id)
    .where(t.registrations.c.candidate_id == sa.bindparam("id"))
    .with_for_update(key_share=True)
)
_VACANCY_OF = sa.select(t.vacancies).where(t.vacancies.c.id == sa.bindparam("id"))


class SqlSnapshotSource:
    """What the indexes load, each with the position the database numbered it with."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def candidate(self, candidate_id: str) -> tuple[int, CandidateSnapshot] | None:
        with self._engine.connect() as conn:
            return _candidate(conn, candidate_id)

    def vacancy(self, vacancy_id: str) -> tuple[int, Vacancy] | None:
        with self._engine.connect() as conn:
            row = conn.execute(_VACANCY_OF, {"id": vacancy_id}).mappings().first()
        return (row["ordinal"], vacancy_from_row(row)) if row else None

    def all_candidates(self) -> Iterator[tuple[int, CandidateSnapshot]]:
        with self._engine.connect() as conn:
            certificates = _certificates(conn)
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
    """Candidate snapshots read inside a unit of work, on the facts of that transaction.

    Holding a candidate locks their registration row FOR NO KEY UPDATE on PostgreSQL (an
    update of the row takes the same lock; inserts that refer to the row do not wait). The
    read comes after, in a statement of its own: in READ COMMITTED a statement that waited
    for a lock still reads other tables as they were when it began. SQLite's writers
    already hold the whole database (BEGIN IMMEDIATE)."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        # What this transaction read after holding them (the unit of work's known states).
        self.read: dict[str, CandidateSnapshot] = {}

    def candidate(self, candidate_id: str) -> CandidateSnapshot | None:
        self.hold(candidate_id)
        found = candidate_snapshot(self._conn, candidate_id)
        if found is not None:
            self.read[candidate_id] = found
        return found

    def hold(self, candidate_id: str) -> None:
        if self._conn.dialect.name == "postgresql":
            self._conn.execute(_HOLD, {"id": candidate_id})


def candidate_snapshot(conn: Connection, candidate_id: str) -> CandidateSnapshot | None:
    found = _candidate(conn, candidate_id)
    return found[1] if found is not None else None


def _candidate(conn: Connection, candidate_id: str) -> tuple[int, CandidateSnapshot] | None:
    """The candidate's position and snapshot, read in one statement."""
    rows = conn.execute(_CANDIDATE_OF, {"id": candidate_id}).mappings().all()
    if not rows:
        return None
    first = rows[0]
    certificates = [_certificate(row) for row in rows if row["certificate_bnsp_number"] is not None]
    return first["ordinal"], _snapshot(first, certificates, _active(first["active_applications"]))


def _active(folded: str | None) -> tuple[frozenset[str], Placement | None] | None:
    """The active applications' vacancies and the placement among them, from the folded
    string of ``_ACTIVE_APPLICATIONS``."""
    if not folded:
        return None
    pairs = [record.split(_UNIT) for record in folded.split(_RECORD)]
    placement = next((p for vacancy, status in pairs if (p := placement_of(vacancy, status))), None)
    return frozenset(vacancy for vacancy, _status in pairs), placement


def _certificates(conn: Connection) -> dict[str, list[CertificateSnapshot]]:
    """Every candidate's certificates (the index's first load)."""
    found: dict[str, list[CertificateSnapshot]] = defaultdict(list)
    for row in conn.execute(sa.select(t.certificates.c.candidate_id, *_CERTIFICATE_FIELDS)).mappings():
        found[row["candidate_id"]].append(_certificate(row))
    return found


def _certificate(row: RowMapping) -> CertificateSnapshot:
    return CertificateSnapshot(
        row["certificate_bnsp_number"],
        row["certificate_scheme_title"],
        row["certificate_occupation_code"],
        row["certificate_issue_date"],
        row["certificate_expiry_date"],
        bool(row["certificate_revoked"]),
    )


def _pending(form: dict[str, Any] | None) -> tuple[CertificateSnapshot, ...]:
    """The competency certificates of a form the Dinas has not verified (none verified yet)."""
    found = []
    for entry in (form or {}).get("competency_certificates") or ():
        if not isinstance(entry, dict) or not entry.get("bnsp_number"):
            continue
        found.append(
            CertificateSnapshot(
                str(entry["bnsp_number"]),
                str(entry.get("scheme_title") or ""),
                str(entry.get("occupation_code") or ""),
                _day(entry.get("issue_date")),
                _day(entry.get("expiry_date")),
            )
        )
    return tuple(found)


def _day(raw: object) -> date | None:
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) and raw else None
    except ValueError:
        return None


def _by_number(certificates: list[CertificateSnapshot]) -> tuple[CertificateSnapshot, ...]:
    """In BNSP number order: the one candidate's read (a join) and the first load (a scan)
    return rows in orders of their own, and a snapshot is the same whichever read made it."""
    if len(certificates) > 1:
        certificates.sort(key=attrgetter("bnsp_number"))
    return tuple(certificates)


def _snapshot(
    row: RowMapping,
    certificates: list[CertificateSnapshot],
    applications: tuple[frozenset[str], Placement | None] | None,
) -> CandidateSnapshot:
    verified = row["status"] == RegistrationStatus.VERIFIED.value
    active, placement = applications or (frozenset(), None)
    return CandidateSnapshot(
        candidate_id=row["candidate_id"],
        verified=verified,
        gender=Gender(row["gender"]) if row["gender"] else None,
        birth_date=row["birth_date"],
        regency_code=row["regency_code"],
        certificates=_by_number(certificates) if verified else (),
        health_issue_date=row["health_issue_date"],
        has_bpjs=bool(row["has_bpjs"]),
        active_applications=active,
        in_active_placement=placement is not None,
        nik=row["nik"],
        registration=row["status"] or "",
        pending_certificates=() if verified else _pending(row["pending_form"]),
        placement=placement,
    )
