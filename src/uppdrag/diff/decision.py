"""An amendment decision as data for its templates: the opening, one `dels att …` sentence per
clause with its new wording, and the rows of the comparison table (Nuvarande | Föreslagen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.diff.amend import amendments
from uppdrag.diff.wording import quoted_lines
from uppdrag.diff.words import Seg, word_diff

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.diff.amendment import Amendment, Place
    from uppdrag.diff.idiom import Idiom
    from uppdrag.diff.places import Ref, Scope

# The clauses whose sentence is followed by the new wording.
WORDED = ("replace", "fact", "move_replace", "insert_point", "insert_paragraph", "insert_fact", "field")


@dataclass(frozen=True)
class Sentence:
    """One `dels att …` clause: the sentence (Markdown) and the wording's block-quote lines."""

    text: str
    quote: tuple[str, ...] = ()
    wording: tuple[object, ...] = ()  # the new wording as spans (for HTML/DOCX); a new list's points
    listed: bool = False  # the wording is the points of a new list

    @property
    def plain(self) -> str:
        """The sentence without its Markdown escapes (for HTML and Word)."""
        from uppdrag.diff.idiom import unescape

        return unescape(self.text)


@dataclass(frozen=True)
class TableRow:
    """A row of the comparison table: the old clause with removed words, the new with added ones."""

    old: tuple[Seg, ...]
    new: tuple[Seg, ...]


@dataclass(frozen=True)
class OwnWording:
    """A council whose own text hides a clause: its own wording stands (a base decision)."""

    council: str
    sentence: str

    @property
    def plain(self) -> str:
        from uppdrag.diff.idiom import unescape

        return unescape(self.sentence)


@dataclass
class Decision:
    """Everything the decision templates show."""

    title: str
    datum: str
    diarienummer: str
    decider: str
    namn: str
    titel: str
    opening: str
    sentences: list[Sentence] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)
    own: list[OwnWording] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    amendments: list[Amendment] = field(default_factory=list)
    charter: Charter | None = None  # the new document: its letterhead is the decision's


def scope_phrase(idiom: Idiom, scope: Scope | None) -> str:
    if scope is None or scope.heading is None:
        return idiom.say("scopes", "opening")
    if scope.new:
        return idiom.say("scopes", "new", heading=scope.heading)
    if scope.nth:
        return idiom.say("scopes", "heading_nth", heading=scope.heading, ordinal=idiom.ordinal(scope.nth))
    return idiom.say("scopes", "heading", heading=scope.heading)


def ref_phrase(idiom: Idiom, ref: Ref) -> str:
    """How the decision names a clause of the old document."""
    scope = ref.scope
    if ref.kind in ("section", "heading"):
        assert scope is not None
        if scope.heading is None:
            return idiom.say("refs", "section_opening")
        key = ref.kind + ("_nth" if scope.nth else "")
        return idiom.say("refs", key, heading=scope.heading, ordinal=idiom.ordinal(scope.nth))
    if ref.kind == "fact":
        return idiom.say("refs", "fact", label=ref.words, scope=scope_phrase(idiom, scope))
    return idiom.say(
        "refs",
        ref.kind,
        ordinal=idiom.ordinal(ref.ordinal),
        scope=scope_phrase(idiom, scope),
        words=ref.words,
    )


def place_phrase(idiom: Idiom, place: Place) -> str:
    if place.how in ("after", "before", "first_in", "last_in"):
        assert place.anchor is not None
        return idiom.say("places", place.how, anchor=ref_phrase(idiom, place.anchor))
    if place.how in ("first", "last"):
        return idiom.say("places", place.how, scope=scope_phrase(idiom, place.scope))
    return idiom.say("places", place.how)


def sentence(idiom: Idiom, a: Amendment) -> Sentence:
    """The `dels att …` sentence of one amendment, with its wording."""
    slots = {
        "target": ref_phrase(idiom, a.target) if a.target else "",
        "place": place_phrase(idiom, a.place) if a.place else "",
        "field": idiom.phrase("fields", a.field) if a.field else "",
        "label": a.label,
        "heading": a.heading,
        "level": str(a.level),
        "council": "",
    }
    text = idiom.phrase("lead", "lead") + " " + idiom.say("clauses", a.action, **slots)
    if a.action == "insert_list":
        items = list(a.wording)
        lines = tuple(line for item in items for line in _bullet(item))
        return Sentence(text, lines, tuple(items), listed=True)
    if a.action in WORDED:
        return Sentence(text, tuple(quoted_lines(a.wording)), (a.wording,))
    return Sentence(text)


def _bullet(item: object) -> list[str]:
    lines = quoted_lines(item)
    return ["> - " + lines[0][2:], *(">   " + line[2:] for line in lines[1:])]


def subject(idiom: Idiom, title: str) -> str:
    """What the document is for, from its title: "Samordningsråd urologi" → "samordningsråd urologi"."""
    prefix = idiom.phrases["words"].get("title_prefix", "")
    if prefix and title.startswith(prefix):
        title = title[len(prefix) :]
    title = title.split(", ")[0]
    return title[:1].lower() + title[1:]


def decide(idiom: Idiom, old: Charter, new: Charter, subjects: list[str] | None = None) -> Decision:
    """The decision that makes `new` of `old` (for the councils named in `subjects`, if given)."""
    words = idiom.phrases["words"]
    decider = f"{new.beslut.titel} {new.beslut.namn}"
    if subjects:
        joined = (
            f" {words['and']} ".join([", ".join(subjects[:-1]), subjects[-1]])
            if len(subjects) > 1
            else subjects[0]
        )
        opening = idiom.say(
            "words", "opening_many", decider=decider, subjects=joined, diarienummer=new.diarienummer
        )
    else:
        opening = idiom.say(
            "words",
            "opening",
            decider=decider,
            subject=subject(idiom, old.title),
            diarienummer=new.diarienummer,
        )
    found = amendments(old, new)
    decision = Decision(
        title=words["title"],
        datum=str(new.beslut.datum or new.datum),
        diarienummer=new.diarienummer,
        decider=decider,
        namn=new.beslut.namn,
        titel=new.beslut.titel,
        opening=opening,
        words=dict(words),
        amendments=found,
        charter=new,
    )
    for a in found:
        decision.sentences.append(sentence(idiom, a))
        if a.old_text is not None or a.new_text is not None:
            decision.rows.append(TableRow(*_row(a.old_text, a.new_text)))
    return decision


def _row(old: str | None, new: str | None) -> tuple[tuple[Seg, ...], tuple[Seg, ...]]:
    segs = word_diff(old or "", new or "")
    return tuple(s for s in segs if s.op != "+"), tuple(s for s in segs if s.op != "-")
