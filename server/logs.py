"""The process's logs: one JSON object a line (structlog), written by a background thread.

Every record, ours and the libraries', goes through a bounded queue to a
listener thread that formats and writes it, so a request never waits on a
write; when the queue is full a record is dropped and counted (never a
blocked call). ``CPMI_LOG_FORMAT=text`` keeps plain lines for a terminal.
Every call gets one ``cpmi.access`` line: request id, method, the caller's
role, the answer's code and the latency (no token, no personal number).
"""

from __future__ import annotations

import logging
import logging.handlers
import queue
import sys
from typing import Any

import structlog

QUEUE_SIZE = 10_000

access = logging.getLogger("cpmi.access")


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
    """Route every log record through the queue to standard error; returns the running listener."""
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


def log_call(method: str, role: str, code: str, seconds: float, request_id: str) -> None:
    """One line per call (skipped cheaply when access logging is off)."""
    if access.isEnabledFor(logging.INFO):
        access.info(
            "call",
            extra={
                "method": method,
                "role": role,
                "code": code,
                "latency_ms": round(seconds * 1000, 3),
                "request_id": request_id,
            },
        )
