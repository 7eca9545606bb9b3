"""One walk over a charter's text: every field is walked or deliberately left out, and the diff
sees a change in every walked part."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import REPO
from uppdrag.check.charter import load_charter
from uppdrag.check.model import Charter
from uppdrag.check.parts import FACTS, NOT_WALKED, walk
from uppdrag.diff.align import compare
from uppdrag.source.project import Project

STRUCTURE = {"sections", "beslut", "upphor", "sandlista", "footer"}


def test_every_charter_field_is_walked_or_left_out_on_purpose() -> None:
    fields = set(Charter.model_fields)
    assert fields == set(FACTS) | NOT_WALKED | STRUCTURE, "walk() or NOT_WALKED must name every field"


def changed(charter: Charter, loc: tuple[int | str, ...]) -> Charter:
    """The charter with the text at `loc` replaced."""
    data: Any = charter.model_dump()
    holder = data
    for key in loc[:-1]:
        holder = holder[key]
    old = holder[loc[-1]]
    holder[loc[-1]] = "2031-01-02" if loc[-1] == "datum" else f"Ändrad {old if isinstance(old, str) else ''}"
    return Charter.model_validate(data)


@pytest.mark.parametrize("slug", ["urologi", "utveckling"])
def test_the_diff_sees_a_change_in_every_walked_part(slug: str) -> None:
    charter = load_charter(Project(REPO), slug).charter
    parts = list(walk(charter))
    assert {p.kind for p in parts} >= {"fact", "heading", "paragraph", "item", "decision", "sandlista"}
    missed = [p.loc for p in parts if not compare(charter, changed(charter, p.loc)).changes]
    assert not missed, f"the diff does not see changes at {missed}"
