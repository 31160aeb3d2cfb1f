"""A decision: eligible or not, with every reason explained in both languages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from matcher.catalogue import Catalogue
from matcher.rules.facts import build_facts
from matcher.rules.policy import Policy, Rule
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


@dataclass(frozen=True)
class Decision:
    decision_id: str
    candidate_id: str
    vacancy_id: str
    eligible: bool
    reasons: tuple[ReasonDetail, ...]
    policy_version: str
    reference_date: date

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


class _Fill(dict[str, str]):
    """Leaves an unknown {placeholder} visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def decide(
    evaluator: Evaluator, catalogue: Catalogue, candidate: CandidateSnapshot, vacancy: Vacancy, day: date
) -> Decision:
    """Run the rules and explain each refusal."""
    policy = evaluator.policy
    facts = build_facts(candidate, vacancy, policy, day)
    codes = evaluator.decide(facts)
    reasons = tuple(_explain(policy.rule(code), facts, candidate, vacancy, catalogue, policy) for code in codes)
    return Decision(uuid.uuid4().hex, candidate.candidate_id, vacancy.id, not reasons, reasons, policy.version, day)


def _explain(
    rule: Rule,
    facts: dict[str, Any],
    candidate: CandidateSnapshot,
    vacancy: Vacancy,
    catalogue: Catalogue,
    policy: Policy,
) -> ReasonDetail:
    values = _Fill({k: _show(v) for k, v in facts.items()})
    values.update(_explanations(candidate, vacancy, catalogue, policy, rule))
    cited = {name: values[name] for name in rule.cites}
    return ReasonDetail(rule.code, Text(id=rule.text.id.format_map(values), en=rule.text.en.format_map(values)), cited)


def _explanations(
    candidate: CandidateSnapshot, vacancy: Vacancy, catalogue: Catalogue, policy: Policy, rule: Rule
) -> dict[str, str]:
    """Facts worth computing only when a reason is shown (fuzzy scores, closure names)."""
    occupation = catalogue.get(vacancy.occupation_code)
    found = {
        "vacancy_occupation": f"{vacancy.occupation_code} {occupation.title_id if occupation else vacancy.title}".strip()
    }
    if "closest_certificate" in rule.cites:
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
        if scored:
            score, closest = max(scored, key=lambda pair: pair[0])
            found |= {
                "closest_certificate": closest.bnsp_number,
                "closest_title": closest.scheme_title,
                "closest_score": f"{score:.0f}",
            }
        else:
            found |= {"closest_certificate": "-", "closest_title": "-", "closest_score": "0"}
    closure = policy.closure_for(vacancy)
    if closure:
        found |= {"closure": closure.id, "closure_basis": closure.legal_basis}
    return found


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
