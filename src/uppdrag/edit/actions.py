"""The edits a coordinator makes in the browser, applied to a council's composed tree (plain data).

A target is written as a path of list names and ids, `sections/arbetsorganisation/blocks/
uppgifter/items/styrning`, or the name of a fact (`ansvarsomrade`) or `beslut`. An edit never
reaches outside the tree it is given; what it makes is checked like any council file before
anything is written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from uppdrag.edit.synth import same
from uppdrag.edit.textform import from_form
from uppdrag.i18n import _

FACTS = ("title", "datum", "diarienummer", "ansvarsomrade", "uppdragsgivare", "uppdragstagare")
DECISION = ("datum", "namn", "titel")
OPS = ("text", "restore", "add", "remove", "up", "down", "fact", "decision")
TARGET = re.compile(r"^(?:[a-z]+/[a-z0-9][a-z0-9_-]*)(?:/[a-z]+/[a-z0-9][a-z0-9_-]*)*$")


class EditRefused(Exception):
    """An edit that cannot be made as asked; the message is for the coordinator (Swedish)."""


@dataclass(frozen=True)
class Edit:
    """One action from the page: what to do, where, and the text typed."""

    op: str
    target: str
    field: str = "text"
    text: str = ""
    values: tuple[tuple[str, str], ...] = ()


def locate(tree: dict[str, Any], target: str) -> tuple[list[Any], int]:
    """The list holding the target and its index there."""
    if not TARGET.fullmatch(target):
        raise EditRefused(_("unknown place in the document: {target}").format(target=target))
    parts = target.split("/")
    node: Any = tree
    holder: list[Any] = []
    index = -1
    for list_name, item_id in zip(parts[::2], parts[1::2], strict=True):
        found_list = node.get(list_name) if isinstance(node, dict) else None
        if not isinstance(found_list, list):
            raise EditRefused(_("unknown place in the document: {target}").format(target=target))
        holder = found_list
        found = [n for n, item in enumerate(holder) if isinstance(item, dict) and item.get("id") == item_id]
        if not found:
            raise EditRefused(_("unknown place in the document: {target}").format(target=target))
        index = found[0]
        node = holder[index]
    return holder, index


def find(tree: dict[str, Any], target: str) -> dict[str, Any] | None:
    """The item at `target`, or None where the tree has no such item."""
    try:
        holder, index = locate(tree, target)
    except EditRefused:
        return None
    item = holder[index]
    return item if isinstance(item, dict) else None


def all_ids(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            found.add(value["id"])
        for sub in value.values():
            found |= all_ids(sub)
    elif isinstance(value, list):
        for sub in value:
            found |= all_ids(sub)
    return found


def apply(
    tree: dict[str, Any], base: dict[str, Any], edit: Edit, base_texts: dict[str, Any]
) -> dict[str, Any]:
    """The tree after `edit`; `base` is the base's tree, `base_texts` its texts as the reader sees them."""
    tree = copy.deepcopy(tree)
    if not edit.target and edit.op in ("text", "restore", "fact"):
        _fact(tree, base, edit, base_texts)
    elif edit.op == "decision":
        _decision(tree, edit)
    elif edit.op in ("text", "restore"):
        item = _item(tree, edit.target)
        _text(item, find(base, edit.target), edit, base_texts.get(f"{edit.target}#{edit.field}"))
    elif edit.op in ("add", "remove", "up", "down"):
        _place(tree, base, edit)
    else:
        raise EditRefused(_("unknown action: {op}").format(op=edit.op))
    return tree


def _decision(tree: dict[str, Any], edit: Edit) -> None:
    decision = dict(tree.get("beslut") or {})
    for key, value in edit.values:
        if key in DECISION:
            decision[key] = " ".join(value.split()) or None
    if decision.get("datum") is None:
        decision.pop("datum", None)
    tree["beslut"] = decision


def _place(tree: dict[str, Any], base: dict[str, Any], edit: Edit) -> None:
    """Add a sibling after the target, remove it, or move it one place up or down."""
    holder, index = locate(tree, edit.target)
    if edit.op == "add":
        new_id = _new_id(edit.text, all_ids(tree) | all_ids(base))
        holder.insert(index + 1, {"id": new_id, "text": from_form(edit.text)})
    elif edit.op == "remove":
        del holder[index]
    else:
        other = index - 1 if edit.op == "up" else index + 1
        if not 0 <= other < len(holder):
            raise EditRefused(_("it is already first") if edit.op == "up" else _("it is already last"))
        holder[index], holder[other] = holder[other], holder[index]


def _item(tree: dict[str, Any], target: str) -> dict[str, Any]:
    holder, index = locate(tree, target)
    item = holder[index]
    assert isinstance(item, dict)
    return item


def _text(item: dict[str, Any], base_item: dict[str, Any] | None, edit: Edit, base_shown: Any) -> None:
    if edit.field not in ("text", "heading", "label"):
        raise EditRefused(_("unknown field: {field}").format(field=edit.field))
    if edit.op == "restore":
        if base_item is None or edit.field not in base_item:
            raise EditRefused(_("this text is the council's own; there is no base text to restore"))
        item[edit.field] = base_item[edit.field]
        return
    value: Any = from_form(edit.text) if edit.field == "text" else " ".join(edit.text.split())
    if (
        base_item is not None
        and edit.field in base_item
        and base_shown is not None
        and same(value, base_shown)
    ):
        value = base_item[edit.field]  # typed back to the base's words: the base's own value again
    item[edit.field] = value


def _fact(tree: dict[str, Any], base: dict[str, Any], edit: Edit, base_texts: dict[str, Any]) -> None:
    if edit.field not in FACTS:
        raise EditRefused(_("unknown field: {field}").format(field=edit.field))
    if edit.op == "restore":
        if edit.field not in base:
            raise EditRefused(_("this text is the council's own; there is no base text to restore"))
        tree[edit.field] = base[edit.field]
        return
    value = " ".join(edit.text.split())
    if edit.field in base and same(value, base_texts.get(edit.field)):
        tree[edit.field] = base[edit.field]
    else:
        tree[edit.field] = value


def _new_id(text: str, taken: set[str]) -> str:
    from uppdrag.ingest.match import readable_id

    return readable_id(text, set(taken))
