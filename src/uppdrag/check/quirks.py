"""Oddities of the official text kept on purpose: declared quirks, and mixed quotation marks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.check.parts import walk
from uppdrag.errors import Diagnostic
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.check.charter import Loaded

STRAIGHT, CURLY, SOFT_HYPHEN = '"', "”", "\u00ad"
SCANNED = frozenset({"fact", "heading", "label", "paragraph", "item", "sandlista"})


def warnings(loaded: Loaded) -> list[Diagnostic]:
    """Oddities of the text kept on purpose: declared quirks, and mixed quotation marks."""
    found: list[Diagnostic] = []
    # What the quirk scan reads: the running text, not the letterhead, decision or footer.
    all_texts = [(part.loc, part.text) for part in walk(loaded.charter) if part.kind in SCANNED]
    for quirk in loaded.charter.quirks:
        for loc, text in all_texts:
            if quirk.text in text:
                mark, field = loaded.mark(loc)
                found.append(Diagnostic(f'"{quirk.text}": {quirk.note}', mark, field, "warning"))
    for loc, text in all_texts:
        if SOFT_HYPHEN in text:
            mark, field = loaded.mark(loc)
            message = _(
                "holds a soft hyphen (U+00AD), which cannot be seen: Word may break the word there; "
                "remove it unless that is meant"
            )
            found.append(Diagnostic(message, mark, field, "warning"))
    straight = [(loc, t) for loc, t in all_texts if STRAIGHT in t]
    curly = [(loc, t) for loc, t in all_texts if CURLY in t]
    if straight and curly:
        mark, field = loaded.mark(straight[0][0])
        first_curly, _field = loaded.mark(curly[0][0])
        found.append(
            Diagnostic(
                _(
                    'quotation marks "…" here, but ”…” on line {line} of {file}; the document mixes both'
                ).format(line=first_curly.line, file=first_curly.path.name),
                mark,
                field,
                "warning",
            )
        )
    return found
