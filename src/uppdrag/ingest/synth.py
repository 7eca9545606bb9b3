"""The smallest overlay that turns a base charter into the document read.

Clauses are paired with the base's by id-free similarity (headings, labels, words), one to one.
An unchanged clause writes nothing; a changed one `- id: X` with what changed; a missing one
`remove: true`; a new one a readable id from its words and `after:` its neighbour (or
`at: start`). Clauses out of the base's order are moved the same way: the longest run in the
base's order stays, the rest is placed after its neighbour in the document.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any, TypeVar

from uppdrag.check.inline import Run, plain_text, runs
from uppdrag.ingest.blocks import words
from uppdrag.ingest.match import pair, placed, readable_id, similarity
from uppdrag.ingest.structure import Clause, DocSection, Parsed, key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from uppdrag.check.model import BulletList, Charter, Item, Paragraph, Section

D = TypeVar("D")
B = TypeVar("B")
FACTS = ("title", "organisation", "unit", "ansvarsomrade", "uppdragsgivare", "uppdragstagare")


def spans(doc_runs: list[Run]) -> Any:
    """Runs as a charter text: a string, or a list of strings, links and bold spans."""
    if all(r.url is None and not r.bold for r in doc_runs):
        return "".join(r.text for r in doc_runs)
    out: list[Any] = []
    for r in doc_runs:
        if r.url:
            out.append({"link": r.text, "url": r.url})
        elif r.bold and r.text.strip():
            out.append({"bold": r.text})
        elif out and isinstance(out[-1], str):
            out[-1] += r.text
        else:
            out.append(r.text)
    return out


def _links(value: list[Run]) -> list[tuple[str, str]]:
    return [(r.text, r.url.rstrip("/")) for r in value if r.url and not r.url.startswith("mailto:")]


def same_text(doc_runs: list[Run], base_value: Any, links_known: bool = True) -> bool:
    """Equal words and equal links (bold and spacing aside; links only where the source has them)."""
    if words("".join(r.text for r in doc_runs)) != words(plain_text(base_value)):
        return False
    return not links_known or _links(doc_runs) == _links(runs(base_value))


class Synth:
    """Builds the overlay of one document on one base charter."""

    def __init__(self, parsed: Parsed, base: Charter) -> None:
        self.parsed = parsed
        self.base = base

    def overlay(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        p, b = self.parsed, self.base
        for name in FACTS:
            if name in p.facts and words(p.facts[name]) != words(str(getattr(b, name) or "")):
                out[name] = p.facts[name]
        labels = {
            k: v
            for k, v in p.labels.items()
            if (v is None and getattr(b.labels, k) is not None)
            or (v is not None and fold_eq(v, getattr(b.labels, k)) is False)
        }
        if labels:
            out["labels"] = labels
        sections = self.sections()
        if sections:
            out["sections"] = sections
        beslut = {}
        base_beslut = {
            "datum": str(b.beslut.datum) if b.beslut.datum else None,
            "namn": b.beslut.namn,
            "titel": b.beslut.titel,
        }
        for k, v in p.beslut.items():
            if v != base_beslut[k]:
                beslut[k] = v
        if beslut:
            out["beslut"] = beslut
        if p.sandlista is not None:
            entries = self.items(p.sandlista, b.sandlista)
            if entries:
                out["sandlista"] = entries
        return out

    def sections(self) -> list[dict[str, Any]]:
        doc, base = self.parsed.sections, self.base.sections
        pairs = pair(doc, base, _section_score)
        taken = {s.id for s in base}

        def entry(i: int, d: DocSection) -> dict[str, Any]:
            if i in pairs:
                s = base[pairs[i]]
                e: dict[str, Any] = {"id": s.id}
                if d.heading is not None and fold_eq(d.heading, s.heading or "") is False:
                    e["heading"] = d.heading
                if d.level != s.level:
                    e["level"] = d.level
                blocks = self.blocks(d.clauses, s)
                if blocks:
                    e["blocks"] = blocks
                return e
            e = {"id": readable_id(d.heading or "inledning", taken)}
            if d.heading is not None:
                e["heading"] = d.heading
            if d.level != 1:
                e["level"] = d.level
            if d.clauses:
                e["blocks"] = [self.new_block(c, set()) for c in d.clauses]
            return e

        return placed(doc, [s.id for s in base], pairs, entry)

    def blocks(self, clauses: list[Clause], section: Section) -> list[dict[str, Any]]:
        base = section.blocks
        pairs = pair(clauses, base, _block_score)
        taken = {b.id for b in base}

        def entry(i: int, c: Clause) -> dict[str, Any]:
            if i not in pairs:
                return self.new_block(c, taken)
            b = base[pairs[i]]
            e: dict[str, Any] = {"id": b.id}
            if c.kind == "list":
                items = self.items(c.items, b.items)  # type: ignore[union-attr]
                if items:
                    e["items"] = items
                return e
            para: Paragraph = b  # type: ignore[assignment]
            if (c.label or None) != para.label:
                e["label"] = c.label
            if not c.runs and para.text is not None:
                e["text"] = None
            elif c.runs and (para.text is None or not same_text(c.runs, para.text, self.parsed.links_known)):
                e["text"] = spans(c.runs)
            return e

        return placed(clauses, [b.id for b in base], pairs, entry)

    def new_block(self, c: Clause, taken: set[str]) -> dict[str, Any]:
        if c.kind == "list":
            first = "".join(r.text for r in c.items[0]) if c.items else "lista"
            e: dict[str, Any] = {"id": readable_id(first, taken)}
            item_ids: set[str] = set()
            e["items"] = [
                {"id": readable_id("".join(r.text for r in it), item_ids), "text": spans(it)}
                for it in c.items
            ]
            return e
        text = "".join(r.text for r in c.runs)
        e = {"id": readable_id(f"{c.label or ''} {text}", taken)}
        if c.label:
            e["label"] = c.label
        if c.runs:
            e["text"] = spans(c.runs)
        return e

    def items(self, doc: list[list[Run]], base: Sequence[Item]) -> list[dict[str, Any]]:
        pairs = pair(doc, base, lambda d, b: similarity("".join(r.text for r in d), plain_text(b.text)))
        taken = {b.id for b in base}

        def entry(i: int, d: list[Run]) -> dict[str, Any]:
            if i not in pairs:
                return {"id": readable_id("".join(r.text for r in d), taken), "text": spans(d)}
            b = base[pairs[i]]
            e: dict[str, Any] = {"id": b.id}
            if not same_text(d, b.text, self.parsed.links_known):
                e["text"] = spans(d)
            return e

        return placed(doc, [b.id for b in base], pairs, entry)


def fold_eq(a: str | None, b: str | None) -> bool:
    """Equal as written, white space folded."""
    return " ".join((a or "").split()) == " ".join((b or "").split())


def _section_score(d: DocSection, s: Section) -> float:
    if d.heading is None or s.heading is None:
        return 1.0 if d.heading is None and s.heading is None else 0.0
    h = difflib.SequenceMatcher(None, key(d.heading), key(s.heading)).ratio()
    if h >= 0.75:
        return h
    content = similarity(
        " ".join(_clause_text(c) for c in d.clauses), " ".join(_block_text(b) for b in s.blocks)
    )
    return 0.6 * content + 0.4 * h if content >= 0.6 else 0.0


def _clause_text(c: Clause) -> str:
    if c.kind == "list":
        return " ".join("".join(r.text for r in it) for it in c.items)
    return f"{c.label or ''} {''.join(r.text for r in c.runs)}"


def _block_text(b: Paragraph | BulletList) -> str:
    if b.kind == "list":
        return " ".join(plain_text(i.text) for i in b.items)
    return f"{b.label or ''} {plain_text(b.text)}"


def _block_score(c: Clause, b: Paragraph | BulletList) -> float:
    if (c.kind == "list") != (b.kind == "list"):
        return 0.0
    if b.kind == "paragraph" and c.label and b.label and key(c.label) == key(b.label):
        return 0.6 + 0.4 * similarity(_clause_text(c), _block_text(b))
    return similarity(_clause_text(c), _block_text(b))
