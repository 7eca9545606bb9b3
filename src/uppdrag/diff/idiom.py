"""The words of an amendment decision, read from `templates/beslut/idiom.yaml`.

The same phrases write a decision (`say`) and read one back (`match`): a slot `{name}` is filled
in, a slot in quotes `”{name}”` holds the document's own words (” and \\ escaped). Reading first
lifts every quoted stretch out of the line, so the document's words can never be taken for the
idiom's, and the patterns run in time linear in the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.errors import DataError, Mark
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.source.project import Project

QUOTE = "”"
_SLOT = re.compile(r"”\{(\w+)\}”|\{(\w+)\}")
_HOLE = "\x00"
# What a slot without quotes may hold when read back.
_SHAPES = {"ordinal": r"\S+", "level": r"\d+"}
GROUPS = ("clauses", "refs", "scopes", "places", "fields", "words")
MAX_LINE = 20_000


def quote(text: str) -> str:
    """Words of the document inside ”…”: ” and \\ escaped, Markdown's marks too."""
    return QUOTE + re.sub(r"([\\”*_\[\]<>|`])", r"\\\1", text) + QUOTE


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def lift_quotes(line: str) -> tuple[str, list[str]]:
    """The line with each quoted stretch replaced by a numbered hole, and the stretches' words."""
    out: list[str] = []
    found: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char != QUOTE:
            out.append(char)
            index += 1
            continue
        end = index + 1
        words: list[str] = []
        while end < len(line) and line[end] != QUOTE:
            if line[end] == "\\" and end + 1 < len(line):
                end += 1
            words.append(line[end])
            end += 1
        if end >= len(line):
            raise ValueError(_("a quotation (”) is not closed"))
        out.append(f"{_HOLE}{len(found)}{_HOLE}")
        found.append("".join(words))
        index = end + 1
    return "".join(out), found


@dataclass
class Idiom:
    """The phrases of one project, with their compiled read-back patterns."""

    phrases: dict[str, dict[str, str]]
    ordinals: list[str]
    ordinal_other: str
    path: Path
    _compiled: dict[tuple[str, str], re.Pattern[str]] = field(default_factory=dict)

    def phrase(self, group: str, key: str) -> str:
        return self.phrases[group][key]

    def say(self, group: str, key: str, **slots: str) -> str:
        """The phrase with its slots filled; quoted slots get the document's words escaped."""

        def fill(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            value = slots[name]
            return quote(value) if match.group(1) else value

        return _SLOT.sub(fill, self.phrase(group, key))

    def ordinal(self, n: int) -> str:
        if 1 <= n <= len(self.ordinals):
            return self.ordinals[n - 1]
        return self.ordinal_other.replace("{n}", str(n))

    def number(self, word: str) -> int | None:
        """The position an ordinal word names (första → 1), or None."""
        if word in self.ordinals:
            return self.ordinals.index(word) + 1
        prefix, _slot, suffix = self.ordinal_other.partition("{n}")
        if word.startswith(prefix) and word.endswith(suffix):
            digits = word[len(prefix) : len(word) - len(suffix)]
            if digits.isdigit():
                return int(digits)
        return None

    def pattern(self, group: str, key: str) -> re.Pattern[str]:
        """The phrase as a regular expression over a line whose quotes are lifted out."""
        cached = self._compiled.get((group, key))
        if cached is not None:
            return cached
        parts: list[str] = []
        position = 0
        source = self.phrase(group, key)
        for match in _SLOT.finditer(source):
            parts.append(re.escape(source[position : match.start()]))
            if match.group(1):
                parts.append(f"{_HOLE}(?P<{match.group(1)}>\\d+){_HOLE}")
            else:
                name = match.group(2)
                parts.append(f"(?P<{name}>{_SHAPES.get(name, '.+?')})")
            position = match.end()
        parts.append(re.escape(source[position:]))
        compiled = re.compile("".join(parts) + r"\Z")
        self._compiled[(group, key)] = compiled
        return compiled

    def matches(self, group: str, text: str) -> list[tuple[str, dict[str, str]]]:
        """Every phrase of `group` the whole `text` reads as, with its slots (holes as numbers)."""
        found = []
        for key in self.phrases[group]:
            match = self.pattern(group, key).match(text)
            if match:
                found.append((key, {k: v for k, v in match.groupdict().items() if v is not None}))
        return found


def hole(text: str, quoted: list[str]) -> str:
    """The words of a hole (a lifted quotation) by its number."""
    return quoted[int(text)]


def load_idiom(project: Project) -> Idiom:
    """The project's idiom file, checked: every group there, every phrase a text."""
    path = project.templates_dir / "beslut" / "idiom.yaml"
    if not path.is_file():
        raise DataError(_("no idiom file for decisions ({path} missing)").format(path=path), Mark(path, 1, 1))
    doc: Any = project.load(path)
    mark = getattr(doc, "mark", Mark(path, 1, 1))
    if not isinstance(doc, dict):
        raise DataError(_("must be a mapping of keys to values"), mark)
    phrases: dict[str, dict[str, str]] = {}
    for group in GROUPS:
        value = doc.get(group)
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise DataError(_("needs '{group}': phrases as texts").format(group=group), mark, group)
        phrases[group] = {str(k): str(v) for k, v in value.items()}
    lead = doc.get("lead")
    ordinals = doc.get("ordinals")
    other = doc.get("ordinal_other")
    if not isinstance(lead, str) or not isinstance(other, str) or "{n}" not in other:
        raise DataError(_("needs 'lead' and 'ordinal_other' (with {n})"), mark)
    if not isinstance(ordinals, list) or not all(isinstance(o, str) for o in ordinals):
        raise DataError(_("needs 'ordinals', a list of words"), mark, "ordinals")
    phrases["lead"] = {"lead": lead}
    return Idiom(phrases, [str(o) for o in ordinals], other, path)
