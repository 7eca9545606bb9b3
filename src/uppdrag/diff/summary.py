"""The structural summary of a redline, in Swedish: "Syfte med uppdraget: 1 stycke ändrat"."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uppdrag.diff.align import Redline

NOUNS = {
    "stycke": ("stycke", "stycken", "n"),
    "punkt": ("punkt", "punkter", "u"),
    "rubrik": ("rubrik", "rubriker", "u"),
    "fält": ("fält", "fält", "n"),
}
PARTICIPLES = {
    "changed": {"n": "ändrat", "u": "ändrad", "pl": "ändrade"},
    "added": {"n": "tillagt", "u": "tillagd", "pl": "tillagda"},
    "removed": {"n": "borttaget", "u": "borttagen", "pl": "borttagna"},
    "moved": {"n": "flyttat", "u": "flyttad", "pl": "flyttade"},
}


def counted(count: int, noun: str, change: str) -> str:
    singular, plural, gender = NOUNS[noun]
    if count == 1:
        return f"1 {singular} {PARTICIPLES[change][gender]}"
    return f"{count} {plural} {PARTICIPLES[change]['pl']}"


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
