"""The thread that keeps the read model's eligibility sets ready (matcher/read_model/_keeping.py):
a new day, a newly activated policy, built beside the view in use and published whole;
queries keep answering from the old view, or pair by pair when there is none yet,
meanwhile. It wakes every second, and at once when a policy changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from matcher.read_model import Moved

log = logging.getLogger("cpmi.index.sets")

INTERVAL_SECONDS = 1.0


class SetsKeeper:
    def __init__(self, keep_current: Callable[[], None]) -> None:
        self._keep_current = keep_current
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def heard(self, moved: Moved) -> None:
        """The read model's listener: a policy change wakes the keeper at once."""
        if moved.policies:
            self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="cpmi-sets", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(INTERVAL_SECONDS)
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self._keep_current()
            except Exception:  # a bug here must not stop the keeper: lists fall back meanwhile
                log.exception("eligibility sets could not be prepared")
