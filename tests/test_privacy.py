"""A P3MI screens candidates who have not applied to it without learning who they are or
what they do elsewhere: a pseudonym per company, an age band, gender, regency and the
occupations of valid certificates; its CheckEligibility answers about its own vacancy only
(a placement elsewhere is NOT_AVAILABLE). Applying opens the identity; withdrawing closes it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import timedelta

import pytest
from cpmi.matching.v1 import application_pb2, eligibility_pb2
from cpmi_client import Client, DeadlineExceeded, NotFound

from matcher.application import ApplicationAction, Interview, TransitionRequest
from matcher.clock import FixedClock
from matcher.documents import DocumentKind
from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from server.app import App
from server.seed.demo import register_candidate, tiny_pdf
from tests.conftest import ClientFor
from tests.quota import production_vacancy

SCREENER, RIVAL = "pt-penyaring", "pt-pesaing"
DINAS = Principal(Role.DINAS, "1307", "tester")


def verified(app: App, clock: FixedClock, candidate_id: str, serial: int) -> None:
    registration = register_candidate(
        app.services, candidate_id, f"130710{41 + serial % 28:02d}0495{serial:04d}", clock.today()
    )
    app.services.registration.verify(DINAS, candidate_id, registration.etag, NO_KEY)


def posted(app: App, clock: FixedClock, company: str) -> str:
    owner = Principal(Role.P3MI, company)
    return app.services.vacancies.create(owner, company, production_vacancy(company, clock.today()), NO_KEY).id


def listed(p3mi: Client, vacancy_id: str) -> list[eligibility_pb2.EligibleCandidate]:
    query = eligibility_pb2.ListEligibleCandidatesRequest(vacancy=f"vacancies/{vacancy_id}", page_size=1000)
    return list(p3mi.list_eligible_candidates(query))


@pytest.fixture(scope="module")
def screening(app: App, clock: FixedClock, client_for: ClientFor) -> tuple[str, str, Client, Client]:
    verified(app, clock, "priv-1", 8101)
    return "priv-1", posted(app, clock, SCREENER), client_for(Role.P3MI, SCREENER), client_for(Role.P3MI, RIVAL)


def test_a_p3mi_sees_a_candidate_who_has_not_applied_only_as_what_it_needs_to_screen(
    screening: tuple[str, str, Client, Client],
) -> None:
    candidate_id, vacancy_id, p3mi, _ = screening
    shown = [c for c in listed(p3mi, vacancy_id) if c.pseudonymous]
    assert shown and not any(candidate_id in c.candidate for c in listed(p3mi, vacancy_id))
    one = shown[0]
    assert one.candidate.startswith("candidates/~")
    assert (one.age, one.certificate_number) == (0, "")
    assert one.age_band and one.regency_code and one.gender and list(one.occupation_codes) == ["9111"]
    again = [c.candidate for c in listed(p3mi, vacancy_id) if c.pseudonymous]
    assert again == [c.candidate for c in shown], "the same pseudonyms on every call"


def test_pseudonyms_differ_between_companies_and_name_nobody_elsewhere(
    app: App, clock: FixedClock, screening: tuple[str, str, Client, Client]
) -> None:
    _, vacancy_id, p3mi, rival = screening
    rivals_vacancy = posted(app, clock, RIVAL)
    mine = {c.candidate for c in listed(p3mi, vacancy_id)}
    theirs = {c.candidate for c in listed(rival, rivals_vacancy)}
    assert mine and theirs and not mine & theirs
    pseudonym = next(iter(mine)).removeprefix("candidates/")
    assert p3mi.check_eligibility(pseudonym, f"vacancies/{vacancy_id}").eligible, "usable by the company given it"
    with pytest.raises(NotFound):
        rival.check_eligibility(pseudonym, f"vacancies/{rivals_vacancy}")
    with pytest.raises(NotFound):
        p3mi.check_eligibility("~" + "a" * 40, f"vacancies/{vacancy_id}")


def test_a_placement_elsewhere_is_not_available_and_the_decision_names_no_one(
    app: App, clock: FixedClock, screening: tuple[str, str, Client, Client]
) -> None:
    _, vacancy_id, p3mi, _ = screening
    verified(app, clock, "priv-placed", 8102)
    _place(app, clock, "priv-placed", RIVAL)
    decision = p3mi.check_eligibility("priv-placed", f"vacancies/{vacancy_id}")
    codes = [r.code for r in decision.reasons]
    assert "NOT_AVAILABLE" in codes and "ALREADY_PLACED" not in codes
    assert decision.candidate.startswith("candidates/~") and "priv-placed" not in str(decision)
    mismatch = p3mi.check_eligibility("priv-placed", f"vacancies/{posted_welder(app, clock)}")
    assert "BNSP" not in str(mismatch), "no certificate number in the reasons"
    (batched,) = p3mi.batch_check_eligibility([("priv-placed", f"vacancies/{vacancy_id}")])
    assert [r.code for r in batched.reasons] == codes and batched.candidate == decision.candidate, "batches too"


def test_applying_opens_the_identity_and_withdrawing_closes_it_again(
    app: App, clock: FixedClock, client_for: ClientFor, screening: tuple[str, str, Client, Client]
) -> None:
    _, vacancy_id, p3mi, _ = screening
    verified(app, clock, "priv-apply", 8103)
    candidate = client_for(Role.CANDIDATE, "priv-apply")
    application = candidate.apply("priv-apply", f"vacancies/{vacancy_id}")
    seen = {c.candidate: c for c in listed(p3mi, posted(app, clock, SCREENER))}
    assert "candidates/priv-apply" in seen and seen["candidates/priv-apply"].certificate_number
    assert p3mi.check_eligibility("priv-apply", f"vacancies/{vacancy_id}").candidate == "candidates/priv-apply"
    # The documents its applicant view lists (docs/access.md): the health certificate, yes.
    health = candidate.get_registration("priv-apply").form.health_certificate.scan
    assert p3mi.get_document(health).content
    candidate.transition_application(application.name, application_pb2.APPLICATION_ACTION_WITHDRAW)
    assert "candidates/priv-apply" not in {c.candidate for c in listed(p3mi, posted(app, clock, SCREENER))}
    with pytest.raises(NotFound):
        p3mi.get_document(health)
    # Its history with the company stays, under the pseudonym it screens the candidate by.
    pseudonym = p3mi.get_application(application.name).candidate
    assert pseudonym.startswith("candidates/~")
    history = [a for a in p3mi.list_applications(f"companies/{SCREENER}") if a.name == application.name]
    assert [a.candidate for a in history] == [pseudonym]
    events = list(p3mi.list_application_events(application.name))
    assert {e.snapshot.candidate for e in events} == {pseudonym} and events[-1].actor == pseudonym
    replayed = p3mi.watch_applications(f"companies/{SCREENER}", after_sequence=0, timeout=2)
    mine = [e for e in _until_idle(replayed) if e.application == application.name]
    assert mine and {e.snapshot.candidate for e in mine} == {pseudonym}
    assert candidate.get_application(application.name).candidate == "candidates/priv-apply"


def _until_idle(watch: Iterable[application_pb2.ApplicationEvent]) -> list[application_pb2.ApplicationEvent]:
    """The events a watch replays, until it has been quiet for its deadline."""
    seen: list[application_pb2.ApplicationEvent] = []
    with contextlib.suppress(DeadlineExceeded):
        seen.extend(watch)
    return seen


def posted_welder(app: App, clock: FixedClock) -> str:
    owner = Principal(Role.P3MI, SCREENER)
    welder = production_vacancy(SCREENER, clock.today())
    welder.title, welder.occupation_code = "Juru Las", "7212"
    return app.services.vacancies.create(owner, SCREENER, welder, NO_KEY).id


def _place(app: App, clock: FixedClock, candidate_id: str, company: str) -> None:
    services, owner = app.services, Principal(Role.P3MI, company)
    vacancy_id = posted(app, clock, company)
    agreement = services.documents.upload(
        owner, f"companies/{company}", DocumentKind.PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf(candidate_id), NO_KEY
    ).name
    applied = services.applications.apply(Principal(Role.CANDIDATE, candidate_id), candidate_id, vacancy_id, NO_KEY)
    meeting = Interview(clock.now() + timedelta(days=3), "Kantor P3MI, Jakarta")
    for step in (
        TransitionRequest(ApplicationAction.PROCESS),
        TransitionRequest(ApplicationAction.SCHEDULE_INTERVIEW, interview=meeting),
        TransitionRequest(ApplicationAction.ACCEPT, placement_agreement=agreement),
    ):
        services.applications.transition(owner, applied.id, step, NO_KEY)
