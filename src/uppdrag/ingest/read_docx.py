"""Read a DOCX from any writer (Word, LibreOffice, pandoc, uppdrag) with python-docx.

The first page's header (where a letterhead usually stands), then the body: paragraphs, tables
and content controls in reading order, text boxes included. A paragraph is a heading by its
style ("Heading 2", "Rubrik 2", "Title") or outline level, a bullet by its numbering (direct or
through its style) or a list style; bold runs and hyperlinks are kept. Footers are left out:
they hold the address block and page numbers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from uppdrag.check.inline import Run
from uppdrag.ingest.blocks import Block, clean_runs

if TYPE_CHECKING:
    from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
HEADING_STYLE = re.compile(r"^(?:heading|rubrik|überschrift|titre)\s*(\d)$", re.I)
LIST_STYLE = re.compile(r"list|lista|punkt|bullet|aufzählung", re.I)
OFF = ("0", "false", "off", "none")


class _Styles:
    """What a paragraph or run style says: heading level, numbering, bold (through `basedOn`)."""

    def __init__(self, document: Any) -> None:
        self.by_id: dict[str, Any] = {}
        try:
            root = document.styles.element
        except Exception:  # a package without styles.xml
            return
        for style in root.iterchildren(f"{W}style"):
            self.by_id[style.get(f"{W}styleId", "")] = style

    def chain(self, style_id: str | None) -> list[Any]:
        found: list[Any] = []
        while style_id and style_id in self.by_id and len(found) < 10:
            style = self.by_id[style_id]
            found.append(style)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return found

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        node = chain[0].find(f"{W}name") if chain else None
        return node.get(f"{W}val", "") if node is not None else (style_id or "")

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            name_node = style.find(f"{W}name")
            name = name_node.get(f"{W}val", "") if name_node is not None else ""
            match = HEADING_STYLE.match(name) or HEADING_STYLE.match(style.get(f"{W}styleId", ""))
            if match:
                return int(match.group(1))
            if name.lower() in ("title", "rubrik"):
                return 1
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if outline is not None and outline.get(f"{W}val", "9").isdigit():
                level = int(outline.get(f"{W}val", "9"))
                return level + 1 if level < 9 else None
        return None

    def numbered(self, style_id: str | None) -> bool:
        return any(s.find(f"{W}pPr/{W}numPr") is not None for s in self.chain(style_id)) or bool(
            LIST_STYLE.search(self.name(style_id))
        )

    def bold(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            node = style.find(f"{W}rPr/{W}b")
            if node is not None:
                return node.get(f"{W}val", "1") not in OFF
        return False


def _val(parent: Any, path: str) -> str | None:
    node = parent.find(path) if parent is not None else None
    return None if node is None else node.get(f"{W}val")


class _Reader:
    def __init__(self, document: Any) -> None:
        self.styles = _Styles(document)
        self.blocks: list[Block] = []

    def container(self, element: Any, rels: Any) -> None:
        """Every block-level child in order: paragraphs, tables, content controls."""
        for child in element.iterchildren():
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child, rels)
            elif tag == f"{W}tbl":
                for cell in child.iter(f"{W}tc"):
                    self.container(cell, rels)
            elif tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                self.container(content if content is not None else child, rels)
            elif tag in (f"{W}ins", f"{W}moveTo"):
                self.container(child, rels)

    def paragraph(self, p: Any, rels: Any) -> None:
        ppr = p.find(f"{W}pPr")
        style = _val(ppr, f"{W}pStyle")
        para_bold = self.styles.bold(style)
        runs: list[Run] = []
        boxes: list[Any] = []
        self.inline(p, rels, runs, para_bold, None, boxes)
        level = self.styles.heading_level(style)
        outline = _val(ppr, f"{W}outlineLvl")
        if outline is not None and outline.isdigit() and int(outline) < 9:
            level = int(outline) + 1
        numbered = (ppr is not None and ppr.find(f"{W}numPr") is not None) or self.styles.numbered(style)
        if level is not None:
            runs = [Run(r.text.replace("\n", " "), False, r.url) for r in runs]
        cleaned = clean_runs(runs)
        if cleaned:
            kind = "heading" if level is not None else "bullet" if numbered else "para"
            self.blocks.append(Block(kind, cleaned, level or 0))
        for box in boxes:
            self.container(box, rels)

    def inline(
        self, node: Any, rels: Any, runs: list[Run], bold: bool, url: str | None, boxes: list[Any]
    ) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, rels, runs, bold, url, boxes)
            elif tag == f"{W}hyperlink":
                self.inline(child, rels, runs, bold, _target(child, rels) or url, boxes)
            elif tag in (
                f"{W}ins",
                f"{W}fldSimple",
                f"{W}smartTag",
                f"{W}moveTo",
                f"{W}sdt",
                f"{W}sdtContent",
            ):
                self.inline(child, rels, runs, bold, url, boxes)
            elif tag == f"{MC}AlternateContent":
                choice = child.find(f"{MC}Choice")
                if choice is not None:
                    self.inline(choice, rels, runs, bold, url, boxes)

    def run(self, r: Any, rels: Any, runs: list[Run], bold: bool, url: str | None, boxes: list[Any]) -> None:
        rpr = r.find(f"{W}rPr")
        b = rpr.find(f"{W}b") if rpr is not None else None
        style = _val(rpr, f"{W}rStyle")
        if b is not None:
            bold = b.get(f"{W}val", "1") not in OFF
        elif style and self.styles.bold(style):
            bold = True
        for child in r.iterchildren():
            tag = child.tag
            if tag == f"{W}t":
                runs.append(Run(child.text or "", bold, url))
            elif tag in (f"{W}br", f"{W}cr"):
                runs.append(Run("\n", bold, url))
            elif tag == f"{W}tab":
                runs.append(Run(" ", bold, url))
            elif tag == f"{W}noBreakHyphen":
                runs.append(Run("-", bold, url))
            elif tag in (f"{W}drawing", f"{W}pict", f"{MC}AlternateContent"):
                boxes.extend(_text_boxes(child))


def _target(hyperlink: Any, rels: Any) -> str | None:
    rid = hyperlink.get(R_ID)
    if rid and rid in rels:
        rel = rels[rid]
        return str(rel.target_ref) if rel.is_external else None
    return None


def _text_boxes(node: Any) -> list[Any]:
    """Text-box contents in a drawing (only the first choice of alternate content: no doubles)."""
    if node.tag == f"{MC}AlternateContent":
        choice = node.find(f"{MC}Choice")
        node = choice if choice is not None else node
    found = list(node.iter(f"{W}txbxContent"))
    # a box inside another is read with it: linear, each box's ancestors walked up to `node` once
    return [box for box in found if not _inside_box(box, node)]


def _inside_box(box: Any, top: Any) -> bool:
    for ancestor in box.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag == f"{W}txbxContent":
            return True
    return False


def read_docx(path: Path) -> list[Block]:
    """The blocks of a DOCX: the first page's header, then the body."""
    import docx

    document = docx.Document(str(path))
    reader = _Reader(document)
    section = document.sections[0] if len(document.sections) else None
    if section is not None:
        header = section.first_page_header if section.different_first_page_header_footer else section.header
        if not header.is_linked_to_previous:
            reader.container(header._element, header.part.rels)
    reader.container(document.element.body, document.part.rels)
    return reader.blocks
