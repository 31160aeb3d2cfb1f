"""NIK parsing: properties over generated NIKs, and the seed's example."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.nik import Gender, InvalidNik, age_on, parse_nik

TODAY = date(2026, 11, 27)
DISTRICTS = ["130710", "317101", "320101", "351501", "730101"]


def test_the_seed_nik() -> None:
    info = parse_nik("1307100902960001", TODAY)
    assert (info.regency_code, info.birth_date, info.gender) == ("1307", date(1996, 2, 9), Gender.MALE)


@given(
    district=st.sampled_from(DISTRICTS),
    born=st.dates(min_value=date(1927, 11, 28), max_value=TODAY),
    female=st.booleans(),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_a_well_formed_nik_gives_back_its_parts(district: str, born: date, female: bool, serial: int) -> None:
    day = born.day + (40 if female else 0)
    nik = f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
    info = parse_nik(nik, TODAY)
    assert info.birth_date == born
    assert info.gender is (Gender.FEMALE if female else Gender.MALE)
    assert info.regency_code == district[:4]


@given(st.text(max_size=20))
def test_anything_else_is_refused_with_a_reason_never_a_crash(text: str) -> None:
    try:
        info = parse_nik(text, TODAY)
    except InvalidNik as problem:
        assert problem.text.id and problem.text.en
    else:
        assert len(text) == 16 and info.birth_date <= TODAY


@pytest.mark.parametrize(
    "nik", ["1307103002960001", "1307107102960001", "1307100013960001", "0000000902960001", "1307101512260001"]
)
def test_impossible_dates_and_regions_are_refused(nik: str) -> None:
    with pytest.raises(InvalidNik):
        parse_nik(nik, TODAY)


def test_age_counts_completed_years() -> None:
    assert age_on(date(2008, 11, 28), TODAY) == 17
    assert age_on(date(2008, 11, 27), TODAY) == 18
