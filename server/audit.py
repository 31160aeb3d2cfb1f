"""The decision log: every eligibility decision as a JSON line on the `cpmi.audit` logger,
identity numbers masked, written off the request path.

A decision is turned into a small record (no formatting) and appended to a
bounded in-memory queue; a background writer formats and logs records in
batches (OPA's decision logs are the model). When the queue is full the oldest
record is dropped and counted: a request never waits for a log line.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque
from typing import Any

from matcher.masking import mask_nik, mask_number
from matcher.rules.decision import Decision
from matcher.snapshots import CandidateSnapshot

audit = logging.getLogger("cpmi.audit")

QUEUE_SIZE = 50_000
FLUSH_SECONDS = 0.2


class QueuedDecisionLog:
    def __init__(self, capacity: int = QUEUE_SIZE, flush_seconds: float = FLUSH_SECONDS) -> None:
        self._queue: deque[dict[str, Any]] = deque(maxlen=capacity)
        self._capacity = capacity
        self._flush_seconds = flush_seconds
        self._wake = threading.Event()
        self._stopping = False
        self.dropped = 0
        self.written = 0
        self._writer = threading.Thread(target=self._run, name="cpmi-decision-log", daemon=True)
        self._writer.start()

    @property
    def depth(self) -> int:
        return len(self._queue)

    def record(self, decision: Decision, candidate: CandidateSnapshot) -> None:
        if not audit.isEnabledFor(logging.INFO):
            return
        if len(self._queue) >= self._capacity:
            self.dropped += 1  # the deque drops the oldest on append
        self._queue.append(
            {
                "event": "eligibility_decision",
                "decision_id": decision.decision_id,
                "candidate": decision.candidate_id,
                "nik": candidate.nik,
                "certificates": [c.bnsp_number for c in candidate.certificates],
                "vacancy": decision.vacancy_id,
                "eligible": decision.eligible,
                "reasons": list(decision.codes),
                "policy_version": decision.policy_version,
                "reference_date": decision.reference_date,
            }
        )

    def close(self) -> None:
        """Write what is queued, then stop the writer."""
        self._stopping = True
        self._wake.set()
        self._writer.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._wake.wait(self._flush_seconds)
            self._wake.clear()
            self._flush()
            if self._stopping:
                return

    def _flush(self) -> None:
        while self._queue:
            try:
                record = self._queue.popleft()
            except IndexError:
                return
            audit.info(json.dumps(_masked(record)))
            self.written += 1


def _masked(record: dict[str, Any]) -> dict[str, Any]:
    return record | {
        "nik": mask_nik(record["nik"]),
        "certificates": [mask_number(n) for n in record["certificates"]],
        "reference_date": record["reference_date"].isoformat(),
    }
