"""Run a new policy document through durable-rules in a child process first
(`python -m matcher.rules.policy_check`: it can hang or crash on a bad ruleset);
only then does the server load it."""

from __future__ import annotations

import subprocess
import sys

TIMEOUT_SECONDS = 20


def check_in_subprocess(document: str) -> list[str]:
    """Problems found, or an empty list when the document is safe to load here."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "matcher.rules.policy_check"],
            input=document,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [f"durable-rules did not compile the policy within {TIMEOUT_SECONDS} s"]
    if result.returncode == 0:
        return []
    detail = (result.stdout or result.stderr).strip().splitlines()
    return detail[-5:] or [f"durable-rules failed on the policy (exit {result.returncode})"]
