"""Overlay one marked YAML tree on another: mappings merge, id'd lists merge by `id`.

An item in an overlay list addresses the base item with the same `id`:
- no placement key: the base item is updated (mappings merged key by key);
- `replace: true`: the base item is replaced whole, in place;
- `remove: true`: the base item is removed;
- `after: ID`, `before: ID`, `at: start|end`: a new item is inserted there; an id that exists
  already is an error naming both places, unless `move: true` says to move it (merged as above).
An id that exists nowhere and has no placement is an error with a did-you-mean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.errors import Mark, OverlayError
from uppdrag.i18n import _
from uppdrag.source.load import YList, YMap
from uppdrag.suggest import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Iterator

PLACEMENT = ("after", "before", "at")
OPERATIONS = (*PLACEMENT, "remove", "replace", "move", "seen")


def is_id_list(value: Any) -> bool:
    """A list of mappings that all carry an `id`: merged by id rather than replaced."""
    return (
        isinstance(value, list) and len(value) > 0 and all(isinstance(v, dict) and "id" in v for v in value)
    )


def merge(base: Any, overlay: Any, field: str = "") -> Any:
    """The overlay applied to the base; neither input is changed."""
    if isinstance(base, YMap) and isinstance(overlay, YMap):
        return _merge_maps(base, overlay, field)
    by_id = isinstance(base, YList) and (is_id_list(base) or (not base and is_id_list(overlay)))
    if by_id and isinstance(overlay, YList):
        return merge_id_list(base, overlay, field)
    return overlay


def _merge_maps(base: YMap, overlay: YMap, field: str) -> YMap:
    result = copy_map(base)
    for key, value in overlay.items():
        sub = f"{field}.{key}" if field else key
        merged = merge(base[key], value, sub) if key in base else value
        result.put(key, merged, overlay.key_marks[key], overlay.value_marks[key])
    return result


def copy_map(source: YMap, skip: tuple[str, ...] = ()) -> YMap:
    """A shallow copy keeping every mark (optionally without some keys)."""
    result = YMap(source.mark)
    for key, value in source.items():
        if key not in skip:
            result.put(key, value, source.key_marks[key], source.value_marks[key])
    return result


def _item_label(field: str, item_id: str) -> str:
    return f"{field}[{item_id}]"


def _truthy(item: YMap, key: str, field: str) -> bool:
    value = item.get(key)
    if value is None:
        return False
    if value in ("true", "ja", "yes"):
        return True
    raise OverlayError(_("'{key}' takes true").format(key=key), item.mark_of(key), f"{field}.{key}")


class UnknownId(OverlayError):
    """An item whose id is not in the list it is written in (`compose` may know where it is)."""

    def __init__(self, message: str, mark: Mark, field: str, item_id: str, entry: YMap | None) -> None:
        super().__init__(message, mark, field)
        self.item_id, self.entry = item_id, entry


def unknown_id(
    item_id: str, known: list[str], mark: Mark, field: str, hint: str = "", entry: YMap | None = None
) -> OverlayError:
    """The error for an id that does not exist, naming the ids that do."""
    guess = did_you_mean(item_id, known, list_all=False)
    listing = ", ".join(known) if known else _("none")
    message = _("unknown id '{item_id}'{guess} (ids here: {listing}){hint}").format(
        item_id=item_id, guess=guess, listing=listing, hint=hint
    )
    return UnknownId(message, mark, field, item_id, entry if not guess else None)


def placed_elsewhere(error: OverlayError, tree: YMap) -> OverlayError:
    """An unknown id that stands elsewhere in `tree`: the error names that place, with the YAML."""
    if not isinstance(error, UnknownId) or error.entry is None:
        return error
    from uppdrag.source.placement import id_elsewhere

    found = id_elsewhere(tree, error.item_id, error.entry)
    if found is None:
        return error
    first = error.diagnostics[0]
    message = _("unknown id '{item_id}' here{where}").format(item_id=error.item_id, where=found[0])
    return OverlayError.from_diagnostics([first.with_detail(message, found[1])])  # type: ignore[return-value]


class _Node:
    __slots__ = ("mark", "next", "prev", "value")

    def __init__(self, value: Any, mark: Mark | None) -> None:
        self.value, self.mark = value, mark
        self.prev: _Node = self
        self.next: _Node = self


class _Items:
    """The list being merged: a linked list with an index by id, so that updating, removing,
    inserting and moving an item each cost the same whatever the list's length (a council of
    27,000 items is merged in linear time). Ids given twice in a base are kept as the list had
    them: the first is the one changed, all go when removed."""

    def __init__(self, pairs: list[tuple[Any, Mark]]) -> None:
        self.end = _Node(None, None)  # the sentinel: end.next is the first item
        self.by_id: dict[Any, list[_Node]] = {}
        for value, mark in pairs:
            self.link(_Node(value, mark), self.end)

    def link(self, node: _Node, before: _Node) -> None:
        node.prev, node.next = before.prev, before
        before.prev.next = node
        before.prev = node
        self.by_id.setdefault(node.value["id"], []).append(node)

    def unlink(self, item_id: Any) -> None:
        for node in self.by_id.pop(item_id, []):
            node.prev.next, node.next.prev = node.next, node.prev

    def first(self, item_id: Any) -> _Node | None:
        nodes = self.by_id.get(item_id)
        return nodes[0] if nodes else None

    def __iter__(self) -> Iterator[_Node]:
        node = self.end.next
        while node is not self.end:
            yield node
            node = node.next

    def ids(self) -> list[str]:
        """The ids in order (for messages only: this walks the list)."""
        return [node.value["id"] for node in self]


def merge_id_list(base: YList, overlay: YList, field: str) -> YList:
    """Apply overlay items to a base list of id'd mappings."""
    items = _Items(list(zip(base, base.item_marks, strict=True)))
    for index, entry in enumerate(overlay):
        mark = overlay.mark_of(index)
        if not isinstance(entry, YMap) or not isinstance(entry.get("id"), str):
            raise OverlayError(
                _("each item of this list needs an 'id' (the item to change, add or remove)"),
                mark,
                f"{field}[{index}]",
            )
        _apply(items, entry, mark, field)
    result = YList(overlay.mark if not base else base.mark)
    for node in items:
        assert node.mark is not None
        result.add(node.value, node.mark)
    return result


def _apply(items: _Items, entry: YMap, mark: Mark, field: str) -> None:
    item_id: str = entry["id"]
    label = _item_label(field, item_id)
    placements = [key for key in PLACEMENT if key in entry]
    if len(placements) > 1:
        raise OverlayError(_("give only one of after, before, at"), entry.mark_of(placements[1]), label)
    existing = items.first(item_id)
    if _truthy(entry, "remove", label):
        if existing is None:
            raise unknown_id(item_id, items.ids(), entry.mark_of("id"), field)
        extra = [k for k in entry if k not in ("id", "remove", "seen")]
        if extra:
            raise OverlayError(
                _("an item that is removed takes no other keys"), entry.mark_of(extra[0]), label
            )
        items.unlink(item_id)
        return
    content = copy_map(entry, skip=OPERATIONS)
    _check_move(entry, label, existing, placements)
    if existing is None and not placements:
        hint = _("; to add a new item give it 'after: ID', 'before: ID' or 'at: end'")
        raise unknown_id(item_id, items.ids(), entry.mark_of("id"), field, hint, entry)
    if existing is not None:
        replaced = _truthy(entry, "replace", label)
        new_value = content if replaced else merge(existing.value, content, label)
        if not placements:
            existing.value = new_value
            existing.mark = mark if replaced else existing.mark
            return
        items.unlink(item_id)
        content = new_value
    _insert(items, content, mark, entry, placements[0], field)


def _check_move(entry: YMap, label: str, existing: _Node | None, placements: list[str]) -> None:
    """A placement moves an existing item only with `move: true`; `move` needs a placement."""
    from uppdrag.errors import display_path
    from uppdrag.i18n import _

    moving = _truthy(entry, "move", label)
    if moving and not placements:
        raise OverlayError(
            _("'move: true' needs 'after: ID', 'before: ID' or 'at'"), entry.mark_of("move"), label
        )
    if moving and existing is None:
        message = _("'move: true', but there is no item '{id}' to move").format(id=entry["id"])
        raise OverlayError(message, entry.mark_of("id"), label)
    if placements and existing is not None and not moving:
        there = existing.mark
        assert there is not None
        message = _(
            "id '{id}' already exists at {path}:{line}; to move that item give 'move: true', "
            "to add a new one give it another id"
        ).format(id=entry["id"], path=display_path(there.path), line=there.line)
        raise OverlayError(message, entry.mark_of(placements[0]), label)


def _insert(items: _Items, content: Any, mark: Mark, entry: YMap, placement: str, field: str) -> None:
    anchor = entry[placement]
    label = _item_label(field, entry["id"])
    if placement == "at":
        if anchor not in ("start", "end"):
            raise OverlayError(_("'at' takes start or end"), entry.mark_of("at"), f"{label}.at")
        before = items.end.next if anchor == "start" else items.end
    else:
        found = items.first(anchor) if isinstance(anchor, str) else None
        if found is None:
            raise unknown_id(str(anchor), items.ids(), entry.mark_of(placement), f"{label}.{placement}")
        before = found.next if placement == "after" else found
    items.link(_Node(content, mark), before)


def check_unique_ids(value: Any, field: str = "") -> None:
    """Every id'd list in the tree has each id once (a checked subtree remembers it: trees never change)."""
    if not isinstance(value, YMap | YList) or getattr(value, "_ids_checked", False):
        return
    if isinstance(value, YMap):
        for key, sub in value.items():
            check_unique_ids(sub, f"{field}.{key}" if field else key)
    elif isinstance(value, YList):
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_id = item.get("id") if isinstance(item, YMap) else None
            if isinstance(item_id, str):
                if item_id in seen:
                    first = value.mark_of(seen[item_id])
                    raise OverlayError(
                        _("duplicate id '{item_id}' (first on line {line})").format(
                            item_id=item_id, line=first.line
                        ),
                        item.mark_of("id"),
                        _item_label(field, item_id),
                    )
                seen[item_id] = index
            check_unique_ids(item, _item_label(field, item_id) if item_id else f"{field}[{index}]")
    value._ids_checked = True  # type: ignore[union-attr]
