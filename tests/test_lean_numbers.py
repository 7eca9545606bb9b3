"""A number option (`build -j 2`) read without typer's pydantic adapters, as they would read it:
plain digits within the bounds are the number; anything else goes to typer's own coercion, whose
messages stand (`-j 0`, `-j x`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import Field, TypeAdapter, ValidationError

from tests.helpers import cli_imports
from uppdrag.cli import typer_compat

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

pytestmark = pytest.mark.skipif(not typer_compat.COERCES, reason="this typer coerces without pydantic")
TYPER = TypeAdapter(Annotated[int, Field(ge=1, le=64)])  # what typer builds for min=1, max=64


@given(st.one_of(st.text(), st.text(alphabet="0123456789+-_ .٣２", max_size=25)))
def test_what_the_fast_path_takes_typer_reads_as_the_same_number(text: str) -> None:
    if typer_compat._within(text, 1, 64):
        assert TYPER.validate_python(text) == int(text)
    else:  # left to typer: its number or its message
        try:
            number = TYPER.validate_python(text)
        except ValidationError:
            return
        assert not (text.isascii() and text.isdigit()), number  # only other spellings ("+3", " 3")


def test_a_build_with_jobs_imports_no_pydantic_adapters(project: Path) -> None:
    printed, errors, imported = cli_imports(project, ("typer._adapters",), "build", "-f", "md", "-j", "2")
    assert "exit: 0" in printed, errors
    assert imported == []


def test_typers_messages_stand_for_what_the_fast_path_leaves(uppdrag: Invoke) -> None:
    for value, words in (("0", "at least 1"), ("x", "whole number"), ("+2", None), ("٣", "whole number")):
        result = uppdrag("build", "-f", "md", "-j", value, "--check")
        if words is None:  # typer reads "+2" as 2
            assert result.exit_code in (0, 1), result.stderr
        else:
            assert result.exit_code == 2 and words in result.stderr, result.stderr
