"""The decision log leaves the request path: records queue, a writer logs them masked, and a
full queue drops the oldest (counted) instead of making a request wait."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date
from typing import Any

from matcher.redaction import nik_reference
from matcher.rules.decision import Decision
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from server.decisions.decision_log import QueuedDecisionLog

CANDIDATE = CandidateSnapshot(
    "c-1",
    True,
    None,
    None,
    "1307",
    certificates=(CertificateSnapshot("BNSP-9111-2025-000123", "PRT", "9111", None, None, False),),
    nik="1307100902960001",
)


def decision(i: int) -> Decision:
    return Decision(f"d-{i}", "c-1", "v-1", True, (), "2026.11-1", date(2026, 11, 27))


KEY = b"log-key"


def written(sink: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def test_records_are_written_masked_by_the_writer() -> None:
    sink = io.StringIO()
    log = QueuedDecisionLog(sink, KEY, flush_seconds=0.01)
    for i in range(5):
        log.record(decision(i), CANDIDATE)
    log.close()
    lines = written(sink)
    assert [line["decision_id"] for line in lines] == [f"d-{i}" for i in range(5)]
    assert lines[0]["certificates"] == ["*****************0123"]
    assert log.written == 5 and log.dropped == 0


def test_a_nik_is_logged_as_its_regency_and_a_keyed_hash_that_correlates_one_person() -> None:
    sink = io.StringIO()
    log = QueuedDecisionLog(sink, KEY, flush_seconds=0.01)
    other = replace(CANDIDATE, nik="1307100902960002")
    for candidate in (CANDIDATE, CANDIDATE, other):
        log.record(decision(0), candidate)
    log.close()
    first, again, someone_else = (line["nik"] for line in written(sink))
    assert first == again == nik_reference(KEY, CANDIDATE.nik) and first != someone_else
    assert first.startswith("1307~") and "0902" not in first and "0001" not in first[4:]
    assert nik_reference(b"another key", CANDIDATE.nik) != first, "without the key the hash says nothing"


def test_a_full_queue_drops_the_oldest_and_counts_them() -> None:
    sink = io.StringIO()
    log = QueuedDecisionLog(sink, KEY, capacity=10, flush_seconds=60)  # the writer sleeps: nothing drains
    for i in range(25):
        log.record(decision(i), CANDIDATE)
    assert log.depth == 10 and log.dropped == 15
    log.close()
    assert [line["decision_id"] for line in written(sink)] == [f"d-{i}" for i in range(15, 25)], "the newest ten"


def test_off_logs_nothing_and_queues_nothing() -> None:
    log = QueuedDecisionLog(None, KEY)
    log.record(decision(0), CANDIDATE)
    log.close()
    assert (log.depth, log.written) == (0, 0)
