"""WordprocessingML pieces shared by the document and the redline: text runs and link ids."""

from __future__ import annotations

import re
from functools import lru_cache

from uppdrag.render.unbroken import pieces


class Links:
    """The hyperlinks of one part, each with its relationship id (in order of first use)."""

    def __init__(self) -> None:
        self._ids: dict[str, str] = {}

    def rid(self, url: str) -> str:
        return self._ids.setdefault(url, f"rIdLink{len(self._ids) + 1}")

    def items(self) -> list[tuple[str, str]]:
        return [(rid, url) for url, rid in self._ids.items()]


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# A pure function of its text: the same sentence of a base in every council is made once (bounded).
@lru_cache(maxsize=8192)
def text_xml(text: str, props: str = "") -> str:
    """`w:t` elements for a text inside a run whose properties are `props` (a `w:rPr` or "");
    line breaks and tabs become `w:br` and `w:tab`; registry numbers and dates do not break (a
    word joiner after their dashes, which ends the run: see `WORD_JOINER`; no-break spaces)."""
    if "\n" not in text and "\t" not in text:
        return _unbroken(text, props)
    pieces = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, chunk in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            pieces.append(_unbroken(chunk, props))
    return "".join(pieces)


# U+2060 WORD JOINER as a symbol element, not text: a line may not break after the dash before
# it, while the text itself (what python-docx, a `w:t` reader and pdftotext see) keeps the plain
# hyphen; `w:noBreakHyphen` would hold the line in Word but is no text to a reader of `w:t`. The
# joiner sits alone in its run: LibreOffice gives the text after a `w:sym` in the same run the
# symbol's font.
WORD_JOINER = '<w:sym w:char="2060"/>'
_DASH = re.compile(r"(?<=[-–])")


def joiner_run(props: str) -> str:
    """Ends the current run, a run holding only the word joiner, and opens the next run."""
    return f"</w:r><w:r>{props}{WORD_JOINER}</w:r><w:r>{props}"


def _unbroken(text: str, props: str) -> str:
    out = []
    for piece, whole in pieces(text):
        if not whole:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
            continue
        stretches = _DASH.split(piece.replace(" ", "\u00a0"))
        texts = (f'<w:t xml:space="preserve">{escape(s)}</w:t>' for s in stretches if s)
        out.append(joiner_run(props).join(texts))
    return "".join(out)
