"""What a candidate can do about a refusal.

Remedies are made once and shared (a refusal's reasons, rendered once, keep
their identity, so replies reuse what was prepared for them).

A reason the candidate can act on carries a remedy: renew the health
certificate, obtain a competency certificate for the vacancy's occupation,
the registration's next step by its state (register, send it, wait for the
Dinas, revise it after a rejection) for what only a verified registration
gives (verification, BPJS Ketenagakerjaan, a birth date and a gender on
record, a certificate sent with it), or wait for the date an age rule is met.
A reason nobody can act on (a destination closed, a quota filled, a vacancy
closed, a placement in progress) carries none. Reasons are named by their stable codes, which a
policy keeps across versions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache

from matcher.catalogue import Catalogue
from matcher.nik import GENDERS
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.text import Text
from matcher.vacancy import Vacancy


class RemedyKind(StrEnum):
    RENEW_HEALTH_CERTIFICATE = "RENEW_HEALTH_CERTIFICATE"
    OBTAIN_CERTIFICATE = "OBTAIN_CERTIFICATE"
    COMPLETE_REGISTRATION = "COMPLETE_REGISTRATION"
    WAIT_UNTIL_AGE = "WAIT_UNTIL_AGE"
    # The registration's own next step, by its state (``registration_step``).
    REGISTER = "REGISTER"
    SUBMIT_REGISTRATION = "SUBMIT_REGISTRATION"
    WAIT_FOR_VERIFICATION = "WAIT_FOR_VERIFICATION"
    REVISE_REGISTRATION = "REVISE_REGISTRATION"


# Steps of the registration itself: each leads to a registration the Dinas has verified.
REGISTRATION_STEPS = frozenset(
    {
        RemedyKind.REGISTER,
        RemedyKind.SUBMIT_REGISTRATION,
        RemedyKind.WAIT_FOR_VERIFICATION,
        RemedyKind.REVISE_REGISTRATION,
        RemedyKind.COMPLETE_REGISTRATION,
    }
)


@dataclass(frozen=True)
class Remedy:
    kind: RemedyKind
    text: Text
    occupation_code: str = ""
    from_date: date | None = None


_CERTIFICATE = frozenset({"CERTIFICATE_MISMATCH", "CERTIFICATE_EXPIRED", "CERTIFICATE_REVOKED"})
_REGISTRATION = frozenset({"REGISTRATION_NOT_VERIFIED", "BPJS_MISSING"})
_TOO_YOUNG = frozenset({"UNDER_MINIMUM_AGE", "OUTSIDE_VACANCY_AGE_RANGE"})


def remedy_for(
    code: str, candidate: CandidateSnapshot, vacancy: Vacancy, min_age: int, catalogue: Catalogue, day: date
) -> Remedy | None:
    """The step that removes reason ``code`` for this pair, or None when no step can. What
    the registration lacks or waits for is the registration's own next step (register, send
    it, wait for the Dinas, revise it): never a step the candidate has already taken."""
    if code == "HEALTH_CERTIFICATE_TOO_OLD":
        return renew_health_certificate()
    if code == "CERTIFICATE_MISMATCH" and pending_fit(candidate, vacancy.occupation_code):
        return registration_step(candidate)
    if code in _CERTIFICATE:
        return obtain_certificate(vacancy.occupation_code, catalogue)
    if code in _REGISTRATION:
        return registration_step(candidate)
    if code == "NO_OPENINGS_FOR_GENDER":
        return registration_step(candidate) if candidate.gender is None and _any_openings(vacancy) else None
    if code in _TOO_YOUNG:
        if candidate.birth_date is None:
            return registration_step(candidate)
        needed = max(min_age, vacancy.min_age) if code == "UNDER_MINIMUM_AGE" else vacancy.min_age
        old_enough = birthday(candidate.birth_date, needed)
        if needed and old_enough > day and (not vacancy.max_age or needed <= vacancy.max_age):
            return wait_until(old_enough, needed)
    return None


def registration_step(candidate: CandidateSnapshot) -> Remedy:
    """The one step that takes the registration ahead from where it stands."""
    state = candidate.registration
    if candidate.verified or state == "verified":
        return complete_registration()
    if state == "draft":
        return submit_registration()
    if state == "submitted":
        return wait_for_verification()
    if state == "rejected":
        return revise_registration()
    return register()


def pending_fit(candidate: CandidateSnapshot, occupation_code: str) -> CertificateSnapshot | None:
    """A certificate sent with a registration not verified yet that fits ``occupation_code``."""
    if candidate.certificates:
        return None
    return next((c for c in candidate.pending_certificates if c.occupation_code == occupation_code), None)


def _any_openings(vacancy: Vacancy) -> bool:
    return any(vacancy.openings.left_for(g, vacancy.filled) > 0 for g in GENDERS)


@cache
def register() -> Remedy:
    return Remedy(
        RemedyKind.REGISTER,
        Text(
            id="Daftar sebagai CPMI: isi profil dan formulir pendaftaran, unggah dokumen persyaratan, lalu kirim ke Dinas",
            en="Register as a CPMI: fill in the profile and the registration form, upload the documents, then send it to the Dinas",
        ),
    )


@cache
def submit_registration() -> Remedy:
    return Remedy(
        RemedyKind.SUBMIT_REGISTRATION,
        Text(
            id="Lengkapi pendaftaran CPMI-mu lalu tekan Kirim agar diverifikasi Dinas",
            en="Complete your CPMI registration and press Kirim (send) so the Dinas can verify it",
        ),
    )


@cache
def wait_for_verification() -> Remedy:
    return Remedy(
        RemedyKind.WAIT_FOR_VERIFICATION,
        Text(
            id="Tunggu verifikasi Dinas; pendaftaranmu sudah dikirim dan tidak ada yang perlu kamu kirim lagi",
            en="Wait for the Dinas to verify it; your registration has been sent and there is nothing more to send",
        ),
    )


@cache
def revise_registration() -> Remedy:
    return Remedy(
        RemedyKind.REVISE_REGISTRATION,
        Text(
            id="Buka Revisi Pengajuan, perbaiki pendaftaran sesuai alasan penolakan Dinas, lalu kirim lagi",
            en="Open Revisi Pengajuan, revise the registration as the Dinas's reason says, and send it again",
        ),
    )


@cache
def renew_health_certificate() -> Remedy:
    return Remedy(
        RemedyKind.RENEW_HEALTH_CERTIFICATE,
        Text(
            id="Perbarui surat keterangan sehat (terbit dalam 3 bulan terakhir) dan unggah pada pendaftaran",
            en="Get a new health certificate (issued within the last 3 months) and upload it with the registration",
        ),
    )


@lru_cache(maxsize=4096)
def obtain_certificate(occupation_code: str, catalogue: Catalogue) -> Remedy:
    occupation = catalogue.get(occupation_code)
    # The title for a person; the code travels in ``occupation_code``.
    title_id = occupation.title_id if occupation else occupation_code
    title_en = occupation.title_en if occupation else occupation_code
    return Remedy(
        RemedyKind.OBTAIN_CERTIFICATE,
        Text(
            id=f"Dapatkan sertifikat kompetensi (BNSP) untuk jabatan {title_id}",
            en=f"Obtain a competency certificate (BNSP) for the occupation {title_en}",
        ),
        occupation_code=occupation_code,
    )


@cache
def complete_registration() -> Remedy:
    return Remedy(
        RemedyKind.COMPLETE_REGISTRATION,
        Text(
            id="Lengkapi atau perbaiki pendaftaran CPMI (data diri, BPJS Ketenagakerjaan) dan kirim untuk verifikasi Dinas",
            en="Complete or correct the CPMI registration (personal data, BPJS Ketenagakerjaan) and send it to the Dinas",
        ),
    )


@lru_cache(maxsize=65536)
def wait_until(day: date, age: int) -> Remedy:
    return Remedy(
        RemedyKind.WAIT_UNTIL_AGE,
        Text(
            id=f"Usia {age} tahun tercapai pada {day.isoformat()}; lowongan ini terbuka sejak tanggal itu",
            en=f"The age of {age} is reached on {day.isoformat()}; this vacancy is open from that date",
        ),
        from_date=day,
    )


def birthday(born: date, years: int) -> date:
    """The day someone born on ``born`` turns ``years`` (29 February: 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, month=3, day=1)


def after(remedy: Remedy, candidate: CandidateSnapshot, day: date) -> tuple[CandidateSnapshot, date]:
    """The candidate as they would be once the remedy is taken, and the day it counts from."""
    if remedy.kind is RemedyKind.RENEW_HEALTH_CERTIFICATE:
        return replace(candidate, health_issue_date=day), day
    if remedy.kind is RemedyKind.OBTAIN_CERTIFICATE:
        fresh = CertificateSnapshot(f"~{remedy.occupation_code}", "", remedy.occupation_code, day, None)
        return replace(candidate, certificates=(*candidate.certificates, fresh)), day
    if remedy.kind in REGISTRATION_STEPS:
        certificates = candidate.certificates or candidate.pending_certificates
        return replace(candidate, verified=True, has_bpjs=True, registration="verified", certificates=certificates), day
    assert remedy.from_date is not None
    return candidate, max(remedy.from_date, day)


def remedy_label(remedy: Remedy) -> str:
    """The remedy in one line for error metadata: its kind, and its occupation or date."""
    detail = remedy.occupation_code or (remedy.from_date.isoformat() if remedy.from_date else "")
    return f"{remedy.kind.value}:{detail}" if detail else remedy.kind.value
