"""Shell completion of what the project holds (issue 23): council names, the ids of a council's
charter for `explain`, revisions and formats, through the protocol the installed script uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from uppdrag.cli import app

if TYPE_CHECKING:
    from pathlib import Path


def complete(words: str) -> list[str]:
    """What bash completion offers for the last word of `words`."""
    parts = words.split(" ")
    env = {"_UPPDRAG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = CliRunner().invoke(app, [], env=env, prog_name="uppdrag")
    return result.stdout.split()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("uppdrag render u", ["urologi", "utveckling"]),
        ("uppdrag validate o", ["onkologi", "ortopedi"]),
        ("uppdrag explain urologi motes", ["motesfrekvens"]),
        ("uppdrag explain urologi remiss", ["remissvar"]),
        ("uppdrag diff 20", ["2024", "2026"]),
        ("uppdrag diff 2024 2026 --council v", ["vuxenpsykiatri"]),
        ("uppdrag render urologi -f md,d", ["md,docx"]),
        ("uppdrag render urologi -r 202", ["2024", "2026"]),
        ("uppdrag new hud --kind k", ["koncerngrupp"]),
        ("uppdrag serve ur", ["urologi"]),
        ("uppdrag beslut 20", ["2024", "2026"]),
        ("uppdrag beslut 2024 2026 -c o", ["onkologi", "ortopedi"]),
        ("uppdrag explain nosuch x", []),
    ],
)
def test_completion(project: Path, words: str, offered: list[str]) -> None:
    assert complete(words) == offered


def test_a_new_council_is_completed(project: Path) -> None:
    (project / "councils/hud.yaml").write_text('name: hud\nbase: samordningsrad\nrevision: "2026"\n', "utf-8")
    assert complete("uppdrag render h") == ["hud"]
