"""What the vacancy's P3MI may know of a candidate who applied to it (docs/access.md).

UU 18/2017 gives the P3MI the placement process: it checks competency, health and social
security (Pasal 5, 13), draws up the placement agreement (PP) and takes the worker
through visa and departure, for which it needs the worker's identity. UU 27/2022 (PDP,
Pasal 16 ayat 1 b) allows it only what that purpose needs. So, while an application to
one of its vacancies is in progress:
- from the application on: name, handphone, sex, birth date, home regency/city, and the
  competency certificates, the health certificate and the BPJS Ketenagakerjaan card;
- from Wawancara on (the PP is drawn up then): the KTP and the NIK in full.
Never the KK, the surat izin, the marital status letter, relatives or emergency contacts:
the Dinas verifies those; the P3MI has no need of them. After a rejection or a
withdrawal the candidate is a pseudonym again, and the documents close.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.application import ACTIVE, Application, ApplicationStatus
from matcher.documents import DocumentKind
from matcher.nik import Gender, age_on
from matcher.paging import PageRequest
from matcher.ports import ApplicationFilter, UnitOfWork
from matcher.regions import regency_name
from matcher.registration import Registration, RegistrationForm

# From the interview on the P3MI prepares the PP, which identifies the worker by the KTP.
IDENTITY_FROM = frozenset(
    {ApplicationStatus.INTERVIEW, ApplicationStatus.AWAITING_PP_VERIFICATION, ApplicationStatus.PP_VERIFIED}
)


@dataclass(frozen=True)
class ApplicantDocument:
    kind: DocumentKind
    document: str
    number: str = ""
    title: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None


@dataclass(frozen=True)
class Applicant:
    application: Application
    full_name: str = ""
    phone_number: str = ""
    gender: Gender | None = None
    birth_date: date | None = None
    age: int | None = None
    regency_code: str = ""
    regency_display_name: str = ""
    nik: str = ""
    nik_masked: bool = True
    documents: list[ApplicantDocument] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.application.name}/applicant"


def shared_documents(form: RegistrationForm, statuses: set[ApplicationStatus]) -> list[ApplicantDocument]:
    """The documents of ``form`` a P3MI may fetch, given the statuses of the candidate's
    applications to it (none active: none)."""
    if not statuses & ACTIVE:
        return []
    shared = [
        ApplicantDocument(
            DocumentKind.COMPETENCY_CERTIFICATE,
            c.scan,
            c.bnsp_number,
            c.scheme_title,
            c.issue_date,
            c.expiry_date,
        )
        for c in form.competency_certificates
    ]
    health = form.health_certificate
    shared.append(
        ApplicantDocument(
            DocumentKind.HEALTH_CERTIFICATE, health.scan, health.number, health.clinic_name, health.issue_date
        )
    )
    shared.append(ApplicantDocument(DocumentKind.BPJS_CARD, form.bpjs.scan, form.bpjs.card_number))
    if statuses & IDENTITY_FROM:
        shared.insert(0, ApplicantDocument(DocumentKind.KTP, form.ktp.scan))
    return [d for d in shared if d.document]


def masked_nik(nik: str) -> str:
    """The region code (the home regency, shown anyway) and nothing of the birth date or serial."""
    return nik[:4] + "*" * (len(nik) - 4) if nik else ""


def applicant_of(
    application: Application, registration: Registration | None, statuses: set[ApplicationStatus], today: date
) -> Applicant:
    """``application``'s candidate as its P3MI sees them (``statuses``: of all the
    candidate's applications to that P3MI)."""
    if registration is None:
        return Applicant(application)
    form = registration.form
    full = bool(statuses & IDENTITY_FROM)
    regency = registration.regency_code or form.ktp.domicile_regency_code
    return Applicant(
        application=application,
        full_name=form.ktp.full_name.strip(),
        phone_number=form.phone_number,
        gender=registration.gender,
        birth_date=registration.birth_date,
        age=age_on(registration.birth_date, today) if registration.birth_date else None,
        regency_code=regency,
        regency_display_name=(regency_name(regency) or "") if regency else "",
        nik=form.ktp.nik if full else masked_nik(form.ktp.nik),
        nik_masked=not full,
        documents=shared_documents(form, statuses),
    )


def company_statuses(uow: UnitOfWork, candidate_id: str, company_id: str) -> set[ApplicationStatus]:
    """The statuses of every application of ``candidate_id`` to ``company_id``'s vacancies."""
    found = uow.applications.search(
        ApplicationFilter(candidate_id=candidate_id, company_id=company_id), PageRequest(size=1000)
    )
    return {a.status for a in found}
