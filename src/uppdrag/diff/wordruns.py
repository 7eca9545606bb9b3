"""A WordprocessingML paragraph as tokens (words, tabs, pictures, fields) and back, tracked.

A token keeps the run properties and the hyperlink it came from, so a merged paragraph is
written with the same formatting: kept tokens as plain runs, removed ones in `w:del` (their
text as `w:delText`), added ones in `w:ins`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from uppdrag.diff.words import TOKEN

if TYPE_CHECKING:
    from lxml.etree import _Element

    from uppdrag.diff.tracked import Tracker

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
Op = Literal["=", "-", "+"]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def parse(data: bytes) -> _Element:
    """XML of a package part (no entities resolved, nothing fetched)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(data, parser)


@dataclass(frozen=True)
class Token:
    """A word (or space, or punctuation) of a run, or one of its other elements, or a simple field."""

    key: str  # what is compared: the text, or the element's XML, inside its hyperlink
    text: str | None
    element: _Element | None  # a run's child other than text (tab, break, picture), or a w:fldSimple
    props: _Element | None  # the run's w:rPr
    link: _Element | None  # the w:hyperlink around the run
    link_key: str = ""


def tokens(paragraph: _Element) -> list[Token]:
    """The tokens of a paragraph, in reading order."""
    out: list[Token] = []
    _walk(paragraph, None, "", out)
    return out


def _walk(parent: _Element, link: _Element | None, link_key: str, out: list[Token]) -> None:
    from lxml import etree

    words = _Words(out, link, link_key)
    for child in parent:
        if child.tag == w("r"):
            _run_tokens(child, words)
            continue
        words.flush()
        if child.tag == w("hyperlink"):
            attributes = "|".join(f"{k}={v}" for k, v in sorted(child.attrib.items()))
            _walk(child, child, f"\x02{attributes}\x03", out)
        elif child.tag == w("fldSimple"):
            xml = etree.tostring(child, encoding="unicode")
            out.append(Token(f"{link_key}\x01{xml}", None, child, None, link, link_key))
    words.flush()


NO_BREAK_HYPHEN = "\u2011"  # a `w:noBreakHyphen` inside a word (a registry number, a date)
WORD_JOINER = "\u2060"  # a `w:sym` word joiner after a dash inside a word (see render.wordml)


class _Words:
    """Text of consecutive runs with the same properties, cut into word tokens when it ends: the
    word joiner sits in a run of its own, and "2024-05-21" is still one word."""

    def __init__(self, out: list[Token], link: _Element | None, link_key: str) -> None:
        self.out, self.link, self.link_key = out, link, link_key
        self.text: list[str] = []
        self.props: _Element | None = None
        self.key = ""

    def add(self, text: str, props: _Element | None) -> None:
        key = _xml(props)
        if self.text and key != self.key:
            self.flush()
        self.text.append(text)
        self.props, self.key = props, key

    def flush(self) -> None:
        words = TOKEN.findall("".join(self.text))
        link, link_key = self.link, self.link_key
        self.out.extend(Token(link_key + word, word, None, self.props, link, link_key) for word in words)
        self.text.clear()


def _run_tokens(element: _Element, words: _Words) -> None:
    from lxml import etree

    props = element.find(w("rPr"))
    for child in element:
        if child.tag == w("rPr"):
            continue
        if child.tag == w("t"):
            words.add(child.text or "", props)
        elif child.tag == w("noBreakHyphen"):
            words.add(NO_BREAK_HYPHEN, props)  # part of its word: "2024-05-21" is one word
        elif child.tag == w("sym") and (child.get(w("char")) or "").upper() == "2060":
            words.add(WORD_JOINER, props)  # likewise
        else:
            words.flush()
            xml = etree.tostring(child, encoding="unicode")
            link_key = words.link_key
            out = words.out
            out.append(Token(f"{link_key}\x01{xml}", None, child, props, words.link, link_key))


def revision(tag: str, track: Tracker) -> _Element:
    """A `w:ins`/`w:del` element with the tracker's next id, author and date."""
    return parse(f'<w:{tag} xmlns:w="{W}" {track.attrs()}/>'.encode())


def paragraph(template: _Element, merged: list[tuple[Op, Token]], track: Tracker) -> _Element:
    """A paragraph with `template`'s properties holding the merged tokens as tracked runs."""
    from lxml import etree

    out = etree.Element(w("p"), attrib=dict(template.attrib), nsmap=template.nsmap)
    props = template.find(w("pPr"))
    if props is not None:
        out.append(copy.deepcopy(props))
    parent, link_key = out, ""
    current: _Element | None = None
    current_key: tuple[str, str, str] | None = None
    for op, token in merged:
        if token.link_key != link_key:
            link_key, current, current_key = token.link_key, None, None
            parent = out
            if token.link is not None:
                parent = etree.SubElement(out, w("hyperlink"), attrib=dict(token.link.attrib))
        if token.element is not None and token.element.tag == w("fldSimple"):
            parent.append(_field(token.element, op, track))
            current, current_key = None, None
            continue
        key = (op, _xml(token.props), link_key)
        if current is None or key != current_key or token.text is None:
            current, current_key = _run(parent, op, token.props, track), key
        if token.text is None and token.element is not None:
            current.append(
                _deleted(copy.deepcopy(token.element)) if op == "-" else copy.deepcopy(token.element)
            )
            current_key = None  # the next text starts a new run after an element
            continue
        last = current[-1] if len(current) else None
        text_tag = w("delText") if op == "-" else w("t")
        if last is None or last.tag != text_tag:
            last = etree.SubElement(current, text_tag)
            last.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            last.text = ""
        last.text = (last.text or "") + (token.text or "")
    _hyphens(out)
    return out


_JOINS = re.compile(f"([{NO_BREAK_HYPHEN}{WORD_JOINER}])")


def _hyphens(paragraph: _Element) -> None:
    """Text holding no-break hyphens and word joiners back as text and their elements; a word
    joiner in a run of its own (see `render.wordml.WORD_JOINER`)."""
    for run in list(paragraph.iter(w("r"))):
        if any(_JOINS.search(node.text or "") for node in run.iter(w("t"), w("delText"))):
            _split_run(run)


def _split_run(run: _Element) -> None:
    from lxml import etree

    props = run.find(w("rPr"))
    pieces: list[list[_Element]] = [[]]  # the children of each run to be
    for child in list(run):
        if child is props:
            continue
        run.remove(child)
        if child.tag not in (w("t"), w("delText")) or not _JOINS.search(child.text or ""):
            pieces[-1].append(child)
            continue
        for index, part in enumerate(_JOINS.split(child.text or "")):
            if index % 2 == 0 and part:
                node = etree.Element(child.tag)
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                node.text = part
                pieces[-1].append(node)
            elif part == NO_BREAK_HYPHEN:
                pieces[-1].append(etree.Element(w("noBreakHyphen")))
            elif part == WORD_JOINER:
                pieces += [[etree.Element(w("sym"), {w("char"): "2060"})], []]
    filled = [piece for piece in pieces if piece]
    run.extend(filled[0] if filled else [])
    anchor = run
    for piece in filled[1:]:
        following = etree.Element(w("r"), attrib=dict(run.attrib))
        if props is not None:
            following.append(copy.deepcopy(props))
        following.extend(piece)
        anchor.addnext(following)
        anchor = following


def _xml(element: _Element | None) -> str:
    from lxml import etree

    return "" if element is None else etree.tostring(element, encoding="unicode")


def _run(parent: _Element, op: Op, props: _Element | None, track: Tracker) -> _Element:
    from lxml import etree

    holder = parent
    if op != "=":
        holder = revision("ins" if op == "+" else "del", track)
        parent.append(holder)
    run = etree.SubElement(holder, w("r"))
    if props is not None:
        run.append(copy.deepcopy(props))
    return run


def _deleted(element: _Element) -> _Element:
    """Text inside a removed element is deleted text."""
    for node in element.iter(w("t"), w("instrText")):
        node.tag = w("delText") if node.tag == w("t") else w("delInstrText")
    return element


def _field(field: _Element, op: Op, track: Tracker) -> _Element:
    """A simple field (page number) kept, or its result runs tracked as removed or added."""
    out = copy.deepcopy(field)
    if op == "=":
        return out
    for run in out.findall(w("r")):
        holder = revision("ins" if op == "+" else "del", track)
        run.addprevious(holder)
        holder.append(_deleted(run) if op == "-" else run)
    return out


def mark_paragraph(element: _Element, op: Op, track: Tracker) -> None:
    """A paragraph mark removed or added (`w:pPr/w:rPr/w:del|w:ins`)."""
    from lxml import etree

    props = element.find(w("pPr"))
    if props is None:
        props = etree.Element(w("pPr"))
        element.insert(0, props)
    run_props = props.find(w("rPr"))
    if run_props is None:
        run_props = etree.Element(w("rPr"))
        after = [props.find(w(tag)) for tag in ("sectPr", "pPrChange")]
        anchor = next((e for e in after if e is not None), None)
        if anchor is not None:
            anchor.addprevious(run_props)
        else:
            props.append(run_props)
    if op != "=":
        run_props.insert(0, revision("ins" if op == "+" else "del", track))


def mark_row(row: _Element, op: Op, track: Tracker) -> None:
    """A table row removed or added (`w:trPr/w:del|w:ins`)."""
    from lxml import etree

    props = row.find(w("trPr"))
    if props is None:
        props = etree.Element(w("trPr"))
        before = row.find(w("tblPrEx"))
        if before is not None:
            before.addnext(props)
        else:
            row.insert(0, props)
    change = props.find(w("trPrChange"))
    mark = revision("ins" if op == "+" else "del", track)
    if change is not None:
        change.addprevious(mark)
    else:
        props.append(mark)
