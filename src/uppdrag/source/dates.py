"""What a date that is not ÅÅÅÅ-MM-DD was probably meant to be, and why one is impossible."""

from __future__ import annotations

import calendar
import re
from datetime import date

from uppdrag.i18n import _

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_SEP = r"[-/. ]"
_FORMS = [
    (re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})$"), "ymd"),
    (re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$"), "dmy"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})\.? ?([a-zåäö]{3})[a-zåäö]*\.? (\d{4})$"), "dMy"),
]


def _normal(raw: str) -> str:
    """Dashes as hyphens, pasted spaces as spaces, invisible characters and time of day gone."""
    text = re.sub("[\u2013\u2014\u2212]", "-", raw)
    text = re.sub("[\u00a0\u202f\u2007]", " ", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\ufeff]", "", text).strip().lower()
    return re.sub(r"[ t]0{1,2}(:00){1,2}(\.0+)?z?$", "", text)


def guess(raw: str) -> str | None:
    """The ISO date `raw` most likely means (`16/6/2026` → `2026-06-16`), or None."""
    text = _normal(raw)
    for pattern, order in _FORMS:
        found = pattern.match(text)
        if not found:
            continue
        parts = dict(zip(order.lower(), found.groups(), strict=True))
        month = MONTHS.get(parts["m"]) if order == "dMy" else int(parts["m"])
        try:
            meant = date(int(parts["y"]), month or 0, int(parts["d"]))
        except ValueError:
            return None
        return meant.isoformat() if meant.isoformat() != raw else None
    return None


def explain(raw: str) -> str:
    """`'16/6/2026' is not a date; write dates as …; did you mean 2026-06-16?`"""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in raw)  # a message is one line
    message = _("'{value}' is not a date; write dates as YYYY-MM-DD, e.g. 2026-06-16").format(value=shown)
    meant = guess(raw)
    if meant:
        return message + _("; did you mean {date}?").format(date=meant)
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", raw.strip())
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        if not 1 <= month <= 12:
            return message + _(" (there is no month {month})").format(month=month)
        days = calendar.monthrange(year, month)[1]
        if day > days:
            return message + _(" (that month has {days} days)").format(days=days)
    return message


def unique_reading(raw: str) -> str | None:
    """The ISO date `raw` means when it can mean only that one (`16/6/2026`, `2026/6/16`, `16 juni
    2026`); None when it is already ISO, no date, or could be two (`5/6/2026`: May or June)."""
    meant = guess(raw)
    if meant is None:
        return None
    found = re.match(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}})$", _normal(raw))
    if found:
        day, month = int(found[1]), int(found[2])
        if day != month and day <= 12 and month <= 12:
            return None  # day-month or month-day: a human decides
    return meant
