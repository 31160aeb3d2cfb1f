"""Synthetic candidates and vacancies shaped like the placement data (skewed toward the
occupations most CPMI are placed in), generated from a seed so runs compare."""

from __future__ import annotations

import random
from datetime import date, timedelta

from matcher.catalogue import default_catalogue
from matcher.nik import Gender
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.vacancy import EmployerType, Openings, Vacancy

# Share of placements by occupation, roughly: domestic and care work dominate.
POPULAR = ["9111"] * 30 + ["5322"] * 20 + ["9329"] * 10 + ["6223"] * 6 + ["7212"] * 4 + ["5120"] * 4
COUNTRIES = ["HK", "TW", "MY", "SG", "SA", "JP", "KR", "AE", "QA", "BN"]
REGENCIES = ["1307", "3171", "3201", "3301", "3515", "5203", "5303", "7301", "1271", "6101"]


def occupation(rng: random.Random, codes: list[str]) -> str:
    return rng.choice(POPULAR) if rng.random() < 0.8 else rng.choice(codes)


def candidates(count: int, today: date, seed: int = 7) -> list[CandidateSnapshot]:
    rng = random.Random(seed)
    codes = sorted(default_catalogue().codes)
    made = []
    for i in range(count):
        certificates = tuple(
            CertificateSnapshot(
                f"BNSP-{i}-{k}", "", occupation(rng, codes), today - timedelta(days=rng.randint(30, 1500)), None
            )
            for k in range(rng.choice((1, 1, 1, 2)))
        )
        made.append(
            CandidateSnapshot(
                candidate_id=f"c{i:07d}",
                verified=rng.random() < 0.9,
                gender=rng.choice((Gender.FEMALE, Gender.FEMALE, Gender.MALE)),
                birth_date=today - timedelta(days=rng.randint(17 * 365, 50 * 365)),
                regency_code=rng.choice(REGENCIES),
                certificates=certificates,
                health_issue_date=today - timedelta(days=rng.randint(0, 120)),
                has_bpjs=rng.random() < 0.95,
                nik="1307100902960001",
            )
        )
    return made


def vacancies(count: int, today: date, seed: int = 11) -> list[Vacancy]:
    rng = random.Random(seed)
    codes = sorted(default_catalogue().codes)
    catalogue = default_catalogue()
    made = []
    for i in range(count):
        code = occupation(rng, codes)
        found = catalogue.get(code)
        made.append(
            Vacancy(
                id=f"v{i:06d}",
                company_id=f"p3mi-{i % 300}",
                title=found.title_en if found else code,
                occupation_code=code,
                country_code=rng.choice(COUNTRIES),
                employer_type=rng.choice((EmployerType.COMPANY, EmployerType.INDIVIDUAL)),
                sector=found.sector if found else "",
                openings=Openings(rng.randint(0, 30), rng.randint(0, 30), rng.randint(0, 5)),
                min_age=rng.choice((0, 0, 0, 21)),
                max_age=rng.choice((0, 0, 45)),
                posted_date=today - timedelta(days=rng.randint(0, 60)),
                closing_date=today + timedelta(days=rng.randint(-5, 90)),
                one_channel=rng.random() < 0.3,
                job_order_reference="JO-1" if rng.random() < 0.5 else "",
            )
        )
    return made
