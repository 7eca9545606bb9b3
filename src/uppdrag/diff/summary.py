"""The structural summary of a redline: "Syfte med uppdraget: 1 stycke ändrat" (in Swedish)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.i18n import ngettext

if TYPE_CHECKING:
    from uppdrag.diff.align import Redline


def counted(count: int, noun: str, change: str) -> str:
    """`1 stycke ändrat`, `3 punkter tillagda`: a count of one kind of change."""
    forms = {
        ("stycke", "changed"): ngettext("{n} paragraph changed", "{n} paragraphs changed", count),
        ("stycke", "added"): ngettext("{n} paragraph added", "{n} paragraphs added", count),
        ("stycke", "removed"): ngettext("{n} paragraph removed", "{n} paragraphs removed", count),
        ("stycke", "moved"): ngettext("{n} paragraph moved", "{n} paragraphs moved", count),
        ("punkt", "changed"): ngettext("{n} item changed", "{n} items changed", count),
        ("punkt", "added"): ngettext("{n} item added", "{n} items added", count),
        ("punkt", "removed"): ngettext("{n} item removed", "{n} items removed", count),
        ("punkt", "moved"): ngettext("{n} item moved", "{n} items moved", count),
        ("rubrik", "changed"): ngettext("{n} heading changed", "{n} headings changed", count),
        ("rubrik", "added"): ngettext("{n} heading added", "{n} headings added", count),
        ("rubrik", "removed"): ngettext("{n} heading removed", "{n} headings removed", count),
        ("rubrik", "moved"): ngettext("{n} heading moved", "{n} headings moved", count),
        ("fält", "changed"): ngettext("{n} field changed", "{n} fields changed", count),
        ("fält", "added"): ngettext("{n} field added", "{n} fields added", count),
        ("fält", "removed"): ngettext("{n} field removed", "{n} fields removed", count),
        ("fält", "moved"): ngettext("{n} field moved", "{n} fields moved", count),
    }
    return forms[(noun, change)].format(n=count)


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
