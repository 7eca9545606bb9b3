"""A document's blocks read as a charter, guided by a base: letterhead, parties, sections,
decision and sändlista. Page furniture (the address footer, page numbers, UTKAST, the title
repeated on later pages) is dropped; paragraphs split by a page break are joined again.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.check.inline import Run, plain_text
from uppdrag.ingest.blocks import GLUED, Block, fold, join_broken, lines_of, plain_email_links, split_runs

if TYPE_CHECKING:
    from uppdrag.check.model import Charter

DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})\b\s*")
PAGE = re.compile(r"^(?:sida|page)?\s*\d{1,3}\s*(?:\(\s*\d{1,3}\s*\)|(?:av|of|/)\s*\d{1,3})?$", re.I)
PLAIN_LABEL = re.compile(r"^([A-ZÅÄÖ][^\s:.]*(?: [^\s:.]+){0,2}):(?=\s|$)")
PARTIES = ("ansvarsomrade", "uppdragsgivare", "uppdragstagare")


@dataclass
class Clause:
    """A paragraph (optionally labelled) or a bullet list of a section."""

    kind: str  # para | list
    label: str | None = None
    runs: list[Run] = field(default_factory=list)
    items: list[list[Run]] = field(default_factory=list)


@dataclass
class DocSection:
    heading: str | None
    level: int
    clauses: list[Clause] = field(default_factory=list)


@dataclass
class Parsed:
    """The document as charter parts; what it lacks is left out (the base's then stands)."""

    facts: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str | None] = field(default_factory=dict)
    sections: list[DocSection] = field(default_factory=list)
    beslut: dict[str, str | None] = field(default_factory=dict)
    sandlista: list[list[Run]] | None = None
    kept: list[Block] = field(default_factory=list)  # every block that is not page furniture
    links_known: bool = True  # False for text out of a PDF: its links are lost


def key(text: str) -> str:
    """A label or heading compared loosely: case, colon and spacing ignored."""
    return fold(text).rstrip(":").strip().casefold()


def after_label(text: str, label: str) -> str | None:
    """The text after `label` (its colon optional) when the text starts with it."""
    match = re.match(re.escape(label.rstrip(":").strip()) + r"\s*:?\s*", text, re.I)
    return text[match.end() :] if match else None


def furniture(charter: Charter) -> tuple[list[str], set[str]]:
    """The address footer's strings, and whole lines that are page furniture."""
    strings = []
    for entry in charter.footer:
        strings.append(entry.label)
        strings += [plain_text(line) for line in entry.lines]
    return sorted(set(strings), key=len, reverse=True), {key(charter.labels.utkast)}


def drop_furniture(blocks: list[Block], charter: Charter) -> list[Block]:
    strings, whole = furniture(charter)
    kept = []
    for block in blocks:
        text = block.text
        rest = text
        for s in strings:
            rest = rest.replace(s, " ")
        if (strings and not rest.strip(" ,.:;|-–")) or PAGE.match(text) or key(text) in whole:
            continue
        kept.append(block)
    return join_broken(kept)


def split_parties(blocks: list[Block], charter: Charter) -> list[Block]:
    """'Ansvarsområde: … Uppdragsgivare: …' in one paragraph split at each party's label."""
    labels = [getattr(charter.labels, name) for name in PARTIES]
    out: list[Block] = []
    for block in blocks:
        runs = block.runs
        while True:
            raw = "".join(r.text for r in runs)
            cuts = [raw.find(label, 1) for label in labels if raw.find(label, 1) > 0]
            if not cuts:
                break
            before, runs = split_runs(runs, min(cuts))
            if before:
                out.append(Block(block.kind, before, block.level))
        if runs:
            out.append(Block(block.kind, runs, block.level))
    return out


def parse(blocks: list[Block], charter: Charter, pdf_like: bool) -> Parsed:
    """Read the blocks as the parts of a charter like `charter`."""
    blocks = split_parties(drop_furniture(blocks, charter), charter)
    parsed = Parsed(kept=blocks, links_known=any(r.url for b in blocks for r in b.runs) or not pdf_like)
    labels = charter.labels
    starts = [i for i, b in enumerate(blocks) if after_label(b.text, labels.ansvarsomrade) is not None]
    first = starts[0] if starts else 0
    _front(blocks[:first], charter, parsed)
    index = first
    for name in PARTIES:
        if index < len(blocks):
            value = after_label(blocks[index].text, getattr(labels, name))
            if value is not None:
                parsed.facts[name] = value
                index += 1
    repeated = [parsed.facts.get(k) or "" for k in ("title", "diarienummer")]
    repeated += [charter.organisation, charter.labels.utkast]
    rest = [
        b for b in blocks[index:] if not (pdf_like and b.kind != "bullet" and _page_header(b.text, repeated))
    ]
    parsed.kept = blocks[:index] + rest
    decision = next(
        (i for i, b in enumerate(rest) if after_label(b.text, labels.beslutsdatum) is not None), None
    )
    search_from = decision if decision is not None else 0
    sandlista = next(
        (i for i in range(search_from, len(rest)) if key(rest[i].text) == key(labels.sandlista)), None
    )
    body_end = decision if decision is not None else sandlista if sandlista is not None else len(rest)
    body = rest[:body_end]
    parsed.sections = _sections(body, charter, pdf_like)
    if decision is not None:
        end = sandlista if sandlista is not None else len(rest)
        _decision(rest[decision:end], charter, parsed)
    if sandlista is not None:
        parsed.sandlista = [_deglue(b.runs, pdf_like) for b in rest[sandlista + 1 :]]
    return parsed


def _page_header(text: str, repeated: list[str]) -> bool:
    """A later page's header: the title, organisation, diarienummer or UTKAST, nothing else."""
    for part in sorted((r for r in repeated if r), key=len, reverse=True):
        text = text.replace(part, " ")
    return not text.strip()


def _front(blocks: list[Block], charter: Charter, parsed: Parsed) -> None:
    labels = charter.labels
    loose: list[Block] = []
    for block in blocks:
        text = block.text
        for name in ("datum", "diarienummer"):
            value = after_label(text, getattr(labels, name))
            if value is not None and (name != "datum" or DATE.match(value)):
                parsed.facts[name] = value
                written = text[: len(text) - len(value)].strip()
                if written != getattr(labels, name):
                    parsed.labels[name] = written
                break
        else:
            if text.startswith(charter.organisation):
                parsed.facts["organisation"] = charter.organisation
                if text[len(charter.organisation) :].strip():
                    parsed.facts["unit"] = text[len(charter.organisation) :].strip()
            elif charter.unit and (text == charter.unit or _unit_next(loose, parsed, block)):
                parsed.facts["unit"] = text
            else:
                loose.append(block)
    headings = [b for b in loose if b.kind == "heading"]
    title = headings[-1] if headings else loose[-1] if loose else None
    if title is not None:
        parsed.facts["title"] = title.text
        loose.remove(title)
    if loose:
        parsed.labels["document"] = " ".join(b.text for b in loose)


def _unit_next(loose: list[Block], parsed: Parsed, block: Block) -> bool:
    """A line right after the organisation, before any other text, is its unit."""
    return (
        not loose
        and "organisation" in parsed.facts
        and "unit" not in parsed.facts
        and block.kind != "heading"
    )


def _decision(blocks: list[Block], charter: Charter, parsed: Parsed) -> None:
    rest = after_label(blocks[0].text, charter.labels.beslutsdatum) or ""
    date = DATE.match(rest)
    parsed.beslut["datum"] = date.group(1) if date else None
    hint = rest[date.end() :].strip() if date else rest.strip()
    parsed.labels["beslutsdatum_hint"] = hint or None
    lines = [line for b in blocks[1:] for line in lines_of(b)]
    if len(lines) == 1:
        lines = _split_signature(lines[0], charter)
    if lines:
        parsed.beslut["namn"] = lines[0]
    if len(lines) > 1:
        parsed.beslut["titel"] = " ".join(lines[1:])


def _split_signature(line: str, charter: Charter) -> list[str]:
    """'Karin Looström Muth Hälso- och sjukvårdsdirektör' (one line) as name and title."""
    for known in (charter.beslut.titel,):
        if line.endswith(" " + known):
            return [line[: -len(known) - 1], known]
    if line.startswith(charter.beslut.namn + " "):
        return [charter.beslut.namn, line[len(charter.beslut.namn) + 1 :]]
    parts = line.split(" ")
    capitals = 0
    while capitals < len(parts) and parts[capitals][:1].isupper():
        capitals += 1
    cut = capitals - 1 if capitals >= 3 or (capitals == len(parts) and capitals >= 2) else capitals
    return [" ".join(parts[:cut]), " ".join(parts[cut:])] if 0 < cut < len(parts) else [line]


def _is_heading(block: Block, known: set[str], plain: bool) -> bool:
    if block.kind == "heading" or (block.kind == "para" and key(block.text) in known):
        return True
    text = block.text
    return (
        plain
        and block.kind == "para"
        and len(text.split()) <= 10
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", ",", "!", "?"))
        and ":" not in text
    )


def _sections(blocks: list[Block], charter: Charter, pdf_like: bool) -> list[DocSection]:
    known = {key(s.heading): s.level for s in charter.sections if s.heading}
    plain = not any(b.kind == "heading" for b in blocks)
    doc_levels = [b.level for b in blocks if b.kind == "heading"]
    top = min(doc_levels) if doc_levels else 1
    found = {b.label for s in charter.sections for b in s.blocks if b.kind == "paragraph" and b.label}
    base_labels: list[str] = sorted(found, key=lambda label: -len(label))
    sections: list[DocSection] = [DocSection(None, 1)]
    for block in blocks:
        if _is_heading(block, set(known), plain):
            level = (
                known.get(key(block.text))
                or _close_level(block, known)
                or min(2, max(1, block.level - top + 1))
            )
            sections.append(DocSection(block.text, level))
            continue
        clauses = sections[-1].clauses
        if block.kind == "bullet":
            if clauses and clauses[-1].kind == "list":
                clauses[-1].items.append(_deglue(block.runs, pdf_like))
            else:
                clauses.append(Clause("list", items=[_deglue(block.runs, pdf_like)]))
        else:
            clauses.append(_paragraph(block, base_labels, pdf_like))
    if not sections[0].clauses:
        sections.pop(0)
    return sections


def _close_level(block: Block, known: dict[str, int]) -> int | None:
    close = difflib.get_close_matches(key(block.text), list(known), n=1, cutoff=0.75)
    return known[close[0]] if close else None


def _paragraph(block: Block, base_labels: list[str], pdf_like: bool) -> Clause:
    runs = block.runs
    text = block.raw
    label: str | None = None
    if runs[0].bold and runs[0].url is None and runs[0].text.strip().endswith(":") and len(runs[0].text) < 60:
        label = runs[0].text.strip()
    else:
        label = next((lab for lab in base_labels if text.startswith(lab)), None)
        if label is None:
            match = PLAIN_LABEL.match(text)
            label = match.group(1) + ":" if match else None
    if label is not None:
        _, runs = split_runs(runs, text.index(label) + len(label))
    return Clause("para", label=label, runs=_deglue(runs, pdf_like))


def _deglue(runs: list[Run], pdf_like: bool) -> list[Run]:
    """Line breaks inside a clause as spaces; words glued by PDF extraction parted."""
    out = [Run(re.sub(r"\s+", " ", r.text), r.bold, r.url) for r in runs]
    if pdf_like:
        out = [Run(GLUED.sub(" ", r.text), r.bold, r.url) for r in out]
    return plain_email_links(out)
