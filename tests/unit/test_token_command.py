"""`cpmi-matcher token --demo` mints a token signed with the demo key, the one `serve --demo`
(make serve) verifies tokens with when no key is configured."""

from __future__ import annotations

import jwt
import pytest

from server.cli import main
from server.security.tokens import AUDIENCE
from server.settings import DEMO_SECRET


def test_the_demo_token_is_signed_with_the_demo_servers_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CPMI_JWT_SECRET", raising=False)
    main(["token", "--demo", "--role", "p3mi", "--subject", "pt-maju-jaya", "--actor", "budi"])
    claims = jwt.decode(capsys.readouterr().out.strip(), DEMO_SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert (claims["role"], claims["sub"], claims["act"]) == ("p3mi", "pt-maju-jaya", "budi")


def test_without_a_key_or_demo_it_says_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CPMI_JWT_SECRET", raising=False)
    with pytest.raises(SystemExit, match="--demo"):
        main(["token", "--role", "operator", "--subject", "ops"])
