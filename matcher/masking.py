"""Masking identity numbers (NIK, KK, BPJS, certificate numbers) for logs."""

from __future__ import annotations

import re

# NIK and KK numbers have 16 digits, BPJS Ketenagakerjaan cards 11; phone numbers 10-13.
_LONG_NUMBER = re.compile(r"\d{10,}")


def redact_numbers(text: str) -> str:
    """Any run of ten or more digits in free text (an exception message, a traceback)
    keeps its first four: 1307100902960001 -> 1307************."""
    return _LONG_NUMBER.sub(lambda found: found.group()[:4] + "*" * (len(found.group()) - 4), text)


def mask_nik(nik: str) -> str:
    """Keep the region (6) and serial (4); hide the birth date: 130710******0001."""
    if len(nik) != 16:
        return mask_number(nik)
    return f"{nik[:6]}******{nik[12:]}"


def mask_number(number: str) -> str:
    """Keep the last four characters only."""
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]
