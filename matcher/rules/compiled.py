"""The policy's rules as Python predicates: for batch and index paths (and dry runs)."""

from __future__ import annotations

from typing import Any

from matcher.rules.conditions import to_python
from matcher.rules.policy import Policy


class CompiledEvaluator:
    """Returns the codes of every rule that refuses, in policy order."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._rules = [(rule.code, to_python(rule.condition)) for rule in policy.rules]

    def decide(self, facts: dict[str, Any]) -> list[str]:
        return [code for code, refuses in self._rules if refuses(facts)]

    def close(self) -> None:
        """Nothing to free; here so both evaluators can be swapped alike."""
