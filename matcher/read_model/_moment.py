"""What a standing answer depends on, and the one signal that says it moved."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from matcher.application import ApplicationEvent


@dataclass(frozen=True)
class Moment:
    """The feed's position (every change up to it applied), the day, the policy version in force."""

    position: int
    day: date
    policy_version: str


@dataclass(frozen=True)
class Moved:
    """The read model moved: changes applied (``events``: the application events among
    them, in commit order, when read from the feed), or another day or policy version.
    ``policies``: a policy change was among them (new sets are to be built)."""

    moment: Moment
    events: tuple[ApplicationEvent, ...] = ()
    policies: bool = False


Listener = Callable[[Moved], None]


class Signal:
    """Listeners told of every move, in the thread that moved the read model."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def emit(self, moved: Moved) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(moved)
