"""The service tier's world: the use cases of matcher/services over the fakes of
tests/fakes.py, with the shipped catalogue, rules and document inspector (all pure), on the
fixed "today" of the other tiers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from matcher.catalogue import Catalogue, default_catalogue
from matcher.clock import FixedClock
from matcher.read_model import ReadModel
from matcher.rules.compiled import CompiledEvaluator
from matcher.rules.policy import Policy
from matcher.rules.policy_loader import load_policy
from matcher.rules.registry import PolicyRegistry
from matcher.services.applications import ApplicationService
from matcher.services.audit import AuditService
from matcher.services.certificates import CertificateService
from matcher.services.documents import DocumentService
from matcher.services.registration import RegistrationService
from matcher.services.vacancies import VacancyService
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy
from server.storage.inspection import ParsingInspector
from tests.conftest import NOW
from tests.fakes import FakeBlobs, FakeUnitOfWorkFactory, RulesDecider

POLICY_FILE = Path(__file__).resolve().parents[2] / "matcher" / "rules" / "policies" / "default.json"


class PlainPseudonyms:
    """A P3MI names a candidate who has not applied by "~" and the id reversed: stable per
    company is all the use cases need (the real ones are AES-SIV)."""

    def name_for(self, company_id: str, candidate_id: str) -> str:
        return f"~{company_id}:{candidate_id[::-1]}"

    def candidate_for(self, company_id: str, pseudonym: str) -> str | None:
        prefix = f"~{company_id}:"
        return pseudonym.removeprefix(prefix)[::-1] if pseudonym.startswith(prefix) else None


@dataclass
class World:
    uow: FakeUnitOfWorkFactory
    clock: FixedClock
    catalogue: Catalogue
    blobs: FakeBlobs
    decider: RulesDecider
    registration: RegistrationService
    documents: DocumentService
    vacancies: VacancyService
    applications: ApplicationService
    certificates: CertificateService
    audit: AuditService


class NothingStored:
    """The read model's snapshot source with nothing in storage: the service tier's use cases
    read the fake unit of work; the read model only answers what is indexed (nothing)."""

    def candidate(self, candidate_id: str) -> None:
        return None

    def vacancy(self, vacancy_id: str) -> None:
        return None

    def all_candidates(self) -> Iterator[tuple[int, CandidateSnapshot]]:
        return iter(())

    def all_vacancies(self) -> Iterator[tuple[int, Vacancy]]:
        return iter(())

    def active_policies(self) -> list[Policy]:
        return []


@pytest.fixture
def world() -> World:
    clock = FixedClock(NOW)
    uow = FakeUnitOfWorkFactory(now=clock.now)
    catalogue = default_catalogue()
    blobs = FakeBlobs()
    evaluator = CompiledEvaluator(load_policy(POLICY_FILE.read_text()))
    decider = RulesDecider(evaluator, catalogue, clock.today, uow.store)
    return World(
        uow=uow,
        clock=clock,
        catalogue=catalogue,
        blobs=blobs,
        decider=decider,
        registration=RegistrationService(uow, clock, catalogue),
        documents=DocumentService(uow, blobs, ParsingInspector(), clock),
        vacancies=VacancyService(uow, ReadModel(NothingStored(), PolicyRegistry(), clock), catalogue, clock),
        applications=ApplicationService(uow, decider, decider.vacancy_or_not_found, clock, PlainPseudonyms()),
        certificates=CertificateService(uow),
        audit=AuditService(uow),
    )
