"""Text inside a paragraph as runs: plain, bold or linked; e-mail addresses become links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from uppdrag.check.model import Bold, Link, Span

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Run:
    """A stretch of text with one format."""

    text: str
    bold: bool = False
    url: str | None = None


def _plain(text: str) -> list[Run]:
    if "@" not in text:  # the common case: no address to look for
        return [Run(text)]
    runs: list[Run] = []
    position = 0
    for match in EMAIL.finditer(text):
        if match.start() > position:
            runs.append(Run(text[position : match.start()]))
        runs.append(Run(match.group(), url=f"mailto:{match.group()}"))
        position = match.end()
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs


def runs(value: str | list[Span] | None) -> list[Run]:
    """The runs of an inline text (a string or a list of spans)."""
    if value is None:
        return []
    spans: list[Span] = [value] if isinstance(value, str) else value
    result: list[Run] = []
    for span in spans:
        if isinstance(span, Link):
            result.append(Run(span.link, url=span.url))
        elif isinstance(span, Bold):
            result.append(Run(span.bold, bold=True))
        else:
            result.extend(_plain(span))
    return result


def plain_text(value: str | list[Span] | None) -> str:
    """The words a reader sees, without formatting."""
    return "".join(run.text for run in runs(value))
