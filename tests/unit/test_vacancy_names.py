"""The first contract's vacancy name, ``vacancies/{id}``, is taken through 2027-12-31 (the
README's promise) and refused, naming the field, from the day after."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from matcher.errors import InvalidArgument, NotFound
from server.api.names import COMPATIBLE_UNTIL, VacancyNames


def names_on(day: date) -> VacancyNames:
    return VacancyNames(lambda vacancy_id: "pt-a", today=lambda: day)


def test_the_legacy_name_is_taken_through_the_last_promised_day() -> None:
    assert date(2027, 12, 31) == COMPATIBLE_UNTIL
    assert names_on(COMPATIBLE_UNTIL).vacancy_id("vacancies/v1", "vacancy") == "v1"


def test_from_the_day_after_the_legacy_name_is_invalid_and_the_field_is_named() -> None:
    with pytest.raises(InvalidArgument) as refused:
        names_on(COMPATIBLE_UNTIL + timedelta(days=1)).vacancy_id("vacancies/v1", "vacancy")
    assert [v.field for v in refused.value.violations] == ["vacancy"]
    assert "2027-12-31" in refused.value.violations[0].text.en


def test_the_nested_name_is_taken_on_any_day_and_checks_its_company() -> None:
    later = names_on(COMPATIBLE_UNTIL + timedelta(days=400))
    assert later.vacancy_id("companies/pt-a/vacancies/v1", "name") == "v1"
    with pytest.raises(NotFound):
        later.vacancy_id("companies/pt-b/vacancies/v1", "name")
