"""A council's charter layer by layer: each base of its chain, then the council's own file.

Every node of a composed tree keeps the mark of the file and line that last set it (see
`source/overlay.py`), so the layer a value comes from is the layer whose file its mark names;
comparing a value with the layer before tells whether that layer changed it or added it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Mark
from uppdrag.i18n import _
from uppdrag.source.compose import compose, load_base
from uppdrag.source.load import YList, YMap
from uppdrag.source.overlay import is_id_list

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from uppdrag.source.project import Project

Address = tuple[str, ...]  # keys, and the id of each item of an id'd list
META = ("slug", "name", "kind", "revision")  # set by compose, not by an overlay


@dataclass(frozen=True)
class Layer:
    """One file of the chain and the tree composed up to and including it."""

    name: str  # a base id (samordningsrad/2026) or the council's slug
    path: Path
    tree: YMap
    council: bool = False
    revises: bool = False  # a later revision of a kind an earlier layer already holds

    @property
    def revision(self) -> str:
        return self.name.rpartition("/")[2]


@dataclass(frozen=True)
class Node:
    """A value of a tree: a leaf (text, list of pieces, …) or an id'd item, with its marks."""

    address: Address
    value: Any
    mark: Mark  # where the value (or the item) was written
    key_mark: Mark  # the key's line (for an item: the item's own line)
    item: bool = False


def chain_ids(project: Project, base_id: str) -> list[str]:
    """The base ids of a chain, oldest first (the chain is known to be sound: it composed)."""
    ids = [base_id]
    while True:
        doc = project.load(project.base_path(ids[-1]))
        parent = doc.get("extends") if isinstance(doc, YMap) else None
        if not isinstance(parent, str):
            return ids[::-1]
        ids.append(parent)


def layers(project: Project, slug: str, revision: str | None = None) -> list[Layer]:
    """Every layer of the council's charter at `revision` (default: its own), oldest first."""
    composed = compose(project, slug, revision)
    kind = str(composed.tree["kind"])
    result: list[Layer] = []
    kinds: set[str] = set()
    for base_id in chain_ids(project, f"{kind}/{composed.revision}"):
        path = project.base_path(base_id)
        tree, _sources = load_base(project, base_id, Mark(path, 1, 1))
        base_kind = base_id.rpartition("/")[0]
        result.append(Layer(base_id, path, tree, revises=bool(base_kind) and base_kind in kinds))
        kinds.add(base_kind)
    result.append(Layer(slug, project.council_path(slug), composed.tree, council=True))
    return result


def nodes(tree: YMap, skip: tuple[str, ...] = META) -> Iterator[Node]:
    """Every leaf and every id'd item of the tree, in order."""
    yield from _walk(tree, (), skip)


def _walk(node: YMap, address: Address, skip: tuple[str, ...]) -> Iterator[Node]:
    for key, value in node.items():
        if key in skip or (key == "id" and address):
            continue
        here = (*address, key)
        if isinstance(value, YMap):
            yield from _walk(value, here, ())
        elif isinstance(value, YList) and is_id_list(value):
            for index, item in enumerate(value):
                item_address = (*here, str(item["id"]))
                mark = value.mark_of(index)
                yield Node(item_address, item, mark, mark, item=True)
                yield from _walk(item, item_address, ())
        else:
            yield Node(here, value, node.mark_of(key), node.key_marks.get(key, node.mark))


def index(tree: YMap) -> dict[Address, Node]:
    return {node.address: node for node in nodes(tree)}


def layer_of(layers_: list[Layer], mark: Mark) -> int:
    """The index of the layer whose file `mark` is in (the last, when none is)."""
    for number in range(len(layers_) - 1, -1, -1):
        if layers_[number].path == mark.path:
            return number
    return len(layers_) - 1


def shown_path(project: Project, path: Path) -> str:
    """The file relative to the project: councils/bases/samordningsrad/2026.yaml."""
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return str(path)


def field_name(address: Address, tree: YMap) -> str:
    """`sections[syfte].blocks[syfte].text`: the address as error messages name fields."""
    parts: list[str] = []
    node: Any = tree
    for step in address:
        if isinstance(node, YList):
            parts.append(f"[{step}]")
            node = next((item for item in node if isinstance(item, YMap) and item.get("id") == step), None)
        else:
            parts.append(f".{step}" if parts else step)
            node = node.get(step) if isinstance(node, YMap) else None
    return "".join(parts)


@dataclass(frozen=True)
class Origin:
    """Where a value was last set, and what that did."""

    layer: Layer
    mark: Mark
    change: str  # council | base | changed | added | moved | restated

    def note(self) -> str:
        """`council's own`, `changed in 2026`…; empty for a value of the base that no revision touched."""
        if self.change == "council":
            return _("council's own")
        if self.change == "changed":
            return _("changed in {revision}").format(revision=self.layer.revision)
        if self.change == "added":
            return _("new in {revision}").format(revision=self.layer.revision)
        if self.change == "moved":
            return _("moved in {revision}").format(revision=self.layer.revision)
        if self.change == "restated":
            return _("restated in {revision}, unchanged").format(revision=self.layer.revision)
        return ""

    def describe(self, project: Project) -> str:
        """`councils/bases/samordningsrad/2026.yaml:96 (changed in 2026)`."""
        note = self.note()
        where = f"{shown_path(project, self.mark.path)}:{self.mark.line}"
        return f"{where} ({note})" if note else where


def origins(layers_: list[Layer]) -> dict[Address, Origin]:
    """The origin of every node of the last layer's tree."""
    indexes = [index(layer.tree) for layer in layers_]
    result: dict[Address, Origin] = {}
    for address, node in indexes[-1].items():
        number = layer_of(layers_, node.mark)
        layer = layers_[number]
        change = "base"
        if layer.council:
            change = "council"
        elif layer.revises:
            before = indexes[number - 1].get(address)
            if before is None:
                change = "added"
            elif node.item:
                change = "moved"
            else:
                change = "restated" if before.value == indexes[number][address].value else "changed"
        result[address] = Origin(layer, node.mark, change)
    return result
