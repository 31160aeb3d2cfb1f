"""Bearer tokens: HS256 JWTs in the ``authorization`` metadata naming a role and subject.

Claims: ``role`` (candidate | dinas | p3mi | operator), ``sub`` (candidate id,
regency/city code, company id or operator id), optional ``act`` (the person
acting, e.g. a Dinas officer), ``aud`` and ``exp``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence

import jwt

from matcher.errors import Reason, Unauthenticated
from matcher.principal import Principal, Role, subject_problem
from matcher.text import Text

AUDIENCE = "cpmi-matcher"


# Verified tokens are remembered (up to this many) so a client sending the same token on
# every call pays the HMAC and claim checks once; expiry is still checked on each call.
CACHE_SIZE = 10_000


class TokenVerifier:
    def __init__(self, secret: str, audience: str = AUDIENCE) -> None:
        self._secret = secret
        self._audience = audience
        self._verified: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def verify(self, metadata: Sequence[tuple[str, str | bytes]]) -> Principal:
        header = next((str(v) for k, v in metadata if k == "authorization"), "")
        if not header:
            raise Unauthenticated(
                Reason.TOKEN_MISSING,
                Text(id="Token tidak ada (metadata authorization)", en="No bearer token in the authorization metadata"),
            )
        scheme, _, token = header.partition(" ")
        with self._lock:
            known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            return known[0]
        principal, expires = self._decode(scheme, token)
        with self._lock:
            self._verified[token] = (principal, expires)
            if len(self._verified) > CACHE_SIZE:
                self._verified.popitem(last=False)
        return principal

    def _decode(self, scheme: str, token: str) -> tuple[Principal, float]:
        try:
            if scheme.lower() != "bearer" or not token:
                raise jwt.InvalidTokenError("not a bearer token")
            claims = jwt.decode(
                token, self._secret, algorithms=["HS256"], audience=self._audience, options={"require": ["exp", "sub"]}
            )
            principal = Principal(
                role=Role(claims["role"]), subject=str(claims["sub"]), actor=str(claims.get("act", ""))
            )
            problem = subject_problem(principal.role, principal.subject)
            if problem:
                raise jwt.InvalidTokenError(f"subject is {problem}")
            return principal, float(claims["exp"])
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
