"""PyYAML's syntax errors in plain words: the likely cause, at the line where it started."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Diagnostic, Mark
from uppdrag.i18n import _, ngettext
from uppdrag.source.pasted import yaml_lines

if TYPE_CHECKING:
    from pathlib import Path

_KEY = re.compile(r"^( *)(- +)?([^\s:#\"'][^:#]*?):(?:\s|$)")


def explain(exc: Any, text: str, path: Path) -> Diagnostic:
    """One diagnostic for a `yaml.MarkedYAMLError`: what probably went wrong, and where."""
    problem, context = exc.problem or "", exc.context or ""
    at, opened = exc.problem_mark, exc.context_mark
    lines = yaml_lines(text)

    def mark(yaml_mark: Any) -> Mark:
        return Mark(path, yaml_mark.line + 1, yaml_mark.column + 1)

    def char_at(yaml_mark: Any, default: str = "") -> str:
        return _char(lines, yaml_mark, default)

    if "Unicode character escape" in problem and at is not None:  # libyaml: \ud800 and the like
        line = lines[at.line] if at.line < len(lines) else ""
        start = line.rfind("\\", 0, at.column + 1)
        escape = line[start : start + 6] if start >= 0 else "\\u…"
        message = _(
            "{escape} is a lone surrogate (half of a UTF-16 pair), not a character; write the character"
        )
        return Diagnostic(
            message.format(escape=escape), Mark(path, at.line + 1, start + 1 if start >= 0 else 1)
        )
    if "quoted scalar" in context and opened is not None:
        quote = char_at(opened, '"')
        return Diagnostic(
            _("the quotation mark {quote} that opens here is never closed; end the text with {quote}").format(
                quote=quote
            ),
            mark(opened),
        )
    if char_at(at) == "\t":
        return Diagnostic(_("a tab in the indentation — use spaces"), mark(at))
    indented = _indentation(problem, context, at, lines, path)
    if indented is not None:
        return indented
    if "simple key" in context and opened is not None:
        return Diagnostic(_("this line has no ':' after its key"), mark(opened))
    if "flow" in context and opened is not None:
        line, column = _opener(lines, opened.line, opened.column)
        return (
            Diagnostic(
                _("the bracket {bracket} that opens here is never closed").format(
                    bracket=lines[line][column]
                ),
                Mark(path, line + 1, column + 1),
            )
            if line >= 0
            else Diagnostic(_("YAML: {problem}").format(problem=_said(problem)), mark(opened))
        )
    where = mark(at or opened) if (at or opened) else Mark(path, 1, 1)
    if not getattr(exc, "ours", False):  # PyYAML's own English, not load.Refused
        problem, context = _said(problem), _said(context) if context else ""
    detail = f"{problem} ({context})" if context and problem else problem or _("invalid YAML")
    return Diagnostic(_("YAML: {problem}").format(problem=detail), where)


def _said(phrase: str) -> str:
    """PyYAML's phrase in the user's language, or a plain 'cannot read' when it is unknown."""
    from uppdrag.foreign import yaml_phrase

    said = yaml_phrase(phrase)
    return said if said is not None else _("YAML cannot read the file from here")


def _opener(lines: list[str], line: int, column: int) -> tuple[int, int]:
    """The last `[` or `{` at or before (line, column): the bracket a flow collection opened with."""
    for number in range(min(line, len(lines) - 1), -1, -1):
        text = lines[number][: column + 1] if number == line else lines[number]
        found = max(text.rfind("["), text.rfind("{"))
        if found >= 0:
            return number, found
    return -1, -1


def _char(lines: list[str], yaml_mark: Any, default: str) -> str:
    """The character at a PyYAML mark, or `default` past the end."""
    if yaml_mark is None or yaml_mark.line >= len(lines) or yaml_mark.column >= len(lines[yaml_mark.line]):
        return default
    return str(lines[yaml_mark.line][yaml_mark.column])


def _indentation(problem: str, context: str, at: Any, lines: list[str], path: Path) -> Diagnostic | None:
    """A key indented unlike its neighbours, or `: ` inside unquoted text."""
    if at is None or at.line >= len(lines):
        return None
    if not ("mapping values are not allowed" in problem or ("expected" in problem and "block" in context)):
        return None
    if "mapping values" in problem:
        colon = _colon_in_text(lines[at.line], at.column, path, at.line)
        if colon is not None:
            return colon
    misplaced = _misindented(lines, at.line, path)
    if misplaced is not None or "mapping values" not in problem:
        return misplaced
    message = _("': ' inside a text without quotation marks; put the whole text in quotation marks (\"…\")")
    return Diagnostic(message, Mark(path, at.line + 1, at.column + 1))


_NAME = re.compile(r"^[a-z0-9_][a-z0-9_-]*$")


def _colon_in_text(line: str, column: int, path: Path, index: int) -> Diagnostic | None:
    """`text: Obs: sex gånger per år.`: a ': ' after the key's own colon, or on a line whose
    "key" is no key name (a text going on from the line before), is part of an unquoted text."""
    found = _KEY.match(line)
    if found is None:
        return None
    key = found[3].strip()
    key_colon = found.end(3)
    if column <= key_colon and _NAME.match(key):
        return None  # the key's own colon: a key indented unlike its neighbours
    if column > key_colon and _NAME.match(key):
        value = line[key_colon + 1 :].strip()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        fix = f"{found[1]}{found[2] or ''}{key}: {quoted}".strip()
    else:
        fix = '"' + line.strip().replace('"', '\\"') + '"'
    message = _(
        "': ' inside a text without quotation marks: YAML reads the words before it as a key; "
        "put the whole text in quotation marks ({fix}), or write it on the lines under '{key}: |'"
    ).format(fix=fix, key=key if _NAME.match(key) else "text")
    return Diagnostic(message, Mark(path, index + 1, column + 1))


def _misindented(lines: list[str], index: int, path: Path) -> Diagnostic | None:
    """A key indented unlike the keys it stands among: which key it seems to belong with."""
    found = _KEY.match(lines[index])
    if not found:
        return None
    item, indent, key = bool(found[2]), len(found[1]), found[3].strip()
    candidates = []
    for number in range(index - 1, -1, -1):
        other = _KEY.match(lines[number])
        if not other or (item and not other[2]):
            continue
        column = len(other[1]) + (len(other[2]) if other[2] and not item else 0)
        if column != indent:
            candidates.append((abs(column - indent), -column, number, other[3].strip(), column))
        if column == 0:
            break
    if not candidates:
        return None
    _distance, _depth, number, sibling, column = min(candidates)
    message = ngettext(
        "'{key}' is indented {indent} space, but '{other}' on line {line}, which it seems to go with, "
        "is indented {column}; indent them alike",
        "'{key}' is indented {indent} spaces, but '{other}' on line {line}, which it seems to go with, "
        "is indented {column}; indent them alike",
        indent,
    )
    return Diagnostic(
        message.format(key=key, indent=indent, other=sibling, line=number + 1, column=column),
        Mark(path, index + 1, indent + 1),
    )
