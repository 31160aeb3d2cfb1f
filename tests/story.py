"""Steps of the seed's story shared by the end-to-end tests, over the real client."""

from __future__ import annotations

from datetime import date

from cpmi.matching.v1 import document_pb2, registration_pb2
from cpmi_client import Client

from matcher.documents import DocumentKind
from server.api.translate import to_proto
from server.demo import seed_form, tiny_pdf

KINDS = {
    DocumentKind.KTP: document_pb2.DOCUMENT_KIND_KTP,
    DocumentKind.KK: document_pb2.DOCUMENT_KIND_KK,
    DocumentKind.COMPETENCY_CERTIFICATE: document_pb2.DOCUMENT_KIND_COMPETENCY_CERTIFICATE,
    DocumentKind.HEALTH_CERTIFICATE: document_pb2.DOCUMENT_KIND_HEALTH_CERTIFICATE,
    DocumentKind.BPJS_CARD: document_pb2.DOCUMENT_KIND_BPJS_CARD,
}


def register_job_seeker(candidate: Client, candidate_id: str) -> registration_pb2.JobSeekerProfile:
    return candidate.update_profile(
        registration_pb2.JobSeekerProfile(
            name=f"candidates/{candidate_id}/profile",
            desired_job="Pekerja Rumah Tangga",
            employment_condition=registration_pb2.EMPLOYMENT_CONDITION_LAID_OFF,
            work_location=registration_pb2.WORK_LOCATION_ABROAD,
        )
    )


def upload_scans(candidate: Client, candidate_id: str, ktp_pdf: bytes | None = None) -> dict[DocumentKind, str]:
    scans = {}
    for kind, proto_kind in KINDS.items():
        content = ktp_pdf if kind is DocumentKind.KTP and ktp_pdf else tiny_pdf(f"{candidate_id}-{kind.value}")
        scans[kind] = candidate.upload_document(
            f"candidates/{candidate_id}", proto_kind, f"{kind.value}.pdf", content
        ).name
    return scans


def seed_form_proto(scans: dict[DocumentKind, str], today: date, nik: str = "") -> registration_pb2.RegistrationForm:
    form = to_proto(registration_pb2.RegistrationForm(), seed_form(scans, today))
    if nik:
        form.ktp.nik = nik
    return form


def submitted_candidate(candidate: Client, candidate_id: str, today: date, nik: str) -> registration_pb2.Registration:
    """A job seeker with a complete form, sent to the Dinas of 1307."""
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    draft = candidate.update_registration(candidate_id, seed_form_proto(scans, today, nik))
    return candidate.submit_registration(candidate_id, etag=draft.etag)
