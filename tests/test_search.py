"""Vacancy search matches a vacancy's words (never its stored serialization), ranked, on
SQLite FTS5 and on PostgreSQL full-text search alike."""

from __future__ import annotations

import pytest
from cpmi_client import Client, InvalidArgument

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App
from server.security.tokens import issue_token
from tests.conftest import SECRET
from tests.story import vacancy

COMPANY = "pt-cari-kata"


@pytest.fixture
def server(app: App) -> App:
    return app  # on SQLite and on PostgreSQL in turn (conftest.BACKENDS)


def client(app: App, role: Role, subject: str) -> Client:
    return Client(f"127.0.0.1:{app.port}", issue_token(SECRET, role, subject))


def names(viewer: Client, query: str, country_code: str = "") -> list[str]:
    return [v.name for v in viewer.list_vacancies(query=query, country_code=country_code, page_size=2)]


def test_search_matches_words_ranked_on_both_backends(server: App, clock: FixedClock) -> None:
    today, marker = clock.today(), f"zorblat{server.port}"
    with client(server, Role.P3MI, COMPANY) as p3mi, client(server, Role.CANDIDATE, "anyone") as viewer:
        strong = vacancy(f"Caregiver {marker} Taichung", "TW", today)
        strong.description = f"Merawat lansia di Taichung; {marker} bonus 50% setelah kontrak"
        weak = vacancy("Caregiver", "TW", today)
        weak.description = f"Merawat lansia. {marker} " + "pekerjaan rumah " * 30 + "Taichung"
        saudi = vacancy(f"House Worker {marker}", "SA", today, occupation_code="9111")
        first, second, third = (p3mi.create_vacancy(COMPANY, v).name for v in (strong, weak, saudi))

        assert names(viewer, f"{marker} taichung") == [first, second], "both words, the stronger match first"
        assert names(viewer, f"TAICHUNG {marker[:-2]}") == [first, second], "any order, any case, word starts"
        assert names(viewer, f"{marker} Arab Saudi") == [third], "the country's Indonesian name"
        assert names(viewer, f"{marker} saudi arabia") == [third], "and its English one"
        assert names(viewer, f"{marker} pekerja rumah tangga") == [third], "occupation titles in Indonesian"
        assert set(names(viewer, f"{marker} lansia", country_code="TW")) == {first, second}
        for not_words in ("country_code", "closing_date", "openings_female", '"title"', "vacancy", "company_id"):
            assert names(viewer, f"{marker} {not_words}") == [], not_words
        assert names(viewer, "%") == [] and names(viewer, "_") == [] and names(viewer, "%_%") == []
        assert names(viewer, f"{marker} 50%") == [first], "% is a separator, not a wildcard"

        with pytest.raises(InvalidArgument) as too_long:
            names(viewer, "a" * 41)
        assert too_long.value.field_violations[0].field == "query"
        with pytest.raises(InvalidArgument):
            names(viewer, "satu dua tiga empat lima enam tujuh delapan sembilan")
