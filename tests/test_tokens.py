"""Tokens as an identity provider issues them: RS256 and ES256 verified against its published
keys (a JWKS file or URL, selected by kid, refreshed), issuer and audience checked, exp a
number, clock skew allowed; keys rotate with two live at once; Bearer on every call; a
refusal names the failed check in our words and echoes nothing."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import jwt
import pytest
from cpmi_client import Client, NotFound
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from matcher.clock import FixedClock
from server.app import App, start
from server.cli import demo_tokens
from server.security.tokens import issue_token
from server.settings import DEMO_SECRET
from tests.cluster import reason_and_retry, refusal
from tests.conftest import NOW, SECRET, make_settings

ISSUER = "https://sso.kemnaker.example/realms/karirhub"
AUDIENCE = "cpmi-matcher"


class Signer:
    """A key of the identity provider: signs tokens, publishes its public half."""

    def __init__(self, kid: str, algorithm: str) -> None:
        self.kid, self.algorithm = kid, algorithm
        self.private = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if algorithm == "RS256"
            else ec.generate_private_key(ec.SECP256R1())
        )

    def public_jwk(self) -> dict[str, Any]:
        algorithm = jwt.get_algorithm_by_name(self.algorithm)
        jwk: dict[str, Any] = json.loads(algorithm.to_jwk(self.private.public_key()))
        return jwk | {"kid": self.kid, "alg": self.algorithm, "use": "sig"}

    def token(self, **claims: Any) -> str:
        body = {"role": "operator", "sub": "ops", "iss": ISSUER, "aud": AUDIENCE, "exp": time.time() + 600} | claims
        body = {k: v for k, v in body.items() if v is not None}
        return jwt.encode(body, self.private, algorithm=self.algorithm, headers={"kid": self.kid})


RSA_1, RSA_2, EC_1 = Signer("rsa-2026-1", "RS256"), Signer("rsa-2026-2", "RS256"), Signer("ec-2026-1", "ES256")


def publish(path: Path, *signers: Signer) -> None:
    path.write_text(json.dumps({"keys": [s.public_jwk() for s in signers]}))


@pytest.fixture(scope="module")
def jwks_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("idp") / "jwks.json"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, jwks_file: Path) -> Iterator[App]:
    publish(jwks_file, RSA_1, EC_1)
    settings = make_settings(tmp_path_factory.mktemp("tokens"))
    settings.jwks, settings.jwt_issuer, settings.jwks_refresh_seconds = str(jwks_file), ISSUER, 1.0
    app = start(settings, FixedClock(NOW))
    yield app
    app.stop()


def answer(app: App, token: str, scheme: str = "Bearer") -> str:
    """OK, or the reason of the refusal (after checking the message echoes nothing)."""
    refused = refusal(f"127.0.0.1:{app.port}", (("authorization", f"{scheme} {token}"),))
    if refused is None:
        return "OK"
    assert refused.code() is grpc.StatusCode.UNAUTHENTICATED, refused
    message = refused.details() or ""
    for echoed in (ISSUER, "someone-else", "Signature", "signature verification", "ops", token[:20]):
        assert echoed not in message, message
    return reason_and_retry(refused)[0]


def test_rs256_and_es256_tokens_verify_against_the_published_keys(server: App) -> None:
    assert answer(server, RSA_1.token()) == "OK"
    assert answer(server, EC_1.token()) == "OK"


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"exp": lambda: time.time() - 120}, "TOKEN_EXPIRED"),
        ({"nbf": lambda: time.time() + 600}, "TOKEN_NOT_YET_VALID"),
        ({"iss": "https://evil.example/"}, "TOKEN_WRONG_ISSUER"),
        ({"iss": None}, "TOKEN_WRONG_ISSUER"),
        ({"aud": "someone-else"}, "TOKEN_WRONG_AUDIENCE"),
        ({"exp": None}, "TOKEN_INVALID"),
        ({"exp": lambda: str(int(time.time()) + 600)}, "TOKEN_INVALID"),
        ({"role": "admin"}, "TOKEN_INVALID"),
        ({"sub": "ops/../x"}, "TOKEN_INVALID"),
    ],
    ids=["expired", "not-yet", "wrong-issuer", "no-issuer", "wrong-audience", "no-exp", "exp-text", "role", "sub"],
)
def test_each_failed_check_has_its_own_reason(server: App, claims: dict[str, Any], reason: str) -> None:
    # Times are taken when the test runs, not when it is collected (a long run outlives +600 s).
    claims = {name: value() if callable(value) else value for name, value in claims.items()}
    assert answer(server, RSA_1.token(**claims)) == reason


def test_a_small_clock_skew_is_allowed(server: App) -> None:
    assert answer(server, RSA_1.token(exp=time.time() - 10, iat=time.time() + 10)) == "OK"


def test_a_signature_from_a_key_we_do_not_hold_or_an_algorithm_we_do_not_take_is_refused(server: App) -> None:
    stranger = Signer(RSA_1.kid, "RS256")  # the right kid, the wrong key
    assert answer(server, stranger.token()) == "TOKEN_BAD_SIGNATURE"
    assert answer(server, Signer("unknown-kid", "RS256").token()) == "TOKEN_BAD_SIGNATURE"
    unsigned = jwt.encode(
        {"role": "operator", "sub": "ops", "iss": ISSUER, "aud": AUDIENCE, "exp": 4102444800}, "", "none"
    )
    assert answer(server, unsigned) == "TOKEN_BAD_SIGNATURE"
    assert answer(server, "not.a.jwt") == "TOKEN_INVALID"


def test_the_scheme_is_bearer_on_every_call_even_for_a_token_already_verified(server: App) -> None:
    token = RSA_1.token()
    assert answer(server, token) == "OK"
    assert answer(server, token, scheme="Basic") == "TOKEN_MISSING"
    assert answer(server, token, scheme="Token") == "TOKEN_MISSING"


def test_keys_rotate_with_two_live_at_once_and_the_old_one_retires(server: App, jwks_file: Path) -> None:
    old = RSA_1.token()
    assert answer(server, old) == "OK"
    publish(jwks_file, RSA_1, RSA_2, EC_1)  # the provider adds its next key
    time.sleep(1.1)  # unknown keys are looked for at most once a refresh interval (1 s here)
    assert answer(server, RSA_2.token()) == "OK", "a new kid makes the server read the keys again"
    assert answer(server, old) == "OK", "both keys verify meanwhile"
    publish(jwks_file, RSA_2, EC_1)  # the old key is retired
    time.sleep(1.2)  # the refresh interval of this server
    assert answer(server, old) == "TOKEN_BAD_SIGNATURE", "a retired key stops verifying, cached or not"
    assert answer(server, RSA_2.token()) == "OK"


def test_a_service_acts_for_a_candidate_and_only_for_them(server: App) -> None:
    acting = EC_1.token(role="service", sub="karirhub-web", on_behalf_of="cand-svc-1")
    with Client(f"127.0.0.1:{server.port}", acting) as karirhub:
        with pytest.raises(NotFound):
            karirhub.get_registration("cand-svc-1")  # as that candidate: theirs, not yet made
        with pytest.raises(NotFound):  # another candidate's: hidden like a missing one
            karirhub.get_registration("cand-svc-2")
    assert answer(server, EC_1.token(role="service", sub="karirhub-web")) == "TOKEN_INVALID", "names nobody"


def test_the_keys_can_come_from_a_url(tmp_path: Path) -> None:
    publish(tmp_path / "jwks.json", EC_1)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    idp = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=idp.serve_forever, daemon=True).start()
    settings = make_settings(tmp_path / "app")
    settings.jwks = f"http://127.0.0.1:{idp.server_address[1]}/jwks.json"
    settings.jwt_issuer = ISSUER
    app = start(settings, FixedClock(NOW))
    try:
        assert answer(app, EC_1.token()) == "OK"
        assert answer(app, issue_token(SECRET, "operator", "ops")) == "OK", "HS256 still verifies with the secret"
    finally:
        app.stop()
        idp.shutdown()


def test_serve_demo_prints_tokens_only_when_the_server_takes_the_demo_key() -> None:
    assert len(demo_tokens(DEMO_SECRET)) == 4
    assert demo_tokens("a-real-deployment-key-0123456789-0123456789") == []
    assert demo_tokens("") == [], "verified by a JWKS: no HS256 token is valid at all"
