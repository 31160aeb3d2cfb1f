"""The decision log: every eligibility decision as a JSON line, written off the request path.

A decision is turned into a small record (no formatting) and queued; a
background writer (server/observability/background.py) formats the queued records and writes
them to the sink in one write per batch (OPA's decision logs are the model: a
stream of its own, not the application log). When the queue is full the
oldest record is dropped and counted: a request never waits for a log line.
A NIK is written as its regency and a keyed hash; certificate numbers keep
their last four characters.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TextIO

from matcher.redaction import mask_number, nik_reference
from matcher.rules.decision import Decision
from matcher.snapshots import CandidateSnapshot
from server.observability.background import BackgroundQueue, write_json_lines

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
        self.written = 0
        self._queue: BackgroundQueue[dict[str, Any]] = BackgroundQueue(
            "cpmi-decision-log", self._write, capacity, flush_seconds
        )

    @property
    def depth(self) -> int:
        return self._queue.depth

    @property
    def dropped(self) -> int:
        return self._queue.dropped

    def record(self, decision: Decision, candidate: CandidateSnapshot) -> None:
        if self._sink is None:
            return
        self._queue.offer(
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
        self._queue.close()

    def _write(self, records: list[dict[str, Any]]) -> None:
        if self._sink is not None:
            write_json_lines(self._sink, (self._masked(r) for r in records))
            self.written += len(records)

    def _masked(self, record: dict[str, Any]) -> dict[str, Any]:
        return record | {
            "nik": nik_reference(self._nik_key, record["nik"]),
            "certificates": [mask_number(n) for n in record["certificates"]],
            "reference_date": record["reference_date"].isoformat(),
            "time": record["time"].isoformat(timespec="milliseconds"),
        }
