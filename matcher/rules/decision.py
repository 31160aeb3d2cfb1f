"""A decision: eligible or not, with every reason explained in both languages."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from matcher.catalogue import Catalogue
from matcher.identity_cache import IdentityCache
from matcher.nik import GENDERS, Gender
from matcher.remedies import REGISTRATION_STEPS, Remedy, pending_fit, remedy_for
from matcher.rules.facts import build_facts
from matcher.rules.policy import ALWAYS, InForce, LegalBasis, Policy, Rule
from matcher.rules.schema import CANDIDATE_FACTS
from matcher.search import country_name
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from matcher.text import Text
from matcher.vacancy import Vacancy


class Evaluator(Protocol):
    policy: Policy

    def decide(self, facts: dict[str, Any]) -> list[str]: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class ReasonDetail:
    code: str
    text: Text
    facts: dict[str, str] = field(default_factory=dict)
    # The law the refusing rule applies and the days it is in force (for DESTINATION_CLOSED,
    # the closure's).
    legal_basis: LegalBasis | None = None
    in_force: InForce = ALWAYS
    # What the candidate can do about it (matcher/remedies.py); None when nobody can.
    remedy: Remedy | None = None
    # The rule reads the candidate's facts only and the message names nothing of the vacancy:
    # every vacancy gives this reason alike.
    about_candidate: bool = False


@dataclass(frozen=True)
class PlacementNote:
    """The candidate's placement as a decision tells it: through which vacancy, whether the
    Dinas has verified its placement agreement, and whether it is the vacancy asked about
    (then the answer is her placement, not a refusal to read)."""

    vacancy_id: str
    company_id: str
    pp_verified: bool
    here: bool
    text: Text


@dataclass(frozen=True)
class Decision:
    decision_id: str
    candidate_id: str
    vacancy_id: str
    eligible: bool
    reasons: tuple[ReasonDetail, ...]
    policy_version: str
    reference_date: date
    company_id: str = ""  # the vacancy's, for its name
    # The one step to take first (the registration's, while it is not verified; otherwise
    # the first reason's remedy); None when eligible or when nobody can act.
    next_step: Remedy | None = None
    placement: PlacementNote | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


class _Fill(dict[str, str]):
    """Leaves an unknown {placeholder} visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# Names only a shown reason needs, worked out from more than the facts.
_EXPLAINED = frozenset(
    {
        "vacancy_occupation",
        "vacancy_occupation_en",
        "closest_certificate",
        "closest_title",
        "closest_score",
        "closure",
        "closure_basis",
        "closure_name",
        "closure_name_en",
        "country_name",
        "country_name_en",
        "gender_name",
        "gender_name_en",
        "pending_certificate",
        "pending_title",
        "placement",
        "placement_en",
    }
)
# Rendered reasons by (policy version, code, the values they read): most refusals repeat.
_RENDERED: dict[
    tuple[str, str, tuple[tuple[str, str], ...], LegalBasis | None, InForce, frozenset[str]], ReasonDetail
] = {}
MAX_RENDERED = 100_000


VacancyOf = Callable[[str], Vacancy | None]


def decide(
    evaluator: Evaluator,
    catalogue: Catalogue,
    candidate: CandidateSnapshot,
    vacancy: Vacancy,
    day: date,
    vacancy_of: VacancyOf | None = None,
) -> Decision:
    """Run the rules and explain each refusal (``vacancy_of`` names the vacancy a candidate
    is placed through when it is another one)."""
    policy = evaluator.policy
    facts = build_facts(candidate, vacancy, policy, day)
    codes = evaluator.decide(facts)
    placed = placed_through(candidate, vacancy, vacancy_of)
    rules = [policy.rule(code) for code in codes]
    # What the candidate lacks is the pair's: told once, whichever messages it picks.
    missing = missing_of(candidate, vacancy, placed) if any(r.variants for r in rules) else _NOTHING
    reasons = tuple(
        _with_remedy(
            _explain(rule, facts, candidate, vacancy, catalogue, policy, day, placed, missing),
            remedy_for(rule.code, candidate, vacancy, facts["min_age"], catalogue, day),
        )
        for rule in rules
    )
    return Decision(
        next_decision_id(),
        candidate.candidate_id,
        vacancy.id,
        not reasons,
        reasons,
        policy.version,
        day,
        vacancy.company_id,
        next_step(reasons),
        _placement_note(candidate, vacancy, placed),
    )


def next_step(reasons: tuple[ReasonDetail, ...]) -> Remedy | None:
    """The step to take first: the registration's own (nothing else counts before the Dinas
    verifies it), else the first remedy in the policy's order."""
    remedies = [r.remedy for r in reasons if r.remedy is not None]
    return next((r for r in remedies if r.kind in REGISTRATION_STEPS), remedies[0] if remedies else None)


def placed_through(candidate: CandidateSnapshot, vacancy: Vacancy, vacancy_of: VacancyOf | None) -> Vacancy | None:
    """The vacancy the candidate is placed through, when known."""
    placement = candidate.placement
    if placement is None:
        return None
    if placement.vacancy_id == vacancy.id:
        return vacancy
    return vacancy_of(placement.vacancy_id) if vacancy_of is not None else None


def _placement_note(candidate: CandidateSnapshot, vacancy: Vacancy, placed: Vacancy | None) -> PlacementNote | None:
    placement = candidate.placement
    if placement is None or placed is None:
        return None
    here = placed.id == vacancy.id
    named = vacancy_words(placed)
    if placement.pp_verified:
        text = Text(
            id=f"Kamu sudah ditempatkan melalui lowongan {named.id}", en=f"You have been placed through {named.en}"
        )
    else:
        text = Text(
            id=f"Kamu dalam proses penempatan melalui lowongan {named.id}; Perjanjian Penempatan menunggu verifikasi Dinas",
            en=f"You are being placed through {named.en}; the placement agreement is waiting for the Dinas to verify it",
        )
    return PlacementNote(placed.id, placed.company_id, placement.pp_verified, here, text)


def vacancy_words(vacancy: Vacancy) -> Text:
    """A vacancy as a person tells it apart: title, company, city and country in words."""
    country = country_name(vacancy.country_code)
    parts = [vacancy.title, vacancy.company_display_name, vacancy.city]
    head = ", ".join(p for p in parts if p)
    return Text(id=f"{head}, {country.id}", en=f"{head}, {country.en}")


def _with_remedy(reason: ReasonDetail, remedy: Remedy | None) -> ReasonDetail:
    """The reason with its remedy, made once per (reason, remedy): both are shared objects."""
    if remedy is None:
        return reason
    return _REMEDIED.get_or_make((reason, remedy), (), lambda: replace(reason, remedy=remedy))


_REMEDIED: IdentityCache[ReasonDetail] = IdentityCache(MAX_RENDERED)


def admitted(candidate_id: str, vacancy: Vacancy, policy_version: str, day: date) -> Decision:
    """An eligible decision known without running the rules (the eligibility sets hold the
    pair): nothing to explain, a decision id like any other."""
    return decision_of(next_decision_id(), candidate_id, vacancy.id, True, (), policy_version, day, vacancy.company_id)


_new = object.__new__


def decision_of(
    decision_id: str,
    candidate_id: str,
    vacancy_id: str,
    eligible: bool,
    reasons: tuple[ReasonDetail, ...],
    policy_version: str,
    reference_date: date,
    company_id: str = "",
    next_step: Remedy | None = None,
    placement: PlacementNote | None = None,
) -> Decision:
    """``Decision(...)`` at half the cost, for paths that make one per pair: a frozen
    dataclass's ``__init__`` sets each of the ten fields through ``object.__setattr__``;
    this fills the instance's dict at once (tests/unit/test_refusal_classes.py holds the
    two equal, field for field)."""
    made = _new(Decision)
    made.__dict__.update(
        decision_id=decision_id,
        candidate_id=candidate_id,
        vacancy_id=vacancy_id,
        eligible=eligible,
        reasons=reasons,
        policy_version=policy_version,
        reference_date=reference_date,
        company_id=company_id,
        next_step=next_step,
        placement=placement,
    )
    return made


# Decision ids: this process's random prefix and a counter. Unique across replicas and
# restarts without a system call per decision (os.urandom gives up the GIL each time,
# which a busy server pays for in thread switches).
_PROCESS_PREFIX = secrets.token_hex(8)
_decision_numbers = itertools.count(1)


def next_decision_id() -> str:
    return f"{_PROCESS_PREFIX}{next(_decision_numbers):016x}"


def _explain(
    rule: Rule,
    facts: dict[str, Any],
    candidate: CandidateSnapshot,
    vacancy: Vacancy,
    catalogue: Catalogue,
    policy: Policy,
    day: date,
    placed: Vacancy | None,
    missing: frozenset[str],
) -> ReasonDetail:
    """The rule's message filled with only the values it reads, rendered once per distinct
    set (``missing``: the pair's ``missing_of``, read only by a rule with variants)."""
    needs = rule.needs
    values = {name: _show(facts[name]) for name in needs if name in facts}
    basis, in_force = rule.legal_basis, rule.in_force
    if needs & _EXPLAINED:
        values.update(_explanations(candidate, vacancy, catalogue, policy, rule, day, placed))
        closure = policy.closure_for(vacancy, day) if needs & _CLOSURE else None
        basis, in_force = (closure.legal_basis, closure.in_force) if closure else (basis, in_force)
    missing = missing if rule.variants else _NOTHING
    key = (policy.version, rule.code, tuple(sorted(values.items())), basis, in_force, missing)
    found = _RENDERED.get(key)
    if found is None:
        if len(_RENDERED) >= MAX_RENDERED:
            _RENDERED.clear()
        filled = _Fill(values)
        message = rule.text_for(missing)
        text = Text(id=message.id.format_map(filled), en=message.en.format_map(filled))
        cited = {name: filled[name] for name in rule.cites}
        alike = rule.reads <= CANDIDATE_FACTS and not missing & {"placed_here", "placement_here"}
        found = _RENDERED[key] = ReasonDetail(rule.code, text, cited, basis, in_force, about_candidate=alike)
    return found


_NOTHING: frozenset[str] = frozenset()
_CLOSEST = frozenset({"closest_certificate", "closest_title", "closest_score"})
_CLOSURE = frozenset({"closure", "closure_basis", "closure_name", "closure_name_en"})
_GENDER_NAMES = {Gender.MALE: Text(id="laki-laki", en="men"), Gender.FEMALE: Text(id="perempuan", en="women")}


def _explanations(
    candidate: CandidateSnapshot,
    vacancy: Vacancy,
    catalogue: Catalogue,
    policy: Policy,
    rule: Rule,
    day: date,
    placed: Vacancy | None = None,
) -> dict[str, str]:
    """Facts worth computing only when a reason shows them (fuzzy scores, closure names)."""
    found: dict[str, str] = {}
    if rule.needs & {"vacancy_occupation", "vacancy_occupation_en"}:
        occupation = catalogue.get(vacancy.occupation_code)
        title_id = occupation.title_id if occupation else vacancy.title
        title_en = occupation.title_en if occupation else vacancy.title
        # A person reads the occupation's title; its KBJI code stays in the reason's facts.
        found["vacancy_occupation"] = title_id or vacancy.occupation_code
        found["vacancy_occupation_en"] = title_en or vacancy.occupation_code
    if rule.needs & _CLOSEST:
        found |= _closest_certificate(candidate, vacancy, catalogue)
    if rule.needs & _CLOSURE:
        closure = policy.closure_for(vacancy, day)
        if closure:
            name = closure.name or Text(id=closure.id, en=closure.id)
            found |= {
                "closure": closure.id,
                "closure_basis": closure.legal_basis.cite(),
                "closure_name": name.id,
                "closure_name_en": name.en,
            }
    if rule.needs & {"country_name", "country_name_en"}:
        country = country_name(vacancy.country_code)
        found |= {"country_name": country.id, "country_name_en": country.en}
    if rule.needs & {"gender_name", "gender_name_en"}:
        gender = _GENDER_NAMES.get(candidate.gender) if candidate.gender else None
        found |= {"gender_name": gender.id if gender else "", "gender_name_en": gender.en if gender else ""}
    if rule.needs & {"pending_certificate", "pending_title"}:
        pending = pending_fit(candidate, vacancy.occupation_code)
        found |= {
            "pending_certificate": pending.bnsp_number if pending else "",
            "pending_title": pending.scheme_title if pending else "",
        }
    if rule.needs & {"placement", "placement_en"} and placed is not None:
        named = vacancy_words(placed)
        found |= {"placement": named.id, "placement_en": named.en}
    return found


def missing_of(
    candidate: CandidateSnapshot, vacancy: Vacancy | None = None, placed: Vacancy | None = None
) -> frozenset[str]:
    """What the candidate has none of at all, and the states of the pair a message must say as
    they are (policy.MISSING_KINDS): a rule's message is the first variant that fits."""
    missing = set()
    if not candidate.certificates:
        if not candidate.pending_certificates:
            missing.add("certificate")
        elif vacancy is not None and pending_fit(candidate, vacancy.occupation_code):
            sent = candidate.registration == "submitted"
            missing.add("certificate_verification" if sent else "certificate_in_registration")
        else:
            missing.add("verified_certificate")
    if candidate.health_issue_date is None:
        missing.add("health_certificate")
    if candidate.birth_date is None:
        missing.add("birth_date")
    if not candidate.verified:
        missing.add(_REGISTRATION_STATES.get(candidate.registration, "registration"))
    if vacancy is not None:
        anyone = any(vacancy.openings.left_for(g, vacancy.filled) > 0 for g in GENDERS)
        if not anyone:
            missing.add("openings")
        elif candidate.gender is None:
            missing.add("gender")
    if candidate.placement is not None and placed is not None:
        here = vacancy is not None and placed.id == vacancy.id
        verified = candidate.placement.pp_verified
        missing.add(("placed" if verified else "placement") + ("_here" if here else "_elsewhere"))
    return frozenset(missing)


_REGISTRATION_STATES = {
    "": "registration",
    "draft": "registration_draft",
    "submitted": "registration_verification",
    "rejected": "registration_rejected",
}


def _closest_certificate(candidate: CandidateSnapshot, vacancy: Vacancy, catalogue: Catalogue) -> dict[str, str]:
    held: tuple[CertificateSnapshot, ...] = candidate.certificates or candidate.pending_certificates
    scored = [
        (
            max(
                catalogue.similarity(c.scheme_title, vacancy.occupation_code),
                catalogue.similarity(vacancy.title, c.occupation_code),
            ),
            c,
        )
        for c in held
    ]
    if not scored:
        return {"closest_certificate": "-", "closest_title": "-", "closest_score": "0"}
    score, closest = max(scored, key=lambda pair: pair[0])
    return {
        "closest_certificate": closest.bnsp_number,
        "closest_title": closest.scheme_title,
        "closest_score": f"{score:.0f}",
    }


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
