"""Masking identity numbers (NIK, KK, BPJS, certificate numbers) for logs."""

from __future__ import annotations


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
