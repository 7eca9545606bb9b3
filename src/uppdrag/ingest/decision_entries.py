"""Overlay entries for an applied decision, added after what a council's file already says.

The decision was read against the council's document as its file leaves it, so each change is
added as a new entry at the end of the file's overlay (never inside the file's own entries,
whose lists may be plain text rather than overlays): it acts on that very document. Entries
the decision adds one after another for the same section or list are folded into one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from uppdrag.source.overlay import OPERATIONS

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project

MAX_ID = 40


def plain(value: Any) -> Any:
    """A parsed YAML tree as plain dicts and lists (texts tagged !template stay tagged)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def slug_id(text: str, used: set[str]) -> str:
    """An id made of a text's first words, unlike every id in `used`."""
    ascii_ = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_)[:4]
    base = "-".join(words)[:MAX_ID].strip("-") or "ny"
    made, n = base, 1
    while made in used:
        n += 1
        made = f"{base}-{n}"
    return made


def _plain_update(entry: dict[str, Any]) -> bool:
    return not any(key in entry for key in OPERATIONS)


def add_entry(entries: list[Any], chain: list[tuple[str, str]], leaf: dict[str, Any], ours: set[int]) -> None:
    """Add `leaf` at the end of `entries`, under the containers `chain` names
    ([(section id, "blocks"), (list id, "items")]); `ours` holds the entries the decision made."""
    last = entries[-1] if entries else None
    folds = isinstance(last, dict) and id(last) in ours and _plain_update(last)
    if not chain:
        if folds and last is not None and last["id"] == leaf["id"] and _plain_update(leaf):
            last.update({k: v for k, v in leaf.items() if k != "id"})
        else:
            entries.append(leaf)
            ours.add(id(leaf))
        return
    (parent_id, key), rest = chain[0], chain[1:]
    if folds and last is not None and last["id"] == parent_id and isinstance(last.get(key), list):
        container = last
    else:
        container = {"id": parent_id, key: []}
        entries.append(container)
        ours.add(id(container))
    add_entry(container[key], rest, leaf, ours)


def council_text(path: Path, doc: dict[str, Any]) -> str:
    """The council file: its leading comment lines kept, then every key as `import` writes them."""
    from uppdrag.ingest.emit import emit

    head = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        head.append(line)
    body: list[str] = []
    for key, value in doc.items():
        if body and isinstance(value, dict | list):
            body.append("")
        if key in ("revision", "beslutad") and isinstance(value, str):
            body.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")  # a name, not a number
        else:
            body += emit({key: value})
    return "\n".join([*head, *body]) + "\n"


def without_own_text(project: Project, slug: str, doc: dict[str, Any], path: Path) -> Charter:
    """The council's document as its base alone gives it (its name, base, revision, decision)."""
    from uppdrag.check.validate import validate
    from uppdrag.source.compose import COUNCIL_KEYS, compose_council
    from uppdrag.source.load import load_yaml

    bare = council_text(path, {k: v for k, v in doc.items() if k in COUNCIL_KEYS and k != "revisions"})
    return validate(compose_council(project, slug, load_yaml(path, bare), path))


def bare_sections(tree: Any) -> set[str]:
    """The sections whose composed tree has no `blocks` at all: a first block is words, not an overlay."""
    sections = tree.get("sections") if isinstance(tree, dict) else None
    return {str(s["id"]) for s in sections or [] if isinstance(s, dict) and "id" in s and "blocks" not in s}
