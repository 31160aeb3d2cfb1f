"""What the use cases need from the outside world. Adapters in server/ implement these."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Protocol

from matcher.application import Application, ApplicationEvent, ApplicationStatus
from matcher.certificates import Certificate
from matcher.changes import Change
from matcher.documents import Document
from matcher.paging import PageRequest
from matcher.principal import Principal
from matcher.registration import JobSeekerProfile, Registration, RegistrationRound
from matcher.rules.decision import Decision
from matcher.rules.policy import Policy
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy


class ProfileRepository(Protocol):
    def get(self, candidate_id: str) -> JobSeekerProfile | None: ...
    def save(self, profile: JobSeekerProfile) -> None: ...


class RegistrationRepository(Protocol):
    def get(self, candidate_id: str) -> Registration | None: ...
    def add(self, registration: Registration) -> None: ...
    def save(self, registration: Registration) -> None:
        """Store a changed registration; ``version`` goes up by one, or ETAG_MISMATCH if another writer won."""
        ...

    def holder_of_nik(self, nik: str) -> str | None:
        """The candidate whose submitted registration carries ``nik``, if any."""
        ...

    def list_submitted(self, regency_code: str, page: PageRequest) -> list[Registration]:
        """Up to ``page.size + 1`` submissions waiting in a regency, oldest first."""
        ...

    def add_round(self, candidate_id: str, round_: RegistrationRound) -> None: ...
    def save_round(self, candidate_id: str, round_: RegistrationRound) -> None: ...
    def get_round(self, candidate_id: str, number: int) -> RegistrationRound: ...
    def list_rounds(self, candidate_id: str, page: PageRequest) -> list[RegistrationRound]: ...


class DocumentRepository(Protocol):
    def get(self, document_id: str) -> Document | None: ...
    def add(self, document: Document) -> None: ...
    def lock_content(self, sha256: str) -> None:
        """Serialise, until this transaction ends, every writer of the same bytes (a row
        added, or unreferenced bytes removed)."""
        ...

    def referenced(self, sha256: str) -> bool:
        """Does any document row point at these bytes?"""
        ...


class RequestLog(Protocol):
    """Remembers mutations by (caller, request_id) so a retry returns the first result."""

    def find(self, caller: str, request_id: str) -> tuple[str, str, str] | None:
        """(method, request fingerprint, resource name) recorded for this request id, if any."""
        ...

    def record(self, caller: str, request_id: str, method: str, fingerprint: str, resource: str) -> None:
        """Remember a request; REQUEST_IN_PROGRESS if a concurrent call with the id committed first."""
        ...


@dataclass(frozen=True)
class VacancyFilter:
    country_code: str = ""
    occupation_code: str = ""
    company_id: str = ""
    include_closed: bool = False
    # The words searched (matcher.search.search_terms): a vacancy matches when its words
    # hold every one of them, as a word or the start of one. Ranked, best first.
    terms: tuple[str, ...] = ()


class VacancyRepository(Protocol):
    def get(self, vacancy_id: str) -> Vacancy | None: ...
    def add(self, vacancy: Vacancy, words: str) -> None:
        """Store a new vacancy with the words search matches (matcher.search.vacancy_words)."""
        ...

    def save(self, vacancy: Vacancy, words: str) -> None:
        """Store a changed vacancy; ``version`` goes up by one, or ETAG_MISMATCH if another writer won."""
        ...

    def list(self, where: VacancyFilter, page: PageRequest) -> list[Vacancy]:
        """Up to ``page.size + 1`` vacancies: newest first, or best match first when
        ``where.terms`` are given (then ``page.after`` holds the offset reached)."""
        ...

    def claim_opening(self, vacancy_id: str, gender: str) -> str | None:
        """Take one opening for ``gender`` (own gender first, then "either") with a conditional
        update that cannot oversell; returns the slot taken, or None when none is left."""
        ...

    def release_opening(self, vacancy_id: str, slot: str) -> None: ...


class ApplicationRepository(Protocol):
    def get(self, application_id: str) -> Application | None: ...
    def add(self, application: Application) -> None:
        """Store a new application; AlreadyApplied if the candidate has an active one for
        the vacancy, or if the request id was used already."""
        ...

    def save(self, application: Application) -> None:
        """Store a change; ``version`` goes up by one, or ETAG_MISMATCH if another writer won."""
        ...

    def search(self, where: ApplicationFilter, page: PageRequest) -> list[Application]:
        """Up to ``page.size + 1`` applications, oldest first."""
        ...

    def events(self, application_id: str, page: PageRequest) -> list[ApplicationEvent]: ...
    def events_between(self, after: int, upto: int, where: ApplicationFilter, limit: int) -> list[ApplicationEvent]:
        """Up to ``limit`` events of ``where`` with ``after < sequence <= upto``, oldest first."""
        ...

    def in_progress_among(self, candidate_ids: set[str], company_id: str) -> set[str]:
        """Which of ``candidate_ids`` have an application to a vacancy of the company that is
        neither withdrawn nor rejected (then the company may know who they are)."""
        ...

    def with_placement_agreement(self, document_name: str) -> list[Application]: ...


@dataclass(frozen=True)
class ApplicationFilter:
    candidate_id: str = ""
    vacancy_id: str = ""
    company_id: str = ""
    regency_code: str = ""
    status: ApplicationStatus | None = None

    def matches(self, event: ApplicationEvent) -> bool:
        """Is ``event`` one a watch of this filter follows?"""
        return (
            (not self.candidate_id or event.candidate_id == self.candidate_id)
            and (not self.company_id or event.company_id == self.company_id)
            and (not self.vacancy_id or event.snapshot.vacancy_id == self.vacancy_id)
            and (not self.regency_code or event.snapshot.regency_code == self.regency_code)
            and (self.status is None or event.to_status is self.status)
        )


class CertificateRepository(Protocol):
    def replace_for(self, candidate_id: str, certificates: list[Certificate]) -> None:
        """The certificates of a newly verified registration (revocations of kept numbers stay)."""
        ...

    def for_candidate(self, candidate_id: str) -> list[Certificate]: ...
    def save(self, certificate: Certificate) -> None: ...


@dataclass
class StoredPolicy:
    version: str
    document: str
    loaded_by: str
    loaded_at: datetime
    activated_seq: int | None = None
    activated_by: str = ""
    activated_at: datetime | None = None
    retired_at: datetime | None = None


def in_activation_order(stored: Iterable[StoredPolicy]) -> list[StoredPolicy]:
    """The active policies among ``stored`` (activated, not retired), oldest activation first."""
    active = [p for p in stored if p.activated_seq is not None and p.retired_at is None]
    return sorted(active, key=lambda p: p.activated_seq or 0)


class PolicyRepository(Protocol):
    def get(self, version: str) -> StoredPolicy | None: ...
    def add(self, policy: StoredPolicy) -> None: ...
    def save(self, policy: StoredPolicy) -> None: ...
    def all(self) -> list[StoredPolicy]:
        """Every version, newest load first."""
        ...


class CandidateSnapshots(Protocol):
    """What a decision reads of a candidate, inside the unit of work that records it."""

    def candidate(self, candidate_id: str) -> CandidateSnapshot | None:
        """The candidate, held (``hold``) first: what is read is their state at commit."""
        ...

    def hold(self, candidate_id: str) -> None:
        """Keep every other writer of the candidate's state out until this unit of work
        ends. Each use case that changes a candidate's applications or certificates holds
        them before it writes (a registration's own update holds them too), so a decision
        read after ``hold`` stays true until commit, and the state it read, with the unit
        of work's own change, is the candidate's state at commit."""
        ...


@dataclass(frozen=True, slots=True)
class AuditRecord:
    sequence: int
    at: datetime
    role: str
    subject: str
    actor: str
    action: str
    resource: str
    request_id: str
    peer: str


class AuditTrail(Protocol):
    """Who did what to which resource: appended in the transaction of the change itself."""

    def append(self, caller: Principal, action: str, resource: str, request_id: str) -> None:
        """The adapter adds the time and the caller's network peer."""
        ...

    def list(self, role: str, subject: str, resource: str, before: int, size: int) -> list[AuditRecord]:
        """Up to ``size + 1`` records below sequence ``before`` (0: from the newest), newest
        first, of one subject (role and subject, when given) and/or under a resource prefix."""
        ...


class UnitOfWork(Protocol):
    """One transaction: everything commits together or nothing does."""

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

    def record(self, change: Change) -> None:
        """Publish a change with this transaction (the outbox); it is delivered only if the
        transaction commits."""
        ...

    def __enter__(self) -> UnitOfWork: ...
    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...
    def commit(self) -> None: ...


class BlobStore(Protocol):
    """Content-addressed bytes (local disk now, S3-compatible later). A store that is full,
    read-only or unreachable raises matcher.errors.Unavailable (DOCUMENT_STORAGE_UNAVAILABLE)."""

    def put(self, sha256: str, content: bytes) -> None:
        """Store durably and atomically: afterwards the bytes are whole, or absent."""
        ...

    def get(self, sha256: str) -> bytes: ...
    def delete(self, sha256: str) -> None: ...


class Clock(Protocol):
    def now(self) -> datetime:
        """Aware UTC now."""
        ...

    def today(self) -> date:
        """Today in Indonesia (WIB), the date rules are judged on."""
        ...


class SnapshotSource(Protocol):
    """What a replica's indexes and policy registry load from storage, fresh: at start all of
    it, then what the change feed says changed. Each candidate and vacancy comes with the
    position storage numbered it with (the index keeps the rows in that order)."""

    def candidate(self, candidate_id: str) -> tuple[int, CandidateSnapshot] | None: ...
    def vacancy(self, vacancy_id: str) -> tuple[int, Vacancy] | None: ...
    def all_candidates(self) -> Iterator[tuple[int, CandidateSnapshot]]: ...
    def all_vacancies(self) -> Iterator[tuple[int, Vacancy]]: ...

    def active_policies(self) -> list[Policy]:
        """The active policies, oldest activation first."""
        ...


class DecisionLog(Protocol):
    """The audit trail of decisions (identity numbers masked)."""

    def record(self, decision: Decision, candidate: CandidateSnapshot) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Pseudonyms(Protocol):
    """How a P3MI names a candidate who has not applied to it."""

    def name_for(self, company_id: str, candidate_id: str) -> str:
        """A pseudonym starting with "~", stable per company, different across companies."""
        ...

    def candidate_for(self, company_id: str, pseudonym: str) -> str | None:
        """The candidate behind a pseudonym ``company_id`` was given, or None."""
        ...
