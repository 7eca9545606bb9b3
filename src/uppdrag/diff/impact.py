"""What moving from one base revision to another does to each council's own document.

`impact` answers, per council on the old revision, which clauses of *its* document change;
councils on another revision are listed apart; and `shadowed` names the base changes a
council does not see because its own overlay sets the same clause (its own text for
`motesfrekvens` hides the 2026 change of `motesfrekvens`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.source.compose import COUNCIL_KEYS, load_base
from uppdrag.source.overlay import OPERATIONS, is_id_list

if TYPE_CHECKING:
    from uppdrag.source.project import Project

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Shadowed:
    """A base change hidden by the council's own overlay."""

    clause: str  # the id of the clause (or the key at the top level)
    key: str  # what the council sets there: text, label, … or "remove"/"replace" for a whole item
    where: Path_  # the full path, e.g. ("sections", "arbetsorganisation", "blocks", "motesfrekvens", "text")


@dataclass
class CouncilImpact:
    """One council's side of a revision change."""

    slug: str
    revision: str  # the council's own revision
    changes: int = 0  # clauses of its document that change (0 when not on the old revision)
    summary: list[str] = field(default_factory=list)
    shadowed: list[Shadowed] = field(default_factory=list)


def leaves(value: Any, prefix: Path_ = ()) -> dict[Path_, Any]:
    """Every scalar of a tree by its path; list items by their id, overlay keys left out."""
    if isinstance(value, dict):
        found: dict[Path_, Any] = {}
        for key, sub in value.items():
            if key not in OPERATIONS or not _is_item(value):
                found.update(leaves(sub, (*prefix, str(key))))
        return found
    if is_id_list(value):
        found = {}
        for item in value:
            found.update(leaves(item, (*prefix, str(item["id"]))))
        return found
    return {prefix: value}


def _is_item(value: dict[str, Any]) -> bool:
    return "id" in value


def _whole_items(value: Any, prefix: Path_ = ()) -> dict[Path_, str]:
    """Items the overlay removes or replaces whole: every base change inside them is hidden."""
    found: dict[Path_, str] = {}
    if isinstance(value, dict):
        for key, sub in value.items():
            found.update(_whole_items(sub, (*prefix, str(key))))
    elif is_id_list(value):
        for item in value:
            path = (*prefix, str(item["id"]))
            for operation in ("remove", "replace"):
                if item.get(operation) in ("true", "ja", "yes", True):
                    found[path] = operation
            found.update(_whole_items(item, path))
    return found


def own_overlays(project: Project, slug: str, revision: str) -> list[dict[str, Any]]:
    """What the council's file sets at `revision`: its top-level overlay and `revisions[revision]`."""
    council = project.load(project.council_path(slug))
    overlays = [{key: value for key, value in council.items() if key not in COUNCIL_KEYS}]
    per_revision = council.get("revisions")
    if isinstance(per_revision, dict) and isinstance(per_revision.get(revision), dict):
        overlays.append(per_revision[revision])
    return overlays


def shadowed(project: Project, slug: str, kind: str, old: str, new: str) -> list[Shadowed]:
    """The changes from base `kind/old` to `kind/new` that the council's own overlay hides."""
    from uppdrag.errors import Mark

    mark = Mark(project.council_path(slug), 1, 1)
    before = leaves(load_base(project, f"{kind}/{old}", mark)[0])
    after = leaves(load_base(project, f"{kind}/{new}", mark)[0])
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    own: dict[Path_, Any] = {}
    whole: dict[Path_, str] = {}
    for overlay in own_overlays(project, slug, new):
        own.update(leaves(overlay))
        whole.update(_whole_items(overlay))
    found = []
    for path in changed:
        covering = next((path[:n] for n in range(len(path), 0, -1) if path[:n] in whole), None)
        if covering is not None:
            found.append(Shadowed(covering[-1], whole[covering], path))
        elif path in own:
            clause = path[-2] if len(path) > 1 else path[-1]
            found.append(Shadowed(clause, path[-1], path))
    return found


def impact(project: Project, old: str, new: str) -> list[CouncilImpact]:
    """Every council whose kind has both revisions: on `old`, what changes in its own document."""
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.align import compare
    from uppdrag.diff.summary import summary

    result = []
    for slug in project.slugs():
        council = project.load(project.council_path(slug))
        kind, own = council.get("base"), council.get("revision")
        if not isinstance(kind, str) or not {old, new} <= set(project.base_revisions(kind)):
            continue
        entry = CouncilImpact(slug, str(own))
        if own == old:
            redline = compare(
                load_charter(project, slug, old).charter, load_charter(project, slug, new).charter
            )
            entry.changes, entry.summary = len(redline.changes), summary(redline)
            entry.shadowed = shadowed(project, slug, kind, old, new)
        result.append(entry)
    return result
