"""The shapes of the synthetic dataset and the draw of each candidate and vacancy.

Pure: no SQL, no progress bars. The rows seed-synthetic inserts (rows.py) and the
in-memory snapshots the benchmarks and unit tests index (views.py) are both made from
these draws, so the two cannot drift apart. Candidates come from one seeded stream and
vacancies from another: the first N of either are the same whatever else is drawn.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache

from matcher.catalogue import default_catalogue
from matcher.nik import Gender
from matcher.regions import district
from matcher.snapshots import CertificateSnapshot
from matcher.vacancy import EmployerType, Money, Openings, Vacancy

# Occupations by share of placements (KBJI/ISCO-08 codes of the catalogue).
OCCUPATIONS = ["9111"] * 40 + ["5322"] * 20 + ["9329"] * 8 + ["5120"] * 6 + ["6223"] * 5 + ["7212"] * 4
DESTINATIONS = ["HK"] * 25 + ["TW"] * 25 + ["MY"] * 15 + ["SA"] * 8 + ["JP"] * 8 + ["KR"] * 8 + ["SG", "AE", "QA", "BN"]
CURRENCIES = {"HK": "HKD", "TW": "TWD", "MY": "MYR", "SA": "SAR", "JP": "JPY", "KR": "KRW", "SG": "SGD"}
# Competency certificates per candidate: two on average (a national dataset of a million
# candidates holds about two million certificates).
CERTIFICATES_EACH = (1, 1, 1, 2, 2, 2, 2, 3, 3, 3)
# Regencies that send many migrant workers (Kemendagri codes).
REGENCIES = ["3212", "3209", "3301", "5203", "3502", "3507", "3505", "3504", "3510", "3324", "3213", "1807", "1307"]
FEMALE_SHARE, VERIFIED_SHARE, BPJS_SHARE, REVOKED_SHARE = 0.7, 0.9, 0.93, 0.03
YOUNGEST, OLDEST = 17, 48  # years
COMPANIES = 300


@dataclass(frozen=True, slots=True)
class SyntheticCandidate:
    """One drawn candidate: what the registration, its round and certificates are made of.

    ``certificates`` are as the Dinas would have recorded them (the first one revoked
    when ``revoked``); a registration not verified sends them with its form only."""

    index: int
    candidate_id: str
    regency_code: str
    gender: Gender
    birth_date: date
    nik: str
    verified: bool
    certificates: tuple[CertificateSnapshot, ...]
    health_issue_date: date
    has_bpjs: bool
    revoked: bool


def candidate_draws(seed: int, today: date) -> Iterator[SyntheticCandidate]:
    """Candidate 0, 1, 2... of ``seed``, endlessly."""
    rng = random.Random(seed)
    index = 0
    while True:
        yield _candidate(rng, index, today)
        index += 1


def vacancy_draws(seed: int, today: date, now: datetime) -> Iterator[Vacancy]:
    """Vacancy 0, 1, 2... of ``seed`` (a stream of its own), endlessly."""
    rng = random.Random(f"vacancies-{seed}")
    index = 0
    while True:
        yield _vacancy(rng, index, today, now)
        index += 1


@cache
def _districts(regency: str) -> tuple[str, ...]:
    found = tuple(f"{regency}{n:02d}" for n in range(1, 40) if district(f"{regency}{n:02d}"))
    return found or (f"{regency}01",)


@cache
def _codes() -> tuple[str, ...]:
    return tuple(sorted(default_catalogue().codes))


def _candidate(rng: random.Random, i: int, today: date) -> SyntheticCandidate:
    regency = rng.choice(REGENCIES)
    gender = Gender.FEMALE if rng.random() < FEMALE_SHARE else Gender.MALE
    born = today - timedelta(days=rng.randint(YOUNGEST * 365, OLDEST * 365))
    day = born.day + (40 if gender is Gender.FEMALE else 0)
    nik = f"{rng.choice(_districts(regency))}{day:02d}{born.month:02d}{born.year % 100:02d}{i % 10_000:04d}"
    verified = rng.random() < VERIFIED_SHARE
    catalogue = default_catalogue()
    certificates = []
    for k in range(rng.choice(CERTIFICATES_EACH)):
        issued = today - timedelta(days=rng.randint(30, 6 * 365))
        code = rng.choice(OCCUPATIONS) if rng.random() < 0.85 else rng.choice(_codes())
        occupation = catalogue.get(code)
        expiry = issued + timedelta(days=3 * 365) if rng.random() < 0.5 else None
        title = occupation.title_id if occupation else code
        certificates.append(CertificateSnapshot(f"BNSP-{code}-{issued.year}-{i:07d}{k}", title, code, issued, expiry))
    has_bpjs = rng.random() < BPJS_SHARE
    health = today - timedelta(days=rng.randint(0, 150))
    revoked = rng.random() < REVOKED_SHARE
    if revoked:
        certificates[0] = replace(certificates[0], revoked=True)
    return SyntheticCandidate(
        i, f"syn-{i:07d}", regency, gender, born, nik, verified, tuple(certificates), health, has_bpjs, revoked
    )


def _vacancy(rng: random.Random, i: int, today: date, now: datetime) -> Vacancy:
    catalogue = default_catalogue()
    code = rng.choice(OCCUPATIONS) if rng.random() < 0.9 else rng.choice(_codes())
    occupation = catalogue.get(code)
    country = rng.choice(DESTINATIONS)
    domestic = occupation is not None and occupation.sector == "domestic"
    currency = CURRENCIES.get(country, "USD")
    low = rng.randint(3, 9) * 100
    return Vacancy(
        id=f"syn-v{i:06d}",
        company_id=f"syn-p3mi-{i % COMPANIES:03d}",
        company_display_name=f"PT. SINTETIS {i % COMPANIES:03d}",
        title=occupation.title_en if occupation else code,
        occupation_code=code,
        country_code=country,
        employer_type=EmployerType.INDIVIDUAL if domestic and rng.random() < 0.8 else EmployerType.COMPANY,
        sector=occupation.sector if occupation else "",
        openings=Openings(rng.randint(0, 20), rng.randint(1, 40), rng.randint(0, 5)),
        salary_min=Money(currency, low),
        salary_max=Money(currency, low + rng.randint(0, 5) * 100),
        min_age=rng.choice((0, 0, 0, 21, 23)),
        max_age=rng.choice((0, 0, 40, 45)),
        description="Lowongan sintetis untuk uji beban.",
        posted_date=today - timedelta(days=rng.randint(0, 60)),
        closing_date=today + timedelta(days=rng.randint(-5, 120)),
        one_channel=rng.random() < 0.3,
        job_order_reference=f"JO-{i:06d}" if rng.random() < 0.6 else "",
        version=1,  # as the repository stores a vacancy it adds
        updated_at=now,
    )
