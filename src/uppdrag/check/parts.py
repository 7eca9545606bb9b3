"""One walk over the text of a charter, in reading order: every part the document shows.

The quirk scan, the diff and the completeness tests all read the document through `walk`, so a
text field added to the model is either walked here or deliberately left out (`NOT_WALKED`), and
tests/test_every_field_is_walked.py fails when it is neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from uppdrag.check.inline import plain_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from uppdrag.check.model import Charter, Section

PartKind = Literal["fact", "heading", "label", "paragraph", "item", "decision", "sandlista", "footer"]
Loc = tuple[int | str, ...]

# Facts of the letterhead and the introduction, in the order the document shows them.
FACTS = (
    "organisation",
    "unit",
    "datum",
    "diarienummer",
    "title",
    "ansvarsomrade",
    "uppdragsgivare",
    "uppdragstagare",
)
# Charter fields that are not text of the document: identity, layout, fixed words, notes on quirks.
# logo and template are files (the letterhead picture, the organisation's Word template), not text
NOT_WALKED = frozenset(
    # arkiv and forteckning describe the archive package and the register, not the document's text
    {
        "slug",
        "name",
        "kind",
        "revision",
        "layout",
        "labels",
        "quirks",
        "logo",
        "template",
        "organisationskod",
        "arkiv",
        "forteckning",
    }
)


@dataclass(frozen=True)
class Part:
    """One text of the document: where it is in the charter, what it is, and its plain words."""

    loc: Loc
    kind: PartKind
    text: str
    section: str = ""  # the heading it stands under ("" before the first heading)


def walk(charter: Charter) -> Iterator[Part]:
    """Every text of the document with its place in the charter, in reading order."""
    for key in FACTS:
        value = getattr(charter, key)
        if value is not None:
            yield Part((key,), "fact", str(value))
    for s, section in enumerate(charter.sections):
        yield from _section(s, section)
    for key in ("datum", "namn", "titel"):
        value = getattr(charter.beslut, key)
        if value is not None:
            yield Part(("beslut", key), "decision", str(value))
    if charter.upphor is not None:  # the end of the mandate stands after the decision
        yield Part(("upphor", "datum"), "decision", str(charter.upphor.datum))
        yield Part(("upphor", "beslut"), "decision", charter.upphor.beslut)
    for i, item in enumerate(charter.sandlista):
        yield Part(("sandlista", i, "text"), "sandlista", plain_text(item.text))
    for f, entry in enumerate(charter.footer):
        yield Part(("footer", f, "label"), "footer", entry.label)
        for n, line in enumerate(entry.lines):
            yield Part(("footer", f, "lines", n), "footer", plain_text(line))


def _section(s: int, section: Section) -> Iterator[Part]:
    where = section.heading or ""
    if section.heading:
        yield Part(("sections", s, "heading"), "heading", section.heading, where)
    for b, block in enumerate(section.blocks):
        at: Loc = ("sections", s, "blocks", b)
        if block.kind == "list":
            for i, item in enumerate(block.items):
                yield Part((*at, "items", i, "text"), "item", plain_text(item.text), where)
            continue
        if block.label:
            yield Part((*at, "label"), "label", block.label, where)
        if block.text:
            yield Part((*at, "text"), "paragraph", plain_text(block.text), where)
