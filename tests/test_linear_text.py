"""Text that a stranger wrote is read in time linear in its length: the regular expressions
that scanned on from every `[`, `<` or space of a long run (quadratic, or cubic for a heading's
spaces) are replaced by ones that give the same results on every text they were written for
(hypothesis against the old expressions, kept here) and finish on a hostile megabyte.
"""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uppdrag.edit import textform
from uppdrag.edit.textform import from_form
from uppdrag.edit.yamlfile import trailing_comment
from uppdrag.ingest import read_text
from uppdrag.ingest.read_text import HEADING, heading_text, inline_runs

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType

T = TypeVar("T")

OLD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
OLD_TRAILING = re.compile(r"""^(?P<code>(?:[^'"#]|'[^']*'|"(?:[^"\\]|\\.)*")*?)\s+(?P<comment>#.*)$""")
OLD_INLINE = re.compile(
    r"\\(?P<escaped>[^\w\s])"
    r"|(?P<bold>\*\*|__)"
    r"|\[(?P<label>(?:\\.|[^\]\\])*)\]\(\s*<?(?P<url>[^)\s>]*)>?\s*\)"
    r"|<(?P<auto>(?:https?|mailto):[^>\s]+)>",
    re.S,
)
OLD_SPAN = re.compile(
    r"\*\*(?P<bold>[^*\n]+?)\*\*|\[(?P<link>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s)]+)\)"
)


def pieces(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(alphabet), max_size=25).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="# \t\u00a0ab#", max_size=30))
def test_a_heading_reads_as_before(line: str) -> None:
    old, new = OLD_HEADING.match(line), HEADING.match(line)
    assert (old is None) == (new is None)
    if old and new:
        assert old.group(1) == new.group(1) and old.group(2) == heading_text(new.group(2))


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet="ab #'\"\\:\t", max_size=30))
def test_a_comment_beside_yaml_is_found_as_before(line: str) -> None:
    old = OLD_TRAILING.match(line)
    assert trailing_comment(line) == (old.group("comment") if old else None)


def under_old(module: ModuleType, name: str, old: re.Pattern[str], call: Callable[[str], T], text: str) -> T:
    """`call(text)` with the module's expression `name` set back to the `old` one."""
    saved = getattr(module, name)
    setattr(module, name, old)
    try:
        return call(text)
    finally:
        setattr(module, name, saved)


@settings(max_examples=600, deadline=None)
@given(pieces(["[", "]", "(", ")", "<", ">", "\\", "*", "a", " ", "http:", "mailto:"]))
def test_inline_markdown_reads_as_before_where_no_label_holds_a_bracket(text: str) -> None:
    """The one change: a link's text has no unescaped `[` and an autolink no `<` (CommonMark's
    rule: `[a [b](u)` is text, then the link `b`)."""
    if text.count("[") <= 1 and text.count("<") <= 1:
        assert inline_runs(text) == under_old(read_text, "INLINE", OLD_INLINE, inline_runs, text)


@settings(max_examples=600, deadline=None)
@given(pieces(["[", "]", "(", ")", "*", "a", " ", "https://", "\n"]))
def test_a_typed_text_reads_as_before_where_no_link_text_holds_a_bracket(text: str) -> None:
    if text.count("[") <= 1:
        assert from_form(text) == under_old(textform, "SPAN", OLD_SPAN, from_form, text)


def test_a_bracket_inside_a_link_text_leaves_it_as_text() -> None:
    runs = inline_runs("se [bilaga [1](https://vgr.se/a)")
    assert [(run.text, run.url) for run in runs] == [("se [bilaga ", None), ("1", "https://vgr.se/a")]
    assert from_form("se [bilaga [1](https://vgr.se/a)") == [
        "se [bilaga ",
        {"link": "1", "url": "https://vgr.se/a"},
    ]


READ, FORM, YAML = "uppdrag.ingest.read_text", "uppdrag.edit.textform", "uppdrag.edit.yamlfile"
HOSTILE = {  # what a process imports and runs on a hostile text of about a megabyte
    "heading": (READ, "read_markdown('# a' + ' ' * 200_000 + 'b')"),
    "links": (READ, "inline_runs('[a](' * 250_000)"),
    "brackets": (READ, "inline_runs('[' * 1_000_000)"),
    "autolinks": (READ, "inline_runs('<http:a' * 150_000)"),
    "form": (FORM, "from_form('[' * 1_000_000)"),
    "comment": (YAML, "trailing_comment('a' + ' ' * 1_000_000 + 'x')"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_megabyte_is_read(name: str) -> None:
    """Each took hours with the old expressions (seconds at 16 KB, ×16 for ×4 the length). Not a
    measure of speed: the time allowed is a thousand times what it takes; it stops a hang."""
    module, call = HOSTILE[name]
    code = f"from {module} import {call.split('(')[0]}\n{call}"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
