"""Resume tokens of standing eligibility queries: the set the client knows, signed.

A token holds its format, what it watches (the kind and the watched name, as a
digest) and the positions of the members the client knows after the message that
carried it (a roaring bitmap, compressed), signed with the key page tokens use,
so every replica sharing that key continues any other's stream. A token of
another watch, a garbled or hand-made one is INVALID_ARGUMENT ``INVALID_PAGE_TOKEN``
naming ``resume_token``.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import zlib

from pyroaring import BitMap

from matcher.errors import FieldViolation, Reason, invalid_fields
from matcher.text import Text
from server.api.page_tokens import b64, unb64

FORMAT = b"\x01"
_BINDING_BYTES = 12
_SIGNATURE_BYTES = 16


class WatchTokens:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def encode(self, kind: str, watched: str, known: BitMap) -> str:
        payload = FORMAT + _binding(kind, watched) + zlib.compress(known.serialize(), 1)
        signature = hmac.new(self._key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
        return b64(signature + payload)

    def decode(self, kind: str, watched: str, token: str) -> BitMap:
        try:
            raw = unb64(token)
            signature, payload = raw[:_SIGNATURE_BYTES], raw[_SIGNATURE_BYTES:]
            expected = hmac.new(self._key, payload, hashlib.sha256).digest()[:_SIGNATURE_BYTES]
            if not hmac.compare_digest(signature, expected):
                raise _invalid()
            if payload[:1] != FORMAT or payload[1 : 1 + _BINDING_BYTES] != _binding(kind, watched):
                raise _invalid()
            return BitMap.deserialize(zlib.decompress(payload[1 + _BINDING_BYTES :]))
        except (ValueError, binascii.Error, zlib.error):
            raise _invalid() from None


def _binding(kind: str, watched: str) -> bytes:
    return hashlib.sha256(f"{kind}\x00{watched}".encode()).digest()[:_BINDING_BYTES]


def _invalid() -> Exception:
    text = Text(
        id="token lanjutan tidak valid untuk pemantauan ini; mulai lagi tanpa token",
        en="not a valid resume token for this watch; start again without one",
    )
    return invalid_fields([FieldViolation("resume_token", text)], Reason.INVALID_PAGE_TOKEN)
