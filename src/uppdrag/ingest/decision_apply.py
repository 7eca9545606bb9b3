"""Apply an amendment decision to a council's file: the council file the decision implies.

Each clause names clauses of the council's current document; the applier resolves every name to
exactly one clause (or refuses, with the decision's line and the candidates) and writes the
change as an overlay entry by id, after what the council's file already says. The result is
proved by composing and validating it before anything is written.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from uppdrag.diff.places import SANDLISTA, Clause, Index, Ref, index, normal
from uppdrag.errors import DecisionError, Mark, UppdragError
from uppdrag.i18n import _
from uppdrag.ingest.decision_entries import (
    add_entry,
    bare_sections,
    council_text,
    plain,
    slug_id,
    without_own_text,
)
from uppdrag.ingest.decision_resolve import Resolver

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.diff.amendment import Amendment, Place
    from uppdrag.diff.idiom import Idiom
    from uppdrag.ingest.decision_read import ReadClause
    from uppdrag.source.project import Project

Path_ = tuple[str, ...]
INSERTED = {
    "insert_point": "point",
    "insert_paragraph": "block",
    "insert_fact": "block",
    "insert_list": "block",
}


def apply_decision(project: Project, slug: str, decision: Path) -> str:
    """The text of SLUG's council file with the decision applied (proved, not written)."""
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.idiom import load_idiom
    from uppdrag.ingest.decision_read import named, on_a_base, read_decision
    from uppdrag.source.load import read_text

    idiom = load_idiom(project)
    loaded = load_charter(project, slug)
    old = loaded.charter
    text = named(read_text(decision), idiom.phrases["words"].get("council_name", ""), old.name)
    clauses = read_decision(text, idiom, decision)
    council_path = project.council_path(slug)
    doc = plain(project.load(council_path))
    # A decision on a base revision names the clauses of the base text (the council's document
    # without its own overlay); its changes go onto the council's file by id all the same.
    reference = without_own_text(project, slug, doc, council_path) if on_a_base(text, idiom) else old
    applier = _Applier(idiom, reference, doc, decision, bare_sections(loaded.composed.tree))
    applier.ids_from(index(old))
    own = applier.own_wordings(clauses, slug, old.name)
    for clause in clauses:
        if clause.amendment.action != "own_wording":
            applier.apply(clause, own)
    text = council_text(council_path, doc)
    _prove(project, slug, council_path, text, decision)
    return text


def _prove(project: Project, slug: str, path: Path, text: str, decision: Path) -> None:
    """The implied council file composes and validates, or the decision is refused."""
    from uppdrag.check.charter import Loaded, check_layout, check_sections
    from uppdrag.check.lifecycle import check_dates
    from uppdrag.check.validate import validate
    from uppdrag.source.compose import compose_council
    from uppdrag.source.load import load_yaml

    try:
        composed = compose_council(project, slug, load_yaml(path, text), path)
        loaded = Loaded(validate(composed), composed)
        check_sections(loaded)
        check_dates(loaded.charter, loaded.mark)
        check_layout(project, loaded)
    except UppdragError as exc:
        message = _("applied, the decision gives a council file that does not validate: {message}")
        raise DecisionError(
            message.format(message=exc.diagnostics[0].message), Mark(decision, 1, 1)
        ) from None


class _Applier(Resolver):
    def __init__(
        self, idiom: Idiom, old: Charter, doc: dict[str, Any], decision: Path, bare: set[str]
    ) -> None:
        self.bare = bare  # sections without blocks: their first block is written as words
        self.idiom = idiom
        self.old = old
        self.index: Index = index(old)
        self.doc = doc
        self.decision = decision
        self.line = 0
        self.new_sections: dict[str, dict[str, Any]] = {}
        self.ids: dict[Path_, set[str]] = {}
        self.ours: set[int] = set()  # the entries this decision adds (by identity)

    def own_wordings(self, clauses: list[ReadClause], slug: str, name: str) -> set[Ref | str]:
        """The clauses and facts the decision leaves in this council's own wording (named as the
        decision names them: such a clause may not even be in the council's document)."""
        return {
            clause.amendment.target or clause.amendment.field
            for clause in clauses
            if clause.amendment.action == "own_wording"
            and clause.council is not None
            and _names(clause.council, slug, name)
        }

    def apply(self, clause: ReadClause, own: set[Ref | str]) -> None:
        self.line = clause.line
        a = clause.amendment
        if (a.target or a.field) in own:
            return
        target = self.resolve(a.target) if a.target is not None else None
        if a.action in ("field", "field_remove"):
            self.field(a)
        elif a.action == "insert_section":
            self.insert_section(a)
        elif a.action in INSERTED:
            self.insert(a)
        else:
            assert target is not None
            self.change(a, target)

    # -- writing the overlay ----------------------------------------------------------------------
    def put(self, container: Path_, leaf: dict[str, Any]) -> None:
        if container and container[0] == SANDLISTA:
            add_entry(self.doc.setdefault("sandlista", []), [], leaf, self.ours)
            return
        chain = [(container[0], "blocks")] if container else []
        if len(container) > 1:
            chain.append((container[1], "items"))
        add_entry(self.doc.setdefault("sections", []), chain, leaf, self.ours)

    def ids_from(self, other: Index) -> None:
        """Ids in use in another form of the document (the council's own, beside the base's)."""
        for path in [*self.index.clauses, *other.clauses]:
            self.ids.setdefault(path[:-1], set()).add(path[-1])

    def new_id(self, container: Path_, wording: Any) -> str:
        used = self.ids.setdefault(container, set())
        made = slug_id(_text(wording), used)
        used.add(made)
        return made

    def field(self, a: Amendment) -> None:
        *parents, key = a.field.split(".")
        where = self.doc
        for part in parents:
            where = where.setdefault(part, {})
            if not isinstance(where, dict):
                raise self.fail(_("the council file's '{key}' is not a mapping").format(key=part))
        if a.action == "field":
            where[key] = a.wording
        elif key in where:
            del where[key]
        else:
            raise self.fail(
                _("the base sets {field}; a council file cannot take it away").format(field=a.field)
            )

    def placement(self, place: Place | None, kind: str) -> tuple[Path_, dict[str, str]]:
        """The container a clause goes into and its placement keys (`after`, `before`, `at`)."""
        assert place is not None
        if place.how in ("first_document", "last_document"):
            if kind != "section":
                raise self.fail(_("only a heading is placed first or last in the document"))
            return (), {"at": "start" if place.how == "first_document" else "end"}
        if place.how in ("first", "last"):
            if kind != "block":
                raise self.fail(_("a point is placed next to a point, or first or last in a list"))
            assert place.scope is not None
            section = self.section_of(Ref("paragraph", place.scope))
            return (section,), {"at": "start" if place.how == "first" else "end"}
        assert place.anchor is not None
        anchor = self.resolve(place.anchor).path
        if place.how in ("first_in", "last_in"):
            if kind != "point" or len(anchor) != 2:
                raise self.fail(_("only a point is placed first or last in a list"))
            return anchor, {"at": "start" if place.how == "first_in" else "end"}
        wanted = {"section": 1, "block": 2, "point": 3}[kind]
        if len(anchor) != wanted:
            raise self.fail(_("a clause is placed next to one of its kind (a point next to a point)"))
        return anchor[:-1], {place.how: anchor[-1]}

    def insert_section(self, a: Amendment) -> None:
        container, keys = self.placement(a.place, "section")
        sid = self.new_id((), a.heading)
        leaf: dict[str, Any] = {"id": sid, **keys, "heading": a.heading, "level": a.level, "blocks": []}
        if a.heading in self.new_sections:
            raise self.fail(_("the decision inserts the heading ”{heading}” twice").format(heading=a.heading))
        self.new_sections[a.heading] = leaf
        self.put(container, leaf)

    def insert(self, a: Amendment) -> None:
        kind = INSERTED[a.action]
        if a.place is not None and a.place.scope is not None and a.place.scope.new:
            self._into_new_section(a)
            return
        container, keys = self.placement(a.place, kind)
        leaf = {"id": self.new_id(container, a.wording), **self.content(a, container)}
        if len(container) == 1 and container[0] in self.bare:
            self.bare.discard(container[0])  # the section's first block: no list to place it in yet
            self.doc.setdefault("sections", []).append({"id": container[0], "blocks": [leaf]})
            return
        self.put(container, {"id": leaf["id"], **keys, **self.content(a, container)})

    def content(self, a: Amendment, container: Path_) -> dict[str, Any]:
        if a.action == "insert_list":
            made: set[str] = set()
            items = []
            for wording in a.wording:
                item_id = slug_id(_text(wording), made)
                made.add(item_id)
                items.append({"id": item_id, "text": wording})
            return {"items": items}
        if a.action == "insert_fact":
            return {"label": a.label, "text": a.wording}
        return {"text": a.wording}

    def _into_new_section(self, a: Amendment) -> None:
        assert a.place is not None and a.place.scope is not None
        section = self.new_sections.get(a.place.scope.heading or "")
        if section is None:
            raise self.fail(
                _("no new heading ”{heading}” is inserted before this clause").format(
                    heading=a.place.scope.heading
                )
            )
        if a.action == "insert_point":
            raise self.fail(_("a point is placed next to a point, or first or last in a list"))
        blocks = section["blocks"]
        used = {b["id"] for b in blocks}
        block = {
            "id": slug_id(_text(a.wording if a.action != "insert_list" else a.wording[0]), used),
            **self.content(a, ()),
        }
        blocks.insert(0 if a.place.how == "first" else len(blocks), block)

    def change(self, a: Amendment, target: Clause) -> None:
        path = target.path
        container, leaf = path[:-1], dict[str, Any]({"id": path[-1]})
        if a.action == "remove":
            self.put(container, {**leaf, "remove": True})
            return
        if a.action in ("heading", "level"):
            if len(path) != 1:
                raise self.fail(_("only a heading is given a new wording or level this way"))
            self.put(
                (), {**leaf, **({"heading": a.heading} if a.action == "heading" else {"level": a.level})}
            )
            return
        if a.action in ("move", "move_replace"):
            kind = {1: "section", 2: "block", 3: "point"}[len(path)]
            where, keys = self.placement(a.place, kind)
            if where != container:
                message = _("a clause moves within its own list or section (elsewhere: remove, insert anew)")
                raise self.fail(message)
            leaf = {**leaf, "move": True, **keys}
        elif a.action == "label":
            self.put(container, {**leaf, "label": a.label})
            return
        if a.action in ("replace", "fact", "move_replace"):
            if len(path) == 1 or target.ref.kind == "list":
                raise self.fail(_("a heading or a whole list is not given a wording this way"))
            leaf["text"] = a.wording
        self.put(container, leaf)


def _text(wording: Any) -> str:
    from uppdrag.check.inline import plain_text

    if isinstance(wording, list):
        return "".join(
            s if isinstance(s, str) else str(s.get("bold") or s.get("link") or "") for s in wording
        )
    return plain_text(wording)


def _names(council: str, slug: str, name: str) -> bool:
    """Whether an own-wording clause's council is this one (by its name, with or without its kind)."""
    words = normal(council).lower()
    return words in (slug.lower(), name.lower()) or bool(re.search(rf"\b{re.escape(name.lower())}\Z", words))
