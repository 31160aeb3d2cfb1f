"""Signing keys an identity provider publishes (a JWKS), from a file or a URL, remembered and
refreshed so keys rotate without downtime.

The set is read again every ``refresh_seconds`` by a background thread (never on
a request's path, and also while every caller's token is already verified and
remembered) and when a token names a
key id the set does not hold (a key just added by the provider), at most once
every ``MIN_REFRESH_SECONDS`` (or the refresh interval, if shorter), however
many tokens name unknown keys. While the provider publishes the old and the new
key together, tokens signed by either verify; a key it stops publishing stops
verifying at the next refresh. A set that cannot be read keeps the last good
one (logged), so a provider's hiccup does not lock every caller out.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import jwt

log = logging.getLogger("cpmi.auth")

MIN_REFRESH_SECONDS = 5.0
# Algorithms a published key may be used with: RSA and P-256 ECDSA signatures.
ASYMMETRIC = ("RS256", "ES256")


class JwksKeys:
    def __init__(self, where: str, refresh_seconds: float = 300.0) -> None:
        self._where = where
        self._refresh_seconds = refresh_seconds
        self._lock = threading.Lock()
        self._keys: dict[str, jwt.PyJWK] = {}
        self._published = ""
        self._unknown_tried_at = -MIN_REFRESH_SECONDS
        self.version = 0
        self._refresh()
        if not self._keys:
            raise SystemExit(f"no usable signing keys in the JWKS at {where}")
        self._stopping = threading.Event()
        self._refresher = threading.Thread(target=self._keep_fresh, name="cpmi-jwks", daemon=True)
        self._refresher.start()

    def close(self) -> None:
        self._stopping.set()
        self._refresher.join(timeout=5)

    def _keep_fresh(self) -> None:
        while not self._stopping.wait(self._refresh_seconds):
            self._refresh()

    def key(self, kid: str | None) -> jwt.PyJWK | None:
        """The key a token names (or the only key, for a token naming none)."""
        found = self._lookup(kid)
        if found is None and kid is not None:
            self._refresh(unknown=True)
            found = self._lookup(kid)
        return found

    def _lookup(self, kid: str | None) -> jwt.PyJWK | None:
        with self._lock:
            if kid is None:
                return next(iter(self._keys.values())) if len(self._keys) == 1 else None
            return self._keys.get(kid)

    def _refresh(self, *, unknown: bool = False) -> None:
        now = time.monotonic()
        with self._lock:
            if unknown and now - self._unknown_tried_at < min(MIN_REFRESH_SECONDS, self._refresh_seconds):
                return
            if unknown:  # tokens naming unknown keys must not make us fetch on every call
                self._unknown_tried_at = now
        try:
            document = self._read()
            keys = _parse(document)
        except (OSError, ValueError) as error:
            log.warning("JWKS at %s unreadable, keeping the last good keys: %s", self._where, type(error).__name__)
            return
        published = json.dumps(document, sort_keys=True)
        with self._lock:
            if published != self._published:  # a key added, withdrawn or replaced under its kid
                self.version += 1
            self._keys, self._published = keys, published

    def _read(self) -> Any:
        if self._where.startswith(("https://", "http://")):
            with urllib.request.urlopen(self._where, timeout=5) as answer:
                return json.loads(answer.read())
        return json.loads(Path(self._where).read_text(encoding="utf-8"))


def _parse(document: Any) -> dict[str, jwt.PyJWK]:
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: dict[str, jwt.PyJWK] = {}
    for entry in document["keys"]:
        try:
            key = jwt.PyJWK(entry)
        except jwt.PyJWTError:
            continue  # a key type we do not use (e.g. an encryption key) is skipped
        if key.algorithm_name in ASYMMETRIC and key.key_id:
            keys[key.key_id] = key
    return keys
