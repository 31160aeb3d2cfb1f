"""The synthetic dataset is one generator: the same seed gives the same data, and the
in-memory snapshots are what the server reads back from a database seeded with it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from server.seed import synthetic
from server.storage.engine import make_engine, migrate
from server.storage.snapshots import SqlSnapshotSource

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    assert synthetic.candidates(300, TODAY) == synthetic.candidates(300, TODAY)
    assert synthetic.vacancies(40, TODAY) == synthetic.vacancies(40, TODAY)
    assert synthetic.candidates(300, TODAY, seed=1) != synthetic.candidates(300, TODAY, seed=2)
    assert synthetic.vacancies(40, TODAY, seed=1) != synthetic.vacancies(40, TODAY, seed=2)


def test_fewer_are_the_first_of_more() -> None:
    assert synthetic.candidates(50, TODAY) == synthetic.candidates(120, TODAY)[:50]
    assert synthetic.vacancies(10, TODAY) == synthetic.vacancies(30, TODAY)[:10]


def test_the_snapshots_in_memory_are_what_the_server_reads_from_the_seeded_rows(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'synthetic.db'}")
    migrate(engine)
    synthetic.seed(engine, 400, 60, TODAY, rng_seed=5, now=NOW)
    source = SqlSnapshotSource(engine)
    read = sorted((s for _, s in source.all_candidates()), key=lambda s: s.candidate_id)
    assert read == synthetic.candidates(400, TODAY, seed=5)
    offered = sorted((v for _, v in source.all_vacancies()), key=lambda v: v.id)
    assert offered == synthetic.vacancies(60, TODAY, seed=5, now=NOW)
    for one in (read[0], next(s for s in read if not s.verified), next(s for s in read if s.certificates[1:])):
        # The read of one candidate (on Apply, after a change) makes the same snapshot as the first load.
        found = source.candidate(one.candidate_id)
        assert found is not None and found[1] == one


def test_the_dataset_has_the_shapes_the_load_tests_count_on() -> None:
    people = synthetic.candidates(2000, TODAY)
    verified = [p for p in people if p.verified]
    assert 0.85 < len(verified) / len(people) < 0.95
    assert all(p.certificates and not p.pending_certificates for p in verified)
    assert all(p.pending_certificates and not p.certificates for p in people if not p.verified)
    assert any(c.revoked for p in verified for c in p.certificates)
    assert all(p.nik[:4] == p.regency_code for p in people)
