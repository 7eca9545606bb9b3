"""Dates in Swedish for the templates' `svdate` filter (from the month table, or Babel)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date


MONTHS = (
    *("januari", "februari", "mars", "april", "maj", "juni"),
    *("juli", "augusti", "september", "oktober", "november", "december"),
)
SEPARATORS = frozenset(" ,./-")  # what may stand between the fields (quoted text goes to Babel)


def swedish_date(value: date, pattern: str = "d MMMM y") -> str:
    """A date in Swedish, e.g. `{{ datum | svdate("MMMM y") }}` → "juni 2026".

    The patterns charters use (day, month name or number, year) come from the month table, as
    Babel's sv_SE data writes them (tests/test_speed_render.py compares them); any other pattern
    (weekdays, abbreviations, quoted text, eras…) goes to Babel, whose locale data takes a while
    to load.
    """
    written = {
        "d": str(value.day),
        "dd": f"{value.day:02d}",
        "M": str(value.month),
        "MM": f"{value.month:02d}",
        "MMMM": MONTHS[value.month - 1],
        "LLLL": MONTHS[value.month - 1],
        "y": str(value.year),
        "yyyy": f"{value.year:04d}",
    }
    parts = [match.group() for match in re.finditer(r"([A-Za-z])\1*|[^A-Za-z]+", pattern)]
    if all(part in written or SEPARATORS.issuperset(part) for part in parts):
        return "".join(written.get(part, part) for part in parts)
    from babel.dates import format_date

    return str(format_date(value, pattern, locale="sv_SE"))
