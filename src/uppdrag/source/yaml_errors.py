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
            else Diagnostic(_("YAML: {problem}").format(problem=problem), mark(opened))
        )
    where = mark(at or opened) if (at or opened) else Mark(path, 1, 1)
    detail = f"{problem} ({context})" if context and problem else problem or _("invalid YAML")
    return Diagnostic(_("YAML: {problem}").format(problem=detail), where)


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
    misplaced = _misindented(lines, at.line, path)
    if misplaced is not None or "mapping values" not in problem:
        return misplaced
    message = _("': ' inside a text without quotation marks; put the whole text in quotation marks (\"…\")")
    return Diagnostic(message, Mark(path, at.line + 1, at.column + 1))


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
