"""Every base revision checked on its own, before any council moves to it.

A base is composed and validated as a council with only a name would see it. What a base leaves
to the council on purpose — a required fact it does not set (the koncernövergripande grupp's
datum), a section without text — is filled with a placeholder, so only what the base itself
says can fail: a bad date, an overlay on an unknown id, a misspelt template name, a missing
layout, each with its file and line.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.check.charter import Loaded, check_layout
from uppdrag.check.model import Charter
from uppdrag.check.validate import validate
from uppdrag.errors import UppdragError
from uppdrag.source.compose import Composed, compose_base
from uppdrag.source.load import YMap

if TYPE_CHECKING:
    from collections.abc import Iterator

    from uppdrag.source.project import Project

PLACEHOLDER = "(att fylla i)"


@dataclass(frozen=True)
class BaseOutcome:
    """One base revision: valid (error None) or what is wrong with it."""

    name: str  # samordningsrad/2026
    error: UppdragError | None = None


def _with_placeholders(composed: Composed) -> Composed:
    """The tree with what the base leaves to the council filled in."""
    tree = YMap(composed.tree.mark)
    for key, value in composed.tree.items():
        tree.put(key, value, composed.tree.key_marks[key], composed.tree.value_marks[key])
    for key, info in Charter.model_fields.items():
        if key in tree or not info.is_required():
            continue
        tree.put(key, _placeholder(key, info.annotation is datetime.date, tree), tree.mark, tree.mark)
    return Composed(composed.slug, composed.revision, tree, composed.sources)


def _placeholder(key: str, is_date: bool, tree: YMap) -> YMap | str:
    if is_date:
        return "2000-01-01"
    if key != "beslut":
        return PLACEHOLDER
    decision = YMap(tree.mark)
    for sub in ("namn", "titel"):
        decision.put(sub, PLACEHOLDER, tree.mark, tree.mark)
    return decision


def check_base(project: Project, kind: str, revision: str) -> None:
    """Raise the first problem of base revision `kind/revision` (as an UppdragError)."""
    composed = _with_placeholders(compose_base(project, kind, revision))
    check_layout(project, Loaded(validate(composed), composed))


def check_bases(project: Project) -> Iterator[BaseOutcome]:
    """Every revision of every kind of base, in order."""
    for kind in project.kinds():
        for revision in project.base_revisions(kind):
            try:
                check_base(project, kind, revision)
            except UppdragError as exc:
                yield BaseOutcome(f"{kind}/{revision}", exc)
            else:
                yield BaseOutcome(f"{kind}/{revision}")
