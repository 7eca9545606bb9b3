"""A charter text as the one line a coordinator edits in a text box, and back.

Bold is written `**bold**` and a link `[shown text](https://…)`, as in Markdown; everything else
is the text itself. An e-mail address needs nothing: the document links it by itself.
"""

from __future__ import annotations

import re
from typing import Any

# A link's text holds no `[`: else each `[` of a long unclosed run scanned on to its end (quadratic).
SPAN = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*|\[(?P<link>[^\[\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s)]+)\)"
)


def to_form(value: Any) -> str:
    """The editable form of a text: a string, or a list of strings, `{bold}` and `{link, url}`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    parts: list[str] = []
    for span in value:
        if isinstance(span, str):
            parts.append(span)
        elif isinstance(span, dict) and "bold" in span:
            parts.append(f"**{span['bold']}**")
        elif isinstance(span, dict) and "link" in span:
            parts.append(f"[{span['link']}]({span['url']})")
        else:  # a pydantic span: the same, read by attribute
            bold = getattr(span, "bold", None)
            parts.append(f"**{bold}**" if bold else f"[{span.link}]({span.url})")
    return "".join(parts)


def from_form(text: str) -> str | list[Any]:
    """The charter value of an edited text: plain text unless it has bold or links.

    Line breaks typed in the box become spaces (a charter text is one paragraph) and runs of
    spaces one, as Word's paste would leave them.
    """
    text = " ".join(text.split())
    pieces: list[Any] = []
    position = 0
    for match in SPAN.finditer(text):
        if match.start() > position:
            pieces.append(text[position : match.start()])
        if match.group("bold"):
            pieces.append({"bold": match.group("bold")})
        else:
            pieces.append({"link": match.group("link"), "url": match.group("url")})
        position = match.end()
    if not pieces:
        return text
    if position < len(text):
        pieces.append(text[position:])
    return pieces
