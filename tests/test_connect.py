"""The seed's flow through the Connect door with a plain HTTP client: JSON in, JSON out,
errors as Connect error JSON with the gRPC reasons, gRPC-Web framing, a server stream,
a browser's preflight. The door answers with the very handlers the gRPC port runs."""

from __future__ import annotations

import base64
import json
import struct
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from cpmi.matching.v1 import registration_pb2, vacancy_pb2
from google.protobuf import json_format

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import issue_token
from server.seed.demo import tiny_pdf
from tests.conftest import SECRET, make_settings
from tests.story import KINDS, seed_form_proto, vacancy

PACKAGE = "cpmi.matching.v1"
CANDIDATE, COMPANY = "connect-cpmi", "pt-connect"


@dataclass
class Refused(Exception):
    status: int
    code: str
    reason: str
    localized: str


@dataclass
class Caller:
    """Someone calling the door with JSON over HTTP, as a page would with fetch."""

    base: str
    token: str = ""
    language: str = ""
    timeout_ms: int = 0

    def __call__(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        status, answer = self.post(method, json.dumps(body).encode(), "application/json")
        if status != 200:
            error = json.loads(answer)
            debug = {d["type"]: d.get("debug", {}) for d in error.get("details", ())}
            reason = debug.get("google.rpc.ErrorInfo", {}).get("reason", "")
            localized = debug.get("google.rpc.LocalizedMessage", {}).get("message", "")
            raise Refused(status, error["code"], reason, localized)
        return json.loads(answer)  # type: ignore[no-any-return]

    def post(self, method: str, body: bytes, content_type: str) -> tuple[int, bytes]:
        headers = {"content-type": content_type}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        if self.language:
            headers["accept-language"] = self.language
        if self.timeout_ms:
            headers["connect-timeout-ms"] = str(self.timeout_ms)
        request = urllib.request.Request(f"{self.base}/{PACKAGE}.{method}", body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    settings = make_settings(tmp_path_factory.mktemp("connect"))
    settings.connect_port = 0
    running = start(settings, clock)
    yield running
    running.stop()


def caller(app: App, role: Role | None = None, subject: str = "", language: str = "") -> Caller:
    token = issue_token(SECRET, role, subject, actor="penguji") if role else ""
    return Caller(f"http://127.0.0.1:{app.connect_port}", token, language)


def as_json(message: Any) -> dict[str, Any]:
    return json_format.MessageToDict(message)


@pytest.fixture(scope="module")
def placed(door: App, clock: FixedClock) -> str:
    """The seed's flow over Connect JSON, to the verified PP; the application's name."""
    candidate = caller(door, Role.CANDIDATE, CANDIDATE)
    dinas = caller(door, Role.DINAS, "1307")
    p3mi = caller(door, Role.P3MI, COMPANY)
    today = clock.today()

    # Registration: profile, scans (bytes as base64), the form, sent to the Dinas.
    candidate(
        "RegistrationService/UpdateJobSeekerProfile",
        {"profile": {"name": f"candidates/{CANDIDATE}/profile", "desiredJob": "Pekerja Rumah Tangga"}},
    )
    scans = {}
    for kind, proto_kind in KINDS.items():
        content = base64.b64encode(tiny_pdf(f"{CANDIDATE}-{kind.value}")).decode()
        uploaded = candidate(
            "DocumentService/UploadDocument",
            {
                "parent": f"candidates/{CANDIDATE}",
                "kind": proto_kind,
                "filename": f"{kind.value}.pdf",
                "content": content,
            },
        )
        scans[kind] = uploaded["name"]
    form = as_json(seed_form_proto(scans, today, nik="1307104109960007"))
    draft = candidate(
        "RegistrationService/UpdateRegistration",
        {"registration": {"name": f"candidates/{CANDIDATE}/registration", "form": form}},
    )
    sent = candidate("RegistrationService/SubmitRegistration", {"name": draft["name"], "etag": draft["etag"]})
    assert sent["status"] == registration_pb2.RegistrationStatus.Name(registration_pb2.REGISTRATION_STATUS_SUBMITTED)
    queue = dinas("RegistrationService/ListSubmittedRegistrations", {"parent": "regencies/1307"})
    assert sent["name"] in [r["name"] for r in queue["registrations"]]
    verified = dinas("RegistrationService/VerifyRegistration", {"name": sent["name"], "etag": sent["etag"]})
    assert verified["status"] == "REGISTRATION_STATUS_VERIFIED"

    # A vacancy, the eligibility answer, the application.
    posted = p3mi(
        "VacancyService/CreateVacancy",
        {"parent": f"companies/{COMPANY}", "vacancy": as_json(vacancy("House Worker", "SA", today))},
    )
    check = candidate(
        "EligibilityService/CheckEligibility", {"candidate": f"candidates/{CANDIDATE}", "vacancy": posted["name"]}
    )
    assert check["eligible"] is True
    applied = candidate(
        "ApplicationService/Apply",
        {"candidate": f"candidates/{CANDIDATE}", "vacancy": posted["name"], "requestId": "apply-connect"},
    )
    assert applied["status"] == "APPLICATION_STATUS_SENT"

    # The P3MI's steps, the PP, the Dinas's verification, the candidate's download.
    processing = p3mi(
        "ApplicationService/TransitionApplication",
        {"name": applied["name"], "etag": applied["etag"], "action": "APPLICATION_ACTION_PROCESS"},
    )
    when = (clock.now() + timedelta(days=7)).isoformat().replace("+00:00", "Z")
    scheduled = p3mi(
        "ApplicationService/TransitionApplication",
        {
            "name": applied["name"],
            "etag": processing["etag"],
            "action": "APPLICATION_ACTION_SCHEDULE_INTERVIEW",
            "interview": {"time": when, "location": "Kantor P3MI, Jakarta"},
        },
    )
    assert scheduled["interview"]["location"] == "Kantor P3MI, Jakarta"
    pp = p3mi(
        "DocumentService/UploadDocument",
        {
            "parent": f"companies/{COMPANY}",
            "kind": "DOCUMENT_KIND_PLACEMENT_AGREEMENT",
            "filename": "pp.pdf",
            "content": base64.b64encode(tiny_pdf("pp connect")).decode(),
        },
    )
    accepted = p3mi(
        "ApplicationService/TransitionApplication",
        {
            "name": applied["name"],
            "etag": scheduled["etag"],
            "action": "APPLICATION_ACTION_ACCEPT",
            "placementAgreement": pp["name"],
        },
    )
    placed = dinas(
        "ApplicationService/TransitionApplication",
        {"name": applied["name"], "etag": accepted["etag"], "action": "APPLICATION_ACTION_VERIFY_PP"},
    )
    assert placed["status"] == "APPLICATION_STATUS_PP_VERIFIED"
    downloaded = candidate("DocumentService/GetDocument", {"name": pp["name"]})
    assert base64.b64decode(downloaded["content"]) == tiny_pdf("pp connect")
    return str(applied["name"])


def test_the_seed_flow_over_connect_json(door: App, placed: str) -> None:
    history = caller(door, Role.CANDIDATE, CANDIDATE)("ApplicationService/ListApplicationEvents", {"parent": placed})
    assert [e["toStatus"] for e in history["events"]] == [
        "APPLICATION_STATUS_SENT",
        "APPLICATION_STATUS_PROCESSING",
        "APPLICATION_STATUS_INTERVIEW",
        "APPLICATION_STATUS_AWAITING_PP_VERIFICATION",
        "APPLICATION_STATUS_PP_VERIFIED",
    ]


def test_refusals_are_connect_errors_with_the_same_reasons(door: App) -> None:
    anonymous, mallory = caller(door), caller(door, Role.CANDIDATE, "mallory")
    cases = [
        (anonymous, "RegistrationService/GetRegistration", {"name": "candidates/x/registration"}),
        (mallory, "RegistrationService/GetRegistration", {"name": f"candidates/{CANDIDATE}/registration"}),
        (mallory, "RegistrationService/VerifyRegistration", {"name": "candidates/x/registration", "etag": "1"}),
        (mallory, "RegistrationService/GetRegistration", {"name": "not a name"}),
        (mallory, "RegistrationService/GetRegistration", {"nmae": "typo"}),
        (mallory, "VacancyService/SuggestOccupations", {"title": "x" * 5000}),
    ]
    seen = []
    for who, method, body in cases:
        with pytest.raises(Refused) as refused:
            who(method, body)
        seen.append((refused.value.status, refused.value.code, refused.value.reason))
    assert seen == [
        (401, "unauthenticated", "TOKEN_MISSING"),
        (404, "not_found", "NOT_FOUND"),
        (403, "permission_denied", "ROLE_NOT_ALLOWED"),
        (400, "invalid_argument", "INVALID_FIELDS"),
        (400, "invalid_argument", "MALFORMED_REQUEST"),
        (400, "invalid_argument", "INVALID_FIELDS"),
    ]


def test_the_message_is_in_the_callers_language(door: App) -> None:
    for language, expected in (("", "tidak ditemukan"), ("en-GB,en;q=0.9", "not found"), ("jv, id;q=0.5", "tidak")):
        with pytest.raises(Refused) as refused:
            caller(door, Role.CANDIDATE, "nobody", language)(
                "RegistrationService/GetRegistration", {"name": "candidates/nobody/registration"}
            )
        assert expected in refused.value.localized, language


def test_grpc_web_framing_answers_the_same(door: App, placed: str) -> None:
    listing = vacancy_pb2.ListVacanciesRequest(page_size=1).SerializeToString()
    frame = struct.pack(">BI", 0, len(listing)) + listing
    status, body = caller(door, Role.CANDIDATE, CANDIDATE).post(
        "VacancyService/ListVacancies", frame, "application/grpc-web+proto"
    )
    assert status == 200
    frames = list(_frames(body))
    assert vacancy_pb2.ListVacanciesResponse.FromString(frames[0][1]).vacancies
    assert frames[-1][0] & 0x80 and b"grpc-status:0" in frames[-1][1].replace(b" ", b"")


def test_a_watch_streams_over_connect_until_its_deadline(door: App, placed: str) -> None:
    p3mi = caller(door, Role.P3MI, COMPANY)
    watch = json.dumps({"parent": f"companies/{COMPANY}", "afterSequence": "0"}).encode()
    p3mi.timeout_ms = 1500
    status, body = p3mi.post(
        "ApplicationService/WatchApplications", struct.pack(">BI", 0, len(watch)) + watch, "application/connect+json"
    )
    assert status == 200
    frames = list(_frames(body))
    events = [json.loads(payload) for flags, payload in frames if flags == 0]
    assert [e["application"] for e in events] == [placed] * 5
    assert events[-1]["toStatus"] == "APPLICATION_STATUS_PP_VERIFIED"
    end = json.loads(frames[-1][1])
    assert frames[-1][0] == 0x02 and end["error"]["code"] == "deadline_exceeded"


def test_a_browser_on_an_allowed_origin_passes_preflight(tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = make_settings(tmp_path_factory.mktemp("cors"))
    settings.connect_port, settings.connect_cors_origins = 0, "https://karirhub.kemnaker.go.id"
    app = start(settings)
    try:
        for origin, expected in (("https://karirhub.kemnaker.go.id", 204), ("https://evil.example", 403)):
            request = urllib.request.Request(
                f"http://127.0.0.1:{app.connect_port}/{PACKAGE}.VacancyService/ListVacancies",
                method="OPTIONS",
                headers={"origin": origin, "access-control-request-method": "POST"},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    status, allowed = answer.status, answer.headers.get("access-control-allow-origin")
            except urllib.error.HTTPError as refused:
                status, allowed = refused.code, refused.headers.get("access-control-allow-origin")
            assert (status, allowed) == (expected, origin if expected == 204 else None)
    finally:
        app.stop()


def _frames(body: bytes) -> Iterator[tuple[int, bytes]]:
    """(flags, payload) of each length-prefixed envelope (Connect streams, gRPC-Web)."""
    position = 0
    while position + 5 <= len(body):
        flags, length = struct.unpack(">BI", body[position : position + 5])
        yield flags, body[position + 5 : position + 5 + length]
        position += 5 + length


def test_head_of_the_page_answers_like_get_without_the_body(door: App) -> None:
    """A balancer's or a monitor's HEAD / gets GET /'s status and headers, not an RPC's 404."""
    answers = {}
    for method in ("GET", "HEAD"):
        request = urllib.request.Request(f"http://127.0.0.1:{door.connect_port}/", method=method)
        with urllib.request.urlopen(request, timeout=10) as answer:
            answers[method] = (answer.status, answer.headers["content-type"], answer.headers["content-length"])
            body = answer.read()
        if method == "HEAD":
            assert body == b""
    assert answers["HEAD"] == answers["GET"] and answers["GET"][0] == 200
