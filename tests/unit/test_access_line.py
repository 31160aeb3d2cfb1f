"""The access log's line is put together by hand for speed; it must be the very text the JSON
encoder gives for the same object, whatever the strings hold."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from server.observability.logs import CallerHashes, access_line


def _by_encoder(at: float, method: str, role: str, caller: str, code: str, seconds: float, request_id: str) -> str:
    stamp = datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")
    line = {
        "event": "call",
        "level": "info",
        "logger": "cpmi.access",
        "timestamp": stamp,
        "method": method,
        "role": role,
        "caller": caller,
        "code": code,
        "latency_ms": round(seconds * 1000, 3),
        "request_id": request_id,
    }
    return json.dumps(line, ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@example(1_700_000_000.9999996, "m", "r", "0123abcd0123abcd", "OK", 0.001, "")  # rounds up into the next second
@given(
    st.floats(min_value=1.6e9, max_value=4e9, allow_nan=False),
    st.text(max_size=40),
    st.text(max_size=10),
    st.text(max_size=16),
    st.sampled_from(["OK", "NOT_FOUND", "CANCELLED"]),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.text(max_size=64),
)
def test_the_hand_made_line_is_what_the_encoder_writes(
    at: float, method: str, role: str, caller: str, code: str, seconds: float, request_id: str
) -> None:
    assert access_line(at, method, role, caller, code, seconds, request_id) == _by_encoder(
        at, method, role, caller, code, seconds, request_id
    )


def test_a_caller_is_written_as_a_keyed_hash_the_same_for_each_of_its_calls() -> None:
    hashes = CallerHashes(b"key")
    assert hashes.of("3201014501900001") == hashes.of("3201014501900001") != hashes.of("3201014501900002")
    assert "3201014501900001" not in hashes.of("3201014501900001") and len(hashes.of("x")) == 16
    assert CallerHashes(b"other key").of("x") != hashes.of("x") and hashes.of("") == ""
