"""`uppdrag explain`: the history of one clause through a council's chain, layer by layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Mark, NotFoundError, UsageError
from uppdrag.i18n import _
from uppdrag.origin.layers import Address, Layer, Node, chain_ids, field_name, index, layers, shown_path
from uppdrag.source.compose import compose
from uppdrag.source.load import YList, YMap
from uppdrag.suggest import did_you_mean

if TYPE_CHECKING:
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class Event:
    """What one layer did to the clause or one of its values."""

    layer: Layer
    action: str  # added | changed | restated | removed | moved
    address: Address
    mark: Mark | None
    item: bool
    old: Any = None
    new: Any = None
    later: bool = False  # in a revision newer than the council's own


@dataclass(frozen=True)
class History:
    """A clause's events through the chain."""

    slug: str
    own_revision: str
    revision: str
    address: Address
    field: str
    events: tuple[Event, ...]


def plain(value: Any) -> str:
    """The words of a value: a text, a list of pieces (links, bold) or lines."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(plain(sub) for key, sub in value.items() if key not in ("url", "id"))
    if isinstance(value, list):
        return "".join(plain(sub) for sub in value)
    return str(value)


def _short(address: Address, items: set[Address]) -> str:
    return ".".join(address[i] for i in range(len(address)) if address[: i + 1] in items)


def find(all_layers: list[Layer], query: str) -> Address:
    """The one address `query` names: an id, ids joined by dots, or a path of keys and ids."""
    parts = tuple(query.replace("[", ".").replace("]", "").strip(".").split("."))
    known: dict[Address, Node] = {}
    for layer in all_layers:
        known.update(index(layer.tree))
    items = {address for address, node in known.items() if node.item}
    found = []
    for address in known:
        ids = tuple(_short(address, items).split(".")) if address in items else ()
        if address[-len(parts) :] == parts or ids[-len(parts) :] == parts:
            found.append(address)
    if len(found) == 1:
        return found[0]
    if found:
        listing = ", ".join(_short(address, items) or ".".join(address) for address in found)
        raise UsageError(_("'{query}' names several clauses: {listing}").format(query=query, listing=listing))
    names = sorted({address[-1] for address in known})
    hint = did_you_mean(parts[-1], names, list_all=False)
    raise NotFoundError(_("no clause '{query}' in this charter{hint}").format(query=query, hint=hint))


def _entry_mark(project: Project, layer: Layer, address: Address) -> Mark | None:
    """Where the layer's own file writes the entry for `address` (a `remove: true`, say)."""
    doc: Any = project.load(layer.path)
    docs = [doc]
    if layer.council and isinstance(doc, YMap) and isinstance(doc.get("revisions"), YMap):
        docs += [sub for sub in doc["revisions"].values() if isinstance(sub, YMap)]
    for node in docs:
        mark = None
        for step in address:
            if isinstance(node, YMap) and step in node:
                mark, node = node.mark_of(step), node[step]
            elif isinstance(node, YList):
                position = next(
                    (i for i, x in enumerate(node) if isinstance(x, YMap) and x.get("id") == step), None
                )
                if position is None:
                    break
                mark, node = node.mark_of(position), node[position]
            else:
                break
        else:
            return mark
    return None


def _events(project: Project, all_layers: list[Layer], address: Address, own: set[str]) -> list[Event]:
    events: list[Event] = []
    before: dict[Address, Node] = {}
    for layer in all_layers:
        now = {a: n for a, n in index(layer.tree).items() if a[: len(address)] == address}
        later = not layer.council and layer.name not in own
        if before and not now:
            mark = _entry_mark(project, layer, address)
            events.append(Event(layer, "removed", address, mark, True, later=later))
        for sub, node in now.items():
            if node.mark.path != layer.path:
                continue
            old = before.get(sub)
            if old is None:
                if _inside_added(sub, address, now, before, layer):
                    continue  # part of an item this layer adds: said with the item
                action = "added"
            elif node.item:
                if node.mark == old.mark:
                    continue
                action = "moved"
            else:
                action = "changed" if old.value != node.value else "restated"
            mark = node.key_mark if not node.item else node.mark
            events.append(Event(layer, action, sub, mark, node.item, old and old.value, node.value, later))
        before = now
    return events


def _inside_added(
    sub: Address, address: Address, now: dict[Address, Node], before: dict[Address, Node], layer: Layer
) -> bool:
    prefixes = (sub[:length] for length in range(len(address), len(sub)))
    return any(p in now and p not in before and now[p].mark.path == layer.path for p in prefixes)


def explain(project: Project, slug: str, query: str, revision: str | None = None) -> History:
    """The history of the clause `query` in the council's charter, through `revision`
    (default: the newest revision of its kind, so a coming change shows too)."""
    own = compose(project, slug)
    kind = str(own.tree["kind"])
    rev = revision or max([*project.base_revisions(kind), own.revision])
    all_layers = layers(project, slug, rev)
    address = find(all_layers, query)
    own_chain = set(chain_ids(project, f"{kind}/{own.revision}"))
    events = _events(project, all_layers, address, own_chain)
    shown = next(
        (field_name(address, layer.tree) for layer in reversed(all_layers) if _has(layer, address)), ""
    )
    return History(slug, own.revision, rev, address, shown, tuple(events))


def _has(layer: Layer, address: Address) -> bool:
    return address in index(layer.tree)


def word_diff_text(old: str, new: str) -> str:
    """`[-removed-]{+added+}` inside the kept words."""
    from uppdrag.diff.words import word_diff

    marks = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}
    return "".join(marks[seg.op].format(seg.text) for seg in word_diff(old, new))


def describe(project: Project, history: History, commits: list[list[str]] | None = None) -> str:
    """The history as lines of text."""
    lines = [
        _("{slug}: {field} (the council is on revision {own}; history through revision {revision})").format(
            slug=history.slug, field=history.field, own=history.own_revision, revision=history.revision
        )
    ]
    for number, event in enumerate(history.events):
        where = f"{shown_path(project, event.mark.path)}:{event.mark.line}" if event.mark else "?"
        sub = ".".join(event.address[len(history.address) :])
        what = {
            "added": _("added"),
            "changed": _("changed"),
            "restated": _("restated, unchanged"),
            "removed": _("removed"),
            "moved": _("moved"),
        }[event.action]
        who = _("the council") if event.layer.council else event.layer.name
        later = _(" (a later revision: not in the council's document)") if event.later else ""
        lines.append(f"  {who}: {what}{' ' + sub if sub else ''} — {where}{later}")
        if event.action == "changed":
            lines.append(f"      {word_diff_text(plain(event.old), plain(event.new))}")
        elif event.action == "added" and not event.item:
            lines.append(f"      {plain(event.new)}")
        elif event.action == "added":
            for key, value in event.new.items():
                if key != "id" and not isinstance(value, YList | YMap):
                    lines.append(f"      {key}: {plain(value)}")
        for commit in commits[number] if commits else []:
            lines.append(f"      git: {commit}")
    if not any(event.layer.council for event in history.events):
        lines.append(_("  not overridden by the council"))
    return "\n".join(lines) + "\n"


def git_commits(history: History) -> list[list[str]]:
    """For each event, the commits that last touched exactly its lines."""
    from uppdrag.origin.blame import blame, extent

    found: list[list[str]] = []
    for event in history.events:
        commits: list[str] = []
        if event.mark is not None:
            first, last = extent(event.mark, event.item)
            commits = [str(commit) for commit in blame(event.mark.path, first, last)]
        found.append(commits)
    return found


def explain_text(project: Project, slug: str, query: str, revision: str | None, git: bool) -> str:
    """What `uppdrag explain` prints."""
    history = explain(project, slug, query, revision)
    return describe(project, history, git_commits(history) if git else None)
