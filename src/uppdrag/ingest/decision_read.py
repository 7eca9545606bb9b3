"""Read an amendment decision (its Markdown form) back into amendment clauses.

Every top-level list item of the decision is a clause: `- dels att …` in the idiom of
`templates/beslut/idiom.yaml`, followed by its new wording as a block quote where the clause
has one. The comparison table and any other paragraph are the reader's, not the applier's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uppdrag.diff.amendment import Amendment, Place
from uppdrag.diff.idiom import MAX_LINE, hole, lift_quotes
from uppdrag.diff.places import CUT, Ref, Scope
from uppdrag.diff.wording import from_markdown
from uppdrag.errors import DecisionError, Mark
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.diff.idiom import Idiom

_ITEM = re.compile(r"^[-*+] +(.*)$")
_SHORT = 2_000  # the idiom's words of one clause, its quotations lifted out


class Unread(ValueError):
    """A clause that does not read as the idiom (the message says what)."""


@dataclass(frozen=True)
class ReadClause:
    """One clause of the decision, where it stands, and for which council alone (own wording)."""

    line: int
    amendment: Amendment
    council: str | None = None


def read_decision(text: str, idiom: Idiom, path: Path) -> list[ReadClause]:
    """The decision's clauses in order; a clause that does not read is refused with its line."""
    lines = text.splitlines()
    lead = idiom.phrase("lead", "lead") + " "
    clauses: list[ReadClause] = []
    index = 0
    while index < len(lines):
        item = _ITEM.match(lines[index])
        if not item:
            index += 1
            continue
        number, body = index + 1, item.group(1).strip()
        quote, index = _quote(lines, index + 1)
        try:
            if len(body) > MAX_LINE:
                raise Unread(_("the clause is too long"))
            if body.startswith(lead):
                clauses.append(ReadClause(number, _clause(idiom, body[len(lead) :], quote)))
            else:
                council, own = _own_wording(idiom, body)
                clauses.append(ReadClause(number, own, council))
        except (Unread, ValueError) as exc:
            raise DecisionError(str(exc), Mark(path, number, 1)) from None
    return clauses


def on_a_base(text: str, idiom: Idiom) -> bool:
    """Whether the decision opens as one on a base revision (naming the councils it applies to)."""
    pattern = idiom.pattern("words", "opening_many")
    return any(pattern.match(line.strip()) for line in text.splitlines() if len(line) < MAX_LINE)


def _quote(lines: list[str], index: int) -> tuple[list[str], int]:
    """The block quote under a clause (its `>` marks taken off), and the line after it."""
    quote: list[str] = []
    while index < len(lines):
        stripped = lines[index].strip()
        if stripped.startswith(">"):
            quote.append(stripped[2:] if stripped.startswith("> ") else stripped[1:])
        elif stripped:
            break
        elif quote:
            index += 1
            break
        index += 1
    return quote, index


def _holed(body: str) -> tuple[str, list[str]]:
    holed, quoted = lift_quotes(body)
    if len(holed) > _SHORT:
        raise Unread(_("the clause is too long"))
    return holed, quoted


def _own_wording(idiom: Idiom, body: str) -> tuple[str, Amendment]:
    """`för samordningsråd X står rådets egen lydelse av … kvar`: a clause or a fact left alone."""
    holed, quoted = _holed(body)
    fields = {phrase: name for name, phrase in idiom.phrases["fields"].items()}
    for key, slots in idiom.matches("clauses", holed.rstrip(",;.")):
        if key == "own_wording":
            council, target = _shown(slots["council"], quoted), slots["target"]
            if target in fields:
                return council, Amendment("own_wording", field=fields[target])
            return council, Amendment("own_wording", _ref(idiom, target, quoted))
    raise Unread(
        _("not a clause of the decision (it does not start '{lead}')").format(
            lead=idiom.phrase("lead", "lead")
        )
    )


def _clause(idiom: Idiom, body: str, quote: list[str]) -> Amendment:
    holed, quoted = _holed(body)
    problem: str | None = None
    for text in dict.fromkeys((holed, holed.rstrip(",;."))):
        for key, slots in idiom.matches("clauses", text):
            if key == "own_wording":
                continue
            try:
                return _amendment(idiom, key, slots, quoted, quote)
            except Unread as exc:
                problem = problem or str(exc)
    raise Unread(
        problem
        or _("the clause does not read as any phrase of the idiom ({path})").format(path=idiom.path.name)
    )


def _amendment(
    idiom: Idiom, key: str, slots: dict[str, str], quoted: list[str], quote: list[str]
) -> Amendment:
    fields = {phrase: name for name, phrase in idiom.phrases["fields"].items()}
    field = ""
    if "field" in slots:
        if slots["field"] not in fields:
            raise Unread(_("no such fact: '{field}'").format(field=slots["field"]))
        field = fields[slots["field"]]
    level = int(slots["level"]) if "level" in slots else 0
    wording: Any = None
    if key == "insert_list":
        wording = _items(quote)
    elif key in (
        "replace",
        "fact",
        "move_replace",
        "insert_point",
        "insert_paragraph",
        "insert_fact",
        "field",
    ):
        if not quote:
            raise Unread(_("the new wording (a block quote, > …) is missing under the clause"))
        wording = from_markdown("\n".join(quote))
        if key == "field" and not isinstance(wording, str):
            raise Unread(_("a fact is plain text, without bold words or links"))
    return Amendment(
        key,
        target=_ref(idiom, slots["target"], quoted) if "target" in slots else None,
        place=_place(idiom, slots["place"], quoted) if "place" in slots else None,
        field=field,
        label=hole(slots["label"], quoted) if "label" in slots else "",
        heading=hole(slots["heading"], quoted) if "heading" in slots else "",
        level=level,
        wording=wording,
    )


def _items(quote: list[str]) -> list[Any]:
    items: list[list[str]] = []
    for line in quote:
        if line.startswith("- "):
            items.append([line[2:]])
        elif items and line.startswith("  "):
            items[-1].append(line[2:])
        else:
            raise Unread(_("each point of a new list is a line '> - …'"))
    if not items:
        raise Unread(_("the points of the new list (> - …) are missing under the clause"))
    return [from_markdown("\n".join(lines)) for lines in items]


def _ordinal(idiom: Idiom, word: str) -> int:
    number = idiom.number(word)
    if number is None:
        raise Unread(_("'{word}' is not a position (första, andra, …)").format(word=word))
    return number


def _words(text: str) -> str:
    return text[: -len(CUT)] if text.endswith(CUT) else text.removesuffix("…").rstrip()


def _scope(idiom: Idiom, text: str, quoted: list[str]) -> Scope:
    for key, slots in idiom.matches("scopes", text):
        if key == "opening":
            return Scope(None)
        heading = hole(slots["heading"], quoted)
        if key == "new":
            return Scope(heading, 0, new=True)
        if key == "heading":
            return Scope(heading)
        number = idiom.number(slots["ordinal"])
        if number is not None:
            return Scope(heading, number)
    raise Unread(_("does not say where in the document: '{text}'").format(text=_shown(text, quoted)))


def _ref(idiom: Idiom, text: str, quoted: list[str]) -> Ref:
    problem: str | None = None
    for key, slots in idiom.matches("refs", text):
        try:
            if key in ("section", "heading"):
                return Ref(key, Scope(hole(slots["heading"], quoted)))
            if key in ("section_nth", "heading_nth"):
                scope = Scope(hole(slots["heading"], quoted), _ordinal(idiom, slots["ordinal"]))
                return Ref(key.removesuffix("_nth"), scope)
            if key == "section_opening":
                return Ref("section", Scope(None))
            scope = _scope(idiom, slots["scope"], quoted)
            if key == "fact":
                return Ref("fact", scope, 0, hole(slots["label"], quoted))
            return Ref(key, scope, _ordinal(idiom, slots["ordinal"]), _words(hole(slots["words"], quoted)))
        except Unread as exc:
            problem = problem or str(exc)
    raise Unread(problem or _("does not name a clause: '{text}'").format(text=_shown(text, quoted)))


def _place(idiom: Idiom, text: str, quoted: list[str]) -> Place:
    problem: str | None = None
    for key, slots in idiom.matches("places", text):
        try:
            if "anchor" in slots:
                return Place(key, _ref(idiom, slots["anchor"], quoted))
            if "scope" in slots:
                return Place(key, scope=_scope(idiom, slots["scope"], quoted))
            return Place(key)
        except Unread as exc:
            problem = problem or str(exc)
    raise Unread(problem or _("does not say where to: '{text}'").format(text=_shown(text, quoted)))


def _shown(text: str, quoted: list[str]) -> str:
    """A holed text with its quotations put back, for a message."""
    return re.sub("\x00(\\d+)\x00", lambda m: "”" + quoted[int(m.group(1))] + "”", text)


def named(text: str, placeholder: str, name: str) -> str:
    """A decision on a base revision with the council's own name where the placeholder stands."""
    if not placeholder:
        return text
    escaped = re.sub(r"([\\”*_\[\]<>|`])", r"\\\1", name)
    shown = re.sub(r"([\\*_\[\]<>|`])", r"\\\1", placeholder)
    return text.replace(shown, escaped).replace(placeholder, escaped)
