"""One council as the editor sees it: the file, the base under it, and what an edit makes of it.

`open_council` reads the file and composes the tree the page shows; `propose` applies an edit
and returns the new file text with its validated charter (or the problems, and nothing else);
`save` writes a proposal unless the file changed on disk since the page was loaded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.edit import actions, synth
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.errors import Diagnostic
    from uppdrag.source.project import Project

HEAD = ("name", "base", "revision", "beslutad")


def etag(data: bytes) -> str:
    """What the page remembers of the file it was made from."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass
class Council:
    """A council file and the trees an edit works on (plain data)."""

    project: Project
    slug: str
    path: Path
    text: str
    etag: str
    doc: Any  # the loaded file (YMap), for its comments and key order
    kind: str
    revision: str
    base_full: dict[str, Any]  # the base with its decision date
    base_texts: dict[str, Any] = field(default_factory=dict)
    tree: dict[str, Any] = field(default_factory=dict)  # base + the council's overlay

    @property
    def revision_date(self) -> Any:
        decision = self.base_full.get("beslut")
        return decision.get("datum") if isinstance(decision, dict) else None

    def decided(self) -> list[str]:
        value = self.doc.get("beslutad")
        return [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]

    def base_for(self, target: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The base an overlay is written against, and `beslutad`
        (see docs/reference.md, "Decision status")."""
        decided = [r for r in self.decided() if r != self.revision]
        wanted = (target.get("beslut") or {}).get("datum")
        if self.revision_date is not None and wanted == self.revision_date:
            return self.base_full, [*decided, self.revision]
        base = synth.plain(self.base_full)
        if isinstance(base.get("beslut"), dict) and base["beslut"].get("datum") is not None:
            del base["beslut"]["datum"]
        return base, decided


def open_council(project: Project, slug: str) -> Council:
    """The council's file and trees; a file that does not compose is an UppdragError as in the CLI."""
    from uppdrag.errors import Mark
    from uppdrag.source.compose import COUNCIL_KEYS, compose_council, load_base
    from uppdrag.source.load import decode, load_yaml
    from uppdrag.source.overlay import copy_map, merge

    path = project.council_path(slug)
    data = project.read_bytes(path)  # as the CLI reads it: a link out of the project is refused
    text = decode(path, data)  # not UTF-8: an error at its line, as in the CLI
    doc = load_yaml(path, text)
    composed = compose_council(project, slug, doc, path)  # the same checks as the CLI, first
    kind, revision = str(doc["base"]), composed.revision
    base_tree, _sources = load_base(project, f"{kind}/{revision}", Mark(path, 1, 1))
    council = Council(project, slug, path, text, etag(data), doc, kind, revision, synth.plain(base_tree))
    base, _decided = council.base_for(
        {"beslut": {"datum": council.revision_date}} if revision in council.decided() else {}
    )
    from uppdrag.source.load import YMap

    start = base_tree if base is council.base_full else _stripped(base_tree)
    tree = merge(start, copy_map(doc, skip=(*COUNCIL_KEYS, "revisions")))
    council.tree = synth.plain(tree) if isinstance(tree, YMap) else {}
    council.base_texts = _base_texts(project, council)
    return council


def _stripped(tree: Any) -> Any:
    from uppdrag.source.compose import without_decision_date

    return without_decision_date(tree)


def _base_texts(project: Project, council: Council) -> dict[str, Any]:
    """The base's texts as this council's reader would see them (templates rendered)."""
    from uppdrag.errors import UppdragError
    from uppdrag.ingest.importer import charter_of, council_yaml

    try:
        charter = charter_of(
            project,
            council.slug,
            council_yaml(project, str(council.doc["name"]), council.kind, council.revision),
            whole=False,
        )
    except UppdragError:
        return {}
    return texts(charter)


def texts(charter: Charter) -> dict[str, Any]:
    """Every editable text of a charter by target (`path#field`, or a fact's name)."""
    found: dict[str, Any] = {name: str(getattr(charter, name)) for name in actions.FACTS}
    for section in charter.sections:
        at = f"sections/{section.id}"
        found[f"{at}#heading"] = section.heading
        for block in section.blocks:
            where = f"{at}/blocks/{block.id}"
            if block.kind == "list":
                for item in block.items:
                    found[f"{where}/items/{item.id}#text"] = item.model_dump()["text"]
            else:
                found[f"{where}#text"] = block.model_dump()["text"]
                found[f"{where}#label"] = block.label
    for item in charter.sandlista:
        found[f"sandlista/{item.id}#text"] = item.model_dump()["text"]
    return found


@dataclass(frozen=True)
class Proposal:
    """What an edit makes: the new file text, and its charter or its problems."""

    text: str
    charter: Charter | None
    problems: tuple[Diagnostic, ...] = ()

    @property
    def changed(self) -> bool:
        return True


def file_text(council: Council, target: dict[str, Any], moved: frozenset[str] = frozenset()) -> str:
    """The minimal council file for `target`, in the old file's key order and with its comments."""
    from uppdrag.edit.yamlfile import dump, with_comments

    base, decided = council.base_for(target)
    was = synth.plain(council.doc)
    own = synth.overlay(base, target, was, moved)
    synth.carry(was, own, "seen")  # the base revisions the council has seen, kept with their entries
    head: dict[str, Any] = {key: was[key] for key in ("name", "base", "revision")}
    if decided:
        head["beslutad"] = decided[0] if len(decided) == 1 else decided
    rest = {**own}
    for key in ("revisions", "seen"):  # the file's own: revision overlays, what its facts have seen
        if key in was:
            rest[key] = was[key]
    order = [k for k in council.doc if k in rest]
    body = {k: rest[k] for k in [*order, *(k for k in rest if k not in order)]}
    return with_comments(council.text, council.doc, dump(head, body), council.path)


def propose(council: Council, edit: actions.Edit) -> Proposal:
    """The council file after `edit`, checked as `validate` checks it; nothing is written."""
    from uppdrag.errors import Mark, SchemaError, UppdragError
    from uppdrag.ingest.importer import charter_of

    try:
        target = actions.apply(council.tree, council.base_full, edit, council.base_texts)
    except actions.EditRefused as refused:
        return Proposal(
            council.text, None, (SchemaError(str(refused), Mark(council.path, 1, 1)).diagnostics[0],)
        )
    moved = frozenset({edit.target.rsplit("/", 1)[-1]}) if edit.op in ("up", "down") else frozenset()
    text = file_text(council, target, moved)
    try:
        return Proposal(text, charter_of(council.project, council.slug, text))
    except UppdragError as exc:
        return Proposal(text, None, tuple(exc.diagnostics))


class Conflict(Exception):
    """The file changed on disk since the page was loaded: both versions, nothing written."""

    def __init__(self, on_disk: str, proposed: str) -> None:
        super().__init__(_("the file changed on disk since the page was loaded"))
        self.on_disk, self.proposed = on_disk, proposed


def save(council: Council, proposal: Proposal, seen: str) -> None:
    """Write the proposal if it validated and the file is still the one the page was made from."""
    from uppdrag.write import write_atomic

    assert proposal.charter is not None
    now = council.project.read_bytes(council.path)
    if etag(now) != seen:
        raise Conflict(now.decode("utf-8", "replace"), proposal.text)
    write_atomic(council.path, proposal.text.encode("utf-8"))
