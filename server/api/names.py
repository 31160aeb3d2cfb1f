"""Vacancy names. A vacancy lives under the company that posted it, as it is created:
``companies/{company}/vacancies/{vacancy}`` is the name the service gives. The first
contract named it ``vacancies/{vacancy}``; that form is still accepted wherever a vacancy
is named through COMPATIBLE_UNTIL (Indonesian time); from the day after, it is
INVALID_ARGUMENT naming the field, as the README promises."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from matcher.clock import SystemClock
from matcher.errors import FieldViolation, invalid_fields, not_found
from matcher.text import Text

COMPATIBLE_UNTIL = date(2027, 12, 31)
# The day the promise is judged on when the caller gives no clock.
_WIB_TODAY = SystemClock().today
MAX_ID_CHARACTERS = 64
_SHAPE = "companies/{company}/vacancies/{id}"


def vacancy_name(company_id: str, vacancy_id: str) -> str:
    return f"companies/{company_id}/vacancies/{vacancy_id}"


class VacancyNames:
    """Reads the vacancy a name names, once, at the edge: every servicer that takes a vacancy
    name asks this one resolver, which checks the company against this replica's vacancy
    read model (``company_of``, wired in server/app/servicers.py) and hands the use case the vacancy's id."""

    def __init__(self, company_of: Callable[[str], str | None], today: Callable[[], date] = _WIB_TODAY) -> None:
        self._company_of = company_of
        self._today = today

    def vacancy_id(self, name: str, field: str) -> str:
        """The vacancy id a name holds. A nested name whose company is not the vacancy's
        names nothing (NOT_FOUND, as a missing one); a vacancy this replica has not indexed
        yet is left to the use case to find."""
        parts = name.split("/")
        if len(parts) == 4 and parts[0] == "companies" and parts[2] == "vacancies" and _ids(parts[1], parts[3]):
            owner = self._company_of(parts[3])
            if owner is not None and owner != parts[1]:
                raise not_found(name)
            return parts[3]
        legacy = len(parts) == 2 and parts[0] == "vacancies" and _ids(parts[1])
        if legacy and self._today() <= COMPATIBLE_UNTIL:
            return parts[1]  # the first contract's form
        text = Text(id=f"harus berbentuk {_SHAPE}", en=f"must look like {_SHAPE}")
        if legacy:
            text = Text(
                id=f"harus berbentuk {_SHAPE}; bentuk vacancies/{{id}} tidak diterima sejak {COMPATIBLE_UNTIL:%d-%m-%Y}",
                en=f"must look like {_SHAPE}; the vacancies/{{id}} form is not taken after {COMPATIBLE_UNTIL:%Y-%m-%d}",
            )
        raise invalid_fields([FieldViolation(field, text)])


def _ids(*parts: str) -> bool:
    return all(0 < len(part) <= MAX_ID_CHARACTERS for part in parts)
