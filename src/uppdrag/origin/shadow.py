"""Shadowed changes: a council's own text that hides what a newer base revision changed.

A warning only a coordinator can act on: it is given when the base changed *after* the council
wrote its text. In a git repository that is decided by the commit times of the lines (a text
written, or edited, after the base's change was deliberate); elsewhere nothing tells, and every
such text is reported. The council acknowledges a change with `seen: "2026"` on the item (or at
the top of its file, for the facts written there): silent until a later revision changes the
clause again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Diagnostic
from uppdrag.i18n import _
from uppdrag.origin.layers import Layer, field_name, index, layers, shown_path
from uppdrag.source.load import YList, YMap

if TYPE_CHECKING:
    from uppdrag.errors import Mark
    from uppdrag.origin.layers import Address
    from uppdrag.origin.written import Written
    from uppdrag.source.project import Project


@dataclass
class Shadows:
    """The warnings to show, and how many were acknowledged with `seen:`."""

    warnings: list[Diagnostic] = field(default_factory=list)
    acknowledged: int = 0


def shadowed(project: Project, slug: str, revision: str | None = None) -> list[Diagnostic]:
    """The warnings of `shadows` (for callers that do not count the acknowledged ones)."""
    return shadows(project, slug, revision).warnings


def shadows(
    project: Project, slug: str, revision: str | None = None, written: Written | None = None
) -> Shadows:
    """A warning on each council value that overrides a value a later revision of its base changed
    after the council wrote it, unless the council says it has seen that revision."""
    from uppdrag.origin.written import Written

    written = written or Written(project.root)
    chain = layers(project, slug, revision)
    indexes = [index(layer.tree) for layer in chain]
    council = chain[-1]
    order = project.base_revisions(str(council.tree.get("kind")))
    own = project.load(council.path)
    result = Shadows()
    for address, node in indexes[-1].items():
        if node.item or node.mark.path != council.path:
            continue
        for number in range(len(chain) - 2, 0, -1):
            layer: Layer = chain[number]
            new, old = indexes[number].get(address), indexes[number - 1].get(address)
            if not layer.revises or new is None or old is None or new.mark.path != layer.path:
                continue
            if new.value == old.value or node.value == new.value:
                continue
            where = _written_at(own, address, revision)
            if where is not None and _seen(where[2], layer.revision, order):
                result.acknowledged += 1
                break
            if _written_after(written, council.path, where, layer, new.key_mark):
                break
            item = where is not None and where[1]
            warning = _warning(project, council, address, node.mark, layer, old.value, new, item)
            result.warnings.append(warning)
            break
    return result


def _warning(
    project: Project,
    council: Layer,
    address: Address,
    mark: Mark,
    layer: Layer,
    old: Any,
    new: Any,
    item: bool,
) -> Diagnostic:
    from uppdrag.origin.explain import plain, word_diff_text

    message = (
        _(
            "the council's own text hides what revision {revision} changed here ({where}): {diff}; "
            'to keep your text, write seen: "{revision}" in the item'
        )
        if item
        else _(
            "the council's own text hides what revision {revision} changed here ({where}): {diff}; "
            'to keep your text, write seen: "{revision}" at the top of the file'
        )
    ).format(
        revision=layer.revision,
        where=f"{shown_path(project, new.key_mark.path)}:{new.key_mark.line}",
        diff=word_diff_text(plain(old), plain(new.value)),
    )
    return Diagnostic(message, mark, field_name(address, council.tree), "warning")


def _seen(seen: Any, revision: str, order: list[str]) -> bool:
    """Whether `seen:` names `revision` or a later one of the kind."""
    if not isinstance(seen, str) or seen not in order or revision not in order:
        return False
    return order.index(seen) >= order.index(revision)


Place = tuple["Mark", bool, Any]  # where the council writes a value, whether an item's, its seen:


def _written_at(own: Any, address: Address, revision: str | None) -> Place | None:
    """Where the council's file writes the value at `address` (the innermost item holding it, or
    the key at the top) and the `seen:` that applies there (the item's, else the file's)."""
    found = _follow(own, address)
    if found is None and isinstance(own, YMap) and isinstance(own.get("revisions"), YMap):
        per_revision = own["revisions"]
        for key in [revision] if revision else list(per_revision):
            found = _follow(per_revision.get(key), address)
            if found is not None:
                break
    if found is None:
        return None
    mark, item, seen = found
    return mark, item, seen if seen is not None else (own.get("seen") if isinstance(own, YMap) else None)


def _follow(node: Any, address: Address) -> Place | None:
    """The innermost item on the way to `address` (or the top-level key), and its `seen:`."""
    found: Place | None = None
    for step in address:
        if isinstance(node, YMap) and step in node:
            if found is None:
                found = (node.key_marks[step], False, None)
            node = node[step]
        elif isinstance(node, YList):
            items = [item for item in node if isinstance(item, YMap) and item.get("id") == step]
            if not items:
                return None
            node = items[0]
            found = (node.mark, True, node.get("seen"))
        else:
            return None
    return found


def _written_after(written: Written, path: Any, where: Place | None, layer: Layer, base: Mark) -> bool:
    """Whether git says the council's text (its whole item) was written after the base's change."""
    from uppdrag.origin.blame import extent

    if where is None or not written.repository:
        return False
    first, last = extent(where[0], item=where[1])
    mine = written.when(path, first, last)
    start, end = extent(base, item=False)
    theirs = written.when(layer.path, start, end)
    return mine is not None and theirs is not None and mine >= theirs
