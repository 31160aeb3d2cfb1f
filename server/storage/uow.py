"""The unit of work: one database transaction, rolled back unless committed.

A database that cannot be reached, or stays locked past its timeout, leaves
this module as the domain's Unavailable (nothing was committed; the call may be
retried), so no layer above storage knows SQLAlchemy's exceptions.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from types import TracebackType
from typing import Any

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from matcher.changes import Change, ChangeKind, Committed
from matcher.errors import Reason, Unavailable
from matcher.ports import (
    ApplicationRepository,
    AuditTrail,
    CandidateSnapshots,
    CertificateRepository,
    DocumentRepository,
    PolicyRepository,
    ProfileRepository,
    RegistrationRepository,
    RequestLog,
    VacancyRepository,
)
from matcher.redaction import redact_numbers
from matcher.snapshots import CandidateSnapshot
from matcher.text import Text
from server.storage import outbox
from server.storage.application_repository import SqlApplicationRepository
from server.storage.audit_trail import SqlAuditTrail
from server.storage.certificate_policy_repositories import SqlCertificateRepository, SqlPolicyRepository
from server.storage.repositories import (
    SqlDocumentRepository,
    SqlProfileRepository,
    SqlRegistrationRepository,
    SqlRequestLog,
)
from server.storage.snapshots import SqlCandidateSnapshots
from server.storage.vacancy_repository import SqlVacancyRepository

log = logging.getLogger("cpmi.storage")

# The committed changes, and the candidates whose state the transaction knew (see _known_after).
AfterCommit = Callable[[list[Committed], Mapping[str, CandidateSnapshot]], None]


def _nothing(_committed: list[Committed], _known: Mapping[str, CandidateSnapshot]) -> None:
    return None


class SqlUnitOfWork:
    """One transaction. On SQLite, where one writer holds the file at a time, this
    process's writers queue on ``writers``: a waiting thread is woken when the one before it
    ends, rather than retried by SQLite's busy handler, whose growing sleeps starve many
    writers. Other processes still meet at the file lock."""

    profiles: ProfileRepository
    registrations: RegistrationRepository
    documents: DocumentRepository
    requests: RequestLog
    vacancies: VacancyRepository
    certificates: CertificateRepository
    policies: PolicyRepository
    applications: ApplicationRepository
    snapshots: CandidateSnapshots
    audit: AuditTrail

    def __init__(
        self,
        engine: Engine,
        after_commit: AfterCommit = _nothing,
        writers: contextlib.AbstractContextManager[Any] | None = None,
    ) -> None:
        self._engine = engine
        self._after_commit = after_commit
        self._writers = writers or contextlib.nullcontext()
        self._conn: Connection | None = None
        self._changes: list[Change] = []
        self._committed: list[Committed] = []
        self._known: dict[str, CandidateSnapshot] = {}

    def __enter__(self) -> SqlUnitOfWork:
        self._writers.__enter__()
        try:
            self._conn = self._engine.connect()
            self._conn.begin()
        except BaseException as problem:
            self._conn = None
            self._writers.__exit__(None, None, None)
            if isinstance(problem, OperationalError | InterfaceError):
                raise database_unavailable(problem) from problem
            raise
        self._changes = []
        self.profiles = SqlProfileRepository(self._conn)
        self.registrations = SqlRegistrationRepository(self._conn)
        self.documents = SqlDocumentRepository(self._conn)
        self.requests = SqlRequestLog(self._conn)
        self.vacancies = SqlVacancyRepository(self._conn)
        self.certificates = SqlCertificateRepository(self._conn)
        self.policies = SqlPolicyRepository(self._conn)
        self.applications = SqlApplicationRepository(self._conn)
        self.audit = SqlAuditTrail(self._conn)
        self._snapshots = SqlCandidateSnapshots(self._conn)
        self.snapshots = self._snapshots
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._conn is not None
        try:
            if self._conn.in_transaction():
                self._conn.rollback()
        except (OperationalError, InterfaceError) as problem:  # the connection itself is gone
            if exc is None:
                raise database_unavailable(problem) from problem
        finally:
            self._conn.close()
            self._conn = None
            self._writers.__exit__(None, None, None)
        committed, self._committed = self._committed, []
        known, self._known = self._known, {}
        if committed:  # after the connection is back in the pool: applying reads through it
            self._after_commit(committed, known)
        if isinstance(exc, OperationalError | InterfaceError):
            raise database_unavailable(exc) from exc

    def record(self, change: Change) -> None:
        """Publish ``change`` with this transaction: it reaches the outbox only if it commits."""
        self._changes.append(change)

    def commit(self) -> None:
        """Append the recorded changes to the outbox and commit; when the unit of work ends,
        they go (with their positions) to this process's feed, so its indexes answer at once."""
        assert self._conn is not None
        committed = outbox.append(self._conn, self._changes) if self._changes else []
        known = _known_after(self._changes, self._snapshots.read)
        self._conn.commit()
        self._changes = []
        self._committed += committed
        self._known |= known


def _known_after(changes: list[Change], read: Mapping[str, CandidateSnapshot]) -> dict[str, CandidateSnapshot]:
    """The candidates whose state after this transaction follows from what it read and
    recorded, without reading them again: read here after holding them (no other writer
    of their state can run until this commits), one change of theirs recorded, and every
    application event of theirs a new application in progress that is no placement (an
    Apply). Anything else (a status change, a registration written) is read again."""
    if not read:
        return {}
    touched = Counter(change.key for change in changes if change.kind is ChangeKind.CANDIDATE)
    known = {}
    for candidate_id, before in read.items():
        events = [c.event for c in changes if c.event is not None and c.event.candidate_id == candidate_id]
        if touched[candidate_id] != 1 or not events:
            continue
        if any(e.from_status is not None or not e.snapshot.active or e.snapshot.holds_placement for e in events):
            continue
        added = frozenset(e.snapshot.vacancy_id for e in events)
        known[candidate_id] = replace(before, active_applications=before.active_applications | added)
    return known


def database_unavailable(problem: Exception) -> Unavailable:
    log.warning("database unavailable: %s", redact_numbers(str(problem)))
    text = Text(id="Layanan sementara tidak tersedia: database", en="Temporarily unavailable: database")
    return Unavailable(Reason.UNAVAILABLE, text)


def uow_factory(engine: Engine, after_commit: AfterCommit = _nothing) -> Callable[[], SqlUnitOfWork]:
    """A zero-argument callable giving a fresh unit of work on ``engine``."""
    writers = threading.Lock() if engine.dialect.name == "sqlite" else None
    return lambda: SqlUnitOfWork(engine, after_commit, writers)
