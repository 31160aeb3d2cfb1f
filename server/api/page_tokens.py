"""Opaque page tokens: signed with a server key and bound to the request they continue.

A token carries its format version, a digest of the request's other fields
(parent, filters, view; not page_size, which may change between pages) and
the position to continue after, signed with HMAC-SHA256. Anything else (a
garbled token, one from another filter or parent, a hand-made one, one of
another deployment's key) is INVALID_ARGUMENT ``INVALID_PAGE_TOKEN``.
Replicas sharing the key accept each other's tokens.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from google.protobuf.message import Message

from matcher.errors import FieldViolation, Reason, invalid_fields
from matcher.paging import MAX_PAGE_SIZE, Page, PageRequest, page_request
from matcher.text import Text

TOKEN_VERSION = 1
MAX_POSITION_PARTS = 4
_SIGNATURE_BYTES = 16


class PageTokens:
    def __init__(self, key: bytes) -> None:
        self._key = key

    @property
    def key(self) -> bytes:
        """The signing key (resume tokens of standing queries are signed with it too)."""
        return self._key

    def request(self, message: Message, *, default: int = 50, maximum: int = MAX_PAGE_SIZE) -> PageRequest:
        """The page a List request asks for (its ``page_size`` and ``page_token``)."""
        token: str = getattr(message, "page_token")  # noqa: B009
        after = self._decode(token, _binding(message)) if token else None
        return page_request(getattr(message, "page_size"), after, default=default, maximum=maximum)  # noqa: B009

    def next_token(self, message: Message, page: Page[Any]) -> str:
        """The token for the page after ``page`` of ``message``; empty on the last page."""
        if page.next_after is None:
            return ""
        return self.encode(message, page.next_after)

    def encode(self, message: Message, position: tuple[str, ...]) -> str:
        payload = b64(json.dumps([TOKEN_VERSION, _binding(message), list(position)]).encode())
        return f"{payload}.{b64(self._sign(payload))}"

    def _sign(self, payload: str) -> bytes:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).digest()[:_SIGNATURE_BYTES]

    def _decode(self, token: str, binding: str) -> tuple[str, ...]:
        payload, _, signature = token.partition(".")
        try:
            if not hmac.compare_digest(unb64(signature), self._sign(payload)):
                raise _invalid()
            version, bound_to, position = json.loads(unb64(payload))
        except (ValueError, TypeError, binascii.Error):
            raise _invalid() from None
        if version != TOKEN_VERSION or bound_to != binding:
            raise _invalid()
        if not isinstance(position, list) or len(position) > MAX_POSITION_PARTS:
            raise _invalid()
        if not all(isinstance(part, str) for part in position):
            raise _invalid()
        return tuple(position)


def _binding(message: Message) -> str:
    """A digest of the request without its paging fields."""
    rest = type(message)()
    rest.CopyFrom(message)
    for name in ("page_token", "page_size"):
        rest.ClearField(name)
    digest = hashlib.sha256(message.DESCRIPTOR.full_name.encode() + rest.SerializeToString(deterministic=True))
    return b64(digest.digest()[:12])


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _invalid() -> Exception:
    text = Text(
        id="token halaman tidak valid untuk permintaan ini; mulai lagi tanpa token",
        en="not a valid page token for this request; start again without one",
    )
    return invalid_fields([FieldViolation("page_token", text)], Reason.INVALID_PAGE_TOKEN)
