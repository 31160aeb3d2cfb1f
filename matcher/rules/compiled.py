"""The policy's rules as Python predicates: for batch and index paths (and dry runs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matcher.rules.conditions import SOURCE_SCOPE, facts_read, to_python, to_source
from matcher.rules.policy import Policy
from matcher.rules.schema import CANDIDATE_FACTS, VACANCY_FACTS


class CompiledEvaluator:
    """Returns the codes of every rule that refuses, in policy order."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.decide = _whole_policy(policy)
        self._vacancy_rules = self._reading_only(VACANCY_FACTS)
        self._candidate_rules = self._reading_only(CANDIDATE_FACTS)

    def refuses_every_candidate(self, facts: dict[str, Any]) -> bool:
        """True when a rule reading vacancy facts only refuses (then no candidate can apply)."""
        return any(refuses(facts) for refuses in self._vacancy_rules)

    def refuses_every_vacancy(self, facts: dict[str, Any]) -> bool:
        """True when a rule reading candidate facts only refuses (then no vacancy is open to them)."""
        return any(refuses(facts) for refuses in self._candidate_rules)

    def _reading_only(self, scope: frozenset[str]) -> list[Callable[[dict[str, Any]], bool]]:
        return [to_python(r.condition) for r in self.policy.rules if facts_read(r.condition) <= scope]

    def close(self) -> None:
        """Nothing to free; here so both evaluators can be swapped alike."""


def _whole_policy(policy: Policy) -> Callable[[dict[str, Any]], list[str]]:
    """One function testing every rule in policy order: no call per condition node."""
    lines = ["def decide(f):", "    refused = []"]
    for rule in policy.rules:
        lines += [f"    if {to_source(rule.condition)}:", f"        refused.append({rule.code!r})"]
    lines.append("    return refused")
    scope: dict[str, Any] = dict(SOURCE_SCOPE)
    exec(compile("\n".join(lines), f"<policy {policy.version}>", "exec"), scope)
    decide: Callable[[dict[str, Any]], list[str]] = scope["decide"]
    return decide
