"""Masking identity numbers (NIK, KK, BPJS, certificate numbers) for logs."""

from __future__ import annotations

import hashlib
import hmac
import re

# NIK and KK numbers have 16 digits, BPJS Ketenagakerjaan cards 11; phone numbers 10-13.
_LONG_NUMBER = re.compile(r"\d{10,}")


def redact_numbers(text: str) -> str:
    """Any run of ten or more digits in free text (an exception message, a traceback)
    keeps its first four: 1307100902960001 -> 1307************."""
    return _LONG_NUMBER.sub(lambda found: found.group()[:4] + "*" * (len(found.group()) - 4), text)


def nik_reference(key: bytes, nik: str) -> str:
    """What logs and decision records carry for a NIK: its regency (the first four digits)
    and a keyed hash, so one person's records can be correlated by whoever holds the key
    and by nobody else: 1307~k3f9c0a81d2e4b765 (the "k" keeps an all-digit hash from
    looking like a number). Empty for no NIK."""
    if not nik:
        return ""
    digest = hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()[:16]
    return f"{nik[:4]}~k{digest}" if len(nik) == 16 and nik.isdigit() else f"~k{digest}"


def mask_number(number: str) -> str:
    """Keep the last four characters only."""
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]
