"""A P3MI reaches who applied: once a candidate applies to its vacancy, the company reads
her name, phone, sex, age and home regency, and fetches the documents the law lets it
process (docs/access.md); the KTP and the full NIK from the interview on; never the KK.
Another company, a candidate who has not applied, a rejected application: nothing.
The PP is uploaded from the application itself, and the candidate and her Dinas read it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from cpmi.matching.v1 import application_pb2 as pb
from cpmi.matching.v1 import common_pb2, document_pb2
from cpmi_client import Client, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

from matcher.clock import FixedClock
from matcher.principal import Role
from server.api.translate import timestamp
from server.seed.demo import tiny_pdf
from tests.conftest import ClientFor
from tests.story import submitted_candidate, vacancy

LISTED = {
    document_pb2.DOCUMENT_KIND_COMPETENCY_CERTIFICATE,
    document_pb2.DOCUMENT_KIND_HEALTH_CERTIFICATE,
    document_pb2.DOCUMENT_KIND_BPJS_CARD,
}


@dataclass
class Applied:
    candidate: Client
    p3mi: Client
    company: str
    application: pb.Application
    scans: dict[str, str]  # form path -> document


def _applied(client_for: ClientFor, candidate_id: str, nik: str, clock: FixedClock) -> Applied:
    """A verified candidate of 1307 who applied to a House Worker vacancy of her own company."""
    candidate, company = client_for(Role.CANDIDATE, candidate_id), f"pt-{candidate_id}"
    p3mi = client_for(Role.P3MI, company)
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), nik)
    client_for(Role.DINAS, "1307").verify_registration(candidate_id, etag=submitted.etag)
    posted = p3mi.create_vacancy(company, vacancy("House Worker", "SA", clock.today(), occupation_code="9111"))
    application = candidate.apply(candidate_id, posted.name)
    form = candidate.get_registration(candidate_id).form
    scans = {
        "ktp": form.ktp.scan,
        "kk": form.family_card.scan,
        "health": form.health_certificate.scan,
        "bpjs": form.bpjs.scan,
        "competency": form.competency_certificates[0].scan,
    }
    return Applied(candidate, p3mi, company, application, scans)


def test_the_company_reaches_who_applied_and_reads_only_the_listed_documents(
    client_for: ClientFor, candidate_id: str, nik_serial: Callable[[], str], clock: FixedClock
) -> None:
    nik = nik_serial()
    story = _applied(client_for, candidate_id, nik, clock)
    applicant = story.p3mi.get_applicant(story.application.name)
    assert applicant.name == f"{story.application.name}/applicant"
    assert applicant.candidate == f"candidates/{candidate_id}"
    assert (applicant.full_name, applicant.phone_number) == ("Rahmat Hidayat", "081266604471")
    assert applicant.gender == common_pb2.GENDER_MALE
    assert (applicant.birth_date.year, applicant.birth_date.month, applicant.birth_date.day) == (1996, 2, 9)
    assert applicant.age == 30  # on the tests' fixed day in 2026
    assert applicant.home_regency == "regencies/1307"
    assert applicant.home_regency_display_name == "Kab. Lima Puluh Kota"
    assert applicant.nik_masked and applicant.nik == "1307" + "*" * 12
    assert {d.kind for d in applicant.documents} == LISTED
    certificate = next(d for d in applicant.documents if d.kind == document_pb2.DOCUMENT_KIND_COMPETENCY_CERTIFICATE)
    assert (certificate.number, certificate.title) == ("BNSP-9111-2025-000123", "Pekerja Rumah Tangga")
    # "applications/{id}" names it too.
    assert story.p3mi.get_applicant(story.application.name.removesuffix("/applicant")).name == applicant.name

    for listed in applicant.documents:
        assert story.p3mi.get_document(listed.document).content.startswith(b"%PDF")
    for withheld in ("ktp", "kk"):  # no identity before the interview; the family card never
        with pytest.raises(NotFound):
            story.p3mi.get_document(story.scans[withheld])

    # From the interview on the company prepares the PP: the KTP and the full NIK.
    processing = story.p3mi.process_application(story.application.name)
    interview = pb.Interview(time=timestamp(clock.now() + timedelta(days=3)), location="Kantor P3MI, Padang")
    story.p3mi.schedule_interview(story.application.name, interview, etag=processing.etag)
    applicant = story.p3mi.get_applicant(story.application.name)
    assert not applicant.nik_masked and applicant.nik == nik
    assert {d.kind for d in applicant.documents} == LISTED | {document_pb2.DOCUMENT_KIND_KTP}
    assert story.p3mi.get_document(story.scans["ktp"]).content.startswith(b"%PDF")
    with pytest.raises(NotFound):
        story.p3mi.get_document(story.scans["kk"])


def test_no_one_else_reads_the_applicant(
    client_for: ClientFor, candidate_id: str, nik_serial: Callable[[], str], clock: FixedClock
) -> None:
    story = _applied(client_for, candidate_id, nik_serial(), clock)
    other = client_for(Role.P3MI, "pt-lain-sekali")
    with pytest.raises(NotFound) as hidden:
        other.get_applicant(story.application.name)
    with pytest.raises(NotFound) as missing:
        other.get_applicant("applications/tidak-ada")
    assert hidden.value.reason == missing.value.reason == "NOT_FOUND"
    with pytest.raises(NotFound):
        other.get_document(story.scans["health"])
    for role, subject in ((Role.CANDIDATE, candidate_id), (Role.DINAS, "1307"), (Role.DINAS, "3201")):
        with pytest.raises(PermissionDenied) as refused:
            client_for(role, subject).get_applicant(story.application.name)
        assert refused.value.reason == "ROLE_NOT_ALLOWED"
    with pytest.raises(NotFound):  # the Dinas of another regency sees none of her scans
        client_for(Role.DINAS, "3201").get_document(story.scans["health"])
    operator = client_for(Role.OPERATOR, "ops-1").get_applicant(story.application.name)
    assert operator.full_name == "Rahmat Hidayat"


def test_a_candidate_who_has_not_applied_stays_hidden(
    client_for: ClientFor, candidate_id: str, nik_serial: Callable[[], str], clock: FixedClock
) -> None:
    story = _applied(client_for, candidate_id, nik_serial(), clock)
    stranger_id = f"{candidate_id}-b"
    stranger = client_for(Role.CANDIDATE, stranger_id)
    submitted_candidate(stranger, stranger_id, clock.today(), nik_serial())
    health = stranger.get_registration(stranger_id).form.health_certificate.scan
    with pytest.raises(NotFound):
        story.p3mi.get_document(health)


def test_after_a_rejection_the_applicant_is_a_stranger_again(
    client_for: ClientFor, candidate_id: str, nik_serial: Callable[[], str], clock: FixedClock
) -> None:
    story = _applied(client_for, candidate_id, nik_serial(), clock)
    story.p3mi.reject_application(story.application.name, "Kuota sudah terpenuhi")
    with pytest.raises(NotFound):
        story.p3mi.get_applicant(story.application.name)
    with pytest.raises(NotFound):
        story.p3mi.get_document(story.scans["health"])
    with pytest.raises(FailedPrecondition) as over:
        story.p3mi.upload_document(
            story.application.name, document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("pp-late")
        )
    assert over.value.reason == "INVALID_TRANSITION"


def test_bad_applicant_names_are_invalid_arguments_naming_the_field(client_for: ClientFor) -> None:
    p3mi = client_for(Role.P3MI, "pt-nama-salah")
    for name in ("", "applicants/x", "applications/", "applications/a/b/applicant", "applications/" + "x" * 65):
        with pytest.raises(InvalidArgument) as bad:
            p3mi.get_applicant(name) if name.endswith("applicant") else p3mi.transport.call(
                p3mi.applications.stub.GetApplicant, pb.GetApplicantRequest(name=name)
            )
        assert [v.field for v in bad.value.field_violations] == ["name"], name


def test_the_pp_is_uploaded_from_the_application_and_read_by_the_candidate_and_her_dinas(
    client_for: ClientFor, candidate_id: str, nik_serial: Callable[[], str], clock: FixedClock
) -> None:
    story = _applied(client_for, candidate_id, nik_serial(), clock)
    name = story.application.name
    processing = story.p3mi.process_application(name)
    interview = pb.Interview(time=timestamp(clock.now() + timedelta(days=3)), location="Kantor P3MI")
    scheduled = story.p3mi.schedule_interview(name, interview, etag=processing.etag)

    # Only a PP goes under an application, only by its company.
    with pytest.raises(InvalidArgument) as not_a_pp:
        story.p3mi.upload_document(name, document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", tiny_pdf("bukan-pp"))
    assert [v.field for v in not_a_pp.value.field_violations] == ["kind"]
    with pytest.raises(NotFound):
        client_for(Role.P3MI, "pt-penyusup").upload_document(
            name, document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", tiny_pdf("pp-penyusup")
        )
    with pytest.raises(NotFound):
        story.candidate.upload_document(name, document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", tiny_pdf("calon"))

    content = tiny_pdf(f"pp-{candidate_id}")
    pp = story.p3mi.upload_document(name, document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp.pdf", content)
    assert pp.owner == f"companies/{story.company}"  # a PP is its company's, wherever it was sent
    accepted = story.p3mi.accept_application(name, pp.name, etag=scheduled.etag)
    assert accepted.status == pb.APPLICATION_STATUS_AWAITING_PP_VERIFICATION

    dinas = client_for(Role.DINAS, "1307")
    assert dinas.get_document(pp.name).content == content  # viewed while verifying
    with pytest.raises(NotFound):
        client_for(Role.DINAS, "3201").get_document(pp.name)
    dinas.verify_placement_agreement(name, etag=accepted.etag)
    downloaded = story.candidate.get_document(pp.name)
    assert downloaded.content == content and downloaded.kind == document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT
    with pytest.raises(NotFound):
        client_for(Role.CANDIDATE, f"{candidate_id}-lain").get_document(pp.name)

    # The company's own parent still works.
    own = story.p3mi.upload_document(
        f"companies/{story.company}", document_pb2.DOCUMENT_KIND_PLACEMENT_AGREEMENT, "pp2.pdf", tiny_pdf("pp2")
    )
    assert own.owner == f"companies/{story.company}"
