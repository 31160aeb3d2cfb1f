"""Demo data: the seed's candidate (NIK 1307100902960001), submitted to the Dinas of 1307.

Used by ``cpmi-matcher serve --demo`` and by tests; loading twice changes nothing.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pypdf
from PIL import Image, PngImagePlugin

from matcher.documents import DocumentKind
from matcher.errors import NotFound
from matcher.principal import Principal, Role
from matcher.registration import (
    BpjsMembership,
    CompetencyCertificate,
    EmergencyContact,
    FamilyCard,
    HealthCertificate,
    JobSeekerProfile,
    KtpIdentity,
    MaritalStatus,
    PermissionLetter,
    Registration,
    RegistrationForm,
    RegistrationStatus,
    Relatives,
    Religion,
    WorkLocation,
)
from matcher.services.idempotency import NO_KEY, RequestKey
from matcher.vacancy import EmployerType, Money, Openings, Vacancy
from server.seed.identities import DEMO_COMPANY as DEMO_COMPANY
from server.seed.identities import DEMO_COMPANY_NAME, DEMO_NAMES, SEED_NAME
from server.seed.identities import DEMO_REGENCY as DEMO_REGENCY
from server.settings import DEMO_CANDIDATE as DEMO_CANDIDATE
from server.settings import VERIFIED_CANDIDATE as VERIFIED_CANDIDATE

if TYPE_CHECKING:  # the service tier of tests reads the seed's form without the gRPC server
    from server.app import UseCases

SEED_NIK = "1307100902960001"
# A second candidate, already verified, so eligibility can be tried at once.
VERIFIED_NIK = "1307105203980002"


# Monthly salary ranges of the demo's vacancies (the seed's SAR 3,500-4,500; Hong Kong's minimum
# allowable wage for domestic helpers; a Japanese welder's usual range).
SALARIES = {
    "SA": (Money("SAR", 3500), Money("SAR", 4500)),
    "HK": (Money("HKD", 5100), Money("HKD", 5600)),
    "JP": (Money("JPY", 220000), Money("JPY", 260000)),
}


def tiny_pdf(label: str, size: int = 0) -> bytes:
    """A one-page PDF whose bytes differ by label (padded to about ``size`` bytes with an
    embedded file when given)."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": label})
    if size:
        writer.add_attachment("scan.bin", b"0" * max(size - 1200, 0))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def tiny_png(label: str) -> bytes:
    """A small PNG whose bytes differ by label."""
    out = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Title", label)
    Image.new("RGB", (32, 20), (210, 180, 140)).save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def seed_form(scans: dict[DocumentKind, str], today: date) -> RegistrationForm:
    """The seed's CPMI form, dates relative to ``today`` so it stays valid."""
    return RegistrationForm(
        ktp=KtpIdentity(
            nik=SEED_NIK,
            scan=scans[DocumentKind.KTP],
            religion=Religion.ISLAM,
            domicile_regency_code=DEMO_REGENCY,
            full_name=SEED_NAME,
        ),
        family_card=FamilyCard(
            number="1307101203190002",
            scan=scans[DocumentKind.KK],
            head_of_family_nik="1307101505650001",
            issuer_nip="197001011995031001",
            issue_date=date(2019, 3, 12),
        ),
        marital_status=MaritalStatus.SINGLE,
        relatives=Relatives(father_name="Syamsul Bahri", mother_name="Nurhayati"),
        emergency_contacts=[
            EmergencyContact(
                name="Rina Marlina",
                relationship="Kakak",
                phone_number="081234567890",
                address="Jl. Sudirman 1, Payakumbuh",
            )
        ],
        permission_letter=PermissionLetter(
            village_registration_number="140/25/SLN/2026",
            letter_date=today - timedelta(days=60),
            village_head_name="H. Darmawan",
            permitter_nik="1307101505650001",
            permitter_name="Syamsul Bahri",
        ),
        competency_certificates=[
            CompetencyCertificate(
                bnsp_number="BNSP-9111-2025-000123",
                scan=scans[DocumentKind.COMPETENCY_CERTIFICATE],
                scheme_title="Pekerja Rumah Tangga",
                occupation_code="9111",
                issue_date=today - timedelta(days=200),
            )
        ],
        health_certificate=HealthCertificate(
            number="445/123/PKM-SLN/2026",
            scan=scans[DocumentKind.HEALTH_CERTIFICATE],
            clinic_name="Puskesmas Situjuah",
            doctor_name="dr. Andi Pratama",
            issue_date=today - timedelta(days=30),
        ),
        phone_number="081266604471",
        bpjs=BpjsMembership(card_number="23045678901", scan=scans[DocumentKind.BPJS_CARD]),
    )


def load(services: UseCases, today: date) -> None:
    """The seed's candidate waiting for the Dinas, a verified one, and the seed company's vacancies."""
    register_candidate(services, DEMO_CANDIDATE, SEED_NIK, today)
    verified = register_candidate(services, VERIFIED_CANDIDATE, VERIFIED_NIK, today)
    if verified.status is RegistrationStatus.SUBMITTED:
        services.registration.verify(
            Principal(Role.DINAS, DEMO_REGENCY, "demo"), VERIFIED_CANDIDATE, verified.etag, NO_KEY
        )
    p3mi = Principal(Role.P3MI, DEMO_COMPANY)
    for i, vacancy in enumerate(demo_vacancies(today)):
        services.vacancies.create(p3mi, DEMO_COMPANY, vacancy, RequestKey(f"demo-vacancy-{i}", "CreateVacancy"))


def demo_vacancies(today: date) -> list[Vacancy]:
    """The seed's House Worker to Saudi Arabia (one-channel and not), and two more."""
    closing = today + timedelta(days=60)

    def posted(title: str, country: str, employer: EmployerType, **extra: object) -> Vacancy:
        return Vacancy(
            id="",
            company_id=DEMO_COMPANY,
            company_display_name=DEMO_COMPANY_NAME,
            title=title,
            country_code=country,
            employer_type=employer,
            openings=Openings(male=18, female=28, either=0),
            salary_min=SALARIES[country][0],
            salary_max=SALARIES[country][1],
            closing_date=closing,
            description="Lowongan demo",
            **extra,  # type: ignore[arg-type]
        )

    return [
        posted(
            "House Worker",
            "SA",
            EmployerType.INDIVIDUAL,
            one_channel=True,
            job_order_reference="SPSK-2026-0042",
            city="Riyadh",
        ),
        posted("House Worker", "SA", EmployerType.INDIVIDUAL, city="Jeddah"),
        posted("Domestic Helper", "HK", EmployerType.INDIVIDUAL, city="Hong Kong"),
        posted("Welder", "JP", EmployerType.COMPANY, city="Osaka"),
    ]


def register_candidate(services: UseCases, candidate_id: str, nik: str, today: date) -> Registration:
    """A candidate with the seed's form and ``nik``, sent to the Dinas (or as far as it already got)."""
    candidate = Principal(Role.CANDIDATE, candidate_id)
    registration = services.registration
    try:
        existing = registration.get(candidate, candidate_id)
        if existing.status is not RegistrationStatus.DRAFT:
            return existing
    except NotFound:
        pass
    registration.update_profile(
        candidate,
        JobSeekerProfile(candidate_id, desired_job="Pekerja Rumah Tangga", work_location=WorkLocation.ABROAD),
        [],
    )
    scans = {
        kind: services.documents.upload(
            candidate,
            f"candidates/{candidate_id}",
            kind,
            f"{kind.value}.pdf",
            tiny_pdf(f"{candidate_id}-{kind.value}"),
            RequestKey(f"demo-{kind.value}", "UploadDocument"),
        ).name
        for kind in (
            DocumentKind.KTP,
            DocumentKind.KK,
            DocumentKind.COMPETENCY_CERTIFICATE,
            DocumentKind.HEALTH_CERTIFICATE,
            DocumentKind.BPJS_CARD,
        )
    }
    form = seed_form(scans, today)
    form.ktp.nik = nik
    form.ktp.full_name = DEMO_NAMES.get(candidate_id, form.ktp.full_name)
    saved = registration.update(candidate, candidate_id, form, [], "")
    return registration.submit(candidate, candidate_id, saved.etag, RequestKey("demo-submit", "SubmitRegistration"))
