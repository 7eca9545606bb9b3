"""Resolve the names a decision gives to clauses of the council's old document.

A name resolves to exactly one clause or is refused with the decision's line and the candidates
(the clauses under that heading, as the decision would name them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.diff.places import Clause, Index, Ref, normal
from uppdrag.errors import DecisionError, Mark
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.diff.idiom import Idiom


class Resolver:
    """The old document's clauses by name, and the headings the decision itself inserts."""

    idiom: Idiom
    index: Index
    decision: Path
    line: int
    new_sections: dict[str, dict[str, Any]]

    def fail(self, message: str) -> DecisionError:
        return DecisionError(message, Mark(self.decision, self.line, 1))

    def section_of(self, ref: Ref) -> str:
        scope = ref.scope
        assert scope is not None
        if scope.new:
            if scope.heading not in self.new_sections:
                raise self.fail(
                    _("no new heading ”{heading}” is inserted before this clause").format(
                        heading=scope.heading
                    )
                )
            return str(self.new_sections[scope.heading]["id"])
        found = [
            sid
            for sid, s in self.index.scopes.items()
            if s.heading == scope.heading and (not scope.nth or s.nth == scope.nth)
        ]
        if len(found) == 1:
            return found[0]
        headings = [f"”{s.heading}”" for s in self.index.scopes.values() if s.heading]
        if not found:
            message = _("the document has no heading ”{heading}” (headings: {known})")
            raise self.fail(message.format(heading=scope.heading or "", known=", ".join(headings)))
        message = _("the heading ”{heading}” stands {count} times; say which (den första rubriken …)")
        raise self.fail(message.format(heading=scope.heading or "", count=len(found)))

    def resolve(self, ref: Ref) -> Clause:
        """The one clause `ref` names in the old document, or a refusal naming the candidates."""
        section = self.section_of(ref)
        if ref.kind in ("section", "heading"):
            if ref.scope is not None and ref.scope.new:
                raise self.fail(_("a heading this decision inserts cannot itself be changed by it"))
            return self.index.clauses[(section,)]
        kinds = {
            "point": ("point",),
            "list": ("list",),
            "paragraph": ("paragraph", "fact"),
            "fact": ("paragraph", "fact"),
        }
        here = [
            c
            for c in self.index.clauses.values()
            if c.path[0] == section and len(c.path) > 1 and c.ref.kind in kinds[ref.kind]
        ]
        if ref.kind == "point":
            here = [c for c in here if len(c.path) == 3]
        elif ref.kind != "list":
            here = [c for c in here if len(c.path) == 2]
        if ref.kind == "fact":
            found = [c for c in here if c.label == ref.words]
            if len(found) == 1:
                return found[0]
            return self._refuse(ref, found or here)
        by_words = [c for c in here if normal(c.text).startswith(normal(ref.words))]
        at = [c for c in by_words if c.ref.ordinal == ref.ordinal]
        if len(at) == 1:
            return at[0]
        return self._refuse(ref, by_words or here)

    def _refuse(self, ref: Ref, candidates: list[Clause]) -> Clause:
        from uppdrag.diff.decision import ref_phrase

        shown = "; ".join(ref_phrase(self.idiom, c.ref) for c in candidates) or "-"
        if ref.kind == "fact":
            message = _("no single clause with the label ”{label}” there (candidates: {candidates})")
            raise self.fail(message.format(label=ref.words, candidates=shown))
        message = _("“{ref}” names no clause of the document (candidates: {candidates})")
        raise self.fail(message.format(ref=ref_phrase(self.idiom, ref), candidates=shown))
