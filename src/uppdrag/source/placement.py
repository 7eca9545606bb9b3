"""Where an id or a key does live, when a council file writes it in the wrong place.

`- id: styrning` written under `blocks:` (it is an item of the list `uppgifter`), or
`motesfrekvens:` at the top of the file (it is a paragraph of a section): the composed base
knows where each id and key stands, so the message can name that place and show the nesting
that reaches it, as YAML to copy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from uppdrag.i18n import _

NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$")
Step = tuple[str, str | None]  # a key, and the id of the item under it (None: the key's own value)
MAX_PLACES = 3


@dataclass(frozen=True)
class Place:
    """A path from the top of a charter to a key or an item: `sections[syfte].blocks[syfte]`."""

    steps: tuple[Step, ...]

    @property
    def field(self) -> str:
        """How messages name the list or key: `sections[uppdragsbeskrivning].blocks[uppgifter].items`."""
        return self._name(len(self.steps) - 1)

    @property
    def parent(self) -> str:
        """How error messages name what holds a key: `sections[syfte].blocks[syfte]`."""
        return self._name(len(self.steps) - 2, whole=True)

    def _name(self, end: int, whole: bool = False) -> str:
        parts: list[str] = []
        for number, (key, item) in enumerate(self.steps[: end + 1]):
            parts.append(f".{key}" if parts else key)
            if item is not None and (number < end or whole):
                parts.append(f"[{item}]")
        return "".join(parts)


def find_id(tree: Any, item_id: str) -> list[Place]:
    """Every place an item with this id stands in the tree."""
    found: list[Place] = []
    _walk(tree, (), lambda key, item: item == item_id, found)
    return found[:MAX_PLACES]


def find_key(tree: Any, key: str) -> list[Place]:
    """Every place the key stands, below the top (a key of a nested mapping or an item)."""
    found: list[Place] = []
    _walk(tree, (), lambda name, item: item is None and name == key, found)
    return [place for place in found if len(place.steps) > 1][:MAX_PLACES]


def _walk(node: Any, steps: tuple[Step, ...], wanted: Any, found: list[Place]) -> None:
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if not isinstance(key, str):
            continue
        if wanted(key, None):
            found.append(Place((*steps, (key, None))))
        if isinstance(value, dict):
            _walk(value, (*steps, (key, None)), wanted, found)
        elif isinstance(value, list):
            for item in value:
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                here = (*steps, (key, ident))
                if wanted(key, ident):
                    found.append(Place(here))
                _walk(item, here, wanted, found)


def snippet(place: Place, leaf: dict[str, Any]) -> tuple[str, ...]:
    """YAML reaching `place`, ending with the keys of `leaf` (values shortened): the right nesting."""
    lines: list[str] = []
    indent = ""
    for number, (key, item) in enumerate(place.steps):
        last = number == len(place.steps) - 1
        if item is None:
            if last:
                lines += _leaf(indent, key, leaf)
            else:
                lines.append(f"{indent}{key}:")
                indent += "  "
            continue
        lines.append(f"{indent}{key}:")
        lines.append(f"{indent}  - id: {item}")
        indent += "    "
        if last:
            lines += [f"{indent}{name}: {_short(value)}" for name, value in leaf.items() if name != "id"]
    return tuple(lines)


def _leaf(indent: str, key: str, leaf: dict[str, Any]) -> list[str]:
    if "" in leaf:  # a plain value
        return [f"{indent}{key}: {_short(leaf[''])}"]
    return [f"{indent}{key}:"] + [f"{indent}  {name}: {_short(value)}" for name, value in leaf.items()]


def _short(value: Any) -> str:
    """A value as a YAML scalar of at most 100 characters (else cut with `…`)."""
    if isinstance(value, str) and value.strip():
        text = " ".join(value.split())
        text = text if len(text) <= 100 else text[:99].rstrip() + "…"
        special = ": " in text or " #" in text or text.endswith(":") or text[0] in "{}[]&*!|>'\"%@`-?,#"
        plain = not special
        return text if plain else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "…"


def id_elsewhere(tree: Any, item_id: str, entry: dict[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """`; 'styrning' is under sections[…].items` and the YAML to write, when the id lives elsewhere."""
    places = find_id(tree, item_id) if NAME.match(item_id) else []
    if not places:
        return None
    where = ", ".join(place.field for place in places)
    message = _("; '{id}' is under {where}; write it there, like this:").format(id=item_id, where=where)
    return message, snippet(places[0], {k: v for k, v in entry.items() if k != "id"} or {"text": None})


def key_elsewhere(
    tree: Any, key: str, value: Any, here: str, ids_only: bool = False
) -> tuple[str, tuple[str, ...]] | None:
    """For an unknown key (at the field `here`): the id or (unless `ids_only`, as when the key is
    close to one allowed where it stands) the key of that name somewhere else, and the YAML."""
    if not NAME.match(key):  # only names: a message is one line of plain words
        return None
    places = find_id(tree, key)
    if places:
        where = ", ".join(place.field for place in places)
        message = _("; '{key}' is the id of an item under {where}; write it there, like this:")
        leaf = dict(value) if isinstance(value, dict) else {"text": value}
        return message.format(key=key, where=where), snippet(places[0], leaf)
    places = [] if ids_only else [place for place in find_key(tree, key) if place.field != here]
    if places:
        where = ", ".join(place.parent for place in places)
        message = _("; '{key}' is a key under {where}; write it there, like this:")
        leaf = dict(value) if isinstance(value, dict) else {"": value}
        return message.format(key=key, where=where), snippet(places[0], leaf)
    return None
