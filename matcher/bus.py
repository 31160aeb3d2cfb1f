"""The message bus: committed changes, from this process's unit of work or from the change
feed, handed to whoever handles them (the read model first), as in cosmicpython's bus.

Two messages, by where the changes come from. Changes committed here arrive at once, in
whatever order this process's threads commit; changes read from the feed arrive in commit
order with the position the outbox has been read up to. The composition root says who
handles which; nothing else hands committed changes around.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from matcher.changes import Committed
from matcher.snapshots import CandidateSnapshot


@dataclass(frozen=True)
class CommittedHere:
    """A unit of work in this process committed these changes (read-your-writes).

    ``known``: candidates as that transaction left them, when it can tell exactly (it read
    them after holding them, and only added applications of theirs), so this process's
    read model takes them without reading them again. Never written to the outbox: the
    change itself still names only the candidate, and other replicas read them."""

    changes: tuple[Committed, ...]
    known: Mapping[str, CandidateSnapshot] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadFromFeed:
    """The feed read these changes, in commit order; every position up to ``upto`` is final."""

    changes: tuple[Committed, ...]
    upto: int


Message = CommittedHere | ReadFromFeed
Handler = Callable[[Message], None]


class MessageBus:
    """Handlers by message type, each called in the order it was routed, in the sender's thread."""

    def __init__(self) -> None:
        self._handlers: defaultdict[type[Message], list[Handler]] = defaultdict(list)

    def route(self, kind: type[Message], handler: Handler) -> None:
        self._handlers[kind].append(handler)

    def handle(self, message: Message) -> None:
        for handler in self._handlers[type(message)]:
            handler(message)

    def committed_here(self, committed: list[Committed], known: Mapping[str, CandidateSnapshot] | None = None) -> None:
        """The unit of work's after-commit hook."""
        self.handle(CommittedHere(tuple(committed), known or {}))
