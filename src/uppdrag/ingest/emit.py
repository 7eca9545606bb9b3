"""Write an overlay as a council file in the style of the hand-written ones.

Plain scalars where YAML reads them back as the same text, long texts folded (`>-`) at about
100 columns, anything else as a double-quoted (JSON) string. `import` proves the result by
reading it back, so a scalar written wrongly cannot go unnoticed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from uppdrag.source.load import TEMPLATE_TAG, YTemplate

WIDTH = 100
PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`~][^\n]*$")
UNSAFE = re.compile(r":\s|\s#|:$|\s$|\t|  ")
NULLS = {"", "~", "null", "Null", "NULL"}


def scalar(value: str | bool | int | None, column: int, indent: int = 0) -> str:
    """`value` written from `column` after `key: ` (key at `indent`); a folded block when long."""
    if value is None:
        return ""
    if isinstance(value, YTemplate):  # a text that is a template stays one
        return f"{TEMPLATE_TAG} {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, YTemplate):  # a template stays one: the tag, then the text quoted
        return f"{TEMPLATE_TAG} {json.dumps(str(value), ensure_ascii=False)}"
    if PLAIN.match(value) and not UNSAFE.search(value) and value not in NULLS:
        if column + len(value) <= WIDTH:
            return value
        return ">-\n" + "\n".join(" " * (indent + 2) + line for line in _wrap(value, WIDTH - indent - 2))
    return json.dumps(value, ensure_ascii=False)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def emit(value: dict[str, Any], indent: int = 0) -> list[str]:
    """Lines of a mapping at `indent`."""
    lines: list[str] = []
    pad = " " * indent
    for k, v in value.items():
        if isinstance(v, dict):
            lines.append(f"{pad}{k}:")
            lines += emit(v, indent + 2)
        elif isinstance(v, list):
            lines.append(f"{pad}{k}:")
            lines += _sequence(v, indent + 2)
        else:
            text = scalar(v, indent + len(k) + 2, indent)
            lines.append(f"{pad}{k}: {text}".rstrip() if text else f"{pad}{k}:")
    return lines


def _sequence(items: list[Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            inner = emit(item, indent + 2)
            lines.append(pad + "- " + inner[0][indent + 2 :])
            lines += inner[1:]
        else:
            lines.append(pad + "- " + scalar(item, indent + 2, indent + 2))
    return lines


def council_file(name: str, kind: str, revision: str, overlay: dict[str, Any]) -> str:
    """The whole council file: schema comment, name, base, revision, then the overlay."""
    from uppdrag.i18n import _

    made = _("Made by `uppdrag import`: only what differs from the base charter\n{base} (docs/handbok.md).")
    head = [
        "# yaml-language-server: $schema=schema.json",
        *(f"# {line}" for line in made.format(base=f"councils/bases/{kind}/{revision}.yaml").splitlines()),
        f"name: {scalar(name, 6)}",
        f"base: {kind}",
        f'revision: "{revision}"',
    ]
    if "beslutad" in overlay:  # decided with the revision: a council key, beside `revision`
        head.append(f'beslutad: "{overlay["beslutad"]}"')
    body: list[str] = []
    for k, v in ((k, v) for k, v in overlay.items() if k != "beslutad"):
        if body and isinstance(v, dict | list):
            body.append("")
        body += emit({k: v})
    return "\n".join([*head, *([""] if body else []), *body]) + "\n"
