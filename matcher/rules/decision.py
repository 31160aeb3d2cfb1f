"""A decision: eligible or not, with every reason explained in both languages."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from matcher.catalogue import Catalogue
from matcher.remedies import Remedy, remedy_for
from matcher.rules.facts import build_facts
from matcher.rules.policy import ALWAYS, InForce, LegalBasis, Policy, Rule
from matcher.snapshots import CandidateSnapshot
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
    }
)
# Rendered reasons by (policy version, code, the values they read): most refusals repeat.
_RENDERED: dict[
    tuple[str, str, tuple[tuple[str, str], ...], LegalBasis | None, InForce, frozenset[str]], ReasonDetail
] = {}
MAX_RENDERED = 100_000


def decide(
    evaluator: Evaluator, catalogue: Catalogue, candidate: CandidateSnapshot, vacancy: Vacancy, day: date
) -> Decision:
    """Run the rules and explain each refusal."""
    policy = evaluator.policy
    facts = build_facts(candidate, vacancy, policy, day)
    codes = evaluator.decide(facts)
    reasons = tuple(
        _with_remedy(
            _explain(policy.rule(code), facts, candidate, vacancy, catalogue, policy, day),
            remedy_for(code, candidate, vacancy, facts["min_age"], catalogue, day),
        )
        for code in codes
    )
    return Decision(
        _next_decision_id(),
        candidate.candidate_id,
        vacancy.id,
        not reasons,
        reasons,
        policy.version,
        day,
        vacancy.company_id,
    )


def _with_remedy(reason: ReasonDetail, remedy: Remedy | None) -> ReasonDetail:
    """The reason with its remedy, made once per (reason, remedy): both are shared objects."""
    if remedy is None:
        return reason
    key = (id(reason), id(remedy))
    found = _REMEDIED.get(key)
    if found is None or found[0] is not reason or found[1] is not remedy:
        if len(_REMEDIED) >= MAX_RENDERED:
            _REMEDIED.clear()
        found = _REMEDIED[key] = (reason, remedy, replace(reason, remedy=remedy))
    return found[2]


_REMEDIED: dict[tuple[int, int], tuple[ReasonDetail, Remedy, ReasonDetail]] = {}


def admitted(candidate_id: str, vacancy: Vacancy, policy_version: str, day: date) -> Decision:
    """An eligible decision known without running the rules (the eligibility sets hold the
    pair): nothing to explain, a decision id like any other."""
    return Decision(_next_decision_id(), candidate_id, vacancy.id, True, (), policy_version, day, vacancy.company_id)


# Decision ids: this process's random prefix and a counter. Unique across replicas and
# restarts without a system call per decision (os.urandom gives up the GIL each time,
# which a busy server pays for in thread switches).
_PROCESS_PREFIX = secrets.token_hex(8)
_decision_numbers = itertools.count(1)


def _next_decision_id() -> str:
    return f"{_PROCESS_PREFIX}{next(_decision_numbers):016x}"


def _explain(
    rule: Rule,
    facts: dict[str, Any],
    candidate: CandidateSnapshot,
    vacancy: Vacancy,
    catalogue: Catalogue,
    policy: Policy,
    day: date,
) -> ReasonDetail:
    """The rule's message filled with only the values it reads, rendered once per distinct set."""
    needs = rule.needs
    values = {name: _show(facts[name]) for name in needs if name in facts}
    basis, in_force = rule.legal_basis, rule.in_force
    if needs & _EXPLAINED:
        values.update(_explanations(candidate, vacancy, catalogue, policy, rule, day))
        closure = policy.closure_for(vacancy, day) if needs & _CLOSURE else None
        basis, in_force = (closure.legal_basis, closure.in_force) if closure else (basis, in_force)
    missing = missing_of(candidate) if rule.variants else frozenset()
    key = (policy.version, rule.code, tuple(sorted(values.items())), basis, in_force, missing)
    found = _RENDERED.get(key)
    if found is None:
        if len(_RENDERED) >= MAX_RENDERED:
            _RENDERED.clear()
        filled = _Fill(values)
        message = rule.text_for(missing)
        text = Text(id=message.id.format_map(filled), en=message.en.format_map(filled))
        cited = {name: filled[name] for name in rule.cites}
        found = _RENDERED[key] = ReasonDetail(rule.code, text, cited, basis, in_force)
    return found


_CLOSEST = frozenset({"closest_certificate", "closest_title", "closest_score"})
_CLOSURE = frozenset({"closure", "closure_basis"})


def _explanations(
    candidate: CandidateSnapshot, vacancy: Vacancy, catalogue: Catalogue, policy: Policy, rule: Rule, day: date
) -> dict[str, str]:
    """Facts worth computing only when a reason shows them (fuzzy scores, closure names)."""
    found: dict[str, str] = {}
    if rule.needs & {"vacancy_occupation", "vacancy_occupation_en"}:
        occupation = catalogue.get(vacancy.occupation_code)
        title_id = occupation.title_id if occupation else vacancy.title
        title_en = occupation.title_en if occupation else vacancy.title
        found["vacancy_occupation"] = f"{vacancy.occupation_code} {title_id}".strip()
        found["vacancy_occupation_en"] = f"{vacancy.occupation_code} {title_en}".strip()
    if rule.needs & _CLOSEST:
        found |= _closest_certificate(candidate, vacancy, catalogue)
    if rule.needs & _CLOSURE:
        closure = policy.closure_for(vacancy, day)
        if closure:
            found |= {"closure": closure.id, "closure_basis": closure.legal_basis.cite()}
    return found


def missing_of(candidate: CandidateSnapshot) -> frozenset[str]:
    """What the candidate has none of at all (policy.MISSING_KINDS), which a message says plainly."""
    missing = set()
    if not candidate.certificates:
        missing.add("certificate")
    if candidate.health_issue_date is None:
        missing.add("health_certificate")
    if candidate.birth_date is None:
        missing.add("birth_date")
    return frozenset(missing)


def _closest_certificate(candidate: CandidateSnapshot, vacancy: Vacancy, catalogue: Catalogue) -> dict[str, str]:
    scored = [
        (
            max(
                catalogue.similarity(c.scheme_title, vacancy.occupation_code),
                catalogue.similarity(vacancy.title, c.occupation_code),
            ),
            c,
        )
        for c in candidate.certificates
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
