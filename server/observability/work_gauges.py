"""The numbers of the work as gauges: a thread asks the database for them every
``every_seconds`` (a few GROUP BY queries, server/storage/work_counts.py) and a scrape reads the
last answer, so a scrape costs no query and a query no row per candidate.

Labels are statuses and regency codes only (at most the 514 regencies and cities).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Protocol

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

log = logging.getLogger("cpmi.metrics")


class WorkCounts(Protocol):
    @property
    def registrations(self) -> Mapping[tuple[str, str], int]: ...
    @property
    def oldest_waiting(self) -> Mapping[str, datetime]: ...
    @property
    def applications(self) -> Mapping[str, int]: ...
    @property
    def agreements_waiting(self) -> Mapping[str, int]: ...


class WorkGauges(Collector):
    """The last counts, refreshed by a daemon thread; ``stop`` ends it."""

    def __init__(self, count: Callable[[], WorkCounts], now: Callable[[], datetime], every_seconds: float) -> None:
        self._count = count
        self._now = now
        self._every = every_seconds
        self._last: WorkCounts | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpmi-work-counts", daemon=True)

    def start(self) -> None:
        self.refresh()
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()

    def refresh(self) -> None:
        try:
            self._last = self._count()
        except Exception:  # the database away: keep the last counts, say so once per round
            log.warning("work counts not refreshed", exc_info=True)

    def _run(self) -> None:
        while not self._stopping.wait(self._every):
            self.refresh()

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(self._families(None))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        return iter(self._families(self._last))

    def _families(self, counts: WorkCounts | None) -> list[GaugeMetricFamily]:
        registrations = GaugeMetricFamily(
            "cpmi_registrations", "Registrations, by status and regency/city", labels=["status", "regency"]
        )
        oldest = GaugeMetricFamily(
            "cpmi_registration_oldest_waiting_seconds",
            "Age of the oldest registration waiting for its Dinas, by regency/city",
            labels=["regency"],
        )
        applications = GaugeMetricFamily("cpmi_applications", "Applications, by status", labels=["status"])
        agreements = GaugeMetricFamily(
            "cpmi_placement_agreements_waiting",
            "Placement agreements (PP) waiting for their Dinas's verification, by regency/city",
            labels=["regency"],
        )
        families = [registrations, oldest, applications, agreements]
        if counts is None:
            return families
        for (status, regency), n in sorted(counts.registrations.items()):
            registrations.add_metric([status, regency], n)
        now = self._now()
        for regency, since in sorted(counts.oldest_waiting.items()):
            oldest.add_metric([regency], max(0.0, (now - since).total_seconds()))
        for status, n in sorted(counts.applications.items()):
            applications.add_metric([status], n)
        for regency, n in sorted(counts.agreements_waiting.items()):
            agreements.add_metric([regency], n)
        return families
