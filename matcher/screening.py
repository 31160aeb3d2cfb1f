"""What a P3MI may learn about a candidate who has not applied to one of its vacancies.

Before the candidate applies, a P3MI screens: it sees a pseudonym, an age band,
gender, regency and the occupations of valid certificates, and asks whether its
own vacancy's rules let the candidate in. It does not learn the candidate's
life elsewhere (a placement with another company shows as ``NOT_AVAILABLE``)
nor certificate numbers. Once the candidate applies to it, the identity opens;
when every application to it is withdrawn or rejected, it closes again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from matcher.application import Application, ApplicationEvent
from matcher.certificates import effective_expiry
from matcher.rules.decision import Decision, ReasonDetail
from matcher.snapshots import CandidateSnapshot
from matcher.text import Text

NOT_AVAILABLE = "NOT_AVAILABLE"
# Reasons that would tell a company about the candidate's placement with another one.
_ELSEWHERE = frozenset({"ALREADY_PLACED"})
# Facts that name the candidate's certificates.
_PRIVATE_FACTS = frozenset({"closest_certificate", "closest_title", "closest_score"})
_NOT_AVAILABLE_TEXT = Text(
    id="Calon tidak tersedia untuk ditempatkan", en="The candidate is not available for placement"
)
_NO_FITTING_CERTIFICATE = Text(
    id="Tidak ada sertifikat kompetensi yang sesuai (sertifikat calon tidak ditampilkan sebelum calon melamar)",
    en="No fitting competency certificate (a candidate's certificates are not shown before they apply)",
)


def has_applied_to(candidate: CandidateSnapshot, company_id: str, company_of: Callable[[str], str | None]) -> bool:
    """Does the candidate have an application in progress to a vacancy of the company?"""
    return any(company_of(vacancy_id) == company_id for vacancy_id in candidate.active_applications)


def pseudonymised_decision(decision: Decision, shown_id: str) -> Decision:
    """The decision as a company that may not see the candidate is told it."""
    reasons: list[ReasonDetail] = []
    for reason in decision.reasons:
        if reason.code in _ELSEWHERE:
            reason = ReasonDetail(NOT_AVAILABLE, _NOT_AVAILABLE_TEXT)
        elif _PRIVATE_FACTS & reason.facts.keys():
            kept = {name: value for name, value in reason.facts.items() if name not in _PRIVATE_FACTS}
            reason = ReasonDetail(reason.code, _NO_FITTING_CERTIFICATE, kept, reason.legal_basis, reason.in_force)
        reasons.append(replace(reason, remedy=None))  # what a candidate can do is theirs to know
    return replace(decision, candidate_id=shown_id, reasons=tuple(reasons), next_step=None, placement=None)


def age_band(age: int) -> str:
    """Five-year bands: 23 -> "20-24"."""
    low = age // 5 * 5
    return f"{low}-{low + 4}"


def valid_occupations(candidate: CandidateSnapshot, day: date, validity_years: int) -> tuple[str, ...]:
    """Occupation codes of the certificates that are neither revoked nor expired on ``day``."""
    codes = set()
    for certificate in candidate.certificates:
        expiry = effective_expiry(certificate.issue_date, certificate.expiry_date, validity_years)
        if not certificate.revoked and expiry is not None and expiry >= day:
            codes.add(certificate.occupation_code)
    return tuple(sorted(codes))


def pseudonymised_application(application: Application, shown_id: str) -> Application:
    """An application as its P3MI sees it once the candidate's identity has closed again."""
    return replace(application, candidate_id=shown_id)


def pseudonymised_event(event: ApplicationEvent, shown_id: str) -> ApplicationEvent:
    """A status change as the P3MI sees it then; a withdrawal names the pseudonym as actor."""
    actor = f"candidates/{shown_id}" if event.actor == f"candidates/{event.candidate_id}" else event.actor
    return replace(
        event, candidate_id=shown_id, actor=actor, snapshot=pseudonymised_application(event.snapshot, shown_id)
    )
