"""What two texts share, found in near-linear work whoever wrote them (diff/matching.py).

difflib's matcher did work that grew with the cube of a paragraph's length when a word recurs
(the space between every two): a base's paragraph of 1,600 words rewritten in a pull request
kept `uppdrag diff` (and the register's history pages, on CI) busy for minutes. Not timed here:
the tests count the work difflib is given and check what the diff says.
"""

from __future__ import annotations

import difflib
import json
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, SLUGS
from uppdrag.check.charter import load_charter
from uppdrag.diff import matching
from uppdrag.diff.matching import EXACT, STRETCH, opcodes
from uppdrag.diff.words import TOKEN, word_diff
from uppdrag.errors import UppdragError
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from tests.helpers import Invoke


def rewritten(words: int) -> tuple[str, str]:
    """A paragraph of three words repeated in a fixed mix, and the same with every other word
    replaced: the worst a text can be for difflib."""
    old = [("samordning", "och", "ansvar")[(i * i + i // 3) % 3] for i in range(words)]
    new = [word if i % 2 else "förändring" for i, word in enumerate(old)]
    return " ".join(old), " ".join(new)


@pytest.fixture
def given_to_difflib(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """len(a) * len(b) of every sequence pair handed to difflib's matcher by uppdrag's diffs."""
    sizes: list[int] = []

    class Counted(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def __init__(
            self, isjunk: Any = None, a: Sequence[Any] = "", b: Sequence[Any] = "", autojunk: bool = True
        ) -> None:
            sizes.append(len(a) * len(b))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(matching, "difflib", SimpleNamespace(SequenceMatcher=Counted))
    word_diff.cache_clear()  # an earlier test's pairs are not matched again
    return sizes


def set_paragraph(base: Path, text: str) -> None:
    """The base's `grund` paragraph (folded over several lines) replaced by `text`."""
    source = base.read_text(encoding="utf-8")
    pattern = re.compile(r"(      - id: grund\n        text: )>-\n(?:          .*\n)+")
    assert pattern.search(source), f"no grund paragraph in {base}"
    base.write_text(
        pattern.sub(lambda m: m.group(1) + json.dumps(text, ensure_ascii=False) + "\n", source, 1)
    )


def test_a_long_rewritten_paragraph_costs_linear_work(
    project: Path, uppdrag: Invoke, given_to_difflib: list[int]
) -> None:
    old, new = rewritten(400)  # difflib alone: seconds on this paragraph, minutes on 4 times as long
    set_paragraph(project / "councils/bases/samordningsrad/2024.yaml", old)
    set_paragraph(project / "councils/bases/samordningsrad/2026.yaml", new)
    result = uppdrag("diff", "2024", "2026", "-c", "urologi", "-f", "unified")
    assert result.exit_code == 0, result.stderr
    assert any(line.startswith("-") and old[:200] in line for line in result.stdout.splitlines())
    assert any(line.startswith("+") and new[:200] in line for line in result.stdout.splitlines())
    tokens = len(TOKEN.findall(old)) + len(TOKEN.findall(new))
    assert given_to_difflib and max(given_to_difflib) <= EXACT
    assert sum(given_to_difflib) <= 50 * tokens  # linear: the bounded pieces cover each token once


def test_one_word_changed_in_a_long_paragraph_is_one_word_in_the_diff() -> None:
    words = [f"ord{i}" if i % 4 else "och" for i in range(3000)]
    old = " ".join(words)
    new = " ".join(["ändrat" if i == 1777 else word for i, word in enumerate(words)])
    assert len(TOKEN.findall(old)) ** 2 > EXACT  # not difflib's alone
    segs = word_diff(old, new)
    assert [s for s in segs if s.op != "="] == [type(segs[0])("-", "ord1777"), type(segs[0])("+", "ändrat")]


def test_short_texts_are_matched_by_difflib_as_before() -> None:
    a, b = rewritten(30)
    ta, tb = TOKEN.findall(a), TOKEN.findall(b)
    assert len(ta) * len(tb) <= EXACT
    assert opcodes(ta, tb) == difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()


def valid(codes: list[tuple[str, int, int, int, int]], a: Sequence[Any], b: Sequence[Any]) -> None:
    """Opcodes as difflib's: they cover both sequences in order, and what is equal is."""
    i = j = 0
    for tag, i1, i2, j1, j2 in codes:
        assert (i1, j1) == (i, j)
        assert tag in ("equal", "replace", "delete", "insert")
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2] and i2 > i1
        else:
            assert (i2 > i1) == (tag in ("replace", "delete")) and (j2 > j1) == (tag in ("replace", "insert"))
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcdefgh"), max_size=120),
    st.lists(st.sampled_from("abcdefgh"), max_size=120),
    st.integers(0, 3),
)
def test_opcodes_are_always_a_whole_and_true_script(a: list[str], b: list[str], small: int) -> None:
    limit = (0, 4, 16, 64)[small]  # small limits send even short lists down the anchored path
    saved = matching.EXACT, matching.STRETCH
    matching.EXACT, matching.STRETCH = limit, limit
    try:
        valid(opcodes(a, b), a, b)
        valid(opcodes([*a, *"xyz", *a], [*b, *"zyx", *b]), [*a, *"xyz", *a], [*b, *"zyx", *b])
    finally:
        matching.EXACT, matching.STRETCH = saved


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab cd,.\n", max_size=600), st.text(alphabet="ab cd,.\n", max_size=600))
def test_a_word_diff_gives_back_both_texts(old: str, new: str) -> None:
    segs = word_diff(old, new)
    assert "".join(s.text for s in segs if s.op != "+") == old
    assert "".join(s.text for s in segs if s.op != "-") == new


def test_every_text_of_the_real_charters_is_matched_by_difflib_as_before() -> None:
    """Each council's texts, at every revision of its base, compared with texts as long take
    difflib's path: their diffs (the committed redlines and history pages) are what they were."""

    def texts(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
        return [text for item in values for text in texts(item)]

    project, found = Project(REPO), []
    for slug in SLUGS:
        for revision in ("2024", "2026"):
            try:
                found += texts(load_charter(project, slug, revision).charter.model_dump(mode="json"))
            except UppdragError:  # utveckling's base has no 2026
                assert slug == "utveckling" and revision == "2026"
    longest = max(len(TOKEN.findall(text)) for text in found)
    assert longest > 100 and longest**2 <= EXACT and STRETCH <= EXACT
