"""The facts a decision is made on: one flat record per (candidate, vacancy, date).

Lookup- and list-based checks (closures, minimum-age overrides, certificate
matching) are computed into plain values first, so every rule is a simple
comparison. Facts are validated against this schema before any engine sees
them: durable-rules silently treats a null or missing field as "no match".
"""

from __future__ import annotations

from datetime import date
from typing import Any

# A health certificate that is missing counts as this many days old.
NO_HEALTH_CERTIFICATE_DAYS = 100_000
# ... and as issued on the calendar's first day (date.min), so any validity counted from
# its issue has ended: a missing certificate fails closed under either way of counting.
NO_HEALTH_CERTIFICATE_DAY = 1

FACT_SCHEMA: dict[str, type] = {
    "registration_verified": bool,
    "matching_certificates": int,
    "matching_valid_certificates": int,
    "matching_expired_certificates": int,
    "matching_revoked_certificates": int,
    "vacancy_open": bool,
    "days_until_closing": int,
    "openings_left": int,
    "age": int,
    "min_age": int,
    "vacancy_min_age": int,
    "vacancy_max_age": int,
    "health_certificate_age_days": int,
    # The health certificate's issue date (date.toordinal()): a validity of calendar months
    # counts from it ({"months_after": ...}), which a count of days cannot say.
    "health_certificate_issued_day": int,
    "has_bpjs": bool,
    "destination_closed": bool,
    "already_applied": bool,
    "in_active_placement": bool,
    "gender": str,
    "country_code": str,
    "occupation_code": str,
    "sector": str,
    "employer_type": str,
    "one_channel": bool,
    # The question's date (date.toordinal()): rules in force only part of the time compare it.
    "reference_day": int,
}


# Facts that depend on the vacancy alone (and the policy and date): a rule reading only
# these refuses every candidate alike, so list queries can check it once per vacancy.
VACANCY_FACTS = frozenset(
    {
        "vacancy_open",
        "days_until_closing",
        "min_age",
        "vacancy_min_age",
        "vacancy_max_age",
        "destination_closed",
        "country_code",
        "occupation_code",
        "sector",
        "employer_type",
        "one_channel",
        "reference_day",
    }
)

# Facts that depend on the candidate alone: a rule reading only these refuses every vacancy.
CANDIDATE_FACTS = frozenset(
    {
        "registration_verified",
        "health_certificate_age_days",
        "health_certificate_issued_day",
        "has_bpjs",
        "in_active_placement",
        "gender",
        "reference_day",
    }
)


# Facts that are dates, as day ordinals: the only ones months can be added to, and the only
# ones such a sum is compared with.
DATE_FACTS = frozenset({"reference_day", "health_certificate_issued_day"})
_FIRST_DAY, _LAST_DAY = date.min.toordinal(), date.max.toordinal()


class InvalidFacts(ValueError):
    """Facts that must not reach an engine (a bug upstream, never the caller's input)."""


def validate_facts(facts: dict[str, Any]) -> None:
    """Every schema field present with exactly its type (bool is not an int here)."""
    for name, kind in FACT_SCHEMA.items():
        value = facts.get(name)
        if value is None or type(value) is not kind:
            raise InvalidFacts(f"fact {name!r} must be {kind.__name__}, got {value!r}")
    for name in DATE_FACTS:
        if not _FIRST_DAY <= facts[name] <= _LAST_DAY:
            raise InvalidFacts(f"fact {name!r} must be a day of the calendar, got {facts[name]!r}")
