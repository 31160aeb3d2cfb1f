"""Who is calling: no token, a bad token, the wrong role, the wrong scope."""

from __future__ import annotations

import jwt
import pytest
from cpmi.matching.v1 import document_pb2
from cpmi_client import Client, NotFound, PermissionDenied, Unauthenticated

from matcher.principal import Role
from server.security.tokens import issue_token
from server.seed.demo import tiny_png
from tests.conftest import SECRET, ClientFor


def test_no_token_is_unauthenticated(target: str) -> None:
    with Client(target) as anonymous, pytest.raises(Unauthenticated) as caught:
        anonymous.get_registration("anyone")
    assert caught.value.reason == "TOKEN_MISSING"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        issue_token("some-other-secret-0123456789-0123456789", Role.OPERATOR, "ops"),
        issue_token(SECRET, Role.OPERATOR, "ops", ttl_seconds=-120),
        issue_token(SECRET, Role.OPERATOR, ""),
        issue_token(SECRET, Role.CANDIDATE, "../someone"),
        issue_token(SECRET, Role.CANDIDATE, "x" * 65),
        issue_token(SECRET, Role.DINAS, "9999"),
        issue_token(SECRET, Role.DINAS, "13071"),
        jwt.encode({"role": "admin", "sub": "ops", "aud": "cpmi-matcher", "exp": 4102444800}, SECRET, "HS256"),
    ],
    ids=[
        "garbage",
        "wrong-key",
        "expired",
        "empty-subject",
        "path-subject",
        "long-subject",
        "unknown-regency",
        "not-a-regency",
        "unknown-role",
    ],
)
def test_a_bad_token_is_unauthenticated(target: str, token: str, request: pytest.FixtureRequest) -> None:
    with Client(target, token) as caller, pytest.raises(Unauthenticated) as caught:
        caller.get_registration("anyone")
    expected = {"wrong-key": "TOKEN_BAD_SIGNATURE", "expired": "TOKEN_EXPIRED"}
    token_case = request.node.callspec.id.partition("-")[2]  # after the backend's id (conftest.BACKENDS)
    assert caught.value.reason == expected.get(token_case, "TOKEN_INVALID")


def test_the_wrong_role_is_denied_before_anything_is_looked_up(client_for: ClientFor) -> None:
    p3mi = client_for(Role.P3MI, "some-company")
    with pytest.raises(PermissionDenied) as caught:
        p3mi.get_registration("does-not-exist")
    assert caught.value.reason == "ROLE_NOT_ALLOWED"
    dinas = client_for(Role.DINAS, "1307")
    with pytest.raises(PermissionDenied) as caught:
        dinas.submit_registration("does-not-exist")
    assert caught.value.reason == "ROLE_NOT_ALLOWED"


def test_another_candidates_data_is_hidden_like_missing_data(client_for: ClientFor) -> None:
    mallory = client_for(Role.CANDIDATE, "mallory")
    for call in (
        lambda: mallory.registration.get("seed-cpmi"),
        lambda: mallory.registration.get("nobody-at-all"),
        lambda: mallory.registration.get_profile("seed-cpmi"),
        lambda: mallory.registration.submit("seed-cpmi"),
        lambda: mallory.documents.upload("candidates/seed-cpmi", document_pb2.DOCUMENT_KIND_KTP, "k.pdf", b"%PDF-1"),
    ):
        with pytest.raises(NotFound) as caught:
            call()
        assert caught.value.reason == "NOT_FOUND"


def test_documents_are_seen_by_owner_dinas_and_operator_only(client_for: ClientFor, candidate_id: str) -> None:
    owner = client_for(Role.CANDIDATE, candidate_id)
    uploaded = owner.upload_document(
        f"candidates/{candidate_id}", document_pb2.DOCUMENT_KIND_KTP, "k.png", tiny_png(candidate_id)
    )
    assert owner.get_document(uploaded.name).content_type == "image/png"
    assert client_for(Role.OPERATOR, "ops").get_document(uploaded.name).sha256 == uploaded.sha256
    for stranger in (client_for(Role.CANDIDATE, "mallory"), client_for(Role.P3MI, "x"), client_for(Role.DINAS, "1307")):
        with pytest.raises(NotFound):
            stranger.get_document(uploaded.name)
