"""The smallest overlay that turns a base tree into a target tree, ids kept.

Both trees are plain data (mappings, lists, strings; `!template` strings keep their type). A list
whose items all carry an `id` is compared by id, as the overlay merges it: an item missing from
the target is `remove: true`, a changed one `- id: X` with only what changed (or `replace: true`
when a key went away), a new one is placed `after:` its neighbour (`at: start` when first). Items
out of the base's order are moved the same way, with `move: true`: the longest run in the base's
order stays where it is. Entries are written in the target's order, so every anchor is in place
before an entry names it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from uppdrag.source.load import YList, YMap


def plain(value: Any) -> Any:
    """A loaded tree (`YMap`/`YList`) as dicts and lists; strings keep their type."""
    if isinstance(value, YMap | dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, YList | list):
        return [plain(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types (a `!template` text is not the plain text it reads as)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def is_id_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def overlay(
    base: dict[str, Any], target: dict[str, Any], was: Any = None, prefer: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """What to write over `base` to get `target` (keys of `base` that `target` lacks are kept).

    `was` is the overlay written before, if any: where its placements (`before: X`, `at: end`)
    still give the same order they are kept, so that an edit changes only what it changed.
    `prefer` names items to say were moved where either of two items could be (the one the
    coordinator moved).
    """
    was = was if isinstance(was, dict) else {}
    out: dict[str, Any] = {}
    for key, value in target.items():
        if key not in base:
            out[key] = value
        elif not same(base[key], value):
            out[key] = _changed(base[key], value, was.get(key), prefer)
    return out


def _changed(base: Any, target: Any, was: Any, prefer: frozenset[str]) -> Any:
    if isinstance(base, dict) and isinstance(target, dict):
        return overlay(base, target, was, prefer)
    if ((is_id_list(base) or not base) and is_id_list(target)) or (is_id_list(base) and target == []):
        return id_list(base, target, was if isinstance(was, list) else [], prefer)
    return target


def id_list(
    base: list[dict[str, Any]],
    target: list[dict[str, Any]],
    was: list[Any] | None = None,
    prefer: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Overlay entries turning the id'd list `base` into `target`."""
    earlier = {e["id"]: e for e in was or [] if isinstance(e, dict) and isinstance(e.get("id"), str)}
    hinted = _entries(base, target, earlier, prefer)
    if earlier and _order(base, hinted) == [item["id"] for item in target]:
        return hinted
    return _entries(base, target, {}, prefer)


def _entries(
    base: list[dict[str, Any]], target: list[dict[str, Any]], earlier: dict[str, Any], prefer: frozenset[str]
) -> list[dict[str, Any]]:
    in_base = {item["id"]: item for item in base}
    in_target = {item["id"] for item in target}
    entries: list[dict[str, Any]] = [{"id": i, "remove": True} for i in in_base if i not in in_target]
    position = {item_id: n for n, item_id in enumerate(in_base)}
    common = [item["id"] for item in target if item["id"] in in_base]
    staying = _longest_run(common, position)
    others = _longest_run([i for i in common if i not in prefer], position)
    if prefer & staying and len(others) == len(staying):
        staying = others
    previous: str | None = None
    for item in target:
        item_id = item["id"]
        place = _placement(earlier.get(item_id)) or ({"after": previous} if previous else {"at": "start"})
        old = earlier.get(item_id, {})
        if item_id not in in_base:
            own = {k: v for k, v in item.items() if k != "id"}
            entries.append({"id": item_id, **place, **own})
        else:
            content = _item_change(in_base[item_id], item, old, prefer)
            if item_id not in staying:
                entries.append({"id": item_id, **place, "move": True, **content})
            elif content:
                entries.append({"id": item_id, **content})
        previous = item_id
    return entries


def _placement(entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        return {}
    return {k: entry[k] for k in ("after", "before", "at") if k in entry}


def _order(base: list[dict[str, Any]], entries: list[dict[str, Any]]) -> list[str] | None:
    """The ids in the order `entries` give when applied to `base`, as the overlay applies them."""
    ids = [item["id"] for item in base]
    for entry in entries:
        if entry.get("remove"):
            ids.remove(entry["id"])
            continue
        place = _placement(entry)
        if not place:
            continue
        if entry["id"] in ids:
            ids.remove(entry["id"])
        ((key, anchor),) = place.items()
        if key == "at":
            at = 0 if anchor == "start" else len(ids)
        elif anchor in ids:
            at = ids.index(anchor) + (1 if key == "after" else 0)
        else:
            return None
        ids.insert(at, entry["id"])
    return ids


def _item_change(
    base: dict[str, Any], target: dict[str, Any], was: Any, prefer: frozenset[str]
) -> dict[str, Any]:
    if set(base) - set(target):  # a key went away: only a whole replacement says so
        return {"replace": True, **{k: v for k, v in target.items() if k != "id"}}
    return {k: v for k, v in overlay(base, target, was, prefer).items() if k != "id"}


def _longest_run(ids: list[str], position: dict[str, int]) -> set[str]:
    """The largest set of `ids` already in the base's order (longest increasing subsequence)."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent: list[int] = [-1] * len(ids)
    for n, item_id in enumerate(ids):
        at = bisect_left(tails, position[item_id])
        if at == len(tails):
            tails.append(position[item_id])
            tail_index.append(n)
        else:
            tails[at] = position[item_id]
            tail_index[at] = n
        parent[n] = tail_index[at - 1] if at else -1
    kept: set[str] = set()
    n = tail_index[-1] if tail_index else -1
    while n >= 0:
        kept.add(ids[n])
        n = parent[n]
    return kept


def carry(was: Any, now: Any, key: str) -> None:
    """Copy `key` of each id'd entry of the overlay written before to the same entry (by id path)
    of the new one, right after its id: what the coordinator wrote about an entry (`seen:`) stays
    for as long as the entry does."""
    if isinstance(was, dict) and isinstance(now, dict):
        if "id" in was and "id" in now and key in was and key not in now:
            entries = list(now.items())
            entries.insert(list(now).index("id") + 1, (key, was[key]))
            now.clear()
            now.update(entries)
        for name, value in now.items():
            carry(was.get(name), value, key)
    elif isinstance(was, list) and isinstance(now, list):
        earlier = {e["id"]: e for e in was if isinstance(e, dict) and isinstance(e.get("id"), str)}
        for entry in now:
            if isinstance(entry, dict) and entry.get("id") in earlier:
                carry(earlier[entry["id"]], entry, key)
