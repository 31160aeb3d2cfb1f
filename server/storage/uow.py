"""The unit of work: one database transaction, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.engine import Connection, Engine

from matcher.ports import (
    ApplicationRepository,
    CandidateSnapshots,
    CertificateRepository,
    DocumentRepository,
    PolicyRepository,
    ProfileRepository,
    RegistrationRepository,
    RequestLog,
    VacancyRepository,
)
from server.storage.application_repository import SqlApplicationRepository
from server.storage.certificate_policy_repositories import SqlCertificateRepository, SqlPolicyRepository
from server.storage.repositories import (
    SqlDocumentRepository,
    SqlProfileRepository,
    SqlRegistrationRepository,
    SqlRequestLog,
)
from server.storage.snapshots import SqlCandidateSnapshots
from server.storage.vacancy_repository import SqlVacancyRepository


class SqlUnitOfWork:
    profiles: ProfileRepository
    registrations: RegistrationRepository
    documents: DocumentRepository
    requests: RequestLog
    vacancies: VacancyRepository
    certificates: CertificateRepository
    policies: PolicyRepository
    applications: ApplicationRepository
    snapshots: CandidateSnapshots

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        self._conn = self._engine.connect()
        self._conn.begin()
        self.profiles = SqlProfileRepository(self._conn)
        self.registrations = SqlRegistrationRepository(self._conn)
        self.documents = SqlDocumentRepository(self._conn)
        self.requests = SqlRequestLog(self._conn)
        self.vacancies = SqlVacancyRepository(self._conn)
        self.certificates = SqlCertificateRepository(self._conn)
        self.policies = SqlPolicyRepository(self._conn)
        self.applications = SqlApplicationRepository(self._conn)
        self.snapshots = SqlCandidateSnapshots(self._conn)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._conn is not None
        try:
            if self._conn.in_transaction():
                self._conn.rollback()
        finally:
            self._conn.close()
            self._conn = None

    def commit(self) -> None:
        assert self._conn is not None
        self._conn.commit()


def uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """A zero-argument callable giving a fresh unit of work on ``engine``."""
    return lambda: SqlUnitOfWork(engine)
