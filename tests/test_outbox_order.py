"""On a real PostgreSQL, writers take outbox positions without waiting for each other, and the
reader still passes positions only in commit order: a later position committed first waits
for the earlier one, a rolled-back one is passed once its writer has ended, and a reader
starting up does not begin above a position still in flight."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from matcher.changes import Change, ChangeKind
from server.replication.commit_frontier import CommitFrontier
from server.storage import outbox
from server.storage.engine import make_engine, migrate
from tests.postgres import postgres_url


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    with postgres_url() as url:
        made = make_engine(url)
        migrate(made)
        yield made
        made.dispose()


class Reader:
    def __init__(self, engine: Engine, after: int) -> None:
        self.engine, self.after, self.frontier = engine, after, CommitFrontier()
        self.delivered: list[str] = []

    def read(self) -> list[str]:
        with self.engine.connect() as conn:
            seen, found, bounds = outbox.read_after(conn, self.after, 100)
        passable = self.frontier.passable(self.after, seen, bounds, complete=True)
        self.delivered += [item.change.key for item in found if item.position <= passable]
        self.after = passable
        return self.delivered


def _appended(conn: sa.Connection, key: str) -> int:
    conn.execute(sa.text("SELECT 1"))
    return outbox.append(conn, [Change(ChangeKind.VACANCY, key)])[0].position


def _start(engine: Engine) -> int:
    with engine.connect() as conn:
        return outbox.start_position(conn)


def test_a_later_position_committed_first_waits_for_the_earlier_one(engine: Engine) -> None:
    reader = Reader(engine, _start(engine))
    with engine.connect() as early, engine.connect() as late:
        first = _appended(early, "early")
        second = _appended(late, "late")
        assert second > first
        late.commit()
        assert reader.read() == [], "position 'late' must not be passed while 'early' may still commit"
        early.commit()
    assert reader.read() == ["early", "late"]


def test_a_rolled_back_position_is_passed_once_its_writer_has_ended(engine: Engine) -> None:
    reader = Reader(engine, _start(engine))
    with engine.connect() as doomed, engine.connect() as kept:
        _appended(doomed, "doomed")
        _appended(kept, "kept")
        kept.commit()
        assert reader.read() == []
        doomed.rollback()
    assert reader.read() == ["kept"]


def test_the_start_position_waits_for_writers_still_running(engine: Engine) -> None:
    with engine.connect() as running, engine.connect() as done:
        below = _appended(running, "running")
        _appended(done, "done")
        done.commit()
        started: list[int] = []
        starting = threading.Thread(target=lambda: started.append(_start(engine)))
        starting.start()
        starting.join(0.5)
        assert not started, "the start position is not read while a position below it may still commit"
        running.commit()
        starting.join(10)
    assert started and started[0] > below
