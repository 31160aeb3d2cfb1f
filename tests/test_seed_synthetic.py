"""`cpmi-matcher seed-synthetic`: a deterministic dataset the server then serves."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from cpmi_client import Client

from matcher.clock import SystemClock
from matcher.principal import Role
from server.app import start
from server.security.tokens import issue_token
from tests.conftest import SECRET, make_settings


def seed(db: Path) -> str:
    command = [str(Path(sys.executable).parent / "cpmi-matcher"), "seed-synthetic", "--candidates", "400"]
    command += ["--vacancies", "60", "--db", f"sqlite:///{db}", "--jwt-secret", SECRET]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_the_seeded_data_is_served_and_the_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    printed = seed(tmp_path / "a.db")
    seed(tmp_path / "b.db")
    assert _rows(tmp_path / "a.db") == _rows(tmp_path / "b.db"), "the same seed, the same data"
    assert "seeded 400 candidates and 60 vacancies" in printed
    candidate = re.search(r"candidate (syn-\d+)", printed)
    waiting = re.search(r"waiting for its Dinas: (syn-\d+)", printed)
    assert candidate and waiting
    settings = make_settings(tmp_path, db_url=f"sqlite:///{tmp_path / 'a.db'}")
    app = start(settings, SystemClock())
    try:
        # As an operator reads it on /metrics: the replica's index holds every seeded candidate.
        assert app.runtime.metrics.registry.get_sample_value("cpmi_index_candidates") == 400
        target = f"127.0.0.1:{app.port}"
        with Client(target, issue_token(SECRET, Role.CANDIDATE, candidate.group(1))) as cpmi:
            registration = cpmi.get_registration(candidate.group(1))
            assert registration.form.ktp.nik[:4] == registration.regency_code
            eligible = list(cpmi.list_eligible_vacancies(candidate.group(1)))
            for vacancy in eligible[:3]:
                assert cpmi.check_eligibility(candidate.group(1), vacancy.name).eligible
        queued = waiting.group(1)
        with Client(target, issue_token(SECRET, Role.OPERATOR, "ops")) as operator:
            regency = operator.get_registration(queued).regency_code
        with Client(target, issue_token(SECRET, Role.DINAS, regency)) as dinas:
            submitted = dinas.get_registration(queued)
            assert dinas.verify_registration(queued, etag=submitted.etag).regency_code == regency
    finally:
        app.stop()


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        people = conn.execute("SELECT candidate_id, nik, status, birth_date FROM registrations ORDER BY 1").fetchall()
        jobs = conn.execute("SELECT id, occupation_code, country_code FROM vacancies ORDER BY 1").fetchall()
    return people + jobs
