"""What a P3MI may see of a candidate, decided in one place (the rules of what is hidden
are in ``matcher.screening``): a P3MI the candidate has no application in progress with
sees a pseudonym, an age band and its own vacancy's rules, nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from matcher.identity_cache import IdentityCache
from matcher.nik import age_on
from matcher.ports import Pseudonyms
from matcher.principal import Principal, Role
from matcher.rules.decision import Decision
from matcher.screening import age_band, has_applied_to, pseudonymised_decision, valid_occupations
from matcher.snapshots import CandidateSnapshot
from matcher.vacancy import Vacancy

# List entries remembered as callers saw them; past it the table starts afresh.
MAX_REMEMBERED_ENTRIES = 500_000


@dataclass(frozen=True)
class EligibleCandidate:
    """One eligible candidate as the caller may see them: a P3MI sees a candidate who has
    not applied to it pseudonymously (no id, exact age or certificate number)."""

    candidate: CandidateSnapshot
    shown_id: str
    age: int
    age_band: str
    certificate_number: str
    occupation_codes: tuple[str, ...]
    pseudonymous: bool


class Disclosure:
    def __init__(self, pseudonyms: Pseudonyms, company_of: Callable[[str], str | None]) -> None:
        self._pseudonyms = pseudonyms
        self._company_of = company_of
        self._entries: IdentityCache[EligibleCandidate] = IdentityCache(MAX_REMEMBERED_ENTRIES)

    def hidden_from(self, caller: Principal, candidate: CandidateSnapshot) -> bool:
        """Whether ``caller`` is a P3MI the candidate has no application in progress with."""
        return caller.role is Role.P3MI and not has_applied_to(candidate, caller.subject, self._company_of)

    def name(self, caller: Principal, candidate: CandidateSnapshot) -> str:
        """The name ``caller`` knows the candidate by (a P3MI: a pseudonym until they apply)."""
        if self.hidden_from(caller, candidate):
            return self._pseudonyms.name_for(caller.subject, candidate.candidate_id)
        return candidate.candidate_id

    def candidate_named(self, caller: Principal, pseudonym: str) -> str:
        """The candidate id behind a pseudonym ``caller`` was given ("" when none)."""
        return self._pseudonyms.candidate_for(caller.subject, pseudonym) or ""

    def decision(self, caller: Principal, decision: Decision, candidate: CandidateSnapshot, pseudonym: str) -> Decision:
        """The decision as ``caller`` may be told it (a P3MI the candidate has not applied to:
        pseudonymised, under the pseudonym it asked by or its own)."""
        if not self.hidden_from(caller, candidate):
            return decision
        return pseudonymised_decision(
            decision, pseudonym or self._pseudonyms.name_for(caller.subject, candidate.candidate_id)
        )

    def entry(
        self, caller: Principal, candidate: CandidateSnapshot, vacancy: Vacancy, validity: int, day: date
    ) -> EligibleCandidate:
        """The list entry as ``caller`` sees it, made once per snapshot, occupation, day and
        viewer (a P3MI's view of one who has not applied to it is its own), so a reply can
        reuse the entry's prepared bytes."""
        hidden = self.hidden_from(caller, candidate)
        extra = (vacancy.occupation_code, day, validity, caller.subject if hidden else "")
        return self._entries.get_or_make(
            (candidate,), extra, lambda: self._made(caller, candidate, vacancy, validity, day, hidden)
        )

    def _made(
        self, caller: Principal, candidate: CandidateSnapshot, vacancy: Vacancy, validity: int, day: date, hidden: bool
    ) -> EligibleCandidate:
        age = age_on(candidate.birth_date, day) if candidate.birth_date else 0
        occupations = valid_occupations(candidate, day, validity)
        if hidden:
            shown = self._pseudonyms.name_for(caller.subject, candidate.candidate_id)
            return EligibleCandidate(candidate, shown, 0, age_band(age), "", occupations, True)
        fitting = next(
            (c.bnsp_number for c in candidate.certificates if c.occupation_code == vacancy.occupation_code), ""
        )
        return EligibleCandidate(candidate, candidate.candidate_id, age, age_band(age), fitting, occupations, False)
