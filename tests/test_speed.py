"""What keeps start-up and a no-op build cheap: what they import, and the stat cache staying correct."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import pytest

from tests.helpers import statuses

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

HEAVY = ("pydantic", "yaml", "jinja2", "rich", "docx")  # Babel too when a .po is newer than its .mo
PROBE = """
import sys
from uppdrag.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
print("imported:", " ".join(heavy))
"""


def imported(project: Path, *args: str) -> list[str]:
    """The heavy packages a whole `uppdrag ARGS` process imports (uppdrag's and typer's imports)."""
    code = f"HEAVY = {HEAVY!r}\n{PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=project, capture_output=True, text=True, check=True
    )
    return result.stdout.rsplit("imported:", 1)[1].split()


def test_a_noop_build_imports_neither_pydantic_nor_yaml_nor_jinja2(project: Path) -> None:
    assert {"pydantic", "yaml", "jinja2"} <= set(imported(project, "build"))  # it built everything
    assert imported(project, "build") == []


def test_help_imports_no_rich_and_no_model(project: Path) -> None:
    assert imported(project, "--help") == []
    assert imported(project, "build", "--help") == []


def test_options_are_still_checked_as_typer_checks_them(project: Path, uppdrag: Invoke) -> None:
    for bad in (["build", "-j", "0"], ["build", "--jobs", "many"]):
        result = uppdrag(*bad)
        assert result.exit_code == 2 and "--jobs" in result.stderr, result.stderr
    result = uppdrag("render", "urologi", "--out", "elsewhere", "-f", "md")
    assert result.exit_code == 0 and (project / "elsewhere/urologi.md").is_file()


def settle() -> None:
    """Files are trusted by their stat only once it is older than the stat cache's margin."""
    time.sleep(0.1)


@pytest.mark.skipif(os.name != "posix", reason="ctime semantics of POSIX")
def test_an_output_changed_behind_an_unchanged_mtime_and_size_is_still_rebuilt(
    project: Path, uppdrag: Invoke
) -> None:
    assert uppdrag("build").exit_code == 0
    settle()
    assert set(statuses(uppdrag("build").stdout).values()) == {"unchanged"}  # stats now recorded
    output = project / "out/urologi.md"
    good, info = output.read_bytes(), output.stat()
    output.write_bytes(good.replace(b"Syfte", b"SYFTE", 1))
    os.utime(output, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size, same mtime: only ctime moved
    assert output.stat().st_size == info.st_size and output.stat().st_mtime_ns == info.st_mtime_ns
    result = uppdrag("build")
    assert statuses(result.stdout)["urologi"].startswith("built"), result.stdout
    assert output.read_bytes() == good


def test_an_input_edited_right_after_a_build_is_seen(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    council = project / "councils/urologi.yaml"
    council.write_text(council.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert statuses(uppdrag("build").stdout)["urologi"].startswith("built")
    settle()
    assert set(statuses(uppdrag("build").stdout).values()) == {"unchanged"}
