"""P3MI post, change, close and search vacancies; only the owner changes its own."""

from __future__ import annotations

import pytest
from cpmi.matching.v1 import vacancy_pb2
from cpmi_client import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

from matcher.clock import FixedClock
from matcher.principal import Role
from tests.conftest import ClientFor
from tests.story import vacancy


def test_post_change_close_and_search(client_for: ClientFor, clock: FixedClock) -> None:
    p3mi = client_for(Role.P3MI, "pt-maju-jaya")
    posted = p3mi.create_vacancy("pt-maju-jaya", vacancy("Caregiver Lansia", "TW", clock.today(), openings=(0, 10, 2)))
    assert posted.occupation_code == "5322" and posted.sector == "care"
    assert posted.state == vacancy_pb2.VACANCY_STATE_OPEN and posted.company == "companies/pt-maju-jaya"

    changed = vacancy_pb2.Vacancy(name=posted.name, etag=posted.etag, description="Merawat lansia di Taichung")
    updated = p3mi.update_vacancy(changed, ["description"])
    assert updated.description == "Merawat lansia di Taichung" and updated.title == posted.title
    with pytest.raises(FailedPrecondition) as stale:
        p3mi.update_vacancy(changed, ["description"])
    assert stale.value.reason == "ETAG_MISMATCH"
    assert {subject for _type, subject, _text in stale.value.preconditions} == {posted.name}, "the nested name"
    assert posted.name.startswith("companies/pt-maju-jaya/vacancies/")

    viewer = client_for(Role.CANDIDATE, "anyone")
    assert posted.name in {v.name for v in viewer.list_vacancies(country_code="TW", query="lansia taichung")}
    assert posted.name in {v.name for v in viewer.list_vacancies(occupation_code="5322")}
    assert posted.name not in {v.name for v in viewer.list_vacancies(country_code="HK")}
    assert posted.name in {v.name for v in viewer.list_vacancies(query="Perawat Lansia")}, "found by its occupation"
    assert posted.name not in {v.name for v in viewer.list_vacancies(query="Tukang Las")}

    closed = p3mi.close_vacancy(posted.name, etag=updated.etag)
    assert closed.state == vacancy_pb2.VACANCY_STATE_CLOSED
    with pytest.raises(FailedPrecondition) as again:
        p3mi.close_vacancy(posted.name)
    assert again.value.reason == "VACANCY_CLOSED"
    assert [subject for _type, subject, _text in again.value.preconditions] == [posted.name]
    assert posted.name not in {v.name for v in viewer.list_vacancies(country_code="TW")}
    assert posted.name in {v.name for v in viewer.list_vacancies(country_code="TW", include_closed=True)}


def test_only_the_owner_changes_a_vacancy(client_for: ClientFor, clock: FixedClock) -> None:
    owner = client_for(Role.P3MI, "pt-owner")
    posted = owner.create_vacancy("pt-owner", vacancy("Welder", "KR", clock.today()))
    rival = client_for(Role.P3MI, "pt-rival")
    with pytest.raises(PermissionDenied):
        rival.update_vacancy(vacancy_pb2.Vacancy(name=posted.name, description="x"), ["description"])
    with pytest.raises(PermissionDenied):
        rival.close_vacancy(posted.name)
    with pytest.raises(PermissionDenied):
        rival.create_vacancy("pt-owner", vacancy("Welder", "KR", clock.today()))
    with pytest.raises(PermissionDenied):
        client_for(Role.CANDIDATE, "c").create_vacancy("pt-owner", vacancy("Welder", "KR", clock.today()))


def test_bad_vacancies_name_every_field(client_for: ClientFor, clock: FixedClock) -> None:
    p3mi = client_for(Role.P3MI, "pt-x")
    bad = vacancy("Astronaut", "XX", clock.today(), openings=(0, 0, 0))
    bad.salary_max.currency_code = "ZZZ"
    with pytest.raises(InvalidArgument) as caught:
        p3mi.create_vacancy("pt-x", bad)
    fields = {v.field for v in caught.value.field_violations}
    assert {"vacancy.occupation_code", "vacancy.country_code", "vacancy.openings", "vacancy.salary_max"} <= fields


def test_similar_vacancies_and_suggestions(client_for: ClientFor, clock: FixedClock) -> None:
    p3mi = client_for(Role.P3MI, "pt-similar")
    first = p3mi.create_vacancy("pt-similar", vacancy("Tukang Las", "JP", clock.today()))
    second = p3mi.create_vacancy("pt-similar", vacancy("Welder", "JP", clock.today()))
    assert second.name in {v.name for v in p3mi.list_similar_vacancies(first.name)}
    best = p3mi.suggest_occupations("Pekerja Rumah Tangga")[0]
    assert (best.occupation_code, best.title_en) == ("9111", "Domestic Cleaner and Helper")
    assert p3mi.suggest_occupations("House Worker")[0].occupation_code == "9111"


def test_the_posted_date_is_the_servers_and_dates_must_be_sane(client_for: ClientFor, clock: FixedClock) -> None:
    p3mi = client_for(Role.P3MI, "pt-tanggal")
    draft = vacancy("Welder", "JP", clock.today(), occupation_code="7212")
    draft.posted_date.year, draft.posted_date.month, draft.posted_date.day = 2020, 1, 1
    posted = p3mi.create_vacancy("pt-tanggal", draft)
    today = clock.today()
    assert (posted.posted_date.year, posted.posted_date.month, posted.posted_date.day) == (
        today.year,
        today.month,
        today.day,
    )
    with pytest.raises(InvalidArgument) as masked:
        p3mi.update_vacancy(vacancy_pb2.Vacancy(name=posted.name, etag=posted.etag), ["posted_date"])
    assert masked.value.field_violations[0].field == "update_mask"

    far = vacancy("Welder", "JP", clock.today(), occupation_code="7212")
    far.closing_date.year = today.year + 5
    with pytest.raises(InvalidArgument) as too_far:
        p3mi.create_vacancy("pt-tanggal", far)
    assert [v.field for v in too_far.value.field_violations] == ["vacancy.closing_date"]
    ancient = vacancy("Welder", "JP", clock.today(), occupation_code="7212")
    ancient.closing_date.year = 1066
    with pytest.raises(InvalidArgument) as too_old:
        p3mi.create_vacancy("pt-tanggal", ancient)
    assert [v.field for v in too_old.value.field_violations] == ["vacancy.closing_date"]


def test_a_vacancy_is_named_under_its_company_and_the_old_name_still_works(
    client_for: ClientFor, clock: FixedClock
) -> None:
    p3mi, candidate = client_for(Role.P3MI, "pt-bernama"), client_for(Role.CANDIDATE, "nama-calon")
    posted = p3mi.create_vacancy("pt-bernama", vacancy("Pengasuh Anak", "HK", clock.today()))
    company, _, vacancy_id = posted.name.removeprefix("companies/").partition("/vacancies/")
    assert (company, posted.company) == ("pt-bernama", "companies/pt-bernama") and vacancy_id
    legacy = f"vacancies/{vacancy_id}"  # the first contract's name, accepted until 2027-12-31
    assert candidate.get_vacancy(legacy).name == candidate.get_vacancy(posted.name).name == posted.name
    assert candidate.check_eligibility("nama-calon", legacy).vacancy == posted.name
    with pytest.raises(NotFound):
        candidate.get_vacancy(f"companies/pt-lain/vacancies/{vacancy_id}")
    with pytest.raises(InvalidArgument) as malformed:
        candidate.get_vacancy(f"companies/pt-bernama/lowongan/{vacancy_id}")
    assert "companies/{company}/vacancies/{id}" in malformed.value.field_violations[0].description
    assert [v.name for v in p3mi.list_vacancies(company_id="pt-bernama")] == [posted.name]
    assert list(p3mi.list_applications(posted.name)) == list(p3mi.list_applications(legacy)) == []
