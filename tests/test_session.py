"""Who is signed in, from what the server verified: a page asks GetSession and shows its
words, never its own reading of the token. A bad or forged token is refused, in words."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
from cpmi.matching.v1 import registration_pb2
from cpmi.matching.v1 import session_pb2 as pb
from cpmi_client import Client, Unauthenticated

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import App, start
from server.security.tokens import SERVICE_ROLE, issue_token
from server.seed import demo
from server.settings import DEMO_SECRET
from tests.conftest import SECRET, ClientFor, make_settings
from tests.story import submitted_candidate, vacancy


def test_a_new_candidate_is_a_calon_pmi_until_the_registration_names_her(
    client_for: ClientFor, target: str, candidate_id: str, nik_serial: object, clock: FixedClock
) -> None:
    candidate = client_for(Role.CANDIDATE, candidate_id)
    session = candidate.get_session()
    assert (session.role, session.subject, session.resource) == (
        pb.SESSION_ROLE_CANDIDATE,
        candidate_id,
        f"candidates/{candidate_id}",
    )
    assert session.display_name == "Calon PMI" and not session.on_behalf
    with Client(target, issue_token(SECRET, Role.CANDIDATE, candidate_id), language="en") as english:
        assert english.get_session().display_name == "CPMI candidate"  # greeted in the page's language

    submitted_candidate(candidate, candidate_id, clock.today(), nik_serial())  # type: ignore[operator]
    assert candidate.get_session().display_name == "Rahmat Hidayat"  # the seed form's name on the KTP


def test_a_dinas_is_named_by_its_regency(client_for: ClientFor) -> None:
    session = client_for(Role.DINAS, "1307").get_session()
    assert session.role == pb.SESSION_ROLE_DINAS and session.resource == "regencies/1307"
    assert session.display_name == "Dinas Tenaga Kerja Kab. Lima Puluh Kota"
    assert session.regency_display_name == "Kab. Lima Puluh Kota" and session.actor == "tester"


def test_a_company_is_named_by_its_vacancies(client_for: ClientFor, clock: FixedClock) -> None:
    p3mi = client_for(Role.P3MI, "pt-sesi-baru")
    assert p3mi.get_session().display_name == "pt-sesi-baru"  # nothing posted yet: its id
    p3mi.create_vacancy("pt-sesi-baru", vacancy("House Worker", "SA", clock.today()))
    session = p3mi.get_session()
    assert session.role == pb.SESSION_ROLE_P3MI and session.resource == "companies/pt-sesi-baru"
    assert session.display_name == "PT. AMMANA FINTEK SYARIAH"


def test_an_operator_and_a_service(client_for: ClientFor, target: str) -> None:
    operator = client_for(Role.OPERATOR, "ops-1").get_session()
    assert (operator.role, operator.display_name, operator.resource) == (
        pb.SESSION_ROLE_OPERATOR,
        "Operator",
        "operators/ops-1",
    )
    token = issue_token(SECRET, SERVICE_ROLE, "karirhub-backend", on_behalf_of="cand-layanan")
    with Client(target, token) as service:
        session = service.get_session()
    assert session.role == pb.SESSION_ROLE_CANDIDATE and session.resource == "candidates/cand-layanan"
    assert session.on_behalf and session.actor == "service:karirhub-backend"


@pytest.mark.parametrize(
    "token",
    [
        "bukan-token",
        issue_token("kunci-lain-0123456789-0123456789-0123456789", Role.CANDIDATE, "demo-cpmi-1"),
        jwt.encode({"role": "p3mi", "sub": "x", "aud": "cpmi-matcher", "exp": 1}, SECRET, "HS256"),
    ],
    ids=["garbage", "forged", "expired"],
)
def test_a_bad_or_forged_token_is_refused_in_words(target: str, token: str) -> None:
    said = {}
    for language in ("id-ID", "en"):
        with Client(target, token, language=language) as caller, pytest.raises(Unauthenticated) as caught:
            caller.get_session()
        said[language] = caught.value.localized_message
        assert "token" in said[language].lower() and caught.value.reason.startswith("TOKEN_")
    assert said["id-ID"] != said["en"]  # each in the caller's language
    assert any(word in said["id-ID"] for word in ("tidak", "sudah", "Tanda"))


# -- the demo's people ------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_door(tmp_path_factory: pytest.TempPathFactory, clock: FixedClock) -> Iterator[App]:
    settings = make_settings(tmp_path_factory.mktemp("demo-identities"))
    settings.connect_port, settings.demo, settings.jwt_secret = 0, True, DEMO_SECRET
    running = start(settings, clock)
    demo.load(running.services, clock.today())
    try:
        yield running
    finally:
        running.stop()


def _identities(app: App) -> list[dict[str, str]]:
    with urllib.request.urlopen(f"http://127.0.0.1:{app.connect_port}/demo-identities.json", timeout=10) as answer:
        assert answer.headers["cache-control"] == "no-cache"
        listed: list[dict[str, str]] = json.load(answer)
    return listed


def test_the_demo_lists_one_person_of_every_role_in_words(demo_door: App) -> None:
    listed = _identities(demo_door)
    assert [i["role"] for i in listed] == ["candidate", "candidate", "candidate", "dinas", "p3mi", "operator"]
    assert all(set(i) == {"role", "label", "label_en", "token"} for i in listed)
    labels = [i["label"] for i in listed]
    assert labels[0].startswith("Rahmat Hidayat") and labels[1].startswith("Dewi Lestari")
    assert labels[3] == "Petugas Dinas Tenaga Kerja Kab. Lima Puluh Kota"
    assert "PT. AMMANA FINTEK SYARIAH" in labels[4]
    for entry in listed:  # words, not ids
        assert "/" not in entry["label"] + entry["label_en"] and "demo-" not in entry["label"] + entry["label_en"]

    sessions = []
    with Client(f"127.0.0.1:{demo_door.port}") as base:
        for entry in listed:
            sessions.append(base.with_token(entry["token"]).get_session())
    assert [s.resource for s in sessions][:2] == ["candidates/demo-cpmi-1", "candidates/demo-cpmi-2"]
    assert sessions[0].display_name == "Rahmat Hidayat" and sessions[1].display_name == "Dewi Lestari"
    assert sessions[2].subject.startswith("demo-baru-") and sessions[2].display_name == "Calon PMI"
    assert sessions[3].resource == "regencies/1307" and sessions[4].resource == "companies/ammana-fintek-syariah"
    assert sessions[4].display_name == "PT. AMMANA FINTEK SYARIAH"
    assert sessions[5].role == pb.SESSION_ROLE_OPERATOR


def test_each_reading_brings_a_new_candidate_who_can_register_from_scratch(demo_door: App) -> None:
    first, second = _identities(demo_door)[2], _identities(demo_door)[2]
    assert first["token"] != second["token"]
    with Client(f"127.0.0.1:{demo_door.port}", first["token"]) as newcomer:
        subject = newcomer.get_session().subject
        profile = newcomer.update_profile(
            registration_pb2.JobSeekerProfile(name=f"candidates/{subject}/profile", desired_job="Pekerja Rumah Tangga")
        )
    assert profile.desired_job == "Pekerja Rumah Tangga"


def test_without_the_demo_key_no_identities_are_handed_out(tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path)
    settings.connect_port, settings.demo = 0, True  # demo mode, but a real key
    running = start(settings, clock)
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{running.connect_port}/demo-identities.json", timeout=10)
        assert refused.value.code == 404
    finally:
        running.stop()
