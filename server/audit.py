"""The decision log: every eligibility decision as a JSON line, written off the request path.

A decision is turned into a small record (no formatting) and appended to a
bounded in-memory queue; a background writer formats the queued records and
writes them to the sink in one write per batch (OPA's decision logs are the
model: a stream of its own, not the application log). When the queue is full
the oldest record is dropped and counted: a request never waits for a log
line. A NIK is written as its regency and a keyed hash; certificate numbers
keep their last four characters.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from datetime import UTC, datetime
from typing import Any, TextIO

from matcher.masking import mask_number, nik_reference
from matcher.rules.decision import Decision
from matcher.snapshots import CandidateSnapshot

QUEUE_SIZE = 50_000
FLUSH_SECONDS = 0.2


class QueuedDecisionLog:
    def __init__(
        self,
        sink: TextIO | None,
        nik_key: bytes,
        capacity: int = QUEUE_SIZE,
        flush_seconds: float = FLUSH_SECONDS,
    ) -> None:
        """``sink`` None: decisions are not logged at all."""
        self._sink = sink
        self._nik_key = nik_key
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
        if self._sink is None:
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
                "time": datetime.now(UTC),
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
        if self._sink is None:
            return
        lines: list[str] = []
        while self._queue:
            try:
                record = self._queue.popleft()
            except IndexError:
                break
            lines.append(json.dumps(self._masked(record), ensure_ascii=False) + "\n")
        if lines:
            self._sink.write("".join(lines))
            self._sink.flush()
            self.written += len(lines)

    def _masked(self, record: dict[str, Any]) -> dict[str, Any]:
        return record | {
            "nik": nik_reference(self._nik_key, record["nik"]),
            "certificates": [mask_number(n) for n in record["certificates"]],
            "reference_date": record["reference_date"].isoformat(),
            "time": record["time"].isoformat(timespec="milliseconds"),
        }
