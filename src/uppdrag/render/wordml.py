"""WordprocessingML pieces shared by the document and the redline: text runs and link ids."""

from __future__ import annotations


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
    """`w:t` elements for a text; line breaks and tabs become `w:br` and `w:tab`."""
    if "\n" not in text and "\t" not in text:
        return f'<w:t xml:space="preserve">{escape(text)}</w:t>' if text else ""
    pieces = []
    for number, line in enumerate(text.split("\n")):
        if number:
            pieces.append("<w:br/>")
        for index, chunk in enumerate(line.split("\t")):
            if index:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return "".join(pieces)
