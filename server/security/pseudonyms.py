"""Pseudonymous candidate ids a P3MI sees before a candidate applies to it.

A pseudonym is the candidate id encrypted deterministically (AES-SIV) with the
company as associated data: the same for one company on every call and every
replica (they share the key), different for every other company, and only
this service can turn it back into the candidate (a company cannot, nor can
two companies match their pseudonyms). A pseudonym given by another company,
or made up, does not decrypt: it names nobody.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

PREFIX = "~"


class SivPseudonyms:
    def __init__(self, secret: bytes) -> None:
        self._cipher = AESSIV(hashlib.sha512(b"cpmi-matcher pseudonyms\x00" + secret).digest())

    def name_for(self, company_id: str, candidate_id: str) -> str:
        sealed = self._cipher.encrypt(candidate_id.encode(), [company_id.encode()])
        return PREFIX + base64.b32encode(sealed).decode().rstrip("=").lower()

    def candidate_for(self, company_id: str, pseudonym: str) -> str | None:
        if not pseudonym.startswith(PREFIX):
            return None
        text = pseudonym[len(PREFIX) :].upper()
        try:
            sealed = base64.b32decode(text + "=" * (-len(text) % 8))
            return self._cipher.decrypt(sealed, [company_id.encode()]).decode()
        except (binascii.Error, ValueError, InvalidTag, UnicodeDecodeError):
            return None
