"""A build leaves what is loaded before its first council out of the garbage collector's full
collections (`gc.freeze`, build/batch.py), once a process: a process that builds again (the
editing server) must not freeze, and so keep for ever, the garbage of its earlier builds."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

SCRIPT = """
import gc
from typer.testing import CliRunner
from uppdrag.cli import app

freezes = []
freeze = gc.freeze
gc.freeze = lambda: (freezes.append(True), freeze())
runner = CliRunner()
counts = []
for args in (["build", "-f", "md"], ["build", "-f", "md"], ["build", "-f", "md", "--force"]):
    result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    counts.append((len(freezes), gc.get_freeze_count()))
print(*(f"{calls}:{frozen}" for calls, frozen in counts))
"""


def test_a_build_freezes_what_is_loaded_once_a_process_and_a_no_op_not_at_all(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=project, capture_output=True, text=True, check=True, timeout=300
    )
    (calls, frozen), *later = [tuple(map(int, run.split(":"))) for run in done.stdout.split()]
    assert calls == 1 and frozen > 10_000  # the modules, classes and validators loaded by then
    assert [calls for calls, _frozen in later] == [1, 1]  # a no-op, then a forced build: not again
