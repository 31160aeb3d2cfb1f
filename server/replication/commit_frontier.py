"""How far a reader may go in an outbox whose positions are handed out before commit.

On PostgreSQL a writer takes its outbox positions from a sequence while its
transaction runs and commits whenever it is done, so a reader can see position
20 committed while 15 is still in flight. Passing 20 would lose 15. Each outbox
read therefore also reads its snapshot's ``xmin`` (the oldest transaction still
running) and ``xmax`` (the first not yet started), in the same snapshot as the
rows (REPEATABLE READ), and this keeps the order guarantee:

- Positions that follow the last one passed without a hole are passed.
- A hole below a committed position ``h`` was handed out before ``h`` was, to a
  transaction that already had its id (the writer asks for its id before it takes
  a position), so that transaction's id is below the ``xmax`` of the read that saw
  ``h``. Once a later read's ``xmin`` reaches that ``xmax``, every such transaction
  has ended: its positions are visible in that read if it committed, and never
  will be if it rolled back. The reader may then pass everything up to ``h``.

A hole therefore costs one more read (the feed reads again when woken or when its
poll comes round), and only when writers commit out of order or one rolls back.
SQLite has one writer at a time, so its positions are commit order and a read
passes everything it sees (no snapshot bounds).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from server.storage.outbox import SnapshotBounds


@dataclass
class CommitFrontier:
    """What a reader may pass, read after read; one per reader (not thread-safe)."""

    # (a committed position seen beyond a hole, the xmax of the read that saw it), oldest first.
    _holds: deque[tuple[int, int]] = field(default_factory=deque)
    # Every position up to here is final: visible if it committed, never if it did not.
    _final: int = 0

    def passable(self, after: int, seen: list[int], bounds: SnapshotBounds | None, complete: bool) -> int:
        """The highest position the reader may pass now, having passed ``after`` and seen
        ``seen`` (ascending, all after ``after``) in a read whose snapshot had ``bounds``
        (None: positions are commit order, pass all). ``complete`` says the read returned
        every visible position after ``after`` (no limit cut it short)."""
        if bounds is None:
            return seen[-1] if seen else after
        while self._holds and self._holds[0][1] <= bounds.xmin:
            self._final = max(self._final, self._holds.popleft()[0])
        frontier = after
        for position in seen:
            if position != frontier + 1 and position > self._final:
                break  # a hole that may still be filled
            frontier = position
        if complete:  # nothing unseen up to the final mark is coming
            frontier = max(frontier, self._final)
        while self._holds and self._holds[0][0] <= frontier:  # its hole filled: nothing waits on it
            self._holds.popleft()
        if seen and seen[-1] > frontier and not (self._holds and self._holds[-1][0] >= seen[-1]):
            self._holds.append((seen[-1], bounds.xmax))
        return frontier

    def waiting(self) -> bool:
        """Whether committed positions wait behind a hole for older transactions to end."""
        return bool(self._holds)
