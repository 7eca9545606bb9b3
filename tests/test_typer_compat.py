"""typer's internals uppdrag uses (cli/typer_compat.py) are where it expects them, in the typer
installed, and that typer is one pyproject.toml allows."""

from __future__ import annotations

import importlib
import re
from importlib.metadata import version

import pytest

from tests.helpers import REPO
from uppdrag.cli import typer_compat


def resolve(name: str) -> object:
    """`module:attr.attr` → the object (an ImportError or AttributeError when typer moved it)."""
    module, _, path = name.partition(":")
    found: object = importlib.import_module(module)
    for part in path.split("."):
        found = getattr(found, part)
    return found


def bounds() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The lower (inclusive) and upper (exclusive) typer versions pyproject.toml allows."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r'"typer>=([\d.]+),<([\d.]+)"', text)
    assert found, "pyproject.toml must pin typer with a lower and an upper bound"
    return tuple(map(int, found[1].split("."))), tuple(map(int, found[2].split(".")))


def installed() -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version("typer"))[:3])


def test_the_installed_typer_is_one_uppdrag_is_tested_with() -> None:
    lower, upper = bounds()
    assert lower <= installed() < upper, f"typer {version('typer')} is outside >={lower},<{upper}"


@pytest.mark.parametrize("name", typer_compat.INTERNALS)
def test_each_internal_uppdrag_uses_is_there(name: str) -> None:
    assert callable(resolve(name)), name


def test_typers_that_coerce_through_pydantic_are_spared_it() -> None:
    """From 0.29 typer coerces through pydantic; the lean commands need its internals then."""
    if installed() < (0, 29):
        return
    from typer.main import get_command

    from uppdrag.cli import app

    assert typer_compat.COERCES
    for name in typer_compat.COERCION:
        resolve(name)
    params = [param for param in get_command(app).params if hasattr(param, "_runtime_param")]
    assert params, "typer's parameters no longer carry `_runtime_param`"
    typer_compat.spare(params)
    assert all(type(param._runtime_param).__name__ == "_AsGiven" for param in params)


def test_a_moved_internal_fails_loudly() -> None:
    with pytest.raises((ImportError, AttributeError)):
        resolve("typer._click.core:Command.no_such_method")
