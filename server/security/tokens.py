"""Bearer tokens: JWTs in the ``authorization`` metadata naming a role and a subject.

Verified against the identity provider's published keys (RS256 or ES256, a
JWKS selected by ``kid``; server/security/jwks.py) or, for the embedded default, an
HS256 secret. Claims: ``role`` (candidate | dinas | p3mi | operator |
service), ``sub`` (candidate id, regency/city code, company id, operator or
service id), optional ``act`` (the person acting, e.g. a Dinas officer),
``aud`` (checked), ``iss`` (checked when one is configured), ``exp`` (required,
a number), ``nbf``/``iat`` (honoured, with a configurable clock skew).

A ``service`` token is a frontend's backend (Karirhub) acting for one of its
users: it names the candidate in ``on_behalf_of`` and is authorised as that
candidate, with the service recorded as the actor.

An UNAUTHENTICATED answer says which check failed in our own words and never
echoes a claim or a library's message back.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jwt

from matcher.errors import Reason, Unauthenticated
from matcher.principal import Principal, Role, subject_problem
from matcher.text import Text
from server.security.caller_limits import RatesByKind, too_many_requests
from server.security.jwks import ASYMMETRIC, JwksKeys

AUDIENCE = "cpmi-matcher"
SERVICE_ROLE = "service"

# Verified tokens are remembered (up to this many) so a client sending the same token on
# every call pays the signature and claim checks once; expiry is still checked on each call,
# and a change of the published keys forgets them all.
CACHE_SIZE = 10_000


@dataclass(frozen=True)
class TokenRules:
    secret: str = ""  # HS256 (the embedded default); empty: none accepted
    jwks: JwksKeys | None = None
    audience: str = AUDIENCE
    issuer: str = ""  # empty: not checked
    leeway_seconds: float = 30.0


_FAILURES: dict[Reason, Text] = {
    Reason.TOKEN_MISSING: Text(
        id="Token tidak ada: kirim metadata authorization 'Bearer <token>'",
        en="No token: send the authorization metadata 'Bearer <token>'",
    ),
    Reason.TOKEN_INVALID: Text(
        id="Token tidak dapat dibaca atau klaimnya tidak lengkap", en="The token is malformed or misses a claim"
    ),
    Reason.TOKEN_EXPIRED: Text(id="Token sudah kedaluwarsa", en="The token has expired"),
    Reason.TOKEN_NOT_YET_VALID: Text(id="Token belum berlaku", en="The token is not valid yet"),
    Reason.TOKEN_WRONG_ISSUER: Text(
        id="Token diterbitkan oleh penerbit yang tidak dikenal", en="The token comes from an issuer we do not trust"
    ),
    Reason.TOKEN_WRONG_AUDIENCE: Text(
        id="Token tidak ditujukan untuk layanan ini", en="The token is not meant for this service"
    ),
    Reason.TOKEN_BAD_SIGNATURE: Text(
        id="Tanda tangan token tidak sah", en="The token's signature does not verify against our keys"
    ),
}


def refused(reason: Reason) -> Unauthenticated:
    return Unauthenticated(reason, _FAILURES[reason])


class TokenVerifier:
    def __init__(self, rules: TokenRules, limiter: RatesByKind | None = None) -> None:
        self._rules = rules
        self._limiter = limiter or RatesByKind({})
        self._verified: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._keys_version = rules.jwks.version if rules.jwks else 0
        self._lock = threading.Lock()

    def admit(self, metadata: Sequence[tuple[str, str | bytes]]) -> Principal:
        """The verified caller, if it is within its rate (RESOURCE_EXHAUSTED otherwise)."""
        principal = self.verify(metadata)
        wait = self._limiter.admit(principal)
        if wait > 0:
            raise too_many_requests(wait)
        return principal

    def verify(self, metadata: Sequence[tuple[str, str | bytes]]) -> Principal:
        header = next((str(v) for k, v in metadata if k == "authorization"), "")
        if not header:
            raise refused(Reason.TOKEN_MISSING)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():  # before the cache: Bearer on every call
            raise refused(Reason.TOKEN_MISSING)
        token = token.strip()
        with self._lock:
            self._forget_if_keys_changed()
            known = self._verified.get(token)
        if known is not None and known[1] > time.time():
            return known[0]
        principal, expires = self._decode(token)
        with self._lock:
            self._verified[token] = (principal, expires)
            if len(self._verified) > CACHE_SIZE:
                self._verified.popitem(last=False)
        return principal

    def _forget_if_keys_changed(self) -> None:
        jwks = self._rules.jwks
        if jwks is not None and jwks.version != self._keys_version:
            self._verified.clear()
            self._keys_version = jwks.version

    def _decode(self, token: str) -> tuple[Principal, float]:
        rules = self._rules
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise refused(Reason.TOKEN_INVALID) from None
        algorithm, key = self._key(header)
        # The issuer is the identity provider's: HS256 tokens are our own (demo, `token`).
        issuer = rules.issuer if algorithm in ASYMMETRIC else ""
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=rules.audience,
                issuer=issuer or None,
                leeway=rules.leeway_seconds,
                options={"require": ["exp", "sub"], "verify_iss": bool(issuer)},
            )
        except jwt.ExpiredSignatureError:
            raise refused(Reason.TOKEN_EXPIRED) from None
        except jwt.ImmatureSignatureError:
            raise refused(Reason.TOKEN_NOT_YET_VALID) from None
        except jwt.InvalidIssuerError:
            raise refused(Reason.TOKEN_WRONG_ISSUER) from None
        except jwt.InvalidAudienceError:
            raise refused(Reason.TOKEN_WRONG_AUDIENCE) from None
        except jwt.InvalidSignatureError:
            raise refused(Reason.TOKEN_BAD_SIGNATURE) from None
        except jwt.MissingRequiredClaimError as missing:
            absent = {"iss": Reason.TOKEN_WRONG_ISSUER, "aud": Reason.TOKEN_WRONG_AUDIENCE}
            raise refused(absent.get(missing.claim, Reason.TOKEN_INVALID)) from None
        except jwt.PyJWTError:
            raise refused(Reason.TOKEN_INVALID) from None
        return _principal(claims), float(claims["exp"])

    def _key(self, header: dict[str, Any]) -> tuple[str, Any]:
        """The algorithm and key a token's header asks for, if we accept that pairing."""
        algorithm = header.get("alg")
        if algorithm == "HS256" and self._rules.secret:
            return algorithm, self._rules.secret
        if algorithm in ASYMMETRIC and self._rules.jwks is not None:
            kid = header.get("kid")
            key = self._rules.jwks.key(kid if isinstance(kid, str) else None)
            if key is not None and key.algorithm_name == algorithm:
                return algorithm, key.key
        # An algorithm we do not take, or a key we do not hold: nothing it says can be trusted.
        raise refused(Reason.TOKEN_BAD_SIGNATURE)


def _principal(claims: dict[str, Any]) -> Principal:
    exp, role, subject = claims.get("exp"), claims.get("role"), claims.get("sub")
    if not isinstance(exp, int | float) or isinstance(exp, bool) or not isinstance(subject, str):
        raise refused(Reason.TOKEN_INVALID)
    actor = claims.get("act", "")
    if role == SERVICE_ROLE:
        # The service is authorised as the candidate it acts for, and recorded as the actor.
        candidate = claims.get("on_behalf_of")
        if not isinstance(candidate, str) or subject_problem(Role.CANDIDATE, candidate):
            raise refused(Reason.TOKEN_INVALID)
        role, actor, subject = Role.CANDIDATE.value, f"{SERVICE_ROLE}:{subject}", candidate
    try:
        principal = Principal(role=Role(str(role)), subject=subject, actor=str(actor))
    except ValueError:
        raise refused(Reason.TOKEN_INVALID) from None
    if subject_problem(principal.role, principal.subject):
        raise refused(Reason.TOKEN_INVALID)
    return principal


def issue_token(
    secret: str,
    role: Role | str,
    subject: str,
    *,
    actor: str = "",
    ttl_seconds: int = 86400,
    on_behalf_of: str = "",
) -> str:
    """An HS256 token (demo and tests; production tokens come from the identity provider)."""
    claims: dict[str, object] = {
        "role": role.value if isinstance(role, Role) else role,
        "sub": subject,
        "aud": AUDIENCE,
        "exp": int(time.time()) + ttl_seconds,
    }
    if actor:
        claims["act"] = actor
    if on_behalf_of:
        claims["on_behalf_of"] = on_behalf_of
    return jwt.encode(claims, secret, algorithm="HS256")
