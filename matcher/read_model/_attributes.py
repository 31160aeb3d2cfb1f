"""Candidates' facts as bitmaps over their positions, bucketed by what the facts are made of.

A fact that changes with the day (age, the health certificate's age, a
certificate's validity) is kept by what it is computed from (the birth date,
the health certificate's issue date, a certificate's dates), so a bucket never
moves when the day turns: the candidates whose age is at least 21 on a day are
the union of the birth-date buckets old enough on that day; those whose health
certificate is more than three calendar months old are the issue-date buckets
whose date plus three months is before the day. A change of a
candidate moves their position out of the buckets of the old snapshot and into
those of the new one, nothing else.

The owner (CandidateIndex) calls ``move`` under its lock; readers call the
``*_on`` methods, which take the same lock while they combine buckets.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from pyroaring import BitMap

from matcher.certificates import effective_expiry
from matcher.nik import age_on
from matcher.rules.months import plus_months_ordinal
from matcher.rules.schema import NO_HEALTH_CERTIFICATE_DAY, NO_HEALTH_CERTIFICATE_DAYS
from matcher.snapshots import CandidateSnapshot

# The facts of a candidate alone, as the rules name them (schema.FACT_SCHEMA).
BOOLEAN_FACTS = ("registration_verified", "has_bpjs", "in_active_placement")
DATED_FACTS = ("age", "health_certificate_age_days", "health_certificate_issued_day")
# The date each dated fact is computed from, which its buckets are keyed by: the two facts
# of the health certificate share the issue-date buckets.
_SOURCE = {
    "age": "birth_date",
    "health_certificate_age_days": "health_issue_date",
    "health_certificate_issued_day": "health_issue_date",
}
CANDIDATE_FACTS = (*BOOLEAN_FACTS, *DATED_FACTS, "gender")

# A certificate of an occupation, as its counts are kept: (occupation, revoked, issued, expires).
CertificateKey = tuple[str, bool, date | None, date | None]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}


def compare(op: str, left: Any, right: Any) -> bool:
    return _COMPARE[op](left, right)


def _age(born: date | None, day: date) -> int:
    return age_on(born, day) if born else 0


def _health_days(issued: date | None, day: date) -> int:
    return (day - issued).days if issued else NO_HEALTH_CERTIFICATE_DAYS


def _health_issued(issued: date | None, _day: date) -> int:
    return issued.toordinal() if issued else NO_HEALTH_CERTIFICATE_DAY


_DATED: dict[str, Callable[[date | None, date], int]] = {
    "age": _age,
    "health_certificate_age_days": _health_days,
    "health_certificate_issued_day": _health_issued,
}


class CandidateAttributes:
    def __init__(self, lock: threading.Lock) -> None:
        self._lock = lock
        self.everyone = BitMap()
        self._true: dict[str, BitMap] = {name: BitMap() for name in BOOLEAN_FACTS}
        self._gender: dict[str, BitMap] = {}
        self._by_date: dict[str, dict[date | None, BitMap]] = {source: {} for source in _SOURCE.values()}
        self._certificates: dict[str, dict[CertificateKey, BitMap]] = {}
        self._applicants: dict[str, BitMap] = {}
        self._regency: dict[str, BitMap] = {}

    # -- kept by the index -------------------------------------------------------------

    def move(self, ordinal: int, old: CandidateSnapshot | None, new: CandidateSnapshot) -> None:
        """Out of the buckets of ``old``, into those of ``new`` (the caller holds the lock)."""
        if old is not None:
            self._apply(ordinal, old, BitMap.discard)
        self.everyone.add(ordinal)
        self._apply(ordinal, new, BitMap.add)

    def _apply(self, ordinal: int, snapshot: CandidateSnapshot, change: Callable[[BitMap, int], None]) -> None:
        for name, value in (
            ("registration_verified", snapshot.verified),
            ("has_bpjs", snapshot.has_bpjs),
            ("in_active_placement", snapshot.in_active_placement),
        ):
            if value:
                change(self._true[name], ordinal)
        change(self._bucket(self._gender, snapshot.gender.value if snapshot.gender else ""), ordinal)
        change(self._bucket(self._by_date["birth_date"], snapshot.birth_date), ordinal)
        change(self._bucket(self._by_date["health_issue_date"], snapshot.health_issue_date), ordinal)
        change(self._bucket(self._regency, snapshot.regency_code), ordinal)
        for certificate in snapshot.certificates:
            key = (certificate.occupation_code, certificate.revoked, certificate.issue_date, certificate.expiry_date)
            change(self._bucket(self._certificates.setdefault(certificate.occupation_code, {}), key), ordinal)
        for vacancy_id in snapshot.active_applications:
            change(self._bucket(self._applicants, vacancy_id), ordinal)

    @staticmethod
    def _bucket(buckets: dict[Any, BitMap], key: Any) -> BitMap:
        found = buckets.get(key)
        if found is None:
            found = buckets[key] = BitMap()
        return found

    # -- read by the sets --------------------------------------------------------------

    def satisfying(self, fact: str, op: str, value: Any, day: date, months: int = 0) -> BitMap:
        """Positions whose ``fact`` on ``day`` (a date fact plus ``months`` calendar months,
        when months are given) compares ``op`` ``value``."""
        with self._lock:
            if fact in self._true:
                true, found = self._true[fact], BitMap()
                if compare(op, True, value):
                    found |= true
                if compare(op, False, value):
                    found |= self.everyone - true
                return found
            if fact == "gender":
                return BitMap.union(BitMap(), *(b for g, b in self._gender.items() if compare(op, g, value)))
            computed = _DATED[fact]
            if months:
                computed = _shifted(computed, months)
            buckets = self._by_date[_SOURCE[fact]]
            return BitMap.union(BitMap(), *(b for key, b in buckets.items() if compare(op, computed(key, day), value)))

    def holding(self, kind: str, occupation: str, day: date, validity_years: int) -> BitMap:
        """Positions holding at least one certificate of ``occupation`` of ``kind``: any,
        valid (neither revoked nor expired on ``day``), expired, or revoked."""
        with self._lock:
            buckets = self._certificates.get(occupation, {})
            chosen = [b for key, b in buckets.items() if _is(kind, key, day, validity_years)]
            return BitMap.union(BitMap(), *chosen)

    def by_gender(self, gender: str) -> BitMap:
        with self._lock:
            return BitMap(self._gender.get(gender, BitMap()))

    def applicants(self, vacancy_id: str) -> BitMap:
        """Positions with an application in progress to ``vacancy_id``."""
        with self._lock:
            return BitMap(self._applicants.get(vacancy_id, BitMap()))

    def in_regions(self, prefix: str) -> BitMap:
        """Positions whose regency code starts with ``prefix``."""
        with self._lock:
            return BitMap.union(BitMap(), *(b for code, b in self._regency.items() if code.startswith(prefix)))

    def universe(self) -> BitMap:
        with self._lock:
            return BitMap(self.everyone)


def _shifted(computed: Callable[[date | None, date], int], months: int) -> Callable[[date | None, date], int]:
    """A date fact's value plus ``months`` calendar months."""
    return lambda key, day: plus_months_ordinal(computed(key, day), months)


def _is(kind: str, key: CertificateKey, day: date, validity_years: int) -> bool:
    _occupation, revoked, issued, expires = key
    if kind == "any":
        return True
    if kind == "revoked":
        return revoked
    expiry = effective_expiry(issued, expires, validity_years)
    expired = expiry is None or expiry < day
    return expired if kind == "expired" else not expired and not revoked
