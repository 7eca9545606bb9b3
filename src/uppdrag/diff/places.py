"""Every clause of a charter named as a reader of that document alone would name it.

Points are unnumbered bullets, so a reference gives the heading a clause stands under, its
position among its kind there, and its opening words — as many words as it takes to tell it
from its neighbours (two points with the same opening words are told apart by position).
The decision writer names clauses of the old document this way, and the applier resolves
such names back to the clause.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.check.inline import plain_text
from uppdrag.check.model import BulletList, Paragraph

if TYPE_CHECKING:
    from uppdrag.check.model import Charter, Item

# The send list (sändlista) is addressed like a section under its own heading; its path starts
# with an id no section can have.
SANDLISTA = "@sandlista"
MIN_WORDS = 4
CUT = " …"

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """The heading a clause stands under: None for the opening; `nth` when a heading repeats."""

    heading: str | None
    nth: int = 0
    new: bool = False  # a heading this decision inserts


@dataclass(frozen=True)
class Ref:
    """How a clause is named: its kind, its scope, its position and its opening words (or label)."""

    kind: str  # point | paragraph | fact | list | section | heading
    scope: Scope | None = None
    ordinal: int = 0
    words: str = ""


@dataclass(frozen=True)
class Clause:
    """One addressable clause: its path of ids, how it is named, and its words."""

    path: Path_
    ref: Ref
    text: str
    label: str | None = None


@dataclass
class Index:
    """A charter's clauses by path, and its scopes (sections and the send list) in order."""

    clauses: dict[Path_, Clause] = field(default_factory=dict)
    scopes: dict[str, Scope] = field(default_factory=dict)  # section id → scope

    def ref(self, path: Path_) -> Ref:
        return self.clauses[path].ref

    def in_scope(self, kind: str, scope: Scope) -> list[Clause]:
        return [c for c in self.clauses.values() if c.ref.kind == kind and c.ref.scope == scope]


def normal(text: str) -> str:
    """Words compared as a reader sees them: runs of white space as one space."""
    return " ".join(text.split())


def opening_words(text: str, others: list[str]) -> str:
    """The fewest words (at least MIN_WORDS) that start `text` and no other of `others`."""
    words = normal(text).split(" ")
    rivals = [normal(o) for o in others]
    for count in range(min(MIN_WORDS, len(words)), len(words) + 1):
        prefix = " ".join(words[:count])
        if not any(r.startswith(prefix) for r in rivals):
            return prefix + (CUT if count < len(words) else "")
    return " ".join(words)  # the same words as another: its position tells it apart


def paragraph_text(block: Paragraph) -> str:
    """The words of a paragraph as they read: the label, then the text."""
    text = plain_text(block.text) if block.text is not None else ""
    return normal(f"{block.label} {text}" if block.label else text)


def section_scopes(charter: Charter) -> dict[str, Scope]:
    """Each section's scope; a repeated heading gets its position among its namesakes."""
    headings = [s.heading for s in charter.sections]
    scopes: dict[str, Scope] = {}
    seen: dict[str | None, int] = {}
    for section in charter.sections:
        seen[section.heading] = seen.get(section.heading, 0) + 1
        repeated = headings.count(section.heading) > 1
        scopes[section.id] = Scope(section.heading, seen[section.heading] if repeated else 0)
    scopes[SANDLISTA] = Scope(charter.labels.sandlista, 0)
    return scopes


def index(charter: Charter) -> Index:
    """Every clause of the charter, named."""
    result = Index(scopes=section_scopes(charter))
    for section in charter.sections:
        scope = result.scopes[section.id]
        result.clauses[(section.id,)] = Clause((section.id,), Ref("section", scope), section.heading or "")
        _blocks(result, scope, section.id, section.blocks)
    from uppdrag.check.model import BulletList as List_

    sandlista = List_(id="sandlista", items=charter.sandlista)
    _blocks(result, result.scopes[SANDLISTA], SANDLISTA, [sandlista])
    return result


def _blocks(result: Index, scope: Scope, section: str, blocks: list[Paragraph | BulletList]) -> None:
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    lists = [b for b in blocks if isinstance(b, BulletList)]
    items: list[tuple[BulletList, Item]] = [(b, i) for b in lists for i in b.items]
    texts = [paragraph_text(p) for p in paragraphs]
    labels = [p.label for p in paragraphs if p.label]
    for n, block in enumerate(paragraphs, 1):
        text = texts[n - 1]
        if block.label and labels.count(block.label) == 1:
            ref = Ref("fact", scope, n, block.label)
        else:
            ref = Ref("paragraph", scope, n, opening_words(text, texts[: n - 1] + texts[n:]))
        result.clauses[(section, block.id)] = Clause((section, block.id), ref, text, block.label)
    item_texts = [normal(plain_text(i.text)) for _b, i in items]
    for n, listing in enumerate(lists, 1):
        first = item_texts[sum(len(b.items) for b in lists[: n - 1])]
        rivals = [normal(plain_text(b.items[0].text)) for b in lists if b is not listing]
        ref = Ref("list", scope, n, opening_words(first, rivals))
        result.clauses[(section, listing.id)] = Clause((section, listing.id), ref, first)
    for n, (owner, item) in enumerate(items, 1):
        text = item_texts[n - 1]
        ref = Ref("point", scope, n, opening_words(text, item_texts[: n - 1] + item_texts[n:]))
        path = (section, owner.id, item.id)
        result.clauses[path] = Clause(path, ref, text)
