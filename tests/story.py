"""Steps of the seed's story shared by the end-to-end tests, over the real client."""

from __future__ import annotations

from datetime import date, timedelta

from cpmi.matching.v1 import document_pb2, registration_pb2, vacancy_pb2
from cpmi_client import Client, NotFound
from google.type import date_pb2, money_pb2

from matcher.documents import DocumentKind
from server.api.translate import to_proto
from server.seed.demo import seed_form, tiny_pdf

KINDS = {
    DocumentKind.KTP: document_pb2.DOCUMENT_KIND_KTP,
    DocumentKind.KK: document_pb2.DOCUMENT_KIND_KK,
    DocumentKind.COMPETENCY_CERTIFICATE: document_pb2.DOCUMENT_KIND_COMPETENCY_CERTIFICATE,
    DocumentKind.HEALTH_CERTIFICATE: document_pb2.DOCUMENT_KIND_HEALTH_CERTIFICATE,
    DocumentKind.BPJS_CARD: document_pb2.DOCUMENT_KIND_BPJS_CARD,
}


def register_job_seeker(candidate: Client, candidate_id: str) -> registration_pb2.JobSeekerProfile:
    return candidate.registration.update_profile(
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
    """A job seeker with the seed's complete form (and ``nik``, if given), sent to the Dinas of 1307."""
    register_job_seeker(candidate, candidate_id)
    scans = upload_scans(candidate, candidate_id)
    draft = candidate.update_registration(candidate_id, seed_form_proto(scans, today, nik))
    return candidate.registration.submit(candidate_id, etag=draft.etag)


SEED_CANDIDATE = "seed-cpmi"
SEED_COMPANY = "ammana-fintek-syariah"


def seed_candidate_verified(candidate: Client, dinas: Client, today: date) -> str:
    """The seed's candidate, verified; the registration story makes it, this reuses or remakes it."""
    try:
        if candidate.get_registration(SEED_CANDIDATE).status == registration_pb2.REGISTRATION_STATUS_VERIFIED:
            return SEED_CANDIDATE
    except NotFound:
        pass
    submitted = submitted_candidate(candidate, SEED_CANDIDATE, today, "")
    dinas.verify_registration(SEED_CANDIDATE, etag=submitted.etag)
    return SEED_CANDIDATE


def vacancy(
    title: str,
    country: str,
    today: date,
    *,
    employer: vacancy_pb2.EmployerType.ValueType = vacancy_pb2.EMPLOYER_TYPE_COMPANY,
    occupation_code: str = "",
    one_channel: bool = False,
    job_order: str = "",
    openings: tuple[int, int, int] = (18, 28, 0),
) -> vacancy_pb2.Vacancy:
    """A vacancy like the seed's (PT. AMMANA FINTEK SYARIAH, SAR 3,500-4,500, 18 men / 28 women)."""
    closing = today + timedelta(days=60)
    return vacancy_pb2.Vacancy(
        company_display_name="PT. AMMANA FINTEK SYARIAH",
        title=title,
        occupation_code=occupation_code,
        country_code=country,
        city="Riyadh" if country == "SA" else "",
        employer_type=employer,
        openings=vacancy_pb2.Openings(male=openings[0], female=openings[1], either=openings[2]),
        salary_min=money_pb2.Money(currency_code="SAR", units=3500),
        salary_max=money_pb2.Money(currency_code="SAR", units=4500),
        description="Melayani keluarga pengguna; akomodasi dan makan ditanggung.",
        closing_date=date_pb2.Date(year=closing.year, month=closing.month, day=closing.day),
        one_channel=one_channel,
        job_order_reference=job_order,
    )
