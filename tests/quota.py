"""The quota race, shared by the SQLite and PostgreSQL tests: 50 accepts for 25 openings."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import sqlalchemy as sa
from cpmi.matching.v1 import application_pb2 as pb
from cpmi_client import Client, FailedPrecondition

from matcher.application import ApplicationAction, Interview, TransitionRequest
from matcher.clock import FixedClock
from matcher.documents import DocumentKind
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.vacancy import EmployerType, Openings, Vacancy
from server.app import App
from server.seed.demo import register_candidate, tiny_pdf
from server.storage import tables


def interviewing(app: App, clock: FixedClock, vacancy_id: str, company: str, count: int, serial: int) -> list[str]:
    """``count`` verified women, each with an application in Wawancara (set up in-process, fast)."""
    services, today = app.services, clock.today()
    dinas, p3mi = Principal(Role.DINAS, "1307", "tester"), Principal(Role.P3MI, company)
    names = []
    for i in range(count):
        candidate_id = f"race-{serial}-{i:02d}"
        nik = f"130710{41 + i % 28:02d}0398{serial + i:04d}"
        registration = register_candidate(services, candidate_id, nik, today)
        services.registration.verify(dinas, candidate_id, registration.etag, NO_KEY)
        applied = services.applications.apply(Principal(Role.CANDIDATE, candidate_id), candidate_id, vacancy_id, NO_KEY)
        services.applications.transition(p3mi, applied.id, TransitionRequest(ApplicationAction.PROCESS), NO_KEY)
        meeting = Interview(clock.now() + timedelta(days=3), "Kantor P3MI, Jakarta")
        step = TransitionRequest(ApplicationAction.SCHEDULE_INTERVIEW, interview=meeting)
        services.applications.transition(p3mi, applied.id, step, NO_KEY)
        names.append(applied.name)
    return names


def race_accepts(app: App, p3mi: Client | list[Client], clock: FixedClock, company: str, serial: int) -> None:
    """25 openings (20 for women, 5 for either), 50 women accepted at once (through one
    replica, or spread over several): exactly 25 win."""
    callers = p3mi if isinstance(p3mi, list) else [p3mi]
    owner = Principal(Role.P3MI, company)
    posted = app.services.vacancies.create(owner, company, production_vacancy(company, clock.today()), NO_KEY)
    names = interviewing(app, clock, posted.id, company, 50, serial)
    pp = app.services.documents.upload(
        owner, f"companies/{company}", DocumentKind.PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("pp"), NO_KEY
    )

    def accept(name: str) -> str:
        try:
            caller = callers[names.index(name) % len(callers)]
            caller.transition_application(name, pb.APPLICATION_ACTION_ACCEPT, placement_agreement=pp.name)
            return "accepted"
        except FailedPrecondition as refused:
            return refused.reason

    with ThreadPoolExecutor(50) as pool:
        outcomes = list(pool.map(accept, names))
    assert outcomes.count("accepted") == 25, outcomes
    assert set(outcomes) == {"accepted", "NO_OPENINGS"}
    with app.engine.connect() as conn:
        v = tables.vacancies.c
        filled = conn.execute(sa.select(v.filled_female, v.filled_either).where(v.id == posted.id)).one()
        accepted = conn.execute(
            sa.select(sa.func.count()).where(
                tables.applications.c.vacancy_id == posted.id,
                tables.applications.c.status == "awaiting_pp_verification",
            )
        ).scalar_one()
    assert tuple(filled) == (20, 5) and accepted == 25
    # The full quota is a refusal reason at once.
    latecomer = f"race-{serial}-00"
    decision = app.services.eligibility.check(Principal(Role.OPERATOR, "ops"), latecomer, posted.id)
    assert "NO_OPENINGS_FOR_GENDER" in decision.codes


def production_vacancy(company: str, today: date) -> Vacancy:
    return Vacancy(
        id="",
        company_id=company,
        title="Operator Produksi",
        occupation_code="9111",
        country_code="MY",
        employer_type=EmployerType.COMPANY,
        openings=Openings(male=0, female=20, either=5),
        closing_date=today + timedelta(days=30),
    )


def race_placements(app: App, clients: dict[str, Client], clock: FixedClock, serial: int) -> None:
    """Five candidates each in interview with two companies; both companies accept each at
    the same moment: exactly one placement per candidate commits, the other is ALREADY_PLACED."""
    services, today = app.services, clock.today()
    dinas = Principal(Role.DINAS, "1307", "tester")
    placements: dict[str, list[tuple[str, str]]] = {}
    agreements: dict[str, str] = {}
    vacancies = {}
    for company in clients:
        owner = Principal(Role.P3MI, company)
        vacancies[company] = services.vacancies.create(owner, company, production_vacancy(company, today), NO_KEY).id
        agreements[company] = services.documents.upload(
            owner, f"companies/{company}", DocumentKind.PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf(company), NO_KEY
        ).name
    for i in range(5):
        candidate_id = f"placed-{serial}-{i}"
        registration = register_candidate(services, candidate_id, f"130710{41 + i:02d}0398{serial + i:04d}", today)
        services.registration.verify(dinas, candidate_id, registration.etag, NO_KEY)
        for company, vacancy_id in vacancies.items():
            p3mi = Principal(Role.P3MI, company)
            applied = services.applications.apply(
                Principal(Role.CANDIDATE, candidate_id), candidate_id, vacancy_id, NO_KEY
            )
            services.applications.transition(p3mi, applied.id, TransitionRequest(ApplicationAction.PROCESS), NO_KEY)
            meeting = Interview(clock.now() + timedelta(days=3), "Kantor P3MI, Jakarta")
            step = TransitionRequest(ApplicationAction.SCHEDULE_INTERVIEW, interview=meeting)
            services.applications.transition(p3mi, applied.id, step, NO_KEY)
            placements.setdefault(candidate_id, []).append((company, applied.name))

    def accept(company_and_name: tuple[str, str]) -> str:
        company, name = company_and_name
        try:
            clients[company].transition_application(
                name, pb.APPLICATION_ACTION_ACCEPT, placement_agreement=agreements[company]
            )
            return "accepted"
        except FailedPrecondition as refused:
            return refused.reason

    for candidate_id, pair in placements.items():
        with ThreadPoolExecutor(2) as pool:
            outcomes = sorted(pool.map(accept, pair))
        assert outcomes == ["ALREADY_PLACED", "accepted"], (candidate_id, outcomes)
    with app.engine.connect() as conn:
        a = tables.applications.c
        placed = conn.execute(
            sa.select(a.candidate_id, sa.func.count())
            .where(a.candidate_id.like(f"placed-{serial}-%"), a.status == "awaiting_pp_verification")
            .group_by(a.candidate_id)
        ).all()
    assert sorted(count for _, count in placed) == [1] * 5
