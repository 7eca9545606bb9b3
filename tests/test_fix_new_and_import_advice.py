"""`validate --fix` applies a suggestion with one answer and prints each change; `new` writes a
new council's title; `import` says what it found in a file that is no mandate (issue 23)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

COUNCIL = "councils/hud.yaml"
HEAD = 'name: hud\nbase: samordningsrad\nrevision: "2026"\n'


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")


def test_fix_replaces_tabs_keeping_the_nesting(project: Path, uppdrag: Invoke, swedish: None) -> None:
    body = "beslut:\n\tnamn: Anna Andersson\n\ttitel: Direktör\n"
    body += "sandlista:\n    - id: ny\n\t  at: end\n\t  text: X\n"
    (project / COUNCIL).write_text(HEAD + body, encoding="utf-8")
    assert uppdrag("validate", "hud").exit_code == 1
    result = uppdrag("validate", "--fix", "hud")
    assert result.exit_code == 0, result.stderr
    assert f"{COUNCIL}:5:1: rättat: en tabb i indragningen ersatt med 4 mellanslag" in result.stdout
    assert result.stdout.count("rättat:") == 4
    text = (project / COUNCIL).read_text(encoding="utf-8")
    assert "\t" not in text
    assert "beslut:\n    namn: Anna Andersson\n    titel: Direktör\n" in text
    assert "    - id: ny\n      at: end\n      text: X\n" in text


def test_fix_writes_a_date_with_one_reading(project: Path, uppdrag: Invoke, swedish: None) -> None:
    (project / COUNCIL).write_text(HEAD + "beslut:\n  datum: 16/6/2026\n", encoding="utf-8")
    result = uppdrag("validate", "--fix", "hud")
    assert result.exit_code == 0, result.stderr
    assert f"{COUNCIL}:5:10: rättat: '16/6/2026' skrivet som 2026-06-16" in result.stdout
    assert "datum: 2026-06-16\n" in (project / COUNCIL).read_text(encoding="utf-8")


@pytest.mark.parametrize("written", ["5/6/2026", "i juni"])
def test_fix_leaves_a_date_that_is_not_one(
    project: Path, uppdrag: Invoke, swedish: None, written: str
) -> None:
    (project / COUNCIL).write_text(HEAD + f"datum: {written}\n", encoding="utf-8")
    result = uppdrag("validate", "--fix", "hud")
    assert result.exit_code == 1
    assert "rättat" not in result.stdout
    assert f"datum: {written}\n" in (project / COUNCIL).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("raw", "meant"),
    [
        ("16/6/2026", "2026-06-16"),
        ("2026/6/5", "2026-06-05"),
        ("16 juni 2026", "2026-06-16"),
        ("6/6/2026", "2026-06-06"),
        ("5/6/2026", None),
        ("2026-06-16", None),
        ("31/2/2026", None),
    ],
)
def test_unique_reading(raw: str, meant: str | None) -> None:
    from uppdrag.source.dates import unique_reading

    assert unique_reading(raw) == meant


def test_new_council_title_is_not_revised(project: Path, uppdrag: Invoke, swedish: None) -> None:
    assert uppdrag("new", "hud", "--name", "hud och venereologi").exit_code == 0
    text = (project / COUNCIL).read_text(encoding="utf-8")
    assert "# hud och venereologi: samordningsrad, revision 2026. Skriv här bara det som skiljer sig" in text
    result = uppdrag("render", "hud", "-f", "md")
    assert result.exit_code == 0, result.stderr
    document = (project / "out/hud.md").read_text(encoding="utf-8")
    assert "Uppdragshandling för samordningsråd hud och venereologi" in document
    assert "reviderad" not in document


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("hej.txt", "hej\n", "ingen uppdragshandling: 1 ord, inga rubriker"),
        ("kort.md", "# Rubrik\n\nhej hopp\n", "ingen uppdragshandling: 3 ord, 1 rubrik"),
    ],
)
def test_import_names_what_a_non_mandate_holds(
    project: Path, uppdrag: Invoke, swedish: None, tmp_path: Path, name: str, content: str, says: str
) -> None:
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    before = sorted((project / "councils").rglob("*"))
    result = uppdrag("import", str(source))
    assert result.exit_code == 1
    assert f"{source}: {says}" in result.stderr
    assert sorted((project / "councils").rglob("*")) == before
