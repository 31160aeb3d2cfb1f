"""Wall-clock time, and a settable one for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

# Western Indonesia Time (UTC+7, no daylight saving): dates are judged in it.
WIB = timezone(timedelta(hours=7), "WIB")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(WIB).date()


@dataclass
class FixedClock:
    """A clock that stands still until moved; for tests and demos."""

    instant: datetime

    def now(self) -> datetime:
        return self.instant

    def today(self) -> date:
        return self.instant.astimezone(WIB).date()

    def advance(self, delta: timedelta) -> None:
        self.instant += delta
