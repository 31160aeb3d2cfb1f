"""The process's gauges: one table of what /metrics reads, and from what.

The parts are named by what they offer (protocols), so observability depends on no
other part of the server; the composition root hands the real ones in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from server.observability import logs
from server.observability.metrics import Metrics


class ReadModelSizes(Protocol):
    """The read model (matcher/read_model): how much it holds, where it stands."""

    def sizes(self) -> _Sizes: ...
    def moment(self) -> _Position: ...


class _Sizes(Protocol):
    @property
    def candidates(self) -> int: ...
    @property
    def vacancies(self) -> int: ...
    @property
    def shapes(self) -> int: ...


class _Position(Protocol):
    @property
    def position(self) -> int: ...


class FeedClock(Protocol):
    def seconds_since_database(self) -> float: ...


class DecisionQueue(Protocol):
    @property
    def depth(self) -> int: ...
    @property
    def dropped(self) -> int: ...


class ShadowCounts(Protocol):
    @property
    def checked(self) -> int: ...
    @property
    def disagreements(self) -> int: ...
    @property
    def dropped(self) -> int: ...


class ClassCounts(Protocol):
    """The refusal classes' counters (matcher/rules/classes.py)."""

    @property
    def hits(self) -> int: ...
    @property
    def misses(self) -> int: ...
    @property
    def confirmed(self) -> int: ...
    @property
    def disagreements(self) -> int: ...


def process_gauges(
    read: ReadModelSizes, feed: FeedClock, decisions: DecisionQueue, shadow: ShadowCounts, classes: ClassCounts
) -> Metrics:
    metrics = Metrics()
    table: tuple[tuple[str, str, Callable[[], float]], ...] = (
        ("cpmi_index_candidates", "Candidates in this replica's index", lambda: read.sizes().candidates),
        ("cpmi_index_vacancies", "Vacancies in this replica's index", lambda: read.sizes().vacancies),
        ("cpmi_feed_position", "Last outbox position this replica applied", lambda: read.moment().position),
        (
            "cpmi_feed_seconds_since_database",
            "Seconds since the feed last read the outbox",
            feed.seconds_since_database,
        ),
        ("cpmi_decision_log_queue_depth", "Decision records waiting to be written", lambda: decisions.depth),
        ("cpmi_decision_log_dropped", "Decision records dropped because the queue was full", lambda: decisions.dropped),
        ("cpmi_log_dropped", "Log records and access lines dropped because their queue was full", logs.dropped),
        ("cpmi_shadow_checked", "Query decisions re-decided by durable-rules", lambda: shadow.checked),
        (
            "cpmi_shadow_disagreements",
            "Query decisions where durable-rules disagreed with the compiled evaluator",
            lambda: shadow.disagreements,
        ),
        ("cpmi_shadow_dropped", "Sampled decisions dropped because the shadow queue was full", lambda: shadow.dropped),
        (
            "cpmi_eligibility_shapes",
            "Vacancy shapes in the eligibility sets lists answer from (all ready views)",
            lambda: read.sizes().shapes,
        ),
        ("cpmi_refusal_class_hits", "Query decisions answered from a class of equal inputs", lambda: classes.hits),
        ("cpmi_refusal_class_misses", "Query decisions worked out and kept as a new class", lambda: classes.misses),
        (
            "cpmi_refusal_class_confirmed",
            "Class answers decided again pair by pair and compared (one hit in 256)",
            lambda: classes.confirmed,
        ),
        (
            "cpmi_refusal_class_disagreements",
            "Class answers the pair-by-pair decision disagreed with (answered fresh, logged)",
            lambda: classes.disagreements,
        ),
    )
    for name, description, read_value in table:
        metrics.gauge(name, description, read_value)
    return metrics
