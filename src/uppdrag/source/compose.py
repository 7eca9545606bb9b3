"""Compose a council's charter: its base chain (`extends:`), then the council's overlay."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uppdrag.errors import DataError, Mark, OverlayError, UsageError
from uppdrag.filecache import stamp
from uppdrag.i18n import N_, _
from uppdrag.source.load import YMap
from uppdrag.source.overlay import check_unique_ids, copy_map, merge, placed_elsewhere
from uppdrag.suggest import did_you_mean

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.source.project import Project

BASE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\Z")
COUNCIL_KEYS = ("name", "base", "revision", "revisions", "beslutad", "seen")  # a council file's own
NEW_TITLE = "new_title"  # a base's title for a council that is new, not revised (`uppdrag new`)
BASE_KEYS = ("extends", NEW_TITLE)  # a base file's own
MAX_CHAIN = 16


@dataclass(frozen=True)
class Composed:
    """A council's charter tree, before validation, with the files it was made from."""

    slug: str
    revision: str
    tree: YMap
    sources: tuple[Path, ...]


def _require_map(value: Any, path: Path, what: str) -> YMap:
    if not isinstance(value, YMap):
        mark = getattr(value, "mark", Mark(path, 1, 1))
        raise DataError(_("{what} must be a mapping of keys to values").format(what=what), mark)
    return value


def _text_field(doc: YMap, key: str, what: str) -> str:
    value = doc.get(key)
    if key not in doc:
        raise DataError(_("missing; {what}").format(what=_(what)), doc.mark, key)
    if not isinstance(value, str) or not value.strip():
        raise DataError(_("must be text; {what}").format(what=_(what)), doc.mark_of(key), key)
    return value


def load_base(
    project: Project, base_id: str, mark: Mark, chain: tuple[str, ...] = ()
) -> tuple[YMap, tuple[Path, ...]]:
    """The base charter `base_id` with everything it extends merged under it.

    Kept in the project while none of its files changes: hundreds of councils share a chain.
    """
    cached = project.chains.get(base_id)
    if cached is not None and all(stamp(p) == m for p, m in cached[2]):
        return cached[0], cached[1]
    tree, sources = _load_base(project, base_id, mark, chain)
    project.chains[base_id] = (tree, sources, tuple((p, stamp(p)) for p in sources))
    return tree, sources


def _load_base(
    project: Project, base_id: str, mark: Mark, chain: tuple[str, ...]
) -> tuple[YMap, tuple[Path, ...]]:
    if base_id in chain:
        raise DataError(
            _("extends forms a cycle: {chain}").format(chain=" → ".join((*chain, base_id))), mark, "extends"
        )
    if len(chain) >= MAX_CHAIN:
        raise DataError(_("more than {count} bases in one chain").format(count=MAX_CHAIN), mark, "extends")
    if not BASE_ID.match(base_id):
        raise DataError(
            _("'{base_id}' is not a base name like samordningsrad/2026").format(base_id=base_id), mark
        )
    path = project.base_path(base_id)
    if not path.exists():  # a folder or FIFO is read, and refused by its type
        kind = base_id.rpartition("/")[0]
        known = project.base_revisions(kind) if kind else []
        hint = (
            _("; revisions of {kind}: {known}").format(kind=kind, known=", ".join(known))
            if known
            else did_you_mean(base_id, project.kinds())
        )
        raise DataError(
            _("base '{base_id}' not found ({name} missing){hint}").format(
                base_id=base_id, name=path.name, hint=hint
            ),
            mark,
        )
    doc = _require_map(project.load(path), path, _("a base charter"))
    if "upphor" in doc:
        message = _("a base does not end: a mandate ends in its council's own file")
        raise DataError(message, doc.key_marks["upphor"], "upphor")
    parent_id = doc.get("extends")
    own = copy_map(doc, skip=("extends",))
    if parent_id is None:
        return own, (path,)
    if not isinstance(parent_id, str):
        raise DataError(_("must name a base, like samordningsrad/2024"), doc.mark_of("extends"), "extends")
    parent, parent_sources = load_base(project, parent_id, doc.mark_of("extends"), (*chain, base_id))
    return merge(parent, own), (*parent_sources, path)


# A decision's dates: the day it was taken and the day it takes effect, never inherited by accident.
DECISION_DATES = ("datum", "galler_fran")


def without_decision_date(tree: YMap) -> YMap:
    """The tree with the base's decision dates taken out: a revision's decision is not a council's."""
    decision = tree.get("beslut")
    if not isinstance(decision, YMap) or all(decision.get(key) is None for key in DECISION_DATES):
        return tree
    tree = copy_map(tree)
    tree.put("beslut", copy_map(decision, skip=DECISION_DATES), tree.key_marks["beslut"], decision.mark)
    return tree


def decided_with(project: Project, council: YMap, kind: str) -> list[str]:
    """The revisions whose decision the council records as its own (`beslutad: "2026"`)."""
    from uppdrag.i18n import _

    if "beslutad" not in council:
        return []
    value = council["beslutad"]
    revisions = [value] if isinstance(value, str) else value
    mark = council.mark_of("beslutad")
    if not isinstance(revisions, list) or not all(isinstance(r, str) for r in revisions):
        raise DataError(_('names the revisions decided with, e.g. beslutad: "2026"'), mark, "beslutad")
    for revision in revisions:
        if revision not in project.base_revisions(kind):
            known = ", ".join(project.base_revisions(kind)) or "none"
            message = _("{kind} has no revision '{revision}' (there are: {known})")
            raise DataError(message.format(kind=kind, revision=revision, known=known), mark, "beslutad")
        base, _sources = load_base(project, f"{kind}/{revision}", mark)
        decision = base.get("beslut")
        if not isinstance(decision, YMap) or decision.get("datum") is None:
            message = _("revision {revision} records no decision date (beslut.datum) to be decided with")
            raise DataError(message.format(revision=revision), mark, "beslutad")
    return revisions


# The name a base charter is shown with when no council is chosen (`uppdrag diff 2024 2026`).
PLACEHOLDER_NAME = "{{ council.name }}"


def compose_base(project: Project, kind: str, revision: str) -> Composed:
    """A base charter on its own, for comparing revisions: the council's name left as a placeholder."""
    path = project.base_path(f"{kind}/{revision}")
    tree, sources = load_base(project, f"{kind}/{revision}", Mark(path, 1, 1))
    tree = copy_map(tree, skip=(NEW_TITLE,))
    for key, value in (("name", PLACEHOLDER_NAME), ("slug", kind), ("kind", kind), ("revision", revision)):
        tree.put(key, value, tree.mark, tree.mark)
    check_unique_ids(tree)
    return Composed(kind, revision, tree, sources)


def compose(project: Project, slug: str, revision: str | None = None) -> Composed:
    """The council's base chain with its own overlay (and its overlay for `revision`) applied."""
    path = project.council_path(slug)
    return compose_council(project, slug, project.load(path), path, revision)


def _check_set_by_uppdrag(council: YMap, slug: str, path: Path) -> None:
    """`kind:` and `slug:` are the charter's, set from `base:` and the file name: written in a
    council file they would be ignored, so they are errors that say what to write instead."""
    if "kind" in council:
        value = council["kind"]
        message = _("a council file names its kind of charter as 'base: {value}', not 'kind:'").format(
            value=value if isinstance(value, str) else "samordningsrad"
        )
        raise DataError(message, council.key_marks["kind"], "kind")
    if "slug" in council:
        value = council["slug"]
        if value == slug:
            message = _("the council's slug is its file name ({name}); remove this line")
            message = message.format(name=path.name)
        else:
            message = _(
                "'{value}' is not this council's slug: the slug is the file name, {name}; "
                "rename the file to {value}.yaml, or remove this line"
            ).format(value=value, name=path.name)
        raise DataError(message, council.key_marks["slug"], "slug")


def _merge_council(base: YMap, overlay: YMap) -> YMap:
    """The council's overlay on its base; an id written in the wrong list is named where it lives."""
    try:
        merged: YMap = merge(base, overlay)
    except OverlayError as exc:
        raise placed_elsewhere(exc, base) from None
    return merged


def compose_council(
    project: Project, slug: str, doc: object, path: Path, revision: str | None = None
) -> Composed:
    """`compose` for a council file already parsed (as `import` proves one before writing it)."""
    council = _require_map(doc, path, _("a council file"))
    _check_set_by_uppdrag(council, slug, path)
    # the hints are translated only when shown (N_): every council passes here
    _text_field(council, "name", N_("the council's name, e.g. name: urologi"))
    kind = _text_field(council, "base", N_("the kind of charter, e.g. base: samordningsrad"))
    own_revision = _text_field(council, "revision", N_('the revision, e.g. revision: "2026"'))
    rev = revision or own_revision
    if revision is not None and revision not in project.base_revisions(kind):
        known = ", ".join(project.base_revisions(kind)) or "none"
        raise UsageError(
            _("{kind} has no revision '{revision}' (there are: {known})").format(
                kind=kind, revision=revision, known=known
            )
        )
    known_kind = bool(project.base_revisions(kind))
    mark = council.mark_of("revision" if revision is None and known_kind else "base")
    tree, sources = load_base(project, f"{kind}/{rev}", mark)
    tree = copy_map(tree, skip=(NEW_TITLE,))
    if rev not in decided_with(project, council, kind):
        tree = without_decision_date(tree)
    tree = _merge_council(tree, copy_map(council, skip=COUNCIL_KEYS))
    per_revision = council.get("revisions")
    if per_revision is not None:
        per_revision = _require_map(per_revision, path, "revisions")
        for key in per_revision:
            if key not in project.base_revisions(kind):
                known = ", ".join(project.base_revisions(kind))
                raise DataError(
                    _("{kind} has no revision '{key}' (there are: {known})").format(
                        kind=kind, key=key, known=known
                    ),
                    per_revision.key_marks[key],
                    f"revisions.{key}",
                )
        if rev in per_revision:
            tree = _merge_council(tree, _require_map(per_revision[rev], path, f"revisions.{rev}"))
    tree = copy_map(tree)
    tree.put("name", council["name"], council.key_marks["name"], council.mark_of("name"))
    tree.put("slug", slug, council.mark, council.mark)
    tree.put("kind", kind, council.key_marks["base"], council.mark_of("base"))
    tree.put("revision", rev, council.key_marks["revision"], council.mark_of("revision"))
    tree.mark = council.mark
    check_unique_ids(tree)
    return Composed(slug, rev, tree, (*sources, path))
