"""Bytes that are not a request: the refusal that says so, and one log line per client.

grpcio's own deserializer answers such bytes with INTERNAL and a traceback per call;
the edge parses them itself and refuses them as INVALID_ARGUMENT ``MALFORMED_REQUEST``.
When the cause is a string field whose bytes are not UTF-8, a walk of the wire format
names that field, so the caller learns which one.
"""

from __future__ import annotations

import logging
import threading
import time

from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from matcher.errors import DomainError, FieldViolation, InvalidArgument, Reason, invalid_fields
from matcher.text import Text

log = logging.getLogger("cpmi.edge")

# The wire walker that names a field with invalid UTF-8 stops this deep.
MAX_DIAGNOSIS_DEPTH = 64
MALFORMED_LOG_INTERVAL_SECONDS = 60.0


def malformed_request(method: str, raw: bytes) -> DomainError:
    """MALFORMED_REQUEST, naming the string field that is not UTF-8 when that is the cause."""
    descriptor = _request_descriptor(method)
    field = invalid_utf8_field(descriptor, raw) if descriptor is not None else None
    if field:
        text = Text(id="bukan teks UTF-8 yang valid", en="is not valid UTF-8")
        return invalid_fields([FieldViolation(field, text)], Reason.MALFORMED_REQUEST)
    return InvalidArgument(
        Reason.MALFORMED_REQUEST,
        Text(
            id="Isi permintaan bukan pesan yang valid untuk metode ini",
            en="The request bytes are not a valid message for this method",
        ),
        metadata={"method": method},
    )


def _request_descriptor(method: str) -> Descriptor | None:
    service, _, name = method.strip("/").rpartition("/")
    try:
        found = descriptor_pool.Default().FindServiceByName(service).methods_by_name.get(name)
    except KeyError:
        return None
    return found.input_type if found is not None else None


def invalid_utf8_field(descriptor: Descriptor, data: bytes, prefix: str = "", depth: int = 0) -> str | None:
    """The path of the first string field in ``data`` whose bytes are not UTF-8, if any."""
    if depth > MAX_DIAGNOSIS_DEPTH:
        return None
    position = 0
    try:
        while position < len(data):
            key, position = _varint(data, position)
            number, wire_type = key >> 3, key & 7
            if wire_type == 0:
                _, position = _varint(data, position)
            elif wire_type in (1, 5):
                position += 8 if wire_type == 1 else 4
            elif wire_type == 2:
                length, position = _varint(data, position)
                chunk, position = data[position : position + length], position + length
                found = _check_chunk(descriptor.fields_by_number.get(number), chunk, prefix, depth)
                if found:
                    return found
            else:
                return None
    except IndexError:
        return None
    return None


def _check_chunk(field: FieldDescriptor | None, chunk: bytes, prefix: str, depth: int) -> str | None:
    if field is None:
        return None
    path = f"{prefix}{field.name}"
    if field.type == FieldDescriptor.TYPE_STRING:
        try:
            chunk.decode("utf-8")
        except UnicodeDecodeError:
            return path
    elif field.type == FieldDescriptor.TYPE_MESSAGE:
        return invalid_utf8_field(field.message_type, chunk, f"{path}.", depth + 1) if field.message_type else None
    return None


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position
        shift += 7
        if shift > 63:
            raise IndexError("varint too long")


class MalformedLog:
    """One log line per client per interval for undecodable requests, never a traceback."""

    def __init__(self, interval: float = MALFORMED_LOG_INTERVAL_SECONDS) -> None:
        self._interval = interval
        self._last: dict[str, float] = {}
        self._suppressed: dict[str, int] = {}
        self._lock = threading.Lock()

    def note(self, method: str, peer: str) -> None:
        client = peer.rpartition(":")[0] or peer  # the address without the port
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(client, -self._interval) < self._interval:
                self._suppressed[client] = self._suppressed.get(client, 0) + 1
                return
            suppressed = self._suppressed.pop(client, 0)
            self._last[client] = now
            if len(self._last) > 10_000:
                self._last.clear()
        log.warning("malformed request to %s from %s (%d more suppressed)", method, client, suppressed)
