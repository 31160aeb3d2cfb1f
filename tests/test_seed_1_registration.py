"""The seed's registration story, end to end over real gRPC."""

from __future__ import annotations

import hashlib

from cpmi.matching.v1 import registration_pb2

from matcher.clock import FixedClock
from matcher.documents import DocumentKind
from matcher.principal import Role
from server.seed.demo import tiny_pdf
from tests.conftest import ClientFor
from tests.story import SEED_CANDIDATE, register_job_seeker, seed_form_proto, upload_scans

SEED_NIK = "1307100902960001"


def big_pdf(size: int) -> bytes:
    return tiny_pdf("ktp scan", size)


def test_seed_story_rejected_then_revised_then_verified(client_for: ClientFor, clock: FixedClock) -> None:
    candidate_id = SEED_CANDIDATE
    candidate = client_for(Role.CANDIDATE, candidate_id)
    dinas = client_for(Role.DINAS, "1307")

    # Daftar sebagai pencari kerja, then the CPMI form with the seed's data and a 4.5 MB KTP scan.
    profile = register_job_seeker(candidate, candidate_id)
    assert profile.work_location == registration_pb2.WORK_LOCATION_ABROAD
    ktp_scan = big_pdf(4_500_000)
    scans = upload_scans(candidate, candidate_id, ktp_pdf=ktp_scan)
    draft = candidate.update_registration(candidate_id, seed_form_proto(scans, clock.today()))
    assert draft.status == registration_pb2.REGISTRATION_STATUS_DRAFT
    assert draft.form.ktp.nik == SEED_NIK
    assert (draft.birth_date.year, draft.birth_date.month, draft.birth_date.day) == (1996, 2, 9)

    # Kirim: Diajukan, routed to the Dinas of Kab. Lima Puluh Kota (1307).
    submitted = candidate.submit_registration(candidate_id, etag=draft.etag)
    assert submitted.status == registration_pb2.REGISTRATION_STATUS_SUBMITTED
    assert submitted.regency_code == "1307"
    queued = [r for r in dinas.list_submitted_registrations("1307") if r.name == submitted.name]
    assert len(queued) == 1

    # The Dinas opens the submission with its documents: the 4.5 MB scan comes back intact.
    ktp = dinas.get_document(queued[0].form.ktp.scan)
    assert ktp.sha256 == hashlib.sha256(ktp_scan).hexdigest() and ktp.content == ktp_scan

    # Ditolak with a reason the candidate reads.
    rejected = dinas.reject_registration(
        candidate_id, etag=queued[0].etag, reason="surat keterangan sehat belum sesuai"
    )
    mine = candidate.get_registration(candidate_id)
    assert mine.status == registration_pb2.REGISTRATION_STATUS_REJECTED
    assert mine.rejection_reason == "surat keterangan sehat belum sesuai"

    # Revisi Pengajuan: only the health certificate changes; the rest is kept.
    revised = seed_form_proto(scans, clock.today())
    revised.health_certificate.number = "445/999/PKM-SLN/2026"
    revised.health_certificate.doctor_name = "dr. Siti Rahma"
    updated = candidate.update_registration(
        candidate_id, revised, update_mask=["form.health_certificate"], etag=rejected.etag
    )
    assert updated.form.health_certificate.number == "445/999/PKM-SLN/2026"
    assert updated.form.ktp.scan == scans[DocumentKind.KTP]
    resubmitted = candidate.submit_registration(candidate_id, etag=updated.etag)
    assert resubmitted.status == registration_pb2.REGISTRATION_STATUS_SUBMITTED
    assert resubmitted.round == 2

    verified = dinas.verify_registration(candidate_id, etag=resubmitted.etag)
    assert verified.status == registration_pb2.REGISTRATION_STATUS_VERIFIED

    # The history keeps both rounds: what was sent, who decided, when, why.
    rounds = list(candidate.list_registration_rounds(candidate_id))
    assert [r.round for r in rounds] == [1, 2]
    assert rounds[0].decision == registration_pb2.ROUND_DECISION_REJECTED
    assert rounds[0].reason == "surat keterangan sehat belum sesuai"
    assert rounds[0].form.health_certificate.number == "445/123/PKM-SLN/2026"
    assert rounds[0].decided_by == "regencies/1307/officers/tester"
    assert rounds[1].decision == registration_pb2.ROUND_DECISION_VERIFIED
    assert rounds[1].form.health_certificate.number == "445/999/PKM-SLN/2026"
    assert rounds[1].submitted_by == f"candidates/{candidate_id}"
