"""WordprocessingML pieces shared by the document and the redline: text runs and link ids."""

from __future__ import annotations

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


def text_xml(text: str) -> str:
    """`w:t` elements for a text; line breaks and tabs become `w:br` and `w:tab`; registry numbers
    and dates do not break (`w:noBreakHyphen`, no-break spaces: see `unbroken`)."""
    if "\n" not in text and "\t" not in text:
        return _unbroken(text)
    pieces = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, chunk in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            pieces.append(_unbroken(chunk))
    return "".join(pieces)


def _unbroken(text: str) -> str:
    out = []
    for piece, whole in pieces(text):
        if not whole:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
            continue
        for index, part in enumerate(piece.replace(" ", "\u00a0").split("-")):
            if index:
                out.append("<w:noBreakHyphen/>")
            if part:
                out.append(f'<w:t xml:space="preserve">{escape(part)}</w:t>')
    return "".join(out)
