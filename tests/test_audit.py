"""The audit trail: every state change and every document download, with who (role, subject,
actor), what, when, from which peer and the request id; append-only in the database;
operators page through it by subject and by resource, and export it as JSON lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa
from cpmi.matching.v1 import audit_pb2, audit_pb2_grpc
from cpmi_client import Client

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App
from server.security.tokens import issue_token
from server.storage import tables
from tests.conftest import SECRET, ClientFor
from tests.story import register_job_seeker, submitted_candidate


def records(app: App, role: Role = Role.OPERATOR, **query: object) -> audit_pb2.ListAuditRecordsResponse:
    metadata = (("authorization", f"Bearer {issue_token(SECRET, role, 'ops' if role is Role.OPERATOR else 'pt-x')}"),)
    with grpc.insecure_channel(f"127.0.0.1:{app.port}") as channel:
        request = audit_pb2.ListAuditRecordsRequest(**query)  # type: ignore[arg-type]
        reply: audit_pb2.ListAuditRecordsResponse = audit_pb2_grpc.AuditServiceStub(channel).ListAuditRecords(
            request, metadata=metadata, timeout=10
        )
        return reply


@pytest.fixture(scope="module")
def verified(client_for: ClientFor, clock: FixedClock) -> str:
    """A candidate who registered, sent the form and was verified by the Dinas of 1307."""
    candidate_id = "audit-cpmi-1"
    candidate = client_for(Role.CANDIDATE, candidate_id)
    submitted = submitted_candidate(candidate, candidate_id, clock.today(), "1307105003970021")
    client_for(Role.DINAS, "1307").verify_registration(candidate_id, etag=submitted.etag, request_id="verify-audit-1")
    return candidate_id


def test_each_change_is_recorded_with_who_what_when_where_and_the_request_id(app: App, verified: str) -> None:
    trail = records(app, resource=f"candidates/{verified}").records
    assert [r.action for r in trail][:2] == ["VerifyRegistration", "SubmitRegistration"]
    own = [r.action for r in records(app, subject=f"candidates/{verified}").records]
    assert {"UpdateJobSeekerProfile", "UploadDocument", "UpdateRegistration", "SubmitRegistration"} <= set(own)
    verification = trail[0]
    assert (verification.role, verification.subject, verification.actor) == ("dinas", "1307", "tester")
    assert verification.resource == f"candidates/{verified}/registration"
    assert verification.request_id == "verify-audit-1"
    assert verification.peer.startswith(("ipv4:127.0.0.1", "ipv6:")) and verification.time.seconds > 0


def test_a_download_is_recorded_and_a_service_acting_for_a_candidate_is_named(
    app: App, verified: str, client_for: ClientFor
) -> None:
    own = records(app, subject=f"candidates/{verified}").records
    scan = next(r.resource for r in own if r.action == "UploadDocument")
    client_for(Role.DINAS, "1307").get_document(scan)
    acting = issue_token(SECRET, "service", "karirhub-web", on_behalf_of="audit-cpmi-2")
    with Client(f"127.0.0.1:{app.port}", acting) as karirhub:
        register_job_seeker(karirhub, "audit-cpmi-2")
    downloaded = records(app, resource=scan).records[0]
    assert (downloaded.action, downloaded.role, downloaded.subject) == ("DownloadDocument", "dinas", "1307")
    (profile,) = records(app, subject="candidates/audit-cpmi-2").records
    assert (profile.action, profile.actor) == ("UpdateJobSeekerProfile", "service:karirhub-web")


def test_operators_page_through_it_by_subject_and_no_one_else_reads_it(app: App, verified: str) -> None:
    everything = [r.sequence for r in records(app, subject=f"candidates/{verified}").records]
    paged, token = [], ""
    while True:
        page = records(app, subject=f"candidates/{verified}", page_size=2, page_token=token)
        paged += [r.sequence for r in page.records]
        token = page.next_page_token
        if not token:
            break
    assert paged == everything and len(everything) > 2 and everything == sorted(everything, reverse=True)
    with pytest.raises(grpc.RpcError) as refused:
        records(app, role=Role.P3MI)
    assert refused.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as wrong:
        records(app, subject="people/1307")
    assert wrong.value.code() is grpc.StatusCode.INVALID_ARGUMENT


def test_the_database_refuses_to_change_or_remove_a_record(app: App, verified: str) -> None:
    for statement in (sa.update(tables.audit_trail).values(subject="someone-else"), sa.delete(tables.audit_trail)):
        with pytest.raises(sa.exc.DatabaseError), app.engine.begin() as conn:
            conn.execute(statement)
    assert records(app, resource=f"candidates/{verified}").records


def test_the_trail_exports_as_json_lines_oldest_first(app: App, verified: str) -> None:
    command = [str(Path(sys.executable).parent / "cpmi-matcher"), "audit-export", "--db", app.settings.db_url]
    out = subprocess.run([*command, "--resource", f"candidates/{verified}"], capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines and lines[-1]["action"] == "VerifyRegistration"
    assert [line["sequence"] for line in lines] == sorted(line["sequence"] for line in lines)
