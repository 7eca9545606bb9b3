"""Shared fixtures: a throw-away copy of the project, and a CLI runner; pytest's hooks.

Shared helpers (paths, edit, line_of, …) are in helpers.py: test files import them from there."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from tests.helpers import REPO, Invoke, Result
from uppdrag.cli import app

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """uppdrag's user cache in a folder of this run, not the developer's ~/.cache: the suite's
    thousands of temporary projects are no one's cache (a test may still set its own)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


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


@pytest.fixture
def uppdrag() -> Invoke:
    """Run `uppdrag ARGS…` in-process; returns exit code, stdout and stderr."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line naming what was skipped and why (what this machine cannot run), grouped by reason."""
    from collections import Counter

    skipped = terminalreporter.stats.get("skipped", [])
    reasons: Counter[str] = Counter()
    for report in skipped:
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
        reasons[str(reason).removeprefix("Skipped: ")] += 1
    if reasons:
        listed = "; ".join(f"{count} × {reason}" for reason, count in reasons.most_common())
        terminalreporter.write_line(f"skipped {sum(reasons.values())} tests: {listed}")
