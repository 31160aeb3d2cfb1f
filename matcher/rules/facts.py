"""From a candidate, a vacancy, a policy and a date to the flat facts the rules read."""

from __future__ import annotations

from datetime import date
from typing import Any

from matcher.certificates import effective_expiry
from matcher.identity_cache import IdentityCache
from matcher.nik import age_on
from matcher.rules.policy import Policy
from matcher.rules.schema import NO_HEALTH_CERTIFICATE_DAY, NO_HEALTH_CERTIFICATE_DAYS
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy, VacancyState

# Facts of one side (a candidate, or a vacancy) are worked out once per snapshot, day and
# policy: a snapshot is immutable and replaced on every change, so its identity keys them.
MAX_REMEMBERED_SIDES = 200_000
_by_candidate: IdentityCache[dict[str, Any]] = IdentityCache(MAX_REMEMBERED_SIDES)
_by_vacancy: IdentityCache[dict[str, Any]] = IdentityCache(MAX_REMEMBERED_SIDES)


def build_facts(candidate: CandidateSnapshot, vacancy: Vacancy, policy: Policy, day: date) -> dict[str, Any]:
    """Every field of schema.FACT_SCHEMA, never None (missing data fails closed)."""
    matching = [c for c in candidate.certificates if c.occupation_code == vacancy.occupation_code]
    revoked = sum(1 for c in matching if c.revoked)
    expired = 0
    valid = 0
    for certificate in matching:
        expiry = effective_expiry(certificate.issue_date, certificate.expiry_date, policy.certificate_validity_years)
        if expiry is None or expiry < day:
            expired += 1
        elif not certificate.revoked:
            valid += 1
    return {
        **candidate_facts(candidate, day),
        **vacancy_facts(vacancy, policy, day),
        "matching_certificates": len(matching),
        "matching_valid_certificates": valid,
        "matching_expired_certificates": expired,
        "matching_revoked_certificates": revoked,
        "openings_left": vacancy.openings.left_for(candidate.gender, vacancy.filled),
        "already_applied": vacancy.id in candidate.active_applications,
    }


def candidate_facts(candidate: CandidateSnapshot, day: date) -> dict[str, Any]:
    """The facts that depend on the candidate alone."""
    return _by_candidate.get_or_make((candidate,), (day,), lambda: _candidate_facts(candidate, day))


def _candidate_facts(candidate: CandidateSnapshot, day: date) -> dict[str, Any]:
    issued = candidate.health_issue_date
    health_days = (day - issued).days if issued else NO_HEALTH_CERTIFICATE_DAYS
    facts = {
        "registration_verified": candidate.verified,
        "age": age_on(candidate.birth_date, day) if candidate.birth_date else 0,
        "health_certificate_age_days": health_days,
        "health_certificate_issued_day": issued.toordinal() if issued else NO_HEALTH_CERTIFICATE_DAY,
        "has_bpjs": candidate.has_bpjs,
        "in_active_placement": candidate.in_active_placement,
        "gender": candidate.gender.value if candidate.gender else "",
        "reference_day": day.toordinal(),
    }
    return facts


def vacancy_facts(vacancy: Vacancy, policy: Policy, day: date) -> dict[str, Any]:
    """The facts that depend on the vacancy (and the policy) alone."""
    return _by_vacancy.get_or_make((vacancy, policy), (day,), lambda: _vacancy_facts(vacancy, policy, day))


def _vacancy_facts(vacancy: Vacancy, policy: Policy, day: date) -> dict[str, Any]:
    return {
        "vacancy_open": vacancy.state is VacancyState.OPEN,
        "days_until_closing": (vacancy.closing_date - day).days if vacancy.closing_date else -1,
        "min_age": policy.min_age_for(vacancy, day),
        "vacancy_min_age": vacancy.min_age,
        "vacancy_max_age": vacancy.max_age,
        "destination_closed": policy.closure_for(vacancy, day) is not None,
        "country_code": vacancy.country_code,
        "occupation_code": vacancy.occupation_code,
        "sector": vacancy.sector,
        "employer_type": vacancy.employer_type.value if vacancy.employer_type else "",
        "one_channel": vacancy.one_channel,
        "reference_day": day.toordinal(),
    }
