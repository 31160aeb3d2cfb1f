"""In-memory adapters of matcher/ports.py, for the service tier: the use cases run on these
without gRPC or SQL, in milliseconds.

``FakeStore`` is the database. A ``FakeUnitOfWork`` works on a deep copy of it and puts the
copy back only on commit, so a use case that raises leaves nothing behind, as a rolled-back
transaction does. Versions and uniqueness follow the SQL adapters (server/storage/):
``save`` of a stale version is ETAG_MISMATCH, a second active application to one vacancy
is ALREADY_APPLIED, a second placement ALREADY_PLACED.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

from matcher.application import PLACED, Application, ApplicationEvent, ApplicationStatus
from matcher.certificates import Certificate
from matcher.changes import Change, Committed
from matcher.documents import Document
from matcher.errors import AlreadyApplied, Reason, etag_mismatch, not_found
from matcher.paging import PageRequest
from matcher.ports import (
    ApplicationFilter,
    ApplicationRepository,
    AuditRecord,
    AuditTrail,
    BlobStore,
    CandidateSnapshots,
    CertificateRepository,
    DocumentRepository,
    PolicyRepository,
    ProfileRepository,
    RegistrationRepository,
    RequestLog,
    StoredPolicy,
    UnitOfWork,
    UnitOfWorkFactory,
    VacancyFilter,
    VacancyRepository,
)
from matcher.principal import Principal
from matcher.registration import JobSeekerProfile, Registration, RegistrationRound, RegistrationStatus
from matcher.rules.decision import Decision, decide
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot, Placement
from matcher.text import Text
from matcher.vacancy import Vacancy


@dataclass
class FakeStore:
    """Every table the use cases write, as dicts keyed like the SQL tables' primary keys."""

    profiles: dict[str, JobSeekerProfile] = field(default_factory=dict)
    registrations: dict[str, Registration] = field(default_factory=dict)
    rounds: dict[tuple[str, int], RegistrationRound] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)
    requests: dict[tuple[str, str], tuple[str, str, str]] = field(default_factory=dict)
    vacancies: dict[str, Vacancy] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    events: list[ApplicationEvent] = field(default_factory=list)
    certificates: dict[tuple[str, str], Certificate] = field(default_factory=dict)
    policies: dict[str, StoredPolicy] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)
    # The outbox: every committed change with its position.
    outbox: list[Committed] = field(default_factory=list)


def _checked_save(table: dict[Any, Any], key: Any, entity: Any, name: str) -> None:
    """Store ``entity`` if nobody saved it since it was read, one version up."""
    stored = table.get(key)
    if stored is None or stored.version != entity.version:
        raise etag_mismatch(name)
    entity.version += 1
    table[key] = copy.deepcopy(entity)


class FakeProfiles:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def get(self, candidate_id: str) -> JobSeekerProfile | None:
        return copy.deepcopy(self._store.profiles.get(candidate_id))

    def save(self, profile: JobSeekerProfile) -> None:
        stored = self._store.profiles.get(profile.candidate_id)
        if (stored.version if stored else 0) != profile.version:
            raise etag_mismatch(f"candidates/{profile.candidate_id}/profile")
        profile.version += 1
        self._store.profiles[profile.candidate_id] = copy.deepcopy(profile)


class FakeRegistrations:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def get(self, candidate_id: str) -> Registration | None:
        return copy.deepcopy(self._store.registrations.get(candidate_id))

    def add(self, registration: Registration) -> None:
        registration.version = 1
        self._store.registrations[registration.candidate_id] = copy.deepcopy(registration)

    def save(self, registration: Registration) -> None:
        _checked_save(self._store.registrations, registration.candidate_id, registration, registration.name)

    def holder_of_nik(self, nik: str) -> str | None:
        held = (r.candidate_id for r in self._store.registrations.values() if r.form.ktp.nik == nik and r.round > 0)
        return next(held, None)

    def list_submitted(self, regency_code: str, page: PageRequest) -> list[Registration]:
        def position(r: Registration) -> tuple[str, str]:
            return (r.submitted_at.isoformat() if r.submitted_at else "", r.candidate_id)

        waiting = [
            r
            for r in self._store.registrations.values()
            if r.status is RegistrationStatus.SUBMITTED and r.regency_code == regency_code
        ]
        after = tuple(page.after) if page.after else None
        ordered = sorted((r for r in waiting if after is None or position(r) > after), key=position)
        return copy.deepcopy(ordered[: page.size + 1])

    def add_round(self, candidate_id: str, round_: RegistrationRound) -> None:
        self._store.rounds[(candidate_id, round_.round)] = copy.deepcopy(round_)

    def save_round(self, candidate_id: str, round_: RegistrationRound) -> None:
        self._store.rounds[(candidate_id, round_.round)] = copy.deepcopy(round_)

    def get_round(self, candidate_id: str, number: int) -> RegistrationRound:
        return copy.deepcopy(self._store.rounds[(candidate_id, number)])

    def list_rounds(self, candidate_id: str, page: PageRequest) -> list[RegistrationRound]:
        after = int(page.after[0]) if page.after else 0
        mine = sorted(
            (r for (c, n), r in self._store.rounds.items() if c == candidate_id and n > after), key=lambda r: r.round
        )
        return copy.deepcopy(mine[: page.size + 1])


class FakeDocuments:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def get(self, document_id: str) -> Document | None:
        return copy.deepcopy(self._store.documents.get(document_id))

    def add(self, document: Document) -> None:
        self._store.documents[document.id] = copy.deepcopy(document)

    def lock_content(self, sha256: str) -> None:
        """One thread per fake: there is no other writer to keep out."""

    def referenced(self, sha256: str) -> bool:
        return any(d.sha256 == sha256 for d in self._store.documents.values())


class FakeRequestLog:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def find(self, caller: str, request_id: str) -> tuple[str, str, str] | None:
        return self._store.requests.get((caller, request_id))

    def record(self, caller: str, request_id: str, method: str, fingerprint: str, resource: str) -> None:
        self._store.requests[(caller, request_id)] = (method, fingerprint, resource)


class FakeVacancies:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def get(self, vacancy_id: str) -> Vacancy | None:
        return copy.deepcopy(self._store.vacancies.get(vacancy_id))

    def add(self, vacancy: Vacancy, words: str) -> None:
        vacancy.version = 1
        self._store.vacancies[vacancy.id] = copy.deepcopy(vacancy)

    def save(self, vacancy: Vacancy, words: str) -> None:
        _checked_save(self._store.vacancies, vacancy.id, vacancy, vacancy.name)

    def list(self, where: VacancyFilter, page: PageRequest) -> list[Vacancy]:
        """Newest first; a search by words (``where.terms``) is not what the service tier is
        for (the gRPC tier searches the real full-text index)."""
        assert not where.terms, "search by words runs against SQL (tests/test_search.py)"
        found = [
            v
            for v in self._store.vacancies.values()
            if (not where.country_code or v.country_code == where.country_code)
            and (not where.occupation_code or v.occupation_code == where.occupation_code)
            and (not where.company_id or v.company_id == where.company_id)
            and (where.include_closed or v.state.value == "open")
        ]
        found.sort(key=lambda v: (v.posted_date or date.min, v.id), reverse=True)
        if page.after:
            posted, last_id = date.fromisoformat(page.after[0]), page.after[1]
            found = [v for v in found if (v.posted_date or date.min, v.id) < (posted, last_id)]
        return copy.deepcopy(found[: page.size + 1])

    def claim_opening(self, vacancy_id: str, gender: str) -> str | None:
        vacancy = self._store.vacancies[vacancy_id]
        for slot in (gender, "either"):
            if slot in ("male", "female", "either") and getattr(vacancy.filled, slot) < getattr(vacancy.openings, slot):
                vacancy.filled = dataclasses.replace(vacancy.filled, **{slot: getattr(vacancy.filled, slot) + 1})
                return slot
        return None

    def release_opening(self, vacancy_id: str, slot: str) -> None:
        vacancy = self._store.vacancies[vacancy_id]
        taken = getattr(vacancy.filled, slot)
        vacancy.filled = dataclasses.replace(vacancy.filled, **{slot: max(taken - 1, 0)})


class FakeApplications:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def get(self, application_id: str) -> Application | None:
        return copy.deepcopy(self._store.applications.get(application_id))

    def add(self, application: Application) -> None:
        if any(
            a.active and (a.candidate_id, a.vacancy_id) == (application.candidate_id, application.vacancy_id)
            for a in self._store.applications.values()
        ):
            raise AlreadyApplied(
                Reason.ALREADY_APPLIED,
                Text(
                    id="Sudah ada lamaran aktif untuk lowongan ini",
                    en="There is already an active application to this vacancy",
                ),
            )
        application.version = 1
        self._store.applications[application.id] = copy.deepcopy(application)

    def save(self, application: Application) -> None:
        if application.holds_placement and any(
            a.holds_placement and a.candidate_id == application.candidate_id and a.id != application.id
            for a in self._store.applications.values()
        ):
            from server.storage.application_repository import already_placed  # its words, not a copy

            raise already_placed(application)
        _checked_save(self._store.applications, application.id, application, application.name)

    def search(self, where: ApplicationFilter, page: PageRequest) -> list[Application]:
        def position(a: Application) -> tuple[str, str]:
            return (a.created_at.isoformat() if a.created_at else "", a.id)

        found = [
            a
            for a in self._store.applications.values()
            if (not where.candidate_id or a.candidate_id == where.candidate_id)
            and (not where.vacancy_id or a.vacancy_id == where.vacancy_id)
            and (not where.company_id or a.company_id == where.company_id)
            and (not where.regency_code or a.regency_code == where.regency_code)
            and (where.status is None or a.status is where.status)
        ]
        after = tuple(page.after) if page.after else None
        ordered = sorted((a for a in found if after is None or position(a) > after), key=position)
        return copy.deepcopy(ordered[: page.size + 1])

    def events(self, application_id: str, page: PageRequest) -> list[ApplicationEvent]:
        after = int(page.after[0]) if page.after else 0
        mine = [e for e in self._store.events if e.application_id == application_id and e.sequence > after]
        return copy.deepcopy(mine[: page.size + 1])

    def events_between(self, after: int, upto: int, where: ApplicationFilter, limit: int) -> list[ApplicationEvent]:
        found = [e for e in self._store.events if after < e.sequence <= upto and where.matches(e)]
        return copy.deepcopy(found[:limit])

    def in_progress_among(self, candidate_ids: set[str], company_id: str) -> set[str]:
        return {
            a.candidate_id
            for a in self._store.applications.values()
            if a.candidate_id in candidate_ids and a.company_id == company_id and a.active
        }

    def with_placement_agreement(self, document_name: str) -> list[Application]:
        return copy.deepcopy([a for a in self._store.applications.values() if a.placement_agreement == document_name])


class FakeCertificates:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def replace_for(self, candidate_id: str, certificates: list[Certificate]) -> None:
        kept = {n: c for (owner, n), c in self._store.certificates.items() if owner == candidate_id and c.revoked}
        for key in [k for k in self._store.certificates if k[0] == candidate_id]:
            del self._store.certificates[key]
        for certificate in certificates:
            if certificate.bnsp_number in kept:
                certificate.revoked = True
                certificate.revocation_reason = kept[certificate.bnsp_number].revocation_reason
            self._store.certificates[(candidate_id, certificate.bnsp_number)] = copy.deepcopy(certificate)

    def for_candidate(self, candidate_id: str) -> list[Certificate]:
        mine = [c for (owner, _n), c in sorted(self._store.certificates.items()) if owner == candidate_id]
        return copy.deepcopy(mine)

    def save(self, certificate: Certificate) -> None:
        self._store.certificates[(certificate.candidate_id, certificate.bnsp_number)] = copy.deepcopy(certificate)


class FakePolicies:
    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def get(self, version: str) -> StoredPolicy | None:
        return copy.deepcopy(self._store.policies.get(version))

    def add(self, policy: StoredPolicy) -> None:
        self._store.policies[policy.version] = copy.deepcopy(policy)

    def save(self, policy: StoredPolicy) -> None:
        self._store.policies[policy.version] = copy.deepcopy(policy)

    def all(self) -> list[StoredPolicy]:
        return copy.deepcopy(sorted(self._store.policies.values(), key=lambda p: p.loaded_at, reverse=True))


class FakeSnapshots:
    """A candidate as eligibility reads them, built from the fake tables the way
    server/storage/snapshots.py builds it from the SQL ones."""

    def __init__(self, store: FakeStore) -> None:
        self._store = store

    def candidate(self, candidate_id: str) -> CandidateSnapshot | None:
        registration = self._store.registrations.get(candidate_id)
        if registration is None:
            return None
        verified = registration.status is RegistrationStatus.VERIFIED
        active = [a for a in self._store.applications.values() if a.candidate_id == candidate_id and a.active]
        placement = next(
            (Placement(a.vacancy_id, a.status is ApplicationStatus.PP_VERIFIED) for a in active if a.status in PLACED),
            None,
        )
        certificates = tuple(
            CertificateSnapshot(
                c.bnsp_number, c.scheme_title, c.occupation_code, c.issue_date, c.expiry_date, c.revoked
            )
            for (owner, _n), c in sorted(self._store.certificates.items())
            if owner == candidate_id
        )
        form = registration.form
        return CandidateSnapshot(
            candidate_id=candidate_id,
            verified=verified,
            gender=registration.gender,
            birth_date=registration.birth_date,
            regency_code=registration.regency_code,
            certificates=certificates if verified else (),
            health_issue_date=form.health_certificate.issue_date,
            has_bpjs=bool(form.bpjs.card_number),
            active_applications=frozenset(a.vacancy_id for a in active),
            in_active_placement=placement is not None,
            nik=form.ktp.nik,
            registration=registration.status.value,
            placement=placement,
        )

    def hold(self, candidate_id: str) -> None:
        """One thread per fake: nobody else writes the candidate meanwhile."""


class FakeAuditTrail:
    def __init__(self, store: FakeStore, now: Any) -> None:
        self._store = store
        self._now = now

    def append(self, caller: Principal, action: str, resource: str, request_id: str) -> None:
        record = AuditRecord(
            sequence=len(self._store.audit) + 1,
            at=self._now(),
            role=caller.role.value,
            subject=caller.subject,
            actor=caller.actor,
            action=action,
            resource=resource,
            request_id=request_id,
            peer="test",
        )
        self._store.audit.append(record)

    def list(self, role: str, subject: str, resource: str, before: int, size: int) -> list[AuditRecord]:
        found = [
            r
            for r in reversed(self._store.audit)
            if (not before or r.sequence < before)
            and (not role or (r.role == role and r.subject == subject))
            and r.resource.startswith(resource)
        ]
        return found[: size + 1]


class FakeUnitOfWork:
    """One transaction on a copy of ``store``: committed whole, or left behind whole."""

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

    def __init__(self, store: FakeStore, now: Any = datetime.now) -> None:
        self._store = store
        self._now = now
        self.committed = False
        self._changes: list[Change] = []

    def __enter__(self) -> FakeUnitOfWork:
        self._working = copy.deepcopy(self._store)
        self._changes = []
        self.profiles = FakeProfiles(self._working)
        self.registrations = FakeRegistrations(self._working)
        self.documents = FakeDocuments(self._working)
        self.requests = FakeRequestLog(self._working)
        self.vacancies = FakeVacancies(self._working)
        self.certificates = FakeCertificates(self._working)
        self.policies = FakePolicies(self._working)
        self.applications = FakeApplications(self._working)
        self.snapshots = FakeSnapshots(self._working)
        self.audit = FakeAuditTrail(self._working, self._now)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._changes = []

    def record(self, change: Change) -> None:
        self._changes.append(change)

    def commit(self) -> None:
        """Put the working copy back, the recorded changes in its outbox and each
        application event in the history with its position as its sequence."""
        position = itertools.count(len(self._working.outbox) + 1)
        for change in self._changes:
            committed = Committed(next(position), change)
            self._working.outbox.append(committed)
            if change.event is not None:
                self._working.events.append(dataclasses.replace(change.event, sequence=committed.position))
        self._changes = []
        # A copy goes back, so what this unit of work does after committing stays its own.
        for name in (f.name for f in dataclasses.fields(FakeStore)):
            setattr(self._store, name, copy.deepcopy(getattr(self._working, name)))
        self.committed = True


class FakeUnitOfWorkFactory:
    """What the use cases are given: a fresh unit of work per call, over one store."""

    def __init__(self, store: FakeStore | None = None, now: Any = datetime.now) -> None:
        self.store = store or FakeStore()
        self._now = now

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store, self._now)

    def changes(self) -> Iterator[Change]:
        """Every committed change, in outbox order."""
        return (c.change for c in self.store.outbox)


class FakeBlobs:
    """Content-addressed bytes in a dict."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def put(self, sha256: str, content: bytes) -> None:
        self.blobs[sha256] = content

    def get(self, sha256: str) -> bytes:
        return self.blobs[sha256]

    def delete(self, sha256: str) -> None:
        self.blobs.pop(sha256, None)


class RulesDecider:
    """The decider port Apply decides through, answered by the shipped rules (the compiled evaluator)
    on the snapshot the unit of work read: the real domain, no index or registry."""

    def __init__(self, evaluator: Any, catalogue: Any, today: Any, vacancies: FakeStore) -> None:
        self._evaluator = evaluator
        self._catalogue = catalogue
        self._today = today
        self._store = vacancies
        self.decisions: list[Decision] = []

    def decide_of_record(self, candidate: CandidateSnapshot, vacancy: Vacancy) -> Decision:
        decision = decide(self._evaluator, self._catalogue, candidate, vacancy, self._today(), self.vacancy)
        self.decisions.append(decision)
        return decision

    def explained(
        self,
        candidate: CandidateSnapshot,
        vacancy: Vacancy,
        day: date,
        placed_through: Callable[[str], Vacancy | None] | None,
    ) -> Decision:
        return decide(self._evaluator, self._catalogue, candidate, vacancy, day, placed_through)

    def vacancy_or_not_found(self, vacancy_id: str) -> Vacancy:
        found = self.vacancy(vacancy_id)
        if found is None:
            raise not_found(f"vacancies/{vacancy_id}")
        return found

    def vacancy(self, vacancy_id: str) -> Vacancy | None:
        return copy.deepcopy(self._store.vacancies.get(vacancy_id))


if TYPE_CHECKING:  # the fakes are the ports: mypy says so here, not at each test
    _uow: UnitOfWork = FakeUnitOfWork(FakeStore())
    _factory: UnitOfWorkFactory = FakeUnitOfWorkFactory()
    _blobs: BlobStore = FakeBlobs()
