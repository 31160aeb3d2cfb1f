"""NIK (Nomor Induk Kependudukan): 16 digits = region (6), birth date DDMMYY
(women: day + 40), serial (4). It gives the home region, birth date and sex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from matcher import regions
from matcher.text import Text

_DIGITS16 = re.compile(r"\d{16}")


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


# Both, in the enum's order: iterating the enum itself costs a generator per loop.
GENDERS = tuple(Gender)


@dataclass(frozen=True, slots=True)
class NikInfo:
    nik: str
    district_code: str
    regency_code: str
    birth_date: date
    gender: Gender


class InvalidNik(ValueError):
    """Why a NIK is not valid, in both languages."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def parse_nik(nik: str, today: date) -> NikInfo:
    """Decode and check a NIK as of ``today``.

    The NIK holds only two digits of the year: ``YY <= today's YY`` reads as
    20YY, otherwise 19YY. A date later this year is therefore refused as a
    birth date in the future rather than silently moved back a century.
    """
    if not _DIGITS16.fullmatch(nik):
        raise InvalidNik(Text(id="NIK harus 16 digit angka", en="NIK must be exactly 16 digits"))
    district = regions.district(nik[:6])
    if district is None:
        raise InvalidNik(Text(id=f"Kode wilayah {nik[:6]} tidak dikenal", en=f"Region code {nik[:6]} does not exist"))
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = Gender.FEMALE if day > 40 else Gender.MALE
    if gender is Gender.FEMALE:
        day -= 40
    year = 2000 + yy if yy <= today.year % 100 else 1900 + yy
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidNik(
            Text(
                id=f"Tanggal lahir pada NIK tidak valid ({nik[6:12]})", en=f"Birth date in NIK is invalid ({nik[6:12]})"
            )
        ) from None
    if born > today:
        raise InvalidNik(
            Text(
                id=f"Tanggal lahir pada NIK ({born.isoformat()}) ada di masa depan",
                en=f"Birth date in NIK ({born.isoformat()}) is in the future",
            )
        )
    return NikInfo(nik=nik, district_code=nik[:6], regency_code=nik[:4], birth_date=born, gender=gender)


def age_on(birth_date: date, day: date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
