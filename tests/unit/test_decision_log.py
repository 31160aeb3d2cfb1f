"""The decision log leaves the request path: records queue, a writer logs them masked, and a
full queue drops the oldest (counted) instead of making a request wait."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from matcher.rules.decision import Decision
from matcher.snapshots import CandidateSnapshot, CertificateSnapshot
from server.audit import QueuedDecisionLog

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


def test_records_are_written_masked_by_the_writer(caplog: pytest.LogCaptureFixture) -> None:
    log = QueuedDecisionLog(flush_seconds=0.01)
    with caplog.at_level(logging.INFO, logger="cpmi.audit"):
        for i in range(5):
            log.record(decision(i), CANDIDATE)
        log.close()
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "cpmi.audit"]
    assert [line["decision_id"] for line in lines] == [f"d-{i}" for i in range(5)]
    assert lines[0]["nik"] != CANDIDATE.nik and lines[0]["certificates"] == ["*****************0123"]
    assert log.written == 5 and log.dropped == 0


def test_a_full_queue_drops_the_oldest_and_counts_them(caplog: pytest.LogCaptureFixture) -> None:
    log = QueuedDecisionLog(capacity=10, flush_seconds=60)  # the writer sleeps: nothing drains
    with caplog.at_level(logging.INFO, logger="cpmi.audit"):
        for i in range(25):
            log.record(decision(i), CANDIDATE)
        assert log.depth == 10 and log.dropped == 15
        log.close()
    lines = [json.loads(r.getMessage())["decision_id"] for r in caplog.records if r.name == "cpmi.audit"]
    assert lines == [f"d-{i}" for i in range(15, 25)], "the newest ten are kept"
