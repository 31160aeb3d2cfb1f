"""`cpmi-matcher seed-synthetic`: a deterministic synthetic dataset, bulk-inserted.

Candidates are registered and (nine in ten) verified by the Dinas of their
regency, with NIKs whose region, birth date (women: day + 40) and serial are
real-shaped, one or two competency certificates (some expired, some revoked,
some for occupations few vacancies ask for), health certificates of various
ages and, mostly, BPJS. Vacancies come from a few hundred P3MI, skewed like
placements: domestic and care work dominate; Hong Kong, Taiwan, Malaysia,
Saudi Arabia, Japan and Korea lead. Rows go in by chunked executemany, so a
million candidates load in minutes; the server started afterwards on the same
database builds its indexes from them.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from tqdm import tqdm

from matcher.catalogue import default_catalogue
from matcher.nik import Gender
from matcher.regions import district
from matcher.registration import (
    BpjsMembership,
    CompetencyCertificate,
    HealthCertificate,
    KtpIdentity,
    RegistrationForm,
)
from matcher.search import vacancy_words
from matcher.vacancy import EmployerType, Money, Openings, Vacancy
from server.storage import tables as t
from server.storage.codec import to_json
from server.storage.vacancy_repository import SqlVacancyRepository

CHUNK = 5_000
# Occupations by share of placements (KBJI/ISCO-08 codes of the catalogue).
OCCUPATIONS = ["9111"] * 40 + ["5322"] * 20 + ["9329"] * 8 + ["5120"] * 6 + ["6223"] * 5 + ["7212"] * 4
DESTINATIONS = ["HK"] * 25 + ["TW"] * 25 + ["MY"] * 15 + ["SA"] * 8 + ["JP"] * 8 + ["KR"] * 8 + ["SG", "AE", "QA", "BN"]
CURRENCIES = {"HK": "HKD", "TW": "TWD", "MY": "MYR", "SA": "SAR", "JP": "JPY", "KR": "KRW", "SG": "SGD"}
# Competency certificates per candidate: two on average (a national dataset of a million
# candidates holds about two million certificates).
CERTIFICATES_EACH = (1, 1, 1, 2, 2, 2, 2, 3, 3, 3)
# Regencies that send many migrant workers (Kemendagri codes).
REGENCIES = ["3212", "3209", "3301", "5203", "3502", "3507", "3505", "3504", "3510", "3324", "3213", "1807", "1307"]


def seed(engine: Engine, candidates: int, vacancies: int, today: date, rng_seed: int = 2026) -> dict[str, list[str]]:
    """Insert the dataset; returns a few ids of each kind to try."""
    rng = random.Random(rng_seed)
    now = datetime.now(UTC)
    districts = {code: _districts(code) for code in REGENCIES}
    sample: dict[str, list[str]] = {"verified": [], "submitted": [], "vacancies": [], "companies": []}
    with tqdm(total=candidates, desc="candidates", unit="cand") as progress:
        for start in range(0, candidates, CHUNK):
            rows = [_candidate(rng, i, today, now, districts) for i in range(start, min(start + CHUNK, candidates))]
            with engine.begin() as conn:
                conn.execute(sa.insert(t.registrations), [r["registration"] for r in rows])
                conn.execute(sa.insert(t.registration_rounds), [r["round"] for r in rows])
                conn.execute(sa.insert(t.certificates), [c for r in rows for c in r["certificates"]])
            for row in rows:
                sample[row["registration"]["status"]].append(row["registration"]["candidate_id"])
            progress.update(len(rows))
    catalogue = default_catalogue()
    with tqdm(total=vacancies, desc="vacancies", unit="vac") as progress:
        for start in range(0, vacancies, CHUNK):
            made = [_vacancy(rng, i, today, now) for i in range(start, min(start + CHUNK, vacancies))]
            with engine.begin() as conn:
                repository = SqlVacancyRepository(conn)
                for vacancy in made:
                    repository.add(vacancy, vacancy_words(vacancy, catalogue))
            sample["vacancies"] += [v.id for v in made[:3]]
            sample["companies"] += [v.company_id for v in made[:2]]
            progress.update(len(made))
    return {kind: ids[:3] for kind, ids in sample.items()}


def _districts(regency: str) -> list[str]:
    found = [f"{regency}{n:02d}" for n in range(1, 40) if district(f"{regency}{n:02d}")]
    return found or [f"{regency}01"]


def _candidate(
    rng: random.Random, i: int, today: date, now: datetime, districts: dict[str, list[str]]
) -> dict[str, Any]:
    candidate_id = f"syn-{i:07d}"
    regency = rng.choice(REGENCIES)
    gender = Gender.FEMALE if rng.random() < 0.7 else Gender.MALE
    born = today - timedelta(days=rng.randint(17 * 365, 48 * 365))
    day = born.day + (40 if gender is Gender.FEMALE else 0)
    nik = f"{rng.choice(districts[regency])}{day:02d}{born.month:02d}{born.year % 100:02d}{i % 10_000:04d}"
    verified = rng.random() < 0.9
    certificates = []
    catalogue = default_catalogue()
    for k in range(rng.choice(CERTIFICATES_EACH)):
        issued = today - timedelta(days=rng.randint(30, 6 * 365))
        code = rng.choice(OCCUPATIONS) if rng.random() < 0.85 else rng.choice(sorted(catalogue.codes))
        occupation = catalogue.get(code)
        certificates.append(
            CompetencyCertificate(
                bnsp_number=f"BNSP-{code}-{issued.year}-{i:07d}{k}",
                scheme_title=occupation.title_id if occupation else code,
                occupation_code=code,
                issue_date=issued,
                expiry_date=issued + timedelta(days=3 * 365) if rng.random() < 0.5 else None,
            )
        )
    has_bpjs = rng.random() < 0.93
    form = RegistrationForm(
        ktp=KtpIdentity(nik=nik, domicile_regency_code=regency),
        competency_certificates=certificates,
        health_certificate=HealthCertificate(
            number=f"SKS-{i:07d}", issue_date=today - timedelta(days=rng.randint(0, 150))
        ),
        bpjs=BpjsMembership(card_number=f"{23_000_000_000 + i}" if has_bpjs else ""),
    )
    form_json = to_json(form)
    status = "verified" if verified else "submitted"
    revoked = rng.random() < 0.03
    return {
        "registration": {
            "candidate_id": candidate_id,
            "status": status,
            "form": form_json,
            "version": 1,
            "round": 1,
            "regency_code": regency,
            "rejection_reason": "",
            "nik": nik,
            "gender": gender.value,
            "birth_date": born,
            "created_at": now,
            "updated_at": now,
            "submitted_at": now,
            "health_issue_date": form.health_certificate.issue_date,
            "has_bpjs": has_bpjs,
        },
        "round": {
            "candidate_id": candidate_id,
            "round": 1,
            "form": form_json,
            "submitted_by": f"candidates/{candidate_id}",
            "submitted_at": now,
            "decision": "verified" if verified else "pending",
            "decided_by": f"regencies/{regency}/officers/synthetic" if verified else "",
            "decided_at": now if verified else None,
            "reason": "",
        },
        "certificates": [
            {
                "candidate_id": candidate_id,
                "bnsp_number": c.bnsp_number,
                "scheme_title": c.scheme_title,
                "occupation_code": c.occupation_code,
                "code_suggested": False,
                "issue_date": c.issue_date,
                "expiry_date": c.expiry_date,
                "revoked": revoked and k == 0,
                "revocation_reason": "dicabut BNSP (sintetis)" if revoked and k == 0 else "",
            }
            for k, c in enumerate(certificates)
        ]
        if verified
        else [],
    }


def _vacancy(rng: random.Random, i: int, today: date, now: datetime) -> Vacancy:
    catalogue = default_catalogue()
    code = rng.choice(OCCUPATIONS) if rng.random() < 0.9 else rng.choice(sorted(catalogue.codes))
    occupation = catalogue.get(code)
    country = rng.choice(DESTINATIONS)
    domestic = occupation is not None and occupation.sector == "domestic"
    currency = CURRENCIES.get(country, "USD")
    low = rng.randint(3, 9) * 100
    return Vacancy(
        id=f"syn-v{i:06d}",
        company_id=f"syn-p3mi-{i % 300:03d}",
        company_display_name=f"PT. SINTETIS {i % 300:03d}",
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
        updated_at=now,
    )
