"""durable-rules as the engine of record, driven straight through its C module.

The library's Python host is unsafe in a server (see docs/durable-rules.md):
its timer threads race callers, a ruleset dies past 1,024 live sids, and
``delete_state`` crashes on a state that never ran an action. So this driver:

- creates the ruleset from the policy with the raw C API, one rule per reason
  code (the rule name *is* the code) plus a warm-up rule;
- gives each thread one fixed sid, warmed once, and never deletes it while
  the ruleset lives (sids are bounded by the thread count);
- asserts each decision as a *fact* with a unique id (events fire one rule
  only), drains every action, and retracts the fact by id afterwards;
- validates facts against the schema first (a null field matches nothing);
- adds the sums of calendar months the rules compare with (``months_after``) to the
  facts under their derived names: the engine has no calendar, so it compares them;
- counts a rule once even when several branches of its ``any`` matched (the
  engine fires it once per branch);
- serialises calls with one lock: the C module keeps global state and never
  releases the GIL, so threads gain nothing from running it concurrently.
"""

from __future__ import annotations

import itertools
import json
import threading
from typing import Any

import durable_rules_engine as engine

from matcher.rules.conditions import month_sums, to_durable, with_month_sums
from matcher.rules.policy import Policy
from matcher.rules.schema import validate_facts

# One lock for the whole C module: it has process-wide tables (ruleset handles, hashes).
_ENGINE_LOCK = threading.RLock()
_NOT_HANDLED = 1  # no rule matched: eligible
_OBSERVED = 2  # an id hash collision: never read as eligible
_WARMUP = "CPMI_WARMUP"
_names = itertools.count(1)


class EngineError(RuntimeError):
    """durable-rules could not decide; the caller must not read this as eligible."""


def fnv1a_32(text: str) -> int:
    """The hash durable-rules keys sids by; distinct sids must not collide on it."""
    value = 0x811C9DC5
    for byte in text.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def ruleset_for(policy: Policy) -> dict[str, Any]:
    """The policy's rules in durable-rules' JSON; every rule also requires kind == "cand"
    so the engine's own state fact can never match one."""
    rules: dict[str, Any] = {_WARMUP: {"all": [{"m": {"kind": "warm"}}]}}
    for rule in policy.rules:
        rules[rule.code] = {"all": [{"m": {"$and": [{"kind": "cand"}, to_durable(rule.condition)]}}]}
    return rules


class DurableEvaluator:
    """Returns the codes of every rule that refuses, in policy order."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._order = {code: i for i, code in enumerate(policy.codes)}
        self._sums = frozenset().union(*(month_sums(r.condition) for r in policy.rules))
        self._local = threading.local()
        self._sids: dict[int, str] = {}
        self._sid_numbers = itertools.count(1)
        self._fact_ids = itertools.count(1)
        self._closed = False
        name = f"cpmi_{policy.version}_{next(_names)}"
        with _ENGINE_LOCK:
            self._handle = engine.create_ruleset(name, json.dumps(ruleset_for(policy)))

    def decide(self, facts: dict[str, Any]) -> list[str]:
        validate_facts(facts)
        with _ENGINE_LOCK:
            if self._closed:
                raise EngineError("the ruleset was closed (policy swapped)")
            sid = self._sid()
            fired = self._run(sid, {"kind": "cand", **with_month_sums(facts, self._sums)})
        # A rule fires once per satisfied branch of an "any" ($or): it is still one reason.
        return sorted(set(fired), key=self._order.__getitem__)

    def _sid(self) -> str:
        sid: str | None = getattr(self._local, "sid", None)
        if sid is None:
            while True:
                candidate = f"w{next(self._sid_numbers)}"
                if fnv1a_32(candidate) not in self._sids:
                    break
            self._sids[fnv1a_32(candidate)] = candidate
            sid = self._local.sid = candidate
            if self._run(sid, {"kind": "warm"}) != [_WARMUP]:
                raise EngineError("warm-up rule did not fire")
        return sid

    def _run(self, sid: str, body: dict[str, Any]) -> list[str]:
        fact_id = str(next(self._fact_ids))
        code, state = engine.assert_fact(self._handle, json.dumps({"sid": sid, "id": fact_id, **body}))
        try:
            if code == _NOT_HANDLED:
                return []
            if code == _OBSERVED or code != 0:
                raise EngineError(f"durable-rules refused the fact (code {code})")
            return self._drain(state)
        finally:
            engine.retract_fact(self._handle, json.dumps({"sid": sid, "id": fact_id}))

    def _drain(self, state: int) -> list[str]:
        fired: list[str] = []
        try:
            result = engine.start_action_for_state(self._handle, state)
            message = result[1] if result else None
            while message:
                # The action message is {"CODE": {...the fact...}}: read the key, skip json.loads.
                fired.append(message[2 : message.index('"', 2)])
                message = engine.complete_and_start_action(self._handle, state)
        except BaseException:
            engine.abandon_action(self._handle, state)
            raise
        return fired

    def close(self) -> None:
        """Free the C ruleset: every sid first (deleteRuleset leaks them otherwise)."""
        with _ENGINE_LOCK:
            if self._closed:
                return
            self._closed = True
            for sid in self._sids.values():
                engine.delete_state(self._handle, sid)
            engine.delete_ruleset(self._handle)
