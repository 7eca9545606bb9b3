"""Characters pasted from Word where they do harm: named by name and code point, at line:col.

In indentation, keys, ids and other names, and dates every such character is an error. In
running text each is judged on its own: a non-breaking space, Word's quotation marks and dashes
are ordinary typography and kept; zero-width characters and a BOM are never meant and are
errors; a soft hyphen is kept with a warning (see `check/quirks.py`); Word's quotation marks
around a whole unquoted value were meant as YAML's quotes and are an error. Every finding that
has one mechanical remedy carries the edits `validate --fix` makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Diagnostic, Mark
from uppdrag.i18n import N_, _

if TYPE_CHECKING:
    from pathlib import Path

NAMES = {
    "\u00a0": N_("a non-breaking space"),
    "\u202f": N_("a narrow non-breaking space"),
    "\u2007": N_("a figure space"),
    "\u00ad": N_("a soft hyphen"),
    "\u200b": N_("a zero-width space"),
    "\u200c": N_("a zero-width non-joiner"),
    "\u200d": N_("a zero-width joiner"),
    "\u2060": N_("a word joiner"),
    "\ufeff": N_("a byte order mark (BOM)"),
    "\u201c": N_("Word's opening quotation mark “"),
    "\u201d": N_("a typographic quotation mark ”"),
    "\u201e": N_("a low quotation mark „"),
    "\u2018": N_("Word's opening single quotation mark ‘"),
    "\u2019": N_("a typographic apostrophe ’"),
    "\u2013": N_("an en dash –"),
    "\u2014": N_("an em dash —"),
    "\u2212": N_("a minus sign −"),
    "\t": N_("a tab"),
}
SPACES = "\u00a0\u202f\u2007"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
OPENING, CLOSING = "\u201c\u201d\u201e", "\u201d\u201c"
DASHES = "\u2013\u2014\u2212"
SUSPECT = re.compile("[" + "".join(NAMES).replace("\t", "") + "]")
# The indentation of a line: spaces, tabs, pasted spaces and list dashes before the first other character.
_LEAD = re.compile(r"^(?:[ \t" + SPACES + INVISIBLE + r"]|-(?=[ \t" + SPACES + r"]))*", re.MULTILINE)
# `key:` followed by a pasted space where YAML needs an ordinary one.
_AFTER_KEY = re.compile(r"^[ \t\-]*([A-Za-z_][\w-]*):([" + SPACES + "])", re.MULTILINE)
# Keys whose values are names (ids, bases, revisions, layouts), never running text.
NAME_KEYS = frozenset({"id", "after", "before", "at", "base", "extends", "revision", "layout", "slug"})
DATE_KEYS = frozenset({"datum"})


def char_name(char: str) -> str:
    """`ett hårt mellanslag (U+00A0)`: the character's name in the user's language and its code point."""
    name = _(NAMES[char]) if char in NAMES else repr(char)
    return f"{name} (U+{ord(char):04X})"


@dataclass(frozen=True)
class Edit:
    """Replace `old` at character `offset` of the file's text with `new`."""

    offset: int
    old: str
    new: str


@dataclass(frozen=True)
class Finding:
    """One problem, and the edits that remedy it (none when the remedy needs a human)."""

    diagnostic: Diagnostic
    edits: tuple[Edit, ...] = field(default=())
    change: str = ""  # what the edits do, when the diagnostic's message does not say it


# What YAML counts as a line break (also NEL and the Unicode separators, unlike `\n` alone).
YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """The lines of a YAML text as YAML numbers them (not `str.splitlines`, which splits on more)."""
    return YAML_BREAK.split(text)


class _Text:
    """The file's text with its line starts, to turn offsets into marks and back."""

    def __init__(self, text: str, path: Path) -> None:
        self.text, self.path = text, path
        self.starts = [0] + [m.end() for m in YAML_BREAK.finditer(text)]

    def offset(self, mark: Mark) -> int:
        return self.starts[mark.line - 1] + mark.col - 1

    def mark(self, offset: int) -> Mark:
        import bisect

        line = bisect.bisect_right(self.starts, offset)
        return Mark(self.path, line, offset - self.starts[line - 1] + 1)


def indentation(text: str, path: Path, tabs: bool = False) -> list[Finding]:
    """Pasted spaces and invisible characters in the indentation (tabs too, when `tabs`)."""
    found: list[Finding] = []
    source = _Text(text, path)
    for lead in _LEAD.finditer(text):
        for index, char in enumerate(lead.group()):
            offset = lead.start() + index
            if char in SPACES:
                message = _("the indentation holds {char}; replace it with ordinary spaces")
                found.append(_finding(source, offset, message, Edit(offset, char, " ")))
            elif char in INVISIBLE:
                message = _("the indentation holds {char}, which cannot be seen; remove it")
                found.append(_finding(source, offset, message, Edit(offset, char, "")))
            elif char == "\t" and tabs:
                found.append(_finding(source, offset, _("a tab in the indentation — use spaces")))
    for after in _AFTER_KEY.finditer(text):
        offset = after.start(2)
        message = _("{char} after '{key}:'; YAML needs an ordinary space there")
        found.append(_finding(source, offset, message, Edit(offset, after[2], " "), key=after[1]))
    return found


def _finding(
    source: _Text,
    offset: int,
    message: str,
    *edits: Edit,
    name: str | None = None,
    char: str | None = None,
    **values: str,
) -> Finding:
    text = message.format(char=char_name(char or source.text[offset]), **values)
    return Finding(Diagnostic(text, source.mark(offset), name), tuple(edits))


def scan(tree: Any, text: str, path: Path) -> list[Finding]:
    """Every pasted character in the indentation, keys, names, dates and texts of a parsed file."""
    if not SUSPECT.search(text):
        return []
    found = indentation(text, path)
    _walk(tree, None, _Text(text, path), found)
    first = {_place(f): f for f in reversed(found)}  # one finding per place: the indentation's
    return sorted(first.values(), key=_place)


def _place(found: Finding) -> tuple[int, int]:
    mark = found.diagnostic.mark
    return (mark.line, mark.col) if mark else (0, 0)


def _walk(node: Any, key: str | None, source: _Text, found: list[Finding]) -> None:
    """Keys and values of a loaded tree (`YMap`/`YList`: a dict and a list that keep marks)."""
    if isinstance(node, dict):
        for name, value in node.items():
            _name(name, source.offset(node.key_marks[name]), None, source, found, is_key=True)  # type: ignore[attr-defined]
            if isinstance(value, str):
                _value(name, value, source.offset(node.value_marks[name]), source, found)  # type: ignore[attr-defined]
            else:
                _walk(value, name, source, found)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if isinstance(item, str):
                _value(key, item, source.offset(node.mark_of(index)), source, found)  # type: ignore[attr-defined]
            else:
                _walk(item, key, source, found)


def _value(key: str | None, value: str, offset: int, source: _Text, found: list[Finding]) -> None:
    if not SUSPECT.search(value):
        return
    if key in NAME_KEYS or key in DATE_KEYS:
        _name(value, offset, key, source, found)
        return
    start = source.text.find(value[0], offset)
    for char in sorted(set(value) & set(INVISIBLE) - {"\u00ad"}, key=value.index):
        at = source.text.find(char, offset)
        message = _("the text holds {char}, which cannot be seen; remove it")
        removal = (Edit(at, char, ""),) if at >= 0 else ()
        found.append(_finding(source, max(at, offset), message, *removal, name=key, char=char))
    if value[0] in OPENING and value[-1] in CLOSING and len(value) > 1 and start == offset:
        end = source.text.find(value[-1], offset + 1 + len(value) - 2)
        quote = '"' if '"' not in value and "\\" not in value else "'" if "'" not in value else None
        edits = (Edit(start, value[0], quote), Edit(end, value[-1], quote)) if quote else ()
        message = _(
            "the value is wrapped in quotation marks from Word ({char}); they would be printed — "
            'YAML\'s quotation marks are straight ("…"), or leave them out'
        )
        found.append(_finding(source, start, message, *edits, name=key))


def _name(
    value: str, offset: int, name: str | None, source: _Text, found: list[Finding], is_key: bool = False
) -> None:
    """A key, id, name or date: every suspect character is an error, most with a mechanical remedy."""
    start = source.text.find(value, offset, offset + len(value) + 12)  # past a quote or a tag
    clean = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value if c not in NAMES).strip()
    date_edits: list[Edit] = []
    for index, char in enumerate(value):
        if char not in NAMES or char == "\t":
            continue
        at = start + index if start >= 0 else source.text.find(char, offset)
        written = at >= 0  # else written as an escape ("\u00ad") in quotes: no mechanical edit
        at = at if written else offset
        edge = not value[:index].strip(SPACES + INVISIBLE) or not value[index + 1 :].strip(SPACES + INVISIBLE)
        if char in DASHES:
            remedy, edit = _("write an ordinary hyphen (-)"), Edit(at, char, "-")
        elif char in SPACES and not edge:
            remedy, edit = _("names have no spaces; use '-'"), None
        else:
            remedy, edit = _("remove it"), Edit(at, char, "")
        if is_key:
            message = _("the key '{value}' holds {char}; {remedy}")
        elif name in DATE_KEYS:
            date_edits.extend((edit,) if edit and written else ())
            continue
        else:
            message = _("'{value}' holds {char}; {remedy}")
        edits = (edit,) if edit and written else ()
        found.append(
            _finding(
                source,
                at,
                message,
                *edits,
                name=None if is_key else name,
                char=char,
                remedy=remedy,
                value=clean,
            )
        )
    if date_edits:
        from uppdrag.source.dates import explain

        message = _("the date holds {char}; {remedy}")
        found.append(
            _finding(source, date_edits[0].offset, message, *date_edits, name=name, remedy=explain(value))
        )
