"""An idle watch stream holds no thread: past the thread pool the storage reads use, more
open watches add no thread to the server."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from cpmi_client import Client

from matcher.clock import FixedClock
from matcher.principal import Role
from server.app import start
from server.security.tokens import issue_token
from tests.conftest import NOW, SECRET, make_settings


def test_more_idle_watches_add_no_thread(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    settings.max_watchers = settings.max_watchers_per_caller = 400
    app = start(settings, FixedClock(NOW))
    try:
        with Client(f"127.0.0.1:{app.port}", issue_token(SECRET, Role.OPERATOR, "ops")) as client:
            first = [client.watch_applications(f"companies/pt-{i}", timeout=60) for i in range(100)]
            time.sleep(1.0)
            with_100 = threading.active_count()
            more = [client.watch_applications(f"companies/pt-more-{i}", timeout=60) for i in range(200)]
            time.sleep(1.0)
            with_300 = threading.active_count()
            assert len(app.runtime.hub) == 300, "every watch is open"
            for watch in first + more:
                watch.cancel()
        print(f"\nserver and client threads with 100 / 300 open watches: {with_100} / {with_300}")
        assert with_300 - with_100 <= 4, (with_100, with_300)
    finally:
        app.stop()
