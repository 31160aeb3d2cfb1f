"""Overseas vacancies (job orders) posted by a P3MI, with openings per gender."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

import pycountry

from matcher.catalogue import Catalogue
from matcher.certificates import AUTO_CODE_SCORE
from matcher.errors import (
    FailedPrecondition,
    FieldViolation,
    PermissionDenied,
    Precondition,
    Reason,
    invalid_fields,
)
from matcher.nik import Gender
from matcher.text import Text
from matcher.versioning import Versioned


class EmployerType(StrEnum):
    COMPANY = "company"
    INDIVIDUAL = "individual"


class VacancyState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass
class Openings:
    male: int = 0
    female: int = 0
    either: int = 0

    def left_for(self, gender: Gender | None, filled: Openings) -> int:
        """Openings a candidate of ``gender`` can still take (own gender first, then "either")."""
        either_left = self.either - filled.either
        if gender is Gender.MALE:
            return max(self.male - filled.male, 0) + max(either_left, 0)
        if gender is Gender.FEMALE:
            return max(self.female - filled.female, 0) + max(either_left, 0)
        return 0


@dataclass
class Money:
    currency_code: str = ""
    units: int = 0


@dataclass
class Vacancy(Versioned):
    id: str
    company_id: str
    title: str = ""
    company_display_name: str = ""
    occupation_code: str = ""
    country_code: str = ""
    city: str = ""
    employer_type: EmployerType | None = None
    sector: str = ""
    openings: Openings = field(default_factory=Openings)
    filled: Openings = field(default_factory=Openings)
    salary_min: Money = field(default_factory=Money)
    salary_max: Money = field(default_factory=Money)
    min_age: int = 0
    max_age: int = 0
    job_order_reference: str = ""
    description: str = ""
    posted_date: date | None = None
    closing_date: date | None = None
    state: VacancyState = VacancyState.OPEN
    one_channel: bool = False
    version: int = 0
    updated_at: datetime | None = None

    @property
    def name(self) -> str:
        return f"vacancies/{self.id}"

    @property
    def company(self) -> str:
        return f"companies/{self.company_id}"

    @property
    def nested_name(self) -> str:
        """The name every answer gives (``companies/{company}/vacancies/{id}``)."""
        return nested_vacancy_name(self.company_id, self.id)

    @property
    def subject(self) -> str:
        return self.nested_name

    def check_owner(self, company_id: str) -> None:
        if company_id != self.company_id:
            raise PermissionDenied(
                Reason.NOT_YOUR_RESOURCE,
                Text(id="Lowongan ini milik P3MI lain", en="This vacancy belongs to another P3MI"),
            )

    def close(self, now: datetime) -> None:
        if self.state is VacancyState.CLOSED:
            text = Text(id="Lowongan sudah ditutup", en="The vacancy is already closed")
            raise FailedPrecondition(
                Reason.VACANCY_CLOSED, text, preconditions=[Precondition("STATE", self.nested_name, text)]
            )
        self.state = VacancyState.CLOSED
        self.updated_at = now


# Fields a P3MI may write; the rest (ids, filled, state, posted date, version) belong to the service.
WRITABLE = tuple(
    f.name
    for f in dataclasses.fields(Vacancy)
    if f.name not in ("id", "company_id", "filled", "state", "posted_date", "version", "updated_at")
)
# Sane ranges: a job order runs at most two years; the rest are far past any real vacancy.
MAX_OPEN_DAYS = 731
MAX_OPENINGS_PER_GENDER = 100_000
MAX_AGE = 100
MAX_SALARY_UNITS = 10**12


def complete_and_check(vacancy: Vacancy, catalogue: Catalogue) -> None:
    """Fill what can be derived (occupation code from the title, sector), then raise
    InvalidArgument with every problem found. The posted date is the service's, set before."""
    if not vacancy.occupation_code and vacancy.title:
        best = catalogue.suggest(vacancy.title, 1)
        if best and best[0].score >= AUTO_CODE_SCORE:
            vacancy.occupation_code = best[0].occupation.code
    occupation = catalogue.get(vacancy.occupation_code)
    if occupation and not vacancy.sector:
        vacancy.sector = occupation.sector
    problems = _problems(vacancy, catalogue)
    if problems:
        raise invalid_fields(problems)


def _problems(v: Vacancy, catalogue: Catalogue) -> list[FieldViolation]:
    problems: list[FieldViolation] = []

    def bad(path: str, id_: str, en: str) -> None:
        problems.append(FieldViolation(f"vacancy.{path}", Text(id=id_, en=en)))

    if not v.title:
        bad("title", "wajib diisi", "is required")
    if catalogue.get(v.occupation_code) is None:
        bad(
            "occupation_code",
            "jabatan tidak dikenal dan tidak dapat ditebak dari judul; pilih jabatan dari saran",
            "unknown occupation, and none could be told from the title; choose one of the suggestions",
        )
    if not v.country_code or pycountry.countries.get(alpha_2=v.country_code) is None:
        bad("country_code", "harus kode negara ISO 3166 (mis. SA)", "must be an ISO 3166 alpha-2 code (e.g. SA)")
    elif v.country_code == "ID":
        bad(
            "country_code",
            "lowongan luar negeri tidak boleh di Indonesia",
            "an overseas vacancy cannot be in Indonesia",
        )
    if v.employer_type is None:
        bad("employer_type", "wajib diisi", "is required")
    counts = (v.openings.male, v.openings.female, v.openings.either)
    if min(counts) < 0 or sum(counts) == 0 or max(counts) > MAX_OPENINGS_PER_GENDER:
        bad(
            "openings",
            f"jumlah lowongan 0 sampai {MAX_OPENINGS_PER_GENDER:,} per jenis kelamin, minimal 1 seluruhnya",
            f"openings must be 0 to {MAX_OPENINGS_PER_GENDER:,} per gender, at least 1 in all",
        )
    for path, money in (("salary_min", v.salary_min), ("salary_max", v.salary_max)):
        if not 0 <= money.units <= MAX_SALARY_UNITS or (
            money.currency_code and pycountry.currencies.get(alpha_3=money.currency_code) is None
        ):
            bad(
                path,
                "mata uang harus kode ISO 4217 dan nilai tidak negatif",
                "currency must be ISO 4217, amount non-negative",
            )
    if v.salary_min.currency_code != v.salary_max.currency_code:
        bad("salary_max", "mata uang gaji minimum dan maksimum harus sama", "salary range must use one currency")
    elif v.salary_max.units < v.salary_min.units:
        bad("salary_max", "gaji maksimum lebih kecil dari minimum", "maximum salary is below the minimum")
    if not 0 <= v.min_age <= MAX_AGE or not 0 <= v.max_age <= MAX_AGE or (v.max_age and v.max_age < v.min_age):
        bad("max_age", "rentang usia tidak valid", "invalid age range")
    if v.closing_date is None:
        bad("closing_date", "wajib diisi", "is required")
    elif v.posted_date and v.closing_date < v.posted_date:
        bad("closing_date", "tanggal tutup sebelum tanggal tayang", "closing date is before the posted date")
    elif v.posted_date and (v.closing_date - v.posted_date).days > MAX_OPEN_DAYS:
        bad(
            "closing_date",
            "paling lama dua tahun setelah tanggal tayang",
            "must be at most two years after the posted date",
        )
    return problems


def nested_vacancy_name(company_id: str, vacancy_id: str) -> str:
    """``companies/{company}/vacancies/{id}``: the subject of a PreconditionFailure about a vacancy
    (the legacy ``vacancies/{id}`` is accepted as input only)."""
    return f"companies/{company_id}/vacancies/{vacancy_id}"
