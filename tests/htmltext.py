"""The words a reader sees in an HTML page's <main>, without a browser (html.parser)."""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "div", "ul", "br", "tr", "header", "section"}


class _Text(HTMLParser):
    def __init__(self, root: str) -> None:
        super().__init__()
        self.root, self.depth, self.parts = root, 0, []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.root:
            self.depth += 1
        if self.depth and tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag in BLOCKS:
            self.parts.append("\n")
        if tag == self.root:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def text_of(html: str, root: str = "main") -> str:
    parser = _Text(root)
    parser.feed(html)
    return "".join(parser.parts)
