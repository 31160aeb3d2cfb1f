"""CPMI registration: the form, its status, and the Dinas's decisions on each round."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from matcher.errors import FailedPrecondition, Precondition, Reason
from matcher.nik import Gender
from matcher.text import Text
from matcher.versioning import Versioned


class Religion(StrEnum):
    ISLAM = "islam"
    KRISTEN = "kristen"
    KATOLIK = "katolik"
    HINDU = "hindu"
    BUDDHA = "buddha"
    KHONGHUCU = "khonghucu"
    KEPERCAYAAN = "kepercayaan"


class MaritalStatus(StrEnum):
    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"


class EmploymentCondition(StrEnum):
    LAID_OFF = "laid_off"
    FRESH_GRADUATE = "fresh_graduate"
    EMPLOYED = "employed"


class WorkLocation(StrEnum):
    DOMESTIC = "domestic"
    ABROAD = "abroad"


class RegistrationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # Diajukan
    REJECTED = "rejected"  # Ditolak
    VERIFIED = "verified"  # Terverifikasi


# The statuses as the guide names them (Indonesian, English).
STATUS_WORDS = {
    RegistrationStatus.DRAFT: ("Draf", "a draft"),
    RegistrationStatus.SUBMITTED: ("Diajukan", "submitted"),
    RegistrationStatus.REJECTED: ("Ditolak", "rejected"),
    RegistrationStatus.VERIFIED: ("Terverifikasi", "verified"),
}


class RoundDecision(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass
class JobSeekerProfile(Versioned):
    candidate_id: str
    desired_job: str = ""
    employment_condition: EmploymentCondition | None = None
    work_location: WorkLocation | None = None
    destination_country_code: str = ""
    has_disability: bool = False
    version: int = 0
    updated_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"candidates/{self.candidate_id}/profile"


@dataclass
class KtpIdentity:
    nik: str = ""
    scan: str = ""
    religion: Religion | None = None
    domicile_regency_code: str = ""
    full_name: str = ""  # nama lengkap as on the KTP (optional: earlier forms have none)


@dataclass
class FamilyCard:
    number: str = ""
    scan: str = ""
    head_of_family_nik: str = ""
    issuer_nip: str = ""
    issue_date: date | None = None


@dataclass
class Relatives:
    father_name: str = ""
    mother_name: str = ""
    guardian_name: str = ""


@dataclass
class EmergencyContact:
    name: str = ""
    relationship: str = ""
    phone_number: str = ""
    address: str = ""


@dataclass
class PermissionLetter:
    scan: str = ""
    village_registration_number: str = ""
    letter_date: date | None = None
    village_head_name: str = ""
    permitter_nik: str = ""
    permitter_name: str = ""


@dataclass
class CompetencyCertificate:
    bnsp_number: str = ""
    scan: str = ""
    scheme_title: str = ""
    occupation_code: str = ""
    issue_date: date | None = None
    expiry_date: date | None = None


@dataclass
class HealthCertificate:
    number: str = ""
    scan: str = ""
    clinic_name: str = ""
    doctor_name: str = ""
    issue_date: date | None = None


@dataclass
class BpjsMembership:
    card_number: str = ""
    scan: str = ""


@dataclass
class RegistrationForm:
    """Every field of the seed's form; a draft may leave any of them empty."""

    ktp: KtpIdentity = field(default_factory=KtpIdentity)
    family_card: FamilyCard = field(default_factory=FamilyCard)
    marital_status: MaritalStatus | None = None
    marital_status_letter_scan: str = ""
    relatives: Relatives = field(default_factory=Relatives)
    emergency_contacts: list[EmergencyContact] = field(default_factory=list)
    permission_letter: PermissionLetter = field(default_factory=PermissionLetter)
    competency_certificates: list[CompetencyCertificate] = field(default_factory=list)
    health_certificate: HealthCertificate = field(default_factory=HealthCertificate)
    bpjs: BpjsMembership = field(default_factory=BpjsMembership)
    phone_number: str = ""  # the candidate's own handphone (optional, like full_name)

    def document_references(self) -> list[tuple[str, str]]:
        """Every (field path, document name) the form points at."""
        refs = [
            ("form.ktp.scan", self.ktp.scan),
            ("form.family_card.scan", self.family_card.scan),
            ("form.marital_status_letter_scan", self.marital_status_letter_scan),
            ("form.permission_letter.scan", self.permission_letter.scan),
            ("form.health_certificate.scan", self.health_certificate.scan),
            ("form.bpjs.scan", self.bpjs.scan),
        ]
        refs += [
            (f"form.competency_certificates[{i}].scan", c.scan) for i, c in enumerate(self.competency_certificates)
        ]
        return [(path, name) for path, name in refs if name]


@dataclass(frozen=True)
class RegistrationRound:
    """One submission: the form exactly as sent, and the Dinas's decision on it."""

    round: int
    form: RegistrationForm
    submitted_by: str
    submitted_at: datetime
    decision: RoundDecision = RoundDecision.PENDING
    decided_by: str = ""
    decided_at: datetime | None = None
    reason: str = ""


_EDITABLE = (RegistrationStatus.DRAFT, RegistrationStatus.REJECTED)


@dataclass
class Registration(Versioned):
    """The aggregate: one per candidate. ``version`` guards concurrent writers (the etag)."""

    candidate_id: str
    form: RegistrationForm
    status: RegistrationStatus = RegistrationStatus.DRAFT
    version: int = 0
    round: int = 0
    regency_code: str = ""
    rejection_reason: str = ""
    gender: Gender | None = None
    birth_date: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    submitted_at: datetime | None = None

    @property
    def name(self) -> str:
        return registration_name(self.candidate_id)

    def update_form(self, form: RegistrationForm, now: datetime) -> None:
        self._require_status(_EDITABLE, Reason.REGISTRATION_NOT_EDITABLE)
        self.form = form
        self.updated_at = now

    def submit(self, by: str, now: datetime) -> RegistrationRound:
        """Kirim: a new round goes to the Dinas of the KTP domicile (validated by the caller)."""
        self._require_status(_EDITABLE, Reason.REGISTRATION_NOT_EDITABLE)
        self.status = RegistrationStatus.SUBMITTED
        self.round += 1
        self.regency_code = self.form.ktp.domicile_regency_code
        self.rejection_reason = ""
        self.submitted_at = self.updated_at = now
        return RegistrationRound(self.round, replace(self.form), by, now)

    def verify(self, pending: RegistrationRound, by: str, now: datetime) -> RegistrationRound:
        self._require_status((RegistrationStatus.SUBMITTED,), Reason.REGISTRATION_NOT_SUBMITTED)
        self.status = RegistrationStatus.VERIFIED
        self.updated_at = now
        return replace(pending, decision=RoundDecision.VERIFIED, decided_by=by, decided_at=now)

    def reject(self, pending: RegistrationRound, by: str, reason: str, now: datetime) -> RegistrationRound:
        self._require_status((RegistrationStatus.SUBMITTED,), Reason.REGISTRATION_NOT_SUBMITTED)
        self.status = RegistrationStatus.REJECTED
        self.rejection_reason = reason
        self.updated_at = now
        return replace(pending, decision=RoundDecision.REJECTED, decided_by=by, decided_at=now, reason=reason)

    def _require_status(self, allowed: tuple[RegistrationStatus, ...], reason: Reason) -> None:
        if self.status in allowed:
            return
        wanted_id = " atau ".join(STATUS_WORDS[s][0] for s in allowed)
        wanted_en = " or ".join(STATUS_WORDS[s][1] for s in allowed)
        now_id, now_en = STATUS_WORDS[self.status]
        text = Text(
            id=f"Pendaftaran ini berstatus {now_id}; tindakan ini hanya untuk pendaftaran yang {wanted_id}",
            en=f"The registration is {now_en}; this is only for a registration that is {wanted_en}",
        )
        raise FailedPrecondition(
            reason,
            text,
            preconditions=[Precondition("STATUS", self.name, text)],
            metadata={"status": self.status.value},
        )


def registration_name(candidate_id: str) -> str:
    return f"candidates/{candidate_id}/registration"
