"""Warnings a coordinator can act on (issue 23): a council's own text that hides a base change is
reported when the base changed after the text was written (git), acknowledged with `seen:`, and
reported again when a later revision changes the clause; `validate` counts what it did not show."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from tests.helpers import Invoke, edit

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

COUNCIL = "councils/urologi.yaml"
BASE_2026 = "councils/bases/samordningsrad/2026.yaml"
OVERRIDE = """
sections:
  - id: arbetsorganisation
    blocks:
      - id: motesfrekvens
        text: Sex gånger per år.
"""
BASE_TEXT = "4 till maximalt 8 ggr/år. Effektiva och korta möten eftersträvas."
HIDES = "rådets egen text döljer vad revision"


def commit(root: Path, message: str, day: int) -> None:
    """Commit everything, dated day `day` of 2026 (so the order of the commits is the test's)."""
    stamp = f"2026-01-{day:02d}T12:00:00+0000"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


@pytest.fixture
def repository(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    for key, value in (("user.name", "Test"), ("user.email", "test@example.org")):
        subprocess.run(["git", "-C", str(project), "config", key, value], check=True)
    commit(project, "bases and councils", 1)
    return project


def hides(uppdrag: Invoke) -> tuple[list[str], str]:
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 0, result.stderr
    return [line for line in result.stderr.splitlines() if HIDES in line], result.stdout


def test_a_warning_only_for_a_base_change_after_the_text(repository: Path, uppdrag: Invoke) -> None:
    # written after revision 2026 changed motesfrekvens: deliberate, no warning
    edit(repository / COUNCIL, 'revision: "2026"\n', 'revision: "2026"\n' + OVERRIDE)
    commit(repository, "urologi: own meeting frequency", 2)
    assert hides(uppdrag)[0] == []

    # the base changes the clause again, after the council wrote its text: one warning
    edit(repository / BASE_2026, "4 till maximalt 8 ggr/år.", "4 till högst 8 gånger per år.")
    commit(repository, "2026: meeting frequency reworded", 3)
    warnings, _out = hides(uppdrag)
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{COUNCIL}:")
    assert ": varning: sections[arbetsorganisation].blocks[motesfrekvens].text:" in warnings[0]
    assert 'skriv seen: "2026" i punkten' in warnings[0]

    # acknowledged: silent, and counted
    edit(
        repository / COUNCIL,
        "      - id: motesfrekvens\n",
        '      - id: motesfrekvens\n        seen: "2026"\n',
    )
    commit(repository, "urologi: keeps its meeting frequency", 4)
    warnings, out = hides(uppdrag)
    assert warnings == []
    assert "varningar visas inte:" in out and ", 1 kvitterad med seen:" in out

    # a later revision changes the clause: the warning is back
    (repository / "councils/bases/samordningsrad/2028.yaml").write_text(
        "extends: samordningsrad/2026\nsections:\n  - id: arbetsorganisation\n    blocks:\n"
        "      - id: motesfrekvens\n        text: Varannan månad.\n",
        encoding="utf-8",
    )
    edit(repository / COUNCIL, 'revision: "2026"', 'revision: "2028"')
    commit(repository, "revision 2028", 5)
    warnings, out = hides(uppdrag)
    assert len(warnings) == 1 and "revision 2028" in warnings[0], warnings
    assert "kvitterad" not in out


def test_an_uncommitted_override_is_newer_than_every_base_change(repository: Path, uppdrag: Invoke) -> None:
    edit(repository / COUNCIL, 'revision: "2026"\n', 'revision: "2026"\n' + OVERRIDE)
    assert hides(uppdrag)[0] == []


def test_outside_git_every_hiding_text_warns_until_seen(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    edit(project / COUNCIL, 'revision: "2026"\n', 'revision: "2026"\n' + OVERRIDE)
    assert len(hides(uppdrag)[0]) == 1
    edit(
        project / COUNCIL, "      - id: motesfrekvens\n", '      - id: motesfrekvens\n        seen: "2024"\n'
    )
    assert len(hides(uppdrag)[0]) == 1  # 2024 is before the change
    edit(project / COUNCIL, 'seen: "2024"', 'seen: "2026"')
    warnings, out = hides(uppdrag)
    assert warnings == [] and "kvitterad med seen:" in out


def test_a_fact_at_the_top_is_acknowledged_at_the_top(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    edit(project / COUNCIL, 'revision: "2026"\n', 'revision: "2026"\nuppdragsgivare: Anna Andersson\n')
    warnings, _out = hides(uppdrag)
    assert len(warnings) == 1 and 'skriv seen: "2026" överst i filen' in warnings[0], warnings
    edit(project / COUNCIL, "uppdragsgivare: Anna", 'seen: "2026"\nuppdragsgivare: Anna')
    assert hides(uppdrag)[0] == []


def test_a_new_councils_own_title_does_not_warn(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new` writes the council's title (not "reviderad …") against the newest revision: outside
    git too, it is not a text hiding that revision's change (issue 23, point 4)."""
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    assert uppdrag("new", "hud").exit_code == 0
    result = uppdrag("validate", "hud")
    assert result.exit_code == 0, result.stderr
    assert HIDES not in result.stderr
    assert 'seen: "2026"   # grundtextens revision som filen skrevs mot\n' in (
        project / "councils/hud.yaml"
    ).read_text(encoding="utf-8")
