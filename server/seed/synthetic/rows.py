"""The bulk insert of `cpmi-matcher seed-synthetic`: each drawn candidate becomes a
registration (submitted, or verified by the Dinas of its regency), its first round and,
once verified, its certificate rows; each drawn vacancy goes in through the vacancy
repository. Rows go in by chunked executemany, so a million candidates load in minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from tqdm import tqdm

from matcher.catalogue import default_catalogue
from matcher.registration import (
    BpjsMembership,
    CompetencyCertificate,
    HealthCertificate,
    KtpIdentity,
    RegistrationForm,
    RegistrationStatus,
)
from matcher.search import vacancy_words
from server.seed.synthetic.draws import SyntheticCandidate, candidate_draws, vacancy_draws
from server.storage import tables as t
from server.storage.codec import to_json
from server.storage.vacancy_repository import SqlVacancyRepository

CHUNK = 5_000


def seed(
    engine: Engine, candidates: int, vacancies: int, today: date, rng_seed: int = 2026, now: datetime | None = None
) -> dict[str, list[str]]:
    """Insert the dataset; returns a few ids of each kind to try."""
    now = now or datetime.now(UTC)
    sample: dict[str, list[str]] = {"verified": [], "submitted": [], "vacancies": [], "companies": []}
    drawn = candidate_draws(rng_seed, today)
    with tqdm(total=candidates, desc="candidates", unit="cand") as progress:
        for start in range(0, candidates, CHUNK):
            rows = [candidate_rows(c, now) for c in islice(drawn, min(CHUNK, candidates - start))]
            with engine.begin() as conn:
                conn.execute(sa.insert(t.registrations), [r["registration"] for r in rows])
                conn.execute(sa.insert(t.registration_rounds), [r["round"] for r in rows])
                certificates = [c for r in rows for c in r["certificates"]]
                if certificates:
                    conn.execute(sa.insert(t.certificates), certificates)
            for row in rows:
                sample[row["registration"]["status"]].append(row["registration"]["candidate_id"])
            progress.update(len(rows))
    catalogue = default_catalogue()
    offered = vacancy_draws(rng_seed, today, now)
    with tqdm(total=vacancies, desc="vacancies", unit="vac") as progress:
        for start in range(0, vacancies, CHUNK):
            made = list(islice(offered, min(CHUNK, vacancies - start)))
            with engine.begin() as conn:
                repository = SqlVacancyRepository(conn)
                for vacancy in made:
                    repository.add(vacancy, vacancy_words(vacancy, catalogue))
            sample["vacancies"] += [v.id for v in made[:3]]
            sample["companies"] += [v.company_id for v in made[:2]]
            progress.update(len(made))
    return {kind: ids[:3] for kind, ids in sample.items()}


def candidate_rows(drawn: SyntheticCandidate, now: datetime) -> dict[str, Any]:
    """The registration, round and certificate rows of one drawn candidate."""
    i, candidate_id, regency = drawn.index, drawn.candidate_id, drawn.regency_code
    form = RegistrationForm(
        ktp=KtpIdentity(nik=drawn.nik, domicile_regency_code=regency),
        competency_certificates=[
            CompetencyCertificate(
                bnsp_number=c.bnsp_number,
                scheme_title=c.scheme_title,
                occupation_code=c.occupation_code,
                issue_date=c.issue_date,
                expiry_date=c.expiry_date,
            )
            for c in drawn.certificates
        ],
        health_certificate=HealthCertificate(number=f"SKS-{i:07d}", issue_date=drawn.health_issue_date),
        bpjs=BpjsMembership(card_number=f"{23_000_000_000 + i}" if drawn.has_bpjs else ""),
    )
    form_json = to_json(form)
    verified = drawn.verified
    status = RegistrationStatus.VERIFIED if verified else RegistrationStatus.SUBMITTED
    return {
        "registration": {
            "candidate_id": candidate_id,
            "status": status.value,
            "form": form_json,
            "version": 1,
            "round": 1,
            "regency_code": regency,
            "rejection_reason": "",
            "nik": drawn.nik,
            "gender": drawn.gender.value,
            "birth_date": drawn.birth_date,
            "created_at": now,
            "updated_at": now,
            "submitted_at": now,
            "health_issue_date": drawn.health_issue_date,
            "has_bpjs": drawn.has_bpjs,
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
                "revoked": c.revoked,
                "revocation_reason": "dicabut BNSP (sintetis)" if c.revoked else "",
            }
            for c in drawn.certificates
        ]
        if verified
        else [],
    }
