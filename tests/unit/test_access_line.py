"""The access log's line is put together by hand for speed; it must be the very text the JSON
encoder gives for the same object, whatever the strings hold."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from server.observability.logs import access_line


def _by_encoder(at: float, method: str, role: str, code: str, seconds: float, request_id: str) -> str:
    stamp = datetime.fromtimestamp(at, UTC).isoformat(timespec="milliseconds")
    line = {
        "event": "call",
        "level": "info",
        "logger": "cpmi.access",
        "timestamp": stamp,
        "method": method,
        "role": role,
        "code": code,
        "latency_ms": round(seconds * 1000, 3),
        "request_id": request_id,
    }
    return json.dumps(line, ensure_ascii=False) + "\n"


@settings(max_examples=300, deadline=None)
@example(1_700_000_000.9999996, "m", "r", "OK", 0.001, "")  # rounds up into the next second
@given(
    st.floats(min_value=1.6e9, max_value=4e9, allow_nan=False),
    st.text(max_size=40),
    st.text(max_size=10),
    st.sampled_from(["OK", "NOT_FOUND", "CANCELLED"]),
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.text(max_size=64),
)
def test_the_hand_made_line_is_what_the_encoder_writes(
    at: float, method: str, role: str, code: str, seconds: float, request_id: str
) -> None:
    assert access_line(at, method, role, code, seconds, request_id) == _by_encoder(
        at, method, role, code, seconds, request_id
    )
