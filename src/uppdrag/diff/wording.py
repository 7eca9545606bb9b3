"""A clause's new wording as Markdown, and back: plain words escaped, `**bold**`,
`[linked words](<url>)`, a line break as two spaces at the end of a line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.check.model import Bold, Link
from uppdrag.i18n import _
from uppdrag.render.markdown import escape

if TYPE_CHECKING:
    from uppdrag.check.model import Span

Inline = Any  # str | list[Span]


def to_markdown(value: Inline) -> str:
    """The wording as one Markdown text (lines joined by `  \\n`)."""
    spans: list[Span] = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for span in spans:
        if isinstance(span, Link):
            out.append(f"[{escape(span.link)}](<{span.url}>)")
        elif isinstance(span, Bold):
            out.append(f"**{escape(span.bold)}**")
        else:
            out.append(escape(span))
    return "".join(out)


def quoted_lines(value: Inline) -> list[str]:
    """The wording as the lines of a Markdown block quote."""
    return ["> " + line if line else ">" for line in to_markdown(value).split("\n")]


class _Reader:
    """Spans read one mark at a time: plain words, bold words, links."""

    def __init__(self) -> None:
        self.spans: list[Any] = []
        self.words: list[str] = []
        self.bold = False

    def flush(self) -> None:
        if self.bold:
            self.spans.append({"bold": "".join(self.words)})
        elif self.words:
            self.spans.append("".join(self.words))
        self.words = []

    def step(self, text: str, index: int) -> int:
        """Read what starts at `index`; the index after it."""
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] != "\n":
            self.words.append(text[index + 1])
            return index + 2
        if text.startswith("  \n", index):
            self.words.append("\n")
            return index + 3
        if text.startswith("**", index):
            self.flush()
            self.bold = not self.bold
            return index + 2
        if char == "[" and not self.bold:
            self.flush()
            return _link(text, index, self.spans)
        self.words.append(" " if char == "\n" else char)  # a soft line break reads as a space
        return index + 1


def from_markdown(text: str) -> Inline:
    """The spans a wording in Markdown stands for: a plain string when it has no bold or link.

    Raises ValueError (a message for the reader) on an unclosed mark.
    """
    reader = _Reader()
    index = 0
    while index < len(text):
        index = reader.step(text, index)
    if reader.bold:
        raise ValueError(_("bold text (**) is not closed"))
    reader.flush()
    spans = reader.spans
    if len(spans) == 1 and isinstance(spans[0], str):
        return spans[0]
    return spans


def _link(text: str, start: int, spans: list[Any]) -> int:
    """Read `[words](<url>)` at `start` into `spans`; the index after it."""
    words: list[str] = []
    index = start + 1
    while index < len(text) and text[index] != "]":
        if text[index] == "\\" and index + 1 < len(text):
            index += 1
        words.append(text[index])
        index += 1
    if not text.startswith("](<", index):
        raise ValueError(_("a link is written [words](<address>)"))
    end = text.find(">)", index + 3)
    if end < 0:
        raise ValueError(_("a link is written [words](<address>)"))
    spans.append({"link": "".join(words), "url": text[index + 3 : end]})
    return end + 2
