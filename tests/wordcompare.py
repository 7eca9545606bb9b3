"""Word-for-word comparison of a rendered document with an official text.

A re-implementation of the project's fidelity rule (shared/tools/fidelity.py), so the tests
need nothing outside the repository: Markdown markup, link targets, escapes and the
letterhead footer block ('---' through the Webbplats link) are not words; words glued by PDF
extraction are split; white space is folded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
GLUED = re.compile(r"(?<=[a-zåäö.,)])(?=[A-ZÅÄÖ][a-zåäö])")


def _without_footer(lines: list[str]) -> list[str]:
    kept, skipping = [], False
    for line in lines:
        stripped = line.strip()
        if stripped == "---":
            skipping = True
        elif skipping:
            skipping = "vgregion.se](http" not in stripped
        else:
            kept.append(line)
    return kept


def words_of_text(text: str) -> list[str]:
    text = "\n".join(_without_footer(text.splitlines()))
    text = LINK.sub(r"\1", text).replace("\\", "")
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s*[-*+]\s+", "", text, flags=re.M)
    text = re.sub(r"^\s*\d+[.)]\s+", "", text, flags=re.M)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text)
    return GLUED.sub(" ", text).split()


def words_of_docx(path: Path) -> list[str]:
    """The first page's header (the letterhead), then the body; footers are left out."""
    import docx

    document = docx.Document(str(path))
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else section.header
    parts = [] if header.is_linked_to_previous else _block_texts(header._element)
    parts += _block_texts(document.element.body)
    return GLUED.sub(" ", "\n".join(parts)).split()


def _block_texts(element: object) -> list[str]:
    parts: list[str] = []
    for child in element.iterchildren():  # type: ignore[attr-defined]
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(_text(t) for t in child.iter()))
        elif tag == "tbl":
            parts.extend(text for t in child.iter() if (text := _text(t)))
        elif tag == "sdt":
            for content in child.iterchildren():
                if content.tag.endswith("}sdtContent"):
                    parts.extend(_block_texts(content))
    return parts


def _text(node: Any) -> str:
    """A `w:t` element's text; nothing else is text (as in shared/tools/fidelity.py, which reads a
    `w:noBreakHyphen` as nothing: a hyphen must be in the text to count)."""
    tag = node.tag if isinstance(node.tag, str) else ""
    return str(node.text or "") if tag.endswith("}t") else ""


def words_of(path: Path) -> list[str]:
    if path.suffix == ".docx":
        return words_of_docx(path)
    return words_of_text(path.read_text(encoding="utf-8"))


def first_difference(expected: list[str], got: list[str]) -> str:
    """Where two word lists part, for a readable assertion message."""
    for index, (a, b) in enumerate(zip(expected, got, strict=False)):
        if a != b:
            want, have = " ".join(expected[index : index + 8]), " ".join(got[index : index + 8])
            return f"word {index}: expected «{want}» got «{have}»"
    return f"lengths differ: expected {len(expected)} words, got {len(got)}"
