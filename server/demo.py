"""Demo data: the seed's candidate (NIK 1307100902960001), submitted to the Dinas of 1307.

Used by ``cpmi-matcher serve --demo`` and by tests; loading twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from matcher.documents import DocumentKind
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
    RegistrationForm,
    RegistrationStatus,
    Relatives,
    Religion,
    WorkLocation,
)
from server.app import Services

SEED_NIK = "1307100902960001"
DEMO_CANDIDATE = "demo-cpmi-1"
DEMO_REGENCY = "1307"
DEMO_COMPANY = "ammana-fintek-syariah"


def tiny_pdf(label: str) -> bytes:
    """A small valid-looking PDF whose bytes differ by label."""
    return f"%PDF-1.4\n% {label}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".encode()


def seed_form(scans: dict[DocumentKind, str], today: date) -> RegistrationForm:
    """The seed's CPMI form, dates relative to ``today`` so it stays valid."""
    return RegistrationForm(
        ktp=KtpIdentity(
            nik=SEED_NIK, scan=scans[DocumentKind.KTP], religion=Religion.ISLAM, domicile_regency_code=DEMO_REGENCY
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
        bpjs=BpjsMembership(card_number="23045678901", scan=scans[DocumentKind.BPJS_CARD]),
    )


def load(services: Services, today: date) -> None:
    """Register the seed's candidate and send the registration to the Dinas (idempotent)."""
    candidate = Principal(Role.CANDIDATE, DEMO_CANDIDATE)
    registration = services.registration
    try:
        if registration.get(candidate, DEMO_CANDIDATE).status is not RegistrationStatus.DRAFT:
            return
    except Exception:
        pass
    registration.update_profile(
        candidate,
        JobSeekerProfile(
            DEMO_CANDIDATE,
            desired_job="Pekerja Rumah Tangga",
            work_location=WorkLocation.ABROAD,
            destination_country_code="SA",
        ),
        [],
    )
    scans = {
        kind: services.documents.upload(
            candidate,
            f"candidates/{DEMO_CANDIDATE}",
            kind,
            f"{kind.value}.pdf",
            tiny_pdf(kind.value),
            f"demo-{kind.value}",
        ).name
        for kind in (
            DocumentKind.KTP,
            DocumentKind.KK,
            DocumentKind.COMPETENCY_CERTIFICATE,
            DocumentKind.HEALTH_CERTIFICATE,
            DocumentKind.BPJS_CARD,
        )
    }
    saved = registration.update(candidate, DEMO_CANDIDATE, seed_form(scans, today), [], "")
    registration.submit(candidate, DEMO_CANDIDATE, saved.etag, "demo-submit")
