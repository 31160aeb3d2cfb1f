"""The user's stories on the use cases alone (tests/fakes.py): registering and being
verified, posting vacancies, applying and being placed, a revoked certificate, the audit
trail's reading. What gRPC adds (names, tokens, status codes) is the gRPC tier's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

import pytest

from matcher.application import ApplicationAction, ApplicationStatus, Interview, TransitionRequest
from matcher.changes import ChangeKind
from matcher.documents import DocumentKind
from matcher.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from matcher.paging import PageRequest
from matcher.principal import Principal, Role
from matcher.registration import JobSeekerProfile, RegistrationForm, RegistrationStatus, WorkLocation
from matcher.services.idempotency import NO_KEY, RequestKey
from server.seed.demo import demo_vacancies, register_candidate, tiny_pdf
from tests.service.conftest import World

REGENCY = "1307"
COMPANY = "pt-sejahtera"
NIK = "1307105203980002"  # a woman (birth day + 40), born 12 March 1998
dinas = Principal(Role.DINAS, REGENCY, "petugas")
p3mi = Principal(Role.P3MI, COMPANY, "hrd")
operator = Principal(Role.OPERATOR, "ops")


def _verified(world: World, candidate_id: str = "siti", nik: str = NIK) -> None:
    submitted = register_candidate(cast(Any, world), candidate_id, nik, world.clock.today())
    world.registration.verify(dinas, candidate_id, submitted.etag, NO_KEY)


def _vacancy_id(world: World, which: int = 2) -> str:
    draft = demo_vacancies(world.clock.today())[which]
    draft.company_id = COMPANY
    return world.vacancies.create(p3mi, COMPANY, draft, RequestKey(f"v-{which}", "CreateVacancy")).id


def test_a_candidate_registers_and_the_dinas_of_her_regency_verifies(world: World) -> None:
    submitted = register_candidate(cast(Any, world), "siti", NIK, world.clock.today())
    assert submitted.status is RegistrationStatus.SUBMITTED and submitted.regency_code == REGENCY
    queue = world.registration.list_queue(dinas, REGENCY, PageRequest(10))
    assert [r.candidate_id for r in queue.items] == ["siti"]
    with pytest.raises(NotFound):  # another regency's Dinas sees nothing, not a refusal
        world.registration.get(Principal(Role.DINAS, "3212"), "siti")
    verified = world.registration.verify(dinas, "siti", submitted.etag, NO_KEY)
    assert verified.status is RegistrationStatus.VERIFIED
    assert [c.bnsp_number for c in world.certificates.of_candidate(Principal(Role.CANDIDATE, "siti"), "siti")]
    assert [r.round for r in world.registration.list_rounds(dinas, "siti", PageRequest(10)).items] == [1]


def test_the_form_needs_a_profile_first_and_a_refused_change_leaves_nothing(world: World) -> None:
    siti = Principal(Role.CANDIDATE, "siti")
    with pytest.raises(FailedPrecondition) as refused:
        world.registration.update(siti, "siti", RegistrationForm(), [], "")
    assert refused.value.reason == "PROFILE_MISSING"
    assert not world.uow.store.registrations, "a refused unit of work writes nothing"
    world.registration.update_profile(siti, JobSeekerProfile("siti", work_location=WorkLocation.ABROAD), [])
    draft = world.registration.update(siti, "siti", RegistrationForm(), [], "")
    with pytest.raises(FailedPrecondition) as incomplete:
        world.registration.submit(siti, "siti", draft.etag, NO_KEY)
    assert incomplete.value.reason == "REGISTRATION_INCOMPLETE"
    assert world.registration.get(siti, "siti").status is RegistrationStatus.DRAFT


def test_a_stale_etag_loses_to_the_writer_who_came_first(world: World) -> None:
    submitted = register_candidate(cast(Any, world), "siti", NIK, world.clock.today())
    world.registration.reject(dinas, "siti", submitted.etag, "Foto KTP buram", NO_KEY)
    with pytest.raises(FailedPrecondition) as stale:
        world.registration.verify(dinas, "siti", submitted.etag, NO_KEY)
    assert stale.value.reason == "ETAG_MISMATCH"


def test_one_nik_belongs_to_one_account(world: World) -> None:
    register_candidate(cast(Any, world), "siti", NIK, world.clock.today())
    with pytest.raises(FailedPrecondition) as taken:
        register_candidate(cast(Any, world), "siti-lagi", NIK, world.clock.today())
    assert taken.value.reason == "ALREADY_EXISTS"


def test_a_p3mi_posts_changes_and_closes_its_own_vacancies_only(world: World) -> None:
    vacancy_id = _vacancy_id(world)
    posted = world.vacancies.get(p3mi, vacancy_id)
    assert posted.posted_date == world.clock.today() and posted.company_id == COMPANY
    with pytest.raises(PermissionDenied):
        world.vacancies.close(Principal(Role.P3MI, "pt-lain"), vacancy_id, posted.etag)
    closed = world.vacancies.close(p3mi, vacancy_id, posted.etag)
    assert closed.state.value == "closed"
    kinds = [c.kind for c in world.uow.changes()]
    assert kinds.count(ChangeKind.VACANCY) == 2, "each committed change reaches the outbox once"


def test_a_retried_create_with_the_same_request_id_posts_once(world: World) -> None:
    first = _vacancy_id(world)
    again = _vacancy_id(world)
    assert first == again and len(world.uow.store.vacancies) == 1


def test_she_applies_is_interviewed_accepted_and_the_dinas_verifies_her_placement(world: World) -> None:
    _verified(world)
    vacancy_id = _vacancy_id(world)
    siti = Principal(Role.CANDIDATE, "siti")
    application = world.applications.apply(siti, "siti", vacancy_id, RequestKey("apply-1", "Apply"))
    assert application.status is ApplicationStatus.SENT and world.decider.decisions[-1].eligible
    with pytest.raises(FailedPrecondition) as twice:
        world.applications.apply(siti, "siti", vacancy_id, RequestKey("apply-2", "Apply"))
    assert "ALREADY_APPLIED" in [p.type for p in twice.value.preconditions]

    def step(who: Principal, action: ApplicationAction, **given: Any) -> ApplicationStatus:
        current = world.uow.store.applications[application.id]
        request = TransitionRequest(action, etag=current.etag, **given)
        return world.applications.transition(who, application.id, request, NO_KEY).status

    assert step(p3mi, ApplicationAction.PROCESS) is ApplicationStatus.PROCESSING
    interview = Interview(world.clock.now() + timedelta(days=3), "Kantor PT, Padang")
    assert step(p3mi, ApplicationAction.SCHEDULE_INTERVIEW, interview=interview) is ApplicationStatus.INTERVIEW
    agreement = world.documents.upload(
        p3mi,
        application.name,
        DocumentKind.PLACEMENT_AGREEMENT,
        "pp.pdf",
        tiny_pdf("pp-siti"),
        RequestKey("pp", "UploadDocument"),
    )
    accepted = step(p3mi, ApplicationAction.ACCEPT, placement_agreement=agreement.name)
    assert accepted is ApplicationStatus.AWAITING_PP_VERIFICATION
    assert world.uow.store.vacancies[vacancy_id].filled.female == 1, "acceptance takes an opening"
    with pytest.raises(PermissionDenied):
        step(p3mi, ApplicationAction.VERIFY_PP)
    assert step(dinas, ApplicationAction.VERIFY_PP) is ApplicationStatus.PP_VERIFIED
    history = world.applications.events(siti, application.id, PageRequest(20)).items
    assert [e.to_status for e in history] == [
        ApplicationStatus.SENT,
        ApplicationStatus.PROCESSING,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.AWAITING_PP_VERIFICATION,
        ApplicationStatus.PP_VERIFIED,
    ]
    assert [e.sequence for e in history] == sorted(e.sequence for e in history)


def test_a_candidate_not_yet_verified_is_refused_with_every_reason(world: World) -> None:
    register_candidate(cast(Any, world), "siti", NIK, world.clock.today())
    with pytest.raises(FailedPrecondition) as refused:
        world.applications.apply(Principal(Role.CANDIDATE, "siti"), "siti", _vacancy_id(world), NO_KEY)
    assert refused.value.reason == "NOT_ELIGIBLE"
    assert "REGISTRATION_NOT_VERIFIED" in [p.type for p in refused.value.preconditions]
    assert not world.uow.store.applications


def test_an_operator_revokes_a_certificate_and_it_stays_revoked_after_a_new_verification(world: World) -> None:
    _verified(world)
    siti = Principal(Role.CANDIDATE, "siti")
    number = world.certificates.of_candidate(siti, "siti")[0].bnsp_number
    with pytest.raises(PermissionDenied):
        world.certificates.revoke(dinas, "siti", number, "palsu", NO_KEY)
    with pytest.raises(InvalidArgument):
        world.certificates.revoke(operator, "siti", number, "  ", NO_KEY)
    revoked = world.certificates.revoke(operator, "siti", number, "Sertifikat palsu", NO_KEY)
    assert revoked.revoked
    with world.uow() as uow:
        uow.certificates.replace_for("siti", [revoked.__class__(**{**vars(revoked), "revoked": False})])
        uow.commit()
    assert world.certificates.of_candidate(siti, "siti")[0].revoked


def test_the_audit_trail_is_read_by_operators_newest_first_page_by_page(world: World) -> None:
    with world.uow() as uow:
        for i in range(3):
            uow.audit.append(dinas, "VerifyRegistration", f"candidates/c{i}/registration", f"r{i}")
        uow.commit()
    with pytest.raises(PermissionDenied):
        world.audit.records(dinas, None, "", PageRequest(10))
    first = world.audit.records(operator, (Role.DINAS, REGENCY), "candidates/", PageRequest(2))
    assert [r.request_id for r in first.items] == ["r2", "r1"] and first.next_after
    rest = world.audit.records(operator, None, "", PageRequest(2, first.next_after))
    assert [r.request_id for r in rest.items] == ["r0"]


def test_a_candidate_downloads_her_own_scan_and_nobody_else_can(world: World) -> None:
    siti = Principal(Role.CANDIDATE, "siti")
    scan = world.documents.upload(
        siti, "candidates/siti", DocumentKind.KTP, "ktp.pdf", tiny_pdf("ktp"), RequestKey("ktp", "UploadDocument")
    )
    document, content = world.documents.download(siti, scan.name)
    assert document.sha256 in world.blobs.blobs and content == world.blobs.blobs[document.sha256]
    with pytest.raises((NotFound, PermissionDenied)):
        world.documents.download(Principal(Role.CANDIDATE, "ani"), scan.name)
