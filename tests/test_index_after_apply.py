"""An Apply updates this process's index from what its own transaction read and wrote (on
SQLite), or by reading the candidate again (PostgreSQL); either way, once concurrent
applications have committed, the index holds what the database holds."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from matcher.principal import Principal, Role
from matcher.services.idempotency import NO_KEY
from matcher.vacancy import EmployerType, Openings, Vacancy
from server.app import App
from server.seed.demo import register_candidate
from server.storage.snapshots import SqlSnapshotSource

COMPANY = "pt-index-apply"


def test_after_concurrent_applies_the_index_holds_what_the_database_holds(app: App) -> None:
    services, clock = app.services, app.runtime.clock
    today = clock.today()
    company = Principal(Role.P3MI, COMPANY)
    vacancies = [
        services.vacancies.create(
            company,
            COMPANY,
            Vacancy(
                id="",
                company_id=COMPANY,
                title=f"Operator Produksi {n}",
                occupation_code="9111",
                country_code="MY",
                employer_type=EmployerType.COMPANY,
                openings=Openings(0, 0, 50),
                closing_date=today.replace(year=today.year + 1),
            ),
            NO_KEY,
        ).id
        for n in range(6)
    ]
    dinas = Principal(Role.DINAS, "1307", "index-test")
    people = []
    for i in range(8):
        candidate_id = f"idx-apply-{app.settings.db_url[:6]}-{i}"
        registration = register_candidate(services, candidate_id, f"130710{41 + i:02d}0699{i + 1:04d}", today)
        services.registration.verify(dinas, candidate_id, registration.etag, NO_KEY)
        people.append(candidate_id)

    def apply(pair: tuple[str, str]) -> None:
        candidate_id, vacancy_id = pair
        services.applications.apply(Principal(Role.CANDIDATE, candidate_id), candidate_id, vacancy_id, NO_KEY)

    with ThreadPoolExecutor(16) as pool:  # a candidate's applications side by side
        list(pool.map(apply, [(c, v) for c in people for v in vacancies]))
    source = SqlSnapshotSource(app.engine)
    index = app.runtime.read_model
    loaded = {snapshot.candidate_id: snapshot for _position, snapshot in source.all_candidates()}
    for candidate_id in people:
        stored = source.candidate(candidate_id)
        assert stored is not None
        held = index.candidate(candidate_id)
        assert held is not None
        assert dataclasses.replace(held, revision=0) == stored[1] == loaded[candidate_id]
        assert held.certificates, "the candidate's certificates came through the one-statement read"
        assert held.active_applications == frozenset(vacancies)
