"""`validate --fix`: the mechanical paste mistakes rewritten in place, every other byte kept."""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from uppdrag.errors import UppdragError
from uppdrag.source.load import load_yaml
from uppdrag.source.pasted import Edit, Finding, indentation, scan
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from pathlib import Path


def findings(text: str, path: Path) -> list[Finding]:
    """What is wrong in `text`; only the indentation when it is not yet YAML."""
    try:
        tree = load_yaml(path, text, pasted=False)
    except UppdragError:
        return indentation(text, path)
    return scan(tree, text, path)


def apply(text: str, edits: list[Edit]) -> str:
    """`text` with each edit made at its offset (the edits do not overlap)."""
    for edit in sorted(edits, key=lambda e: e.offset, reverse=True):
        assert text[edit.offset : edit.offset + len(edit.old)] == edit.old, edit
        text = text[: edit.offset] + edit.new + text[edit.offset + len(edit.old) :]
    return text


def fix_file(path: Path) -> list[Finding]:
    """Fix what can be fixed mechanically; the findings fixed (the file is rewritten only then)."""
    raw = path.read_bytes()
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return []
    fixed: list[Finding] = []
    for _round in range(3):  # a fixed indentation can make the file YAML, and show what is inside
        fixable = [finding for finding in findings(text, path) if finding.edits]
        if not fixable:
            break
        text = apply(text, [edit for finding in fixable for edit in finding.edits])
        fixed.extend(fixable)
    if fixed:
        write_atomic(path, bom + text.encode("utf-8"))
    return fixed


def fix_files(paths: list[Path]) -> list[Finding]:
    """`fix_file` on each file in turn."""
    return [finding for path in paths for finding in fix_file(path)]
