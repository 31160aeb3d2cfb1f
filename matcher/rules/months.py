"""Calendar months: a date plus N months, as a validity "of three months from issue" counts.

A month later is the same day of the month N months on; when that day does not exist
there (31 November, 29 February of a common year), it is the last day of that month:
31 August plus 3 months is 30 November. Three calendar months are 89 to 92 days,
which is why a rule of "three months" cannot be written as a count of days.

Facts carry dates as day ordinals (``date.toordinal()``), so the rules' grammar adds
months to ordinals; a sum past the calendar's ends stays at its ends (no real
question is asked about year 1 or year 9999, and a missing date is day 1 on purpose).
"""

from __future__ import annotations

import calendar
from datetime import date

FIRST_DAY = date.min.toordinal()
LAST_DAY = date.max.toordinal()


def plus_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (negative: before), at the end of the month
    when the day of the month does not exist there."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def plus_months_ordinal(ordinal: int, months: int) -> int:
    """The same on day ordinals, as facts hold dates."""
    return plus_months(date.fromordinal(ordinal), months).toordinal()
