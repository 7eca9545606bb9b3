"""The words of each part of a DOCX (body, and every header and footer by kind and page type)."""

from __future__ import annotations

import posixpath
import zipfile
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _words(root: etree._Element) -> list[str]:
    """Text of w:t in order, without field results (page numbers differ with the page count)."""
    text: list[str] = []
    depth = 0  # inside a complex field's result
    for node in root.iter():
        if node.tag == f"{W}fldChar":
            kind = node.get(f"{W}fldCharType")
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        elif node.tag == f"{W}p":
            text.append("\n")
        elif node.tag == f"{W}tab":
            text.append(" ")
        elif node.tag == f"{W}noBreakHyphen" and not depth:
            text.append("-")
        elif (
            node.tag == f"{W}t"
            and not depth
            and not any(a.tag == f"{W}fldSimple" for a in node.iterancestors())
        ):
            text.append(node.text or "")
    # a word joiner is no text (LibreOffice saves the DOCX's `w:sym` word joiner as a character)
    return "".join(text).replace("\u2060", "").split()


def part_words(path: Path) -> dict[str, list[str]]:
    """{"body": words, "headerReference/first": words, …} for the last section of the document."""
    with zipfile.ZipFile(path) as package:
        document = etree.fromstring(package.read("word/document.xml"))
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        targets = {
            rel.get("Id"): posixpath.join("word", rel.get("Target", ""))
            for rel in rels.iter(f"{PR}Relationship")
        }
        body = document.find(f"{W}body")
        assert body is not None
        section = body.find(f"{W}sectPr")
        parts = {"body": _words(body)}
        for ref in section if section is not None else ():
            kind = str(ref.tag).removeprefix(W)
            if kind in ("headerReference", "footerReference"):
                name = targets[ref.get(f"{R}id")]
                parts[f"{kind}/{ref.get(f'{W}type')}"] = _words(etree.fromstring(package.read(name)))
    return parts
