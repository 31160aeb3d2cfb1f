"""The synthetic dataset in memory: the snapshots and vacancies the server's indexes would
load from a database seeded with the same seed (benchmarks and unit tests index these
without a database; tests/unit/test_synthetic.py holds the two views equal)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from itertools import islice
from operator import attrgetter

from matcher.registration import RegistrationStatus
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy
from server.seed.synthetic.draws import SyntheticCandidate, candidate_draws, vacancy_draws

DEFAULT_SEED = 2026


def candidates(count: int, today: date, seed: int = DEFAULT_SEED) -> list[CandidateSnapshot]:
    """The first ``count`` candidates of ``seed`` as the server's snapshots of them."""
    return [snapshot(drawn) for drawn in islice(candidate_draws(seed, today), count)]


def vacancies(count: int, today: date, seed: int = DEFAULT_SEED, now: datetime | None = None) -> list[Vacancy]:
    """The first ``count`` vacancies of ``seed``, last changed at ``now`` (default: the
    start of ``today``, so the same arguments give the same vacancies)."""
    changed = now or datetime.combine(today, time(), UTC)
    return list(islice(vacancy_draws(seed, today, changed), count))


def snapshot(drawn: SyntheticCandidate) -> CandidateSnapshot:
    """What server/storage/snapshots.py builds from the seeded registration: verified
    certificates count, a registration waiting for its Dinas names its certificates as
    pending (never revoked: nobody recorded them yet)."""
    status = RegistrationStatus.VERIFIED if drawn.verified else RegistrationStatus.SUBMITTED
    return CandidateSnapshot(
        candidate_id=drawn.candidate_id,
        verified=drawn.verified,
        gender=drawn.gender,
        birth_date=drawn.birth_date,
        regency_code=drawn.regency_code,
        certificates=tuple(sorted(drawn.certificates, key=attrgetter("bnsp_number"))) if drawn.verified else (),
        health_issue_date=drawn.health_issue_date,
        has_bpjs=drawn.has_bpjs,
        nik=drawn.nik,
        registration=status.value,
        pending_certificates=() if drawn.verified else tuple(replace(c, revoked=False) for c in drawn.certificates),
    )
