"""The structural summary of a redline: "Syfte med uppdraget: 1 stycke ändrat" (in Swedish)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.i18n import ngettext

if TYPE_CHECKING:
    from collections.abc import Callable

    from uppdrag.diff.align import Redline


# Each form a literal ngettext call (for Babel's extraction), made only when it is shown.
_FORMS: dict[tuple[str, str], Callable[[int], str]] = {
    ("stycke", "changed"): lambda n: ngettext("{n} paragraph changed", "{n} paragraphs changed", n),
    ("stycke", "added"): lambda n: ngettext("{n} paragraph added", "{n} paragraphs added", n),
    ("stycke", "removed"): lambda n: ngettext("{n} paragraph removed", "{n} paragraphs removed", n),
    ("stycke", "moved"): lambda n: ngettext("{n} paragraph moved", "{n} paragraphs moved", n),
    ("punkt", "changed"): lambda n: ngettext("{n} item changed", "{n} items changed", n),
    ("punkt", "added"): lambda n: ngettext("{n} item added", "{n} items added", n),
    ("punkt", "removed"): lambda n: ngettext("{n} item removed", "{n} items removed", n),
    ("punkt", "moved"): lambda n: ngettext("{n} item moved", "{n} items moved", n),
    ("rubrik", "changed"): lambda n: ngettext("{n} heading changed", "{n} headings changed", n),
    ("rubrik", "added"): lambda n: ngettext("{n} heading added", "{n} headings added", n),
    ("rubrik", "removed"): lambda n: ngettext("{n} heading removed", "{n} headings removed", n),
    ("rubrik", "moved"): lambda n: ngettext("{n} heading moved", "{n} headings moved", n),
    ("fält", "changed"): lambda n: ngettext("{n} field changed", "{n} fields changed", n),
    ("fält", "added"): lambda n: ngettext("{n} field added", "{n} fields added", n),
    ("fält", "removed"): lambda n: ngettext("{n} field removed", "{n} fields removed", n),
    ("fält", "moved"): lambda n: ngettext("{n} field moved", "{n} fields moved", n),
}


def counted(count: int, noun: str, change: str) -> str:
    """`1 stycke ändrat`, `3 punkter tillagda`: a count of one kind of change."""
    return _FORMS[(noun, change)](count).format(n=count)


def summary(redline: Redline) -> list[str]:
    """One line per section that changed, in document order."""
    by_section: dict[str, dict[tuple[str, str], int]] = {}
    for change in redline.changes:
        counts = by_section.setdefault(change.section, {})
        counts[(change.noun, change.change)] = counts.get((change.noun, change.change), 0) + 1
    order = ("changed", "added", "removed", "moved")
    return [
        f"{section}: "
        + ", ".join(
            counted(n, noun, ch)
            for (noun, ch), n in sorted(counts.items(), key=lambda kv: (order.index(kv[0][1]), kv[0][0]))
        )
        for section, counts in by_section.items()
    ]
