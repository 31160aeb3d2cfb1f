"""Competency certificates of verified candidates, as eligibility indexes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.catalogue import Catalogue
from matcher.registration import CompetencyCertificate
from matcher.snapshots import CertificateSnapshot

# A scheme title gets an occupation code from the catalogue only when the match is this sure.
AUTO_CODE_SCORE = 90.0
# BNSP certificates run three years from issue unless the certificate states otherwise.
BNSP_VALIDITY_YEARS = 3


def effective_expiry(issue_date: date | None, expiry_date: date | None, validity_years: int) -> date | None:
    """The stated expiry, or the issue date plus ``validity_years``; None when neither is known."""
    if expiry_date or issue_date is None:
        return expiry_date
    try:
        return issue_date.replace(year=issue_date.year + validity_years)
    except ValueError:  # issued on 29 February
        return issue_date.replace(year=issue_date.year + validity_years, day=28)


@dataclass
class Certificate:
    candidate_id: str
    bnsp_number: str
    scheme_title: str
    occupation_code: str
    code_suggested: bool
    issue_date: date | None
    expiry_date: date | None
    revoked: bool = False
    revocation_reason: str = ""

    @property
    def name(self) -> str:
        return f"candidates/{self.candidate_id}/certificates/{self.bnsp_number}"

    def snapshot(self) -> CertificateSnapshot:
        return CertificateSnapshot(
            self.bnsp_number, self.scheme_title, self.occupation_code, self.issue_date, self.expiry_date, self.revoked
        )


def certificates_from_form(
    candidate_id: str, entries: list[CompetencyCertificate], catalogue: Catalogue
) -> list[Certificate]:
    """The certificates of a verified form; a missing code is suggested from the scheme title."""
    found: dict[str, Certificate] = {}
    for entry in entries:
        code, suggested = entry.occupation_code, False
        if not code:
            best = catalogue.suggest(entry.scheme_title, 1)
            if best and best[0].score >= AUTO_CODE_SCORE:
                code, suggested = best[0].occupation.code, True
        found[entry.bnsp_number] = Certificate(
            candidate_id, entry.bnsp_number, entry.scheme_title, code, suggested, entry.issue_date, entry.expiry_date
        )
    return list(found.values())
