"""The JSON Schema of a council file (draft-07, as the YAML language server reads it).

Derived from the charter model: every key optional (a council says only what differs), list
items addressed by `id` with the overlay keys (after, before, at, move, remove, replace), and the
council's own keys (name, base, revision, revisions) on top.
"""

from __future__ import annotations

import json
from typing import Any

from uppdrag.check.model import Charter

OVERLAY_KEYS = {
    "after": {"type": "string", "description": "Insert (or move) this item after the item with this id."},
    "before": {"type": "string", "description": "Insert (or move) this item before the item with this id."},
    "at": {"enum": ["start", "end"], "description": "Insert (or move) this item first or last."},
    "remove": {"type": "boolean", "description": "Remove the item with this id."},
    "replace": {"type": "boolean", "description": "Replace the item with this id whole."},
    "move": {"type": "boolean", "description": "Move the existing item with this id to after/before/at."},
    "seen": {
        "type": "string",
        "description": "The base revision whose change of this item the council has seen and keeps its own "
        'text over, e.g. "2026": validate no longer warns that the text hides that change.',
    },
}
COUNCIL_KEYS = {
    "name": {"type": "string", "description": "The council's name, as it stands in the document."},
    "base": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "description": "The kind of charter."},
    "revision": {"type": "string", "description": 'The base revision, e.g. "2026" (quoted).'},
    "beslutad": {
        "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "description": "The revisions whose decision (beslut.datum) is also this council's own decision; "
        "without it, or an own beslut.datum, the council's document is an utkast.",
    },
    "seen": {
        "type": "string",
        "description": "The base revision whose changes of the facts written at the top of this file "
        "(datum, uppdragsgivare, …) the council has seen and keeps its own values over.",
    },
}
INTERNAL = ("slug", "name", "kind", "revision")


def _overlay(node: Any) -> Any:
    """Every object optional but for `id`; id'd items take the overlay keys."""
    if isinstance(node, list):
        return [_overlay(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {key: _overlay(value) for key, value in node.items()}
    if isinstance(node.get("$ref"), str):
        node["$ref"] = node["$ref"].replace("#/$defs/", "#/definitions/")
    properties = node.get("properties")
    if isinstance(properties, dict):
        node.pop("required", None)
        if "id" in properties:
            node["required"] = ["id"]
            properties.update(OVERLAY_KEYS)
    return node


def council_schema() -> dict[str, Any]:
    charter = Charter.model_json_schema()
    definitions = _overlay(charter.pop("$defs", {}))
    overlay = _overlay(charter)
    for key in INTERNAL:
        overlay["properties"].pop(key, None)
    properties = {**COUNCIL_KEYS, **overlay["properties"]}
    properties["revisions"] = {
        "type": "object",
        "description": "Overlays that apply only when the council is rendered at that revision.",
        "additionalProperties": {
            "type": "object",
            "properties": overlay["properties"],
            "additionalProperties": False,
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "uppdrag council file",
        "description": "A council's uppdragshandling: its base and what differs from it.",
        "type": "object",
        "required": ["name", "base", "revision"],
        "properties": properties,
        "additionalProperties": False,
        "definitions": definitions,
    }


def dumps() -> str:
    return json.dumps(council_schema(), ensure_ascii=False, indent=2) + "\n"
