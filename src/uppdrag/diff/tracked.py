"""Tracked changes for the Word redline's body: `w:ins`/`w:del` runs, kept hyperlinks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.render.wordml import Links, text_xml

if TYPE_CHECKING:
    from markupsafe import Markup

    from uppdrag.diff.align import Row


class Tracker:
    """Revision marks for a redline: one author, one date from the data, ids in order."""

    author = "uppdrag"

    def __init__(self, when: str) -> None:
        self.date = f"{when}T00:00:00Z"
        self._next = 0

    def attrs(self) -> str:
        self._next += 1
        return f'w:id="{self._next}" w:author="{self.author}" w:date="{self.date}"'


def tracked_runs(row: Row, track: Tracker, links: Links | None = None) -> Markup:
    """The runs of a redline row: kept words plain, removed in `w:del`, added in `w:ins`.

    Linked words stay hyperlinks (`links` holds the part's relationships); words whose link
    target changed are shown as the old link removed and the new one added.
    """
    from markupsafe import Markup

    from uppdrag.diff.words import Seg, SegOp

    links = links if links is not None else Links()
    old_links, new_links = (dict(side) for side in row.hyperlinks)
    joiner: SegOp = "+" if row.status == "added" else "-" if row.status == "removed" else "="
    pieces = [(seg, True) for seg in row.label]
    if row.label:
        pieces.append((Seg(joiner, " "), False))
    pieces += [(seg, False) for seg in row.segments]
    out = []
    for seg, bold in pieces:
        if seg.op != "=":
            side = new_links if seg.op == "+" else old_links
            out += [_run(t, bold, side.get(t), links, seg.op, track) for t in _split(seg.text, list(side))]
            continue
        for text in _split(seg.text, [*old_links, *new_links]):
            if old_links.get(text) == new_links.get(text):
                out.append(_run(text, bold, new_links.get(text), links, "="))
                continue  # a changed link target: the old words and link removed, the new added
            for op, side in (("-", old_links), ("+", new_links)):
                out += [_run(t, bold, side.get(t), links, op, track) for t in _split(text, list(side))]
    return Markup("".join(out))


def _split(text: str, words: list[str]) -> list[str]:
    """`text` cut before and after each occurrence of the linked `words` (longest first)."""
    import re

    words = sorted((w for w in words if w), key=len, reverse=True)
    if not words or not text:
        return [text] if text else []
    return [p for p in re.split("(" + "|".join(re.escape(w) for w in words) + ")", text) if p]


def _run(text: str, bold: bool, url: str | None, links: Links, op: str, track: Tracker | None = None) -> str:
    """One run, kept, inserted or deleted; inside a hyperlink when it has a target."""
    style = '<w:rStyle w:val="Hyperlink"/>' if url else ""
    props = f"<w:rPr>{style}<w:b/><w:bCs/></w:rPr>" if bold else (f"<w:rPr>{style}</w:rPr>" if url else "")
    body = text_xml(text, props)
    if op == "-":
        body = body.replace("<w:t ", "<w:delText ").replace("</w:t>", "</w:delText>")
    run = f"<w:r>{props}{body}</w:r>"
    if op != "=" and track is not None:
        tag = "ins" if op == "+" else "del"
        run = f"<w:{tag} {track.attrs()}>{run}</w:{tag}>"
    return f'<w:hyperlink r:id="{links.rid(url)}" w:history="1">{run}</w:hyperlink>' if url else run


def paragraph_mark(row: Row, track: Tracker) -> Markup:
    """A whole paragraph added or removed also marks its paragraph mark (`w:pPr/w:rPr`)."""
    from markupsafe import Markup

    tag = {"added": "ins", "removed": "del"}.get(row.status)
    return Markup(f"<w:rPr><w:{tag} {track.attrs()}/></w:rPr>" if tag else "")
