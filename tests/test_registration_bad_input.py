"""Bad input gets the right code and reason, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa
from cpmi.matching.v1 import document_pb2, registration_pb2
from cpmi_client import CpmiError, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App
from server.seed.demo import tiny_pdf
from server.storage import tables
from tests.conftest import ClientFor
from tests.story import register_job_seeker, seed_form_proto, submitted_candidate, upload_scans


def stored_documents(app: App) -> int:
    with app.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(tables.documents)).scalar_one())


def blob_files(app: App) -> int:
    return sum(1 for p in Path(app.settings.documents_dir).rglob("*") if p.is_file())


def expect(error_type: type[CpmiError], reason: str, call: object) -> CpmiError:
    assert callable(call)
    with pytest.raises(error_type) as caught:
        call()
    assert caught.value.reason == reason, caught.value
    assert caught.value.localized_message, "an Indonesian message accompanies every error"
    return caught.value


def test_a_6mb_file_is_refused_and_not_stored(app: App, client_for: ClientFor, candidate_id: str) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    before = (stored_documents(app), blob_files(app))
    six_mb = b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024)
    error = expect(
        InvalidArgument,
        "DOCUMENT_TOO_LARGE",
        lambda: candidate.upload_document(
            f"candidates/{candidate_id}", document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", six_mb
        ),
    )
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert (stored_documents(app), blob_files(app)) == before


def test_an_exe_renamed_pdf_is_refused_by_content(app: App, client_for: ClientFor, candidate_id: str) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    before = (stored_documents(app), blob_files(app))
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 1024
    error = expect(
        InvalidArgument,
        "DOCUMENT_TYPE_NOT_ALLOWED",
        lambda: candidate.upload_document(f"candidates/{candidate_id}", document_pb2.DOCUMENT_KIND_KTP, "ktp.pdf", exe),
    )
    assert error.metadata["detected"] == "unknown"
    assert (stored_documents(app), blob_files(app)) == before


def test_a_png_named_pdf_is_refused(client_for: ClientFor, candidate_id: str) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    expect(
        InvalidArgument,
        "DOCUMENT_TYPE_NOT_ALLOWED",
        lambda: candidate.upload_document(f"candidates/{candidate_id}", document_pb2.DOCUMENT_KIND_KTP, "a.pdf", png),
    )


@pytest.mark.parametrize(
    ("nik", "why"),
    [
        ("130710090296001", "16 digits"),
        ("13071009029600A1", "16 digits"),
        ("9907100902960001", "Region code"),
        ("1307103102960001", "invalid"),
    ],
)
def test_a_malformed_nik_names_the_field(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik: str, why: str
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    error = expect(
        InvalidArgument,
        "INVALID_FIELDS",
        lambda: candidate.update_registration(candidate_id, seed_form_proto(scans, clock.today(), nik)),
    )
    assert [v.field for v in error.field_violations] == ["form.ktp.nik"]
    assert why in error.field_violations[0].description
    with pytest.raises(NotFound):
        candidate.get_registration(candidate_id)


def test_a_birth_date_in_the_future_is_refused(client_for: ClientFor, candidate_id: str, clock: FixedClock) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    # Born 15 December 2026: after "today" (27 November 2026).
    error = expect(
        InvalidArgument,
        "INVALID_FIELDS",
        lambda: candidate.update_registration(candidate_id, seed_form_proto(scans, clock.today(), "1307101512260001")),
    )
    assert error.field_violations[0].field == "form.ktp.nik"
    assert "future" in error.field_violations[0].description


def test_dates_in_the_future_and_bad_phones_are_each_named(
    client_for: ClientFor, candidate_id: str, clock: FixedClock
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    form = seed_form_proto(scans, clock.today())
    form.health_certificate.issue_date.year = 2027
    form.emergency_contacts[0].phone_number = "12345"
    form.family_card.issuer_nip = "1970"
    error = expect(InvalidArgument, "INVALID_FIELDS", lambda: candidate.update_registration(candidate_id, form))
    assert {v.field for v in error.field_violations} == {
        "form.health_certificate.issue_date",
        "form.emergency_contacts[0].phone_number",
        "form.family_card.issuer_nip",
    }


def test_an_impossible_date_is_named_before_the_form_rules_run(
    client_for: ClientFor, candidate_id: str, clock: FixedClock
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    form = seed_form_proto(upload_scans(candidate, candidate_id), clock.today())
    form.family_card.issue_date.month = 13
    error = expect(InvalidArgument, "INVALID_FIELDS", lambda: candidate.update_registration(candidate_id, form))
    assert [v.field for v in error.field_violations] == ["form.family_card.issue_date"]


def test_submit_with_a_missing_document_is_a_failed_precondition(
    client_for: ClientFor, candidate_id: str, clock: FixedClock
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    form = seed_form_proto(scans, clock.today())
    form.ClearField("bpjs")
    draft = candidate.update_registration(candidate_id, form)
    error = expect(FailedPrecondition, "REGISTRATION_INCOMPLETE", lambda: candidate.submit_registration(candidate_id))
    assert {v.field for v in error.field_violations} == {"form.bpjs.card_number", "form.bpjs.scan"}
    after = candidate.get_registration(candidate_id)
    assert after.status == registration_pb2.REGISTRATION_STATUS_DRAFT and after.etag == draft.etag


def test_a_form_cannot_point_at_someone_elses_document(
    client_for: ClientFor, candidate_id: str, clock: FixedClock
) -> None:
    other = client_for(Role.CANDIDATE, "someone-else")
    foreign = other.upload_document("candidates/someone-else", document_pb2.DOCUMENT_KIND_KTP, "k.pdf", tiny_pdf("x"))
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    form = seed_form_proto(scans, clock.today())
    form.ktp.scan = foreign.name
    error = expect(InvalidArgument, "INVALID_FIELDS", lambda: candidate.update_registration(candidate_id, form))
    assert [v.field for v in error.field_violations] == ["form.ktp.scan"]


def test_a_dinas_of_another_region_cannot_see_or_decide(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    padang = client_for(Role.DINAS, "1371")
    expect(NotFound, "NOT_FOUND", lambda: padang.verify_registration(candidate_id, etag=submitted.etag))
    expect(NotFound, "NOT_FOUND", lambda: padang.reject_registration(candidate_id, etag=submitted.etag, reason="x"))
    expect(NotFound, "NOT_FOUND", lambda: padang.get_registration(candidate_id))
    expect(PermissionDenied, "OTHER_REGION", lambda: list(padang.list_submitted_registrations("1307")))
    unchanged = candidate.get_registration(candidate_id)
    assert unchanged.status == registration_pb2.REGISTRATION_STATUS_SUBMITTED and unchanged.etag == submitted.etag


def test_a_decision_on_a_stale_etag_is_refused(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    dinas = client_for(Role.DINAS, "1307")
    first = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    dinas.reject_registration(candidate_id, etag=first.etag, reason="KK buram")
    revised = candidate.get_registration(candidate_id)
    resubmitted = candidate.submit_registration(candidate_id, etag=revised.etag)
    # The officer still looks at round 1's etag.
    expect(FailedPrecondition, "ETAG_MISMATCH", lambda: dinas.verify_registration(candidate_id, etag=first.etag))
    current = candidate.get_registration(candidate_id)
    assert current.status == registration_pb2.REGISTRATION_STATUS_SUBMITTED and current.etag == resubmitted.etag
    assert [r.decision for r in candidate.list_registration_rounds(candidate_id)] == [
        registration_pb2.ROUND_DECISION_REJECTED,
        registration_pb2.ROUND_DECISION_PENDING,
    ]


def test_a_submitted_registration_cannot_be_edited(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    form = registration_pb2.RegistrationForm()
    form.relatives.father_name = "X"
    expect(
        FailedPrecondition,
        "REGISTRATION_NOT_EDITABLE",
        lambda: candidate.update_registration(candidate_id, form, update_mask=["form.relatives"]),
    )


def test_one_nik_one_account(client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial) -> None:
    nik = nik_serial()
    submitted_candidate(client_for(Role.CANDIDATE, candidate_id), candidate_id, clock.today(), nik)
    twin = client_for(Role.CANDIDATE, candidate_id + "-twin")
    with pytest.raises(FailedPrecondition) as caught:
        submitted_candidate(twin, candidate_id + "-twin", clock.today(), nik)
    assert caught.value.reason == "ALREADY_EXISTS"


def test_a_profile_update_on_a_stale_etag_is_refused(client_for: ClientFor, candidate_id: str) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    first = register_job_seeker(candidate, candidate_id)
    changed = registration_pb2.JobSeekerProfile(name=first.name, desired_job="Juru Masak", etag=first.etag)
    assert candidate.update_profile(changed, ["desired_job"]).desired_job == "Juru Masak"
    expect(FailedPrecondition, "ETAG_MISMATCH", lambda: candidate.update_profile(changed, ["desired_job"]))


def test_a_form_needs_a_job_seeker_profile_first(client_for: ClientFor, candidate_id: str, clock: FixedClock) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    expect(
        FailedPrecondition,
        "PROFILE_MISSING",
        lambda: candidate.update_registration(candidate_id, registration_pb2.RegistrationForm()),
    )


def test_a_bad_update_mask_and_page_token_are_invalid(client_for: ClientFor, candidate_id: str) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    register_job_seeker(candidate, candidate_id)
    error = expect(
        InvalidArgument,
        "INVALID_FIELDS",
        lambda: candidate.update_registration(
            candidate_id, registration_pb2.RegistrationForm(), update_mask=["form.x"]
        ),
    )
    assert error.field_violations[0].field == "update_mask"
    dinas = client_for(Role.DINAS, "1307")
    request = registration_pb2.ListSubmittedRegistrationsRequest(parent="regencies/1307", page_token="%%%")
    error = expect(
        InvalidArgument,
        "INVALID_PAGE_TOKEN",
        lambda: dinas.transport.call(dinas.registration.stub.ListSubmittedRegistrations, request),
    )
    assert error.field_violations[0].field == "page_token"


def test_a_revision_in_progress_is_the_candidates_alone(
    client_for: ClientFor, candidate_id: str, clock: FixedClock, nik_serial
) -> None:
    """After a rejection the Dinas still sees what was sent to it, not the edits the candidate
    has not sent yet, nor scans uploaded for them."""
    candidate = client_for(Role.CANDIDATE, candidate_id)
    sent = submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())
    dinas = client_for(Role.DINAS, "1307")
    dinas.reject_registration(candidate_id, etag=sent.etag, reason="surat keterangan sehat belum sesuai")
    new_scan = candidate.upload_document(
        f"candidates/{candidate_id}", document_pb2.DOCUMENT_KIND_HEALTH_CERTIFICATE, "sehat.pdf", tiny_pdf("new")
    )
    revision = registration_pb2.RegistrationForm()
    revision.health_certificate.CopyFrom(sent.form.health_certificate)
    revision.health_certificate.scan = new_scan.name
    revision.health_certificate.clinic_name = "Klinik Baru"
    candidate.update_registration(candidate_id, revision, update_mask=["form.health_certificate"])
    assert candidate.get_registration(candidate_id).form.health_certificate.clinic_name == "Klinik Baru"
    seen = dinas.get_registration(candidate_id)
    assert seen.form.health_certificate.clinic_name == sent.form.health_certificate.clinic_name
    with pytest.raises(NotFound):
        dinas.get_document(new_scan.name)
    dinas.get_document(sent.form.health_certificate.scan)  # what was sent stays readable
