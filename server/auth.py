"""Bearer tokens: HS256 JWTs in the ``authorization`` metadata naming a role and subject.

Claims: ``role`` (candidate | dinas | p3mi | operator), ``sub`` (candidate id,
regency/city code, company id or operator id), optional ``act`` (the person
acting, e.g. a Dinas officer), ``aud`` and ``exp``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import jwt

from matcher.errors import Reason, Unauthenticated
from matcher.principal import Principal, Role
from matcher.text import Text

AUDIENCE = "cpmi-matcher"


class TokenVerifier:
    def __init__(self, secret: str, audience: str = AUDIENCE) -> None:
        self._secret = secret
        self._audience = audience

    def verify(self, metadata: Sequence[tuple[str, str | bytes]]) -> Principal:
        header = next((str(v) for k, v in metadata if k == "authorization"), "")
        if not header:
            raise Unauthenticated(
                Reason.TOKEN_MISSING,
                Text(id="Token tidak ada (metadata authorization)", en="No bearer token in the authorization metadata"),
            )
        scheme, _, token = header.partition(" ")
        try:
            if scheme.lower() != "bearer" or not token:
                raise jwt.InvalidTokenError("not a bearer token")
            claims = jwt.decode(
                token, self._secret, algorithms=["HS256"], audience=self._audience, options={"require": ["exp", "sub"]}
            )
            return Principal(role=Role(claims["role"]), subject=str(claims["sub"]), actor=str(claims.get("act", "")))
        except (jwt.InvalidTokenError, KeyError, ValueError) as problem:
            raise Unauthenticated(
                Reason.TOKEN_INVALID,
                Text(id=f"Token tidak valid: {problem}", en=f"Invalid token: {problem}"),
            ) from None


def issue_token(secret: str, role: Role, subject: str, *, actor: str = "", ttl_seconds: int = 86400) -> str:
    """A signed token (demo and tests; production tokens come from the SSO)."""
    claims: dict[str, object] = {
        "role": role.value,
        "sub": subject,
        "aud": AUDIENCE,
        "exp": int(time.time()) + ttl_seconds,
    }
    if actor:
        claims["act"] = actor
    return jwt.encode(claims, secret, algorithm="HS256")
