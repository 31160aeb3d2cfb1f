"""Field checks of the CPMI form. A draft is checked for what it holds; a
submission also for what it lacks. Every problem found is reported at once."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import phonenumbers

from matcher import regions
from matcher.errors import FieldViolation
from matcher.nik import InvalidNik, parse_nik
from matcher.registration import MaritalStatus, RegistrationForm
from matcher.text import Text

_DOCUMENT_NAME = re.compile(r"documents/[A-Za-z0-9_-]{1,64}")
_REQUIRED = Text(id="wajib diisi", en="is required")

Check = Callable[[str, object], Text | None]


class FormChecker:
    """Collects violations for one form as of ``today``."""

    def __init__(self, today: date, complete: bool) -> None:
        self.today = today
        self.complete = complete
        self.violations: list[FieldViolation] = []

    def field(self, path: str, value: object, check: Check | None = None, *, required: bool = True) -> None:
        if value in ("", None):
            if required and self.complete:
                self.violations.append(FieldViolation(path, _REQUIRED))
            return
        problem = check(path, value) if check else None
        if problem:
            self.violations.append(FieldViolation(path, problem))

    def at_least_one(self, path: str, items: list[object], what: Text) -> None:
        if self.complete and not items:
            self.violations.append(
                FieldViolation(path, Text(id=f"minimal satu {what.id}", en=f"at least one {what.en} is required"))
            )

    def nik(self, _path: str, value: object) -> Text | None:
        try:
            parse_nik(str(value), self.today)
        except InvalidNik as problem:
            return problem.text
        return None

    def past_date(self, _path: str, value: object) -> Text | None:
        if isinstance(value, date) and value > self.today:
            return Text(id=f"tanggal {value.isoformat()} ada di masa depan", en=f"{value.isoformat()} is in the future")
        return None


def digits(count: int) -> Check:
    def check(_path: str, value: object) -> Text | None:
        if re.fullmatch(rf"\d{{{count}}}", str(value)):
            return None
        return Text(id=f"harus {count} digit angka", en=f"must be exactly {count} digits")

    return check


def regency_code(_path: str, value: object) -> Text | None:
    if re.fullmatch(r"\d{4}", str(value)) and regions.regency_name(str(value)):
        return None
    return Text(id=f"kode kabupaten/kota {value} tidak dikenal", en=f"regency/city code {value} does not exist")


def kk_number(path: str, value: object) -> Text | None:
    problem = digits(16)(path, value)
    if problem is None and regions.district(str(value)[:6]) is None:
        return Text(id="kode wilayah pada nomor KK tidak dikenal", en="the region code in the KK number does not exist")
    return problem


def document_name(_path: str, value: object) -> Text | None:
    if _DOCUMENT_NAME.fullmatch(str(value)):
        return None
    return Text(id="harus berupa nama dokumen (documents/{id})", en="must be a document name (documents/{id})")


def phone_number(_path: str, value: object) -> Text | None:
    try:
        parsed = phonenumbers.parse(str(value), "ID")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return None
    return Text(id="nomor handphone tidak valid", en="not a valid phone number")


def check_form(form: RegistrationForm, today: date, *, complete: bool) -> list[FieldViolation]:
    """Every violation in ``form``; ``complete`` also demands every required field."""
    c = FormChecker(today, complete)
    ktp, kk, letter = form.ktp, form.family_card, form.permission_letter
    c.field("form.ktp.nik", ktp.nik, c.nik)
    c.field("form.ktp.scan", ktp.scan, document_name)
    c.field("form.ktp.religion", ktp.religion)
    c.field("form.ktp.domicile_regency_code", ktp.domicile_regency_code, regency_code)
    c.field("form.ktp.full_name", ktp.full_name.strip(), required=False)
    c.field("form.phone_number", form.phone_number, phone_number, required=False)
    c.field("form.family_card.number", kk.number, kk_number)
    c.field("form.family_card.scan", kk.scan, document_name)
    c.field("form.family_card.head_of_family_nik", kk.head_of_family_nik, c.nik)
    c.field("form.family_card.issuer_nip", kk.issuer_nip, digits(18))
    c.field("form.family_card.issue_date", kk.issue_date, c.past_date)
    c.field("form.marital_status", form.marital_status)
    married = form.marital_status is MaritalStatus.MARRIED
    c.field("form.marital_status_letter_scan", form.marital_status_letter_scan, document_name, required=married)
    c.field("form.relatives.father_name", form.relatives.father_name)
    c.field("form.relatives.mother_name", form.relatives.mother_name)
    c.at_least_one(
        "form.emergency_contacts", list(form.emergency_contacts), Text("kontak darurat", "emergency contact")
    )
    for i, contact in enumerate(form.emergency_contacts):
        path = f"form.emergency_contacts[{i}]"
        c.field(f"{path}.name", contact.name)
        c.field(f"{path}.relationship", contact.relationship)
        c.field(f"{path}.phone_number", contact.phone_number, phone_number)
        c.field(f"{path}.address", contact.address)
    c.field("form.permission_letter.scan", letter.scan, document_name, required=False)
    c.field("form.permission_letter.village_registration_number", letter.village_registration_number)
    c.field("form.permission_letter.letter_date", letter.letter_date, c.past_date)
    c.field("form.permission_letter.village_head_name", letter.village_head_name)
    c.field("form.permission_letter.permitter_nik", letter.permitter_nik, c.nik)
    c.field("form.permission_letter.permitter_name", letter.permitter_name)
    c.at_least_one(
        "form.competency_certificates",
        list(form.competency_certificates),
        Text("sertifikat kompetensi", "competency certificate"),
    )
    for i, cert in enumerate(form.competency_certificates):
        path = f"form.competency_certificates[{i}]"
        c.field(f"{path}.bnsp_number", cert.bnsp_number)
        c.field(f"{path}.scan", cert.scan, document_name)
        c.field(f"{path}.scheme_title", cert.scheme_title)
        c.field(f"{path}.occupation_code", cert.occupation_code, digits(4), required=False)
        c.field(f"{path}.issue_date", cert.issue_date, c.past_date)
        if cert.issue_date and cert.expiry_date and cert.expiry_date <= cert.issue_date:
            c.violations.append(
                FieldViolation(
                    f"{path}.expiry_date",
                    Text(
                        id="tanggal kedaluwarsa harus setelah tanggal terbit", en="expiry must be after the issue date"
                    ),
                )
            )
    health = form.health_certificate
    c.field("form.health_certificate.number", health.number)
    c.field("form.health_certificate.scan", health.scan, document_name)
    c.field("form.health_certificate.clinic_name", health.clinic_name)
    c.field("form.health_certificate.doctor_name", health.doctor_name)
    c.field("form.health_certificate.issue_date", health.issue_date, c.past_date)
    c.field("form.bpjs.card_number", form.bpjs.card_number, digits(11))
    c.field("form.bpjs.scan", form.bpjs.scan, document_name)
    return c.violations
