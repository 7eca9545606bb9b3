"""Shared fixtures: a throw-away copy of the project, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from uppdrag.cli import app

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOLDEN = Path(__file__).parent / "golden"
SLUGS = ["vuxenpsykiatri", "urologi", "ortopedi", "onkologi", "utveckling"]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English unless a test asks for Swedish (`monkeypatch.setenv("UPPDRAG_LANG", "sv")`)."""
    monkeypatch.setenv("UPPDRAG_LANG", "en")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of councils/ and templates/ in a temporary folder, as the working directory."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    monkeypatch.chdir(root)
    monkeypatch.delenv("UPPDRAG_ROOT", raising=False)
    return root


Invoke = Callable[..., "Result"]


class Result:
    """What one CLI run gave."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def uppdrag() -> Invoke:
    """Run `uppdrag ARGS…` in-process; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file (fails loudly when it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line on which `needle` first stands."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
