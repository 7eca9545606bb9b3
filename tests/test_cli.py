"""The command line from the outside: list, validate, render, and how each reports bad input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.helpers import SLUGS, Invoke, edit, line_of

if TYPE_CHECKING:
    from pathlib import Path


def test_list_shows_every_council_with_its_status(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("list")
    assert result.exit_code == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["slug", "kind", "title", "revision", "datum", "diarienummer", "status"]
    by_slug = {row.split()[0]: row for row in rows}
    assert sorted(by_slug) == sorted(SLUGS)
    assert "reviderad juni 2026" in by_slug["urologi"]
    assert by_slug["urologi"].endswith("beslutad")
    assert by_slug["onkologi"].endswith("utkast")  # 2024 went out without a decision date
    assert "RS 2023-01756" in by_slug["utveckling"]


def test_validate_passes_and_points_out_the_quirks(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("validate", "--all-warnings")
    assert result.exit_code == 0, result.stderr
    bases = ["koncerngrupp/2024", "samordningsrad/2024", "samordningsrad/2026"]
    assert sorted(result.stdout.splitlines()) == sorted(
        [f"{slug}: ok" for slug in SLUGS] + [f"bases/{base}: ok" for base in bases]
    )
    utes = [line for line in result.stderr.splitlines() if '"De utes av"' in line]
    assert len(utes) == 1, "a base's quirk is reported once, not once per council"
    line = line_of(project / "councils/bases/samordningsrad/2026.yaml", "De utes av")
    assert utes[0].startswith("councils/bases/samordningsrad/2026.yaml:")
    assert int(utes[0].split(":")[1]) <= line
    assert "quotation marks" in result.stderr  # 2024 mixes ”…” and "…"


def test_validate_one_council(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("validate", "utveckling")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()  # then the count of warnings not shown (issue 23)
    assert lines[0] == "utveckling: ok" and all(" not shown: " in line for line in lines[1:]), lines
    assert "Folk tandvården" in result.stderr


def test_render_writes_each_file_and_prints_its_path(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", "urologi", "ortopedi", "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["out/urologi.md", "out/ortopedi.md"]
    assert (project / "out/urologi.md").read_text(encoding="utf-8").startswith("**Uppdragshandling**")


def test_render_all(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", "--all", "--out", "docs")
    assert result.exit_code == 0
    made = sorted(p.name for p in (project / "docs").iterdir())
    assert made == sorted(f"{s}.{ext}" for s in SLUGS for ext in ("md", "docx"))


def test_render_at_another_revision_keeps_the_council_and_takes_that_revision(
    project: Path, uppdrag: Invoke
) -> None:
    result = uppdrag("render", "onkologi", "--revision", "2026")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["out/onkologi-2026.md", "out/onkologi-2026.docx"]  # own one untouched
    text = (project / "out/onkologi-2026.md").read_text(encoding="utf-8")
    assert "# Uppdragshandling för samordningsråd onkologi, reviderad juni 2026" in text
    assert "ledningsgrupp hälso- och sjukvård" in text and "Jonas Claesson" in text
    assert "Verka för spridning av goda exempel" in text
    assert not (project / "out/onkologi.md").exists()


def test_a_councils_own_override_survives_another_revision(project: Path, uppdrag: Invoke) -> None:
    (project / "councils/onkologi.yaml").write_text(
        'name: onkologi\nbase: samordningsrad\nrevision: "2024"\n'
        "sections:\n  - id: arbetsorganisation\n    blocks:\n"
        "      - id: motesfrekvens\n        text: Sex gånger per år.\n"
        'revisions:\n  "2026":\n    beslut:\n      datum: 2026-09-01\n',
        encoding="utf-8",
    )
    assert uppdrag("render", "onkologi", "-r", "2026").exit_code == 0
    text = (project / "out/onkologi-2026.md").read_text(encoding="utf-8")
    assert "**Mötesfrekvens:** Sex gånger per år." in text
    assert "2026-09-01" in text and "2026-06-17" not in text
    assert uppdrag("render", "onkologi").exit_code == 0
    assert "2026-09-01" not in (project / "out/onkologi.md").read_text(encoding="utf-8")


def test_render_needs_names_or_all(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render")
    assert result.exit_code == 2
    assert "--all" in result.stderr


def test_unknown_council_is_a_usage_error_with_a_suggestion(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", "urolgi")
    assert result.exit_code == 2
    assert "did you mean 'urologi'" in result.stderr
    assert not (project / "out").exists()


def test_unknown_revision_is_a_usage_error(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", "urologi", "--revision", "2031")
    assert result.exit_code == 2
    assert "2024, 2026" in result.stderr


def test_unknown_format_is_a_usage_error(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", "urologi", "--format", "pdfx")
    assert result.exit_code == 2
    assert "unknown format" in result.stderr


def test_root_option_and_environment(project: Path, uppdrag: Invoke, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert uppdrag("list").exit_code == 2
    assert uppdrag("--root", str(project), "list").exit_code == 0
    monkeypatch.setenv("UPPDRAG_ROOT", str(project))
    assert uppdrag("validate", "urologi").exit_code == 0


def test_a_broken_council_does_not_stop_the_others(project: Path, uppdrag: Invoke) -> None:
    edit(project / "councils/urologi.yaml", "name: urologi", "name: [urologi")
    result = uppdrag("render", "--all")
    assert result.exit_code == 1
    assert result.stderr.startswith("councils/urologi.yaml:")
    written = sorted(p.name for p in (project / "out").iterdir())
    assert written == sorted(f"{s}.{ext}" for s in SLUGS if s != "urologi" for ext in ("md", "docx"))
    assert "Traceback" not in result.stderr


def test_a_council_file_path_is_taken_for_its_name(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("validate", "councils/urologi.yaml", "ortopedi.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["urologi: ok", "ortopedi: ok"]
