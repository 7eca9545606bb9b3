"""Acceptance: every council renders to the official text word for word, and to its golden file."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest

from tests.helpers import GOLDEN, SEEDS, SLUGS, Invoke
from tests.wordcompare import first_difference, words_of, words_of_text

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("slug", SLUGS)
def test_markdown_matches_the_official_text_word_for_word(project: Path, uppdrag: Invoke, slug: str) -> None:
    result = uppdrag("render", slug, "--format", "md", "--out", "out")
    assert result.exit_code == 0, result.stderr
    rendered = project / "out" / f"{slug}.md"
    assert result.stdout.strip() == f"out/{slug}.md"
    expected, got = words_of(SEEDS / f"{slug}.txt"), words_of(rendered)
    assert got == expected, first_difference(expected, got)


@pytest.mark.parametrize("slug", SLUGS)
def test_markdown_matches_its_golden_file(project: Path, uppdrag: Invoke, slug: str) -> None:
    assert uppdrag("render", slug, "--out", "out").exit_code == 0
    rendered = (project / "out" / f"{slug}.md").read_text(encoding="utf-8")
    golden = GOLDEN / f"{slug}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8"), f"run `make golden` if {golden.name} should change"


def test_the_comparison_sees_a_changed_word() -> None:
    official = (SEEDS / "urologi.txt").read_text(encoding="utf-8")
    assert words_of_text(official.replace("De\n\nutes", "De utses")) != words_of_text(official)


def test_the_letterhead_footer_is_not_body_text() -> None:
    official = (SEEDS / "urologi.txt").read_text(encoding="utf-8")
    assert "Postadress:" in official
    assert "Postadress:" not in words_of_text(official)


def test_rendering_twice_gives_identical_bytes(project: Path, uppdrag: Invoke) -> None:
    uppdrag("render", "--all", "--out", "a")
    uppdrag("render", "--all", "--out", "b")
    for slug in SLUGS:
        assert (project / "a" / f"{slug}.md").read_bytes() == (project / "b" / f"{slug}.md").read_bytes()
