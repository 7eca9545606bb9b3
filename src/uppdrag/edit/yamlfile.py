"""A council file written from data, with the comments of the file it replaces kept where they apply.

Values are written as `import` writes them (plain where YAML reads them back as the same
text, long texts folded, anything else quoted); `!template` texts keep their tag. A comment
(or blank line) is tied to the key or `- id:` line it stood above (or beside); it is written
again above (beside) the same key in the new file, and dropped with its key. A text that did
not change keeps its lines as they were. The result is read back: a file whose comments would
change its data is written without them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from uppdrag.source.load import YList, YMap, load_yaml

if TYPE_CHECKING:
    from pathlib import Path

Anchor = tuple[str, ...]


def dump(head: dict[str, Any], body: dict[str, Any]) -> str:
    """A council file: its head (name, base, revision, beslutad), then the overlay, as `import` writes it."""
    from uppdrag.ingest.emit import emit, scalar

    lines = [f"name: {scalar(str(head['name']), 6)}", f"base: {scalar(str(head['base']), 6)}"]
    lines.append(f"revision: {json.dumps(str(head['revision']))}")
    decided = head.get("beslutad")
    if decided:
        lines.append(f"beslutad: {json.dumps(decided, ensure_ascii=False)}")
    for key, value in body.items():
        if isinstance(value, dict | list):
            lines.append("")
        lines += emit({key: value})
    return "\n".join(lines) + "\n"


def anchors(tree: Any, prefix: Anchor = ()) -> dict[int, Anchor]:
    """Line number → the key (or id'd item) that starts on it."""
    lines: dict[int, Anchor] = {}
    if isinstance(tree, YMap):
        for key, value in tree.items():
            here = (*prefix, key)
            lines.setdefault(tree.key_marks[key].line, here)
            lines.update({n: a for n, a in anchors(value, here).items() if n not in lines})
    elif isinstance(tree, YList):
        for index, item in enumerate(tree):
            label = (
                f"#{item['id']}" if isinstance(item, YMap) and isinstance(item.get("id"), str) else str(index)
            )
            here = (*prefix, label)
            lines.setdefault(tree.mark_of(index).line, here)
            lines.update({n: a for n, a in anchors(item, here).items() if n not in lines})
    return lines


def trailing_comment(line: str) -> str | None:
    """The comment beside a line's YAML (`key: value   # note`): from a `#` that follows a space,
    outside quotes; None when there is none. One pass: the regular expression this replaces
    took time quadratic in a long line's spaces."""
    index, end = 0, len(line)
    while index < end:
        char = line[index]
        if char == "'":  # a single-quoted string: to its closing quote
            index = line.find("'", index + 1)
            if index < 0:
                return None
        elif char == '"':  # a double-quoted string: to its closing quote, escapes skipped
            index += 1
            while index < end and line[index] != '"':
                index += 2 if line[index] == "\\" else 1
            if index >= end:
                return None
        elif char == "#":
            return line[index:] if index and line[index - 1].isspace() else None
        index += 1
    return None


def comments(text: str, tree: Any) -> tuple[dict[Anchor, list[str]], dict[Anchor, str], list[str]]:
    """The comments (and blank lines) of a file: above each anchor, beside it, after the last key."""
    where = anchors(tree)
    above: dict[Anchor, list[str]] = {}
    beside: dict[Anchor, str] = {}
    pending: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#") or not line.strip():
            pending.append(line.rstrip())
            continue
        anchor = where.get(number)
        if anchor is None:
            continue
        if pending:
            above.setdefault(anchor, []).extend(pending)
            pending = []
        comment = trailing_comment(line)
        if comment is not None:
            beside[anchor] = comment
    return above, beside, [line for line in pending if line]


def spans(text: str, tree: Any) -> dict[Anchor, tuple[list[str], Any]]:
    """Each key holding text: its lines as written (key line and continuation) and its value."""
    lines = text.splitlines()
    where = anchors(tree)
    found: dict[Anchor, tuple[list[str], Any]] = {}
    for number, anchor in where.items():
        value = _value_at(tree, anchor)
        if not isinstance(value, str):
            continue
        end = number
        while end < len(lines) and _deeper(lines[end], lines[number - 1]) and (end + 1) not in where:
            end += 1
        found[anchor] = (lines[number - 1 : end], value)
    return found


def _value_at(tree: Any, anchor: Anchor) -> Any:
    node = tree
    for part in anchor:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.startswith("#"):
            node = next((i for i in node if isinstance(i, dict) and i.get("id") == part[1:]), None)
        else:
            return None
    return node


def with_comments(old_text: str, old_tree: Any, new_text: str, path: Path) -> str:
    """`new_text` in the old file's clothes: its comments and blank lines at the keys both share,
    and an unchanged text written exactly as it was (line breaks and quoting kept)."""
    from uppdrag.edit.synth import same

    above, beside, tail = comments(old_text, old_tree)
    old_spans = spans(old_text, old_tree)
    new_tree = load_yaml(path, new_text, pasted=False)
    new_spans = spans(new_text, new_tree)
    known = set(anchors(old_tree).values())
    starts = {number: anchor for number, anchor in sorted(anchors(new_tree).items(), reverse=True)}
    lines = new_text.splitlines()
    out: list[str] = []
    skip_to = 0
    for number, line in enumerate(lines, start=1):
        if number <= skip_to:
            continue
        anchor = starts.get(number)
        if anchor is None:
            if line.strip() or not (number < len(lines) and starts.get(number + 1) in known):
                out.append(line)
            continue
        out.extend(above.get(anchor, []))
        old = old_spans.get(anchor)
        new = new_spans.get(anchor)
        if old and new and same(old[1], new[1]) and _indent(old[0][0]) == _indent(line):
            out.extend(old[0])  # as it was written, with its comment beside it
            skip_to = number + len(new[0]) - 1
            continue
        note = beside.get(anchor)
        continues = number < len(lines) and _deeper(lines[number], line) and not line.rstrip().endswith(":")
        if note and not continues and trailing_comment(line) is None:
            line = f"{line}   {note}"
        elif note:
            out.append(" " * _indent(line) + note)
        out.append(line)
    result = "\n".join([*out, *tail]) + "\n"
    try:
        if _same(load_yaml(path, result, pasted=False), new_tree):
            return result
    except Exception:
        pass
    return new_text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _deeper(next_line: str, line: str) -> bool:
    indent = len(line) - len(line.lstrip())
    stripped = next_line.lstrip()
    return bool(stripped) and len(next_line) - len(stripped) > indent and not stripped.startswith("- ")


def _same(a: Any, b: Any) -> bool:
    from uppdrag.edit.synth import plain, same

    return same(plain(a), plain(b))
