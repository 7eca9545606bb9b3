"""`validate --fix`: the mechanical paste mistakes rewritten in place, every other byte kept.

Besides what `pasted.py` finds, two mistakes with one answer: a tab in the indentation (the
file's own step of indentation per tab, so the nesting stays as the tabs meant it) and a date
with one reading (`16/6/2026` can only be 2026-06-16; `5/6/2026` could be May or June and is
left to a human)."""

from __future__ import annotations

import codecs
import re
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Diagnostic, Mark, UppdragError
from uppdrag.i18n import _, ngettext
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
        return indentation(text, path) or tabs(text, path)
    return scan(tree, text, path) or dates(tree, text, path)


def _step(text: str) -> int:
    """The file's step of indentation: the smallest indentation by spaces of a line (2 if none)."""
    widths = [len(line) - len(line.lstrip(" ")) for line in text.splitlines() if not line.startswith("\t")]
    return min((w for w in widths if w > 0 and not w % 2), default=2)


def tabs(text: str, path: Path) -> list[Finding]:
    """Each tab in the indentation replaced by the file's step of spaces (one level per tab)."""
    step = _step(text)
    found: list[Finding] = []
    for lead in re.finditer(r"^[ \t]*\t[ \t]*", text, re.MULTILINE):
        for index, char in enumerate(lead.group()):
            if char != "\t":
                continue
            offset = lead.start() + index
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            change = ngettext(
                "a tab in the indentation replaced by {count} space",
                "a tab in the indentation replaced by {count} spaces",
                step,
            ).format(count=step)
            diagnostic = Diagnostic(_("a tab in the indentation — use spaces"), Mark(path, line, column))
            found.append(Finding(diagnostic, (Edit(offset, "\t", " " * step),), change))
    return found


def dates(tree: Any, text: str, path: Path) -> list[Finding]:
    """Each date (`datum:`) with one reading rewritten as YYYY-MM-DD."""
    from uppdrag.source.dates import unique_reading

    found: list[Finding] = []
    for mapping, key in _date_values(tree):
        value = mapping[key]
        meant = unique_reading(value)
        if meant is None:
            continue
        mark = mapping.mark_of(key)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        offset = text.find(value, starts[mark.line - 1] + mark.col - 1)
        if offset < 0:
            continue
        change = _("'{value}' written as {date}").format(value=value, date=meant)
        found.append(Finding(Diagnostic(change, mark, key), (Edit(offset, value, meant),), change))
    return found


def _date_values(node: Any) -> list[tuple[Any, str]]:
    """Every (mapping, key) whose key is a date's and whose value is a text."""
    from uppdrag.source.pasted import DATE_KEYS

    found: list[tuple[Any, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in DATE_KEYS and isinstance(value, str):
                found.append((node, key))
            else:
                found += _date_values(value)
    elif isinstance(node, list):
        for item in node:
            found += _date_values(item)
    return found


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
