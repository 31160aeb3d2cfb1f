"""What eligibility needs to know about a candidate, kept small for the in-memory index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matcher.nik import Gender


@dataclass(frozen=True, slots=True)
class CertificateSnapshot:
    bnsp_number: str
    scheme_title: str
    occupation_code: str
    issue_date: date | None
    expiry_date: date | None
    revoked: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """The application a candidate is placed through: accepted by the P3MI, its placement
    agreement (PP) waiting for the Dinas or verified (``pp_verified``)."""

    vacancy_id: str
    pp_verified: bool = False


@dataclass(frozen=True, slots=True)
class CandidateSnapshot:
    """A candidate as eligibility sees them: the verified registration plus placement state."""

    candidate_id: str
    verified: bool
    gender: Gender | None
    birth_date: date | None
    regency_code: str
    certificates: tuple[CertificateSnapshot, ...] = ()
    health_issue_date: date | None = None
    has_bpjs: bool = False
    active_applications: frozenset[str] = field(default_factory=frozenset)
    in_active_placement: bool = False
    nik: str = ""
    # The registration's status as words are chosen on it ("" when there is none; the
    # values of matcher.registration.RegistrationStatus otherwise).
    registration: str = ""
    # Certificates sent with a registration the Dinas has not verified yet: not counted
    # by any rule (``certificates`` holds verified ones only), named by the reasons.
    pending_certificates: tuple[CertificateSnapshot, ...] = ()
    # The placement, when ``in_active_placement``.
    placement: Placement | None = None
    # Where in the change feed this state stands: it holds every change up to this outbox
    # position (0: the state the index was built from). An index keeps the higher one.
    revision: int = 0


def unknown_candidate(candidate_id: str) -> CandidateSnapshot:
    """Someone with no registration: not verified, nothing known, every rule refuses them."""
    return CandidateSnapshot(candidate_id, False, None, None, "")
