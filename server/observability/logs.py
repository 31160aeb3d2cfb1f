"""The process's logs: one JSON object a line (structlog), written by a background thread.

Every record, ours and the libraries', goes through a bounded queue to a
listener thread that formats and writes it, so a request never waits on a
write; when the queue is full a record is dropped and counted (never a
blocked call). ``CPMI_LOG_FORMAT=text`` keeps plain lines for a terminal.
Every call gets one ``cpmi.access`` line: request id, method, the caller's
role, a keyed hash of the caller's subject (``caller``: the same person's calls correlate,
and no one without the log key learns who it was), the answer's code and the latency (no
token, no personal number),
written by a cheaper path of its own (``AccessLog``): a log record per call
cost a third of CheckEligibility's throughput.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import logging.handlers
import queue
import sys
import time
from datetime import UTC, datetime
from typing import Any, TextIO

import structlog

from server.observability.background import BackgroundQueue

QUEUE_SIZE = 10_000


class DroppingQueueHandler(logging.handlers.QueueHandler):
    """Enqueues without waiting; a full queue drops the record and counts it."""

    dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            DroppingQueueHandler.dropped += 1

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        return record  # formatted by the listener's handler, off the request path


def configure(json_lines: bool = True) -> logging.handlers.QueueListener:
    """Route every log record through the queue to standard error, and the access log to
    standard error too; returns the running listener."""
    global access_log
    access_log = AccessLog(sys.stderr)
    shared: list[Any] = [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any = structlog.processors.JSONRenderer() if json_lines else structlog.dev.ConsoleRenderer(colors=False)
    writer = logging.StreamHandler(sys.stderr)
    writer.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
            foreign_pre_chain=shared,
        )
    )
    records: queue.Queue[logging.LogRecord] = queue.Queue(QUEUE_SIZE)
    root = logging.getLogger()
    root.handlers[:] = [DroppingQueueHandler(records)]
    root.setLevel(logging.INFO)
    listener = logging.handlers.QueueListener(records, writer, respect_handler_level=False)
    listener.start()
    return listener


class AccessLog:
    """One JSON line per call, off the request path and cheaper than a log record: the call
    queues a tuple; a writer thread formats a batch and writes it at once."""

    def __init__(self, sink: TextIO | None, capacity: int = QUEUE_SIZE, flush_seconds: float = 0.2) -> None:
        self._sink = sink
        self.callers = CallerHashes(b"")
        self._queue: BackgroundQueue[tuple[float, str, str, str, str, float, str]] | None = None
        if sink is not None:
            self._queue = BackgroundQueue("cpmi-access-log", self._write, capacity, flush_seconds)

    def record(self, method: str, role: str, subject: str, code: str, seconds: float, request_id: str) -> None:
        if self._queue is not None:
            self._queue.offer((time.time(), method, role, subject, code, seconds, request_id))

    @property
    def dropped(self) -> int:
        return self._queue.dropped if self._queue is not None else 0

    def close(self) -> None:
        if self._queue is not None:
            self._queue.close()

    def _write(self, calls: list[tuple[float, str, str, str, str, float, str]]) -> None:
        assert self._sink is not None
        text = "".join(
            access_line(at, method, role, self.callers.of(subject), code, seconds, request_id)
            for at, method, role, subject, code, seconds, request_id in calls
        )
        if text:
            self._sink.write(text)
            self._sink.flush()


class CallerHashes:
    """A subject as the access log writes it: HMAC-SHA256 under the deployment's log key
    (``CPMI_LOG_SECRET``, shared by replicas so their lines correlate), 16 hex digits;
    computed on the writer thread, remembered for the callers seen lately."""

    def __init__(self, key: bytes, remembered: int = 100_000) -> None:
        self._key = key
        self._remembered = remembered
        self._known: dict[str, str] = {}

    def of(self, subject: str) -> str:
        if not subject:
            return ""
        found = self._known.get(subject)
        if found is None:
            if len(self._known) >= self._remembered:
                self._known.clear()
            found = hmac.new(self._key, subject.encode(), hashlib.sha256).hexdigest()[:16]
            self._known[subject] = found
        return found


_quoted = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str (C)
_stamps: dict[int, str] = {}


def access_line(at: float, method: str, role: str, caller: str, code: str, seconds: float, request_id: str) -> str:
    """One call's line, the same text json.dumps gives for its object, put together without
    building the object: the writer thread shares the GIL with the calls it logs."""
    second = int(at)
    micros = round((at - second) * 1e6)  # as datetime.fromtimestamp rounds
    if micros >= 1_000_000:
        second, micros = second + 1, micros - 1_000_000
    stamp = _stamps.get(second)
    if stamp is None:
        _stamps.clear()
        stamp = _stamps[second] = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    millis = micros // 1000
    return (
        '{"event": "call", "level": "info", "logger": "cpmi.access", '
        f'"timestamp": "{stamp}.{millis:03d}+00:00", "method": {_quoted(method)}, "role": {_quoted(role)}, '
        f'"caller": {_quoted(caller)}, "code": {_quoted(code)}, "latency_ms": {round(seconds * 1000, 3)!r}, "request_id": {_quoted(request_id)}}}\n'
    )


# The process's access log; `serve` points it at standard error (server.observability.logs.configure).
access_log = AccessLog(None)


def dropped() -> int:
    """Log records and access lines dropped because their queue was full."""
    return DroppingQueueHandler.dropped + access_log.dropped


def log_call(method: str, role: str, subject: str, code: str, seconds: float, request_id: str) -> None:
    access_log.record(method, role, subject, code, seconds, request_id)


def use_caller_key(key: bytes) -> None:
    """The deployment's log key, for the access lines' ``caller`` hashes."""
    access_log.callers = CallerHashes(key)
