"""The outbox reader's frontier against a model of PostgreSQL writers: transactions take an id,
then positions from a sequence, and commit or roll back in any order; a read sees the
committed positions and its snapshot's xmin and xmax. Whatever the interleaving, the reader
never passes a position that can still commit, delivers in order, and delivers everything
once every writer has finished."""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import example, given, settings
from hypothesis import strategies as st

from server.replication.commit_frontier import CommitFrontier
from server.storage.outbox import SnapshotBounds


@dataclass
class Database:
    next_xid: int = 100
    next_position: int = 1
    running: dict[int, list[int]] = field(default_factory=dict)  # xid: positions taken
    committed: set[int] = field(default_factory=set)

    def begin(self) -> None:
        self.running[self.next_xid] = []
        self.next_xid += 1

    def take(self, choice: int) -> None:
        if self.running:
            xid = sorted(self.running)[choice % len(self.running)]
            self.running[xid].append(self.next_position)
        self.next_position += 1  # a sequence moves on even when nobody keeps the number

    def end(self, choice: int, commit: bool) -> None:
        if self.running:
            xid = sorted(self.running)[choice % len(self.running)]
            positions = self.running.pop(xid)
            if commit:
                self.committed.update(positions)

    def read(self, after: int, limit: int) -> tuple[list[int], SnapshotBounds, bool]:
        visible = sorted(p for p in self.committed if p > after)
        xmin = min(self.running, default=self.next_xid)
        return visible[:limit], SnapshotBounds(xmin, self.next_xid), len(visible) <= limit


class Reader:
    def __init__(self) -> None:
        self.frontier = CommitFrontier()
        self.after = 0
        self.delivered: list[int] = []

    def read(self, db: Database, limit: int) -> None:
        seen, bounds, complete = db.read(self.after, limit)
        passable = self.frontier.passable(self.after, seen, bounds, complete)
        assert passable >= self.after
        still_open = [p for positions in db.running.values() for p in positions]
        assert all(p > passable for p in still_open), "passed a position that can still commit"
        if complete:  # the reader is told exactly when committed changes wait behind a hole
            assert self.frontier.waiting() == any(p > passable for p in seen)
        self.delivered += [p for p in seen if p <= passable]
        self.after = passable


operation = st.one_of(
    st.tuples(st.just("begin"), st.integers(0, 10)),
    st.tuples(st.just("take"), st.integers(0, 10)),
    st.tuples(st.just("commit"), st.integers(0, 10)),
    st.tuples(st.just("rollback"), st.integers(0, 10)),
    st.tuples(st.just("read"), st.integers(1, 6)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(operation, max_size=80))
# The newest writer took the lower position and still runs when the hold comes due.
@example([("begin", 0), ("begin", 0), ("take", 1), ("take", 0), ("commit", 0), ("read", 5), ("read", 5)])
# A hole filled while an unrelated writer keeps xmin low: nothing waits behind it any more.
@example(
    [
        *[("begin", 0), ("begin", 0), ("take", 1), ("begin", 0), ("take", 2), ("commit", 2), ("read", 5)],
        *[("commit", 1), ("read", 5)],
    ]
)
def test_nothing_passed_early_nothing_lost_and_all_in_order(operations: list[tuple[str, int]]) -> None:
    db, reader = Database(), Reader()
    for name, argument in operations:
        if name == "begin":
            db.begin()
        elif name == "take":
            db.take(argument)
        elif name in ("commit", "rollback"):
            db.end(argument, commit=name == "commit")
        else:
            reader.read(db, argument)
    while db.running:
        db.end(0, commit=True)
    for _ in range(len(db.committed) + 3):  # a hold needs one read after xmin passes it
        reader.read(db, 3)
    assert reader.delivered == sorted(db.committed)


def test_a_later_commit_waits_for_an_earlier_position_still_running() -> None:
    db, reader = Database(), Reader()
    db.begin()
    db.take(0)  # position 1, xid 100, still running
    db.begin()
    db.take(1)  # position 2, xid 101
    db.end(1, commit=True)
    reader.read(db, 10)
    assert reader.delivered == [] and reader.frontier.waiting()
    db.end(0, commit=True)
    reader.read(db, 10)
    assert reader.delivered == [1, 2]


def test_a_hole_left_by_a_rollback_is_passed_once_its_writer_has_ended() -> None:
    db, reader = Database(), Reader()
    db.begin()
    db.take(0)  # position 1: rolled back below
    db.begin()
    db.take(1)  # position 2
    db.end(1, commit=True)
    reader.read(db, 10)
    db.end(0, commit=False)
    reader.read(db, 10)
    assert reader.delivered == [2] and not reader.frontier.waiting()


def test_without_snapshot_bounds_everything_seen_is_passed() -> None:
    assert CommitFrontier().passable(3, [5, 9], None, complete=True) == 9
    assert CommitFrontier().passable(3, [], None, complete=True) == 3
