"""Try a policy document in a throw-away process: ``python -m matcher.rules.policy_check < policy.json``.

durable-rules can hang holding the GIL or crash the process on some rulesets,
so a new document is compiled and exercised here, in a child process with a
time limit, before the server itself ever loads it. Exit 0 means it is safe.
"""

from __future__ import annotations

import sys

from matcher.rules.durable import DurableEvaluator
from matcher.rules.policy_loader import PolicyError, load_policy
from matcher.rules.schema import DATE_FACTS, FACT_SCHEMA


def main() -> int:
    try:
        policy = load_policy(sys.stdin.read())
    except PolicyError as error:
        print("\n".join(error.problems))
        return 2
    evaluator = DurableEvaluator(policy)
    try:
        blank = {name: kind() for name, kind in FACT_SCHEMA.items()}
        blank |= {name: 1 for name in DATE_FACTS}  # a date is a day of the calendar: 0 is none
        evaluator.decide(blank)
    finally:
        evaluator.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
