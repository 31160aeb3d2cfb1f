"""The server's logs as production writes them: one JSON object a line, and one access line
per call with request id, method, caller role, code and latency; no token in any line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cpmi_client import Client, Unauthenticated

from matcher.principal import Role
from server.security.tokens import issue_token
from tests.cluster import start_replica, until
from tests.conftest import SECRET
from tests.story import register_job_seeker


def test_every_call_has_a_json_access_line_and_no_line_holds_a_token(tmp_path: Path) -> None:
    replica = start_replica(f"sqlite:///{tmp_path / 'logs.db'}", tmp_path / "docs")
    token = issue_token(SECRET, Role.CANDIDATE, "log-cpmi-1")
    try:
        with Client(replica.target, token) as candidate:
            register_job_seeker(candidate, "log-cpmi-1")
        with Client(replica.target, "not-a-token") as stranger, pytest.raises(Unauthenticated):
            stranger.get_registration("log-cpmi-1")
        until(lambda: sum('"cpmi.access"' in line for line in replica.output) >= 2)
    finally:
        replica.stop()
    lines = [json.loads(line) for line in replica.output if line.startswith("{")]
    assert lines and all({"event", "level", "logger", "timestamp"} <= line.keys() for line in lines)
    calls = {line["method"]: line for line in lines if line["logger"] == "cpmi.access"}
    saved = calls["RegistrationService/UpdateJobSeekerProfile"]
    assert (saved["role"], saved["code"]) == ("candidate", "OK") and saved["request_id"]
    assert len(saved["caller"]) == 16 and "log-cpmi-1" not in "".join(replica.output)  # hashed, never the subject
    same_person = {line["caller"] for line in lines if line["logger"] == "cpmi.access" and line["role"] == "candidate"}
    assert same_person == {saved["caller"]}
    assert saved["latency_ms"] > 0
    refused = calls["RegistrationService/GetRegistration"]
    assert (refused["role"], refused["caller"], refused["code"]) == ("", "", "UNAUTHENTICATED")
    assert not any(token in line or "not-a-token" in line for line in replica.output)
