"""`uppdrag build`: incremental, parallel, robust to a broken council, with --check and an index."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import pytest

from tests.helpers import SLUGS, Invoke, edit, statuses

if TYPE_CHECKING:
    from pathlib import Path

BUILT = sorted(f"{s}.{ext}" for s in SLUGS for ext in ("md", "docx"))


def stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted(folder.iterdir())}


@pytest.fixture
def built(project: Path, uppdrag: Invoke) -> Path:
    result = uppdrag("build")
    assert result.exit_code == 0, result.stderr
    return project / "out"


def test_fresh_build_writes_every_document_the_manifest_and_the_index(built: Path, uppdrag: Invoke) -> None:
    assert (
        sorted(p.name for p in built.iterdir() if not p.name.startswith(".") and p.name != "README.md")
        == BUILT
    )
    manifest = json.loads((built / ".uppdrag-manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["councils"]) == sorted(SLUGS)
    assert manifest["councils"]["urologi"]["inputs"] == {
        "councils/bases/vgr.yaml": manifest["councils"]["urologi"]["inputs"]["councils/bases/vgr.yaml"],
        "councils/bases/samordningsrad/2024.yaml": manifest["councils"]["urologi"]["inputs"][
            "councils/bases/samordningsrad/2024.yaml"
        ],
        "councils/bases/samordningsrad/2026.yaml": manifest["councils"]["urologi"]["inputs"][
            "councils/bases/samordningsrad/2026.yaml"
        ],
        "councils/urologi.yaml": manifest["councils"]["urologi"]["inputs"]["councils/urologi.yaml"],
        # the logo vgr.yaml names is an input too: a new logo rebuilds every document
        "councils/bases/logotyp-platshallare.png": manifest["councils"]["urologi"]["inputs"][
            "councils/bases/logotyp-platshallare.png"
        ],
    }
    index = (built / "README.md").read_text(encoding="utf-8")
    assert (
        "| Samordningsråd onkologi | samordningsrad | 2024 | 2024-05-21 | RS 2024-00784 | utkast |" in index
    )
    assert "[DOCX](urologi.docx)" in index and "[MD](urologi.md)" in index


def test_built_documents_equal_rendered_ones(built: Path, project: Path, uppdrag: Invoke) -> None:
    uppdrag("render", "--all", "-o", "rendered")
    for name in BUILT:
        assert (built / name).read_bytes() == (project / "rendered" / name).read_bytes()


def test_a_second_build_touches_nothing(built: Path, uppdrag: Invoke) -> None:
    before = stamps(built)
    result = uppdrag("build")
    assert result.exit_code == 0
    assert set(statuses(result.stdout).values()) == {"unchanged"}
    assert stamps(built) == before


def test_a_base_edit_rebuilds_exactly_the_councils_it_reaches(
    built: Path, project: Path, uppdrag: Invoke
) -> None:
    before = stamps(built)
    edit(project / "councils/bases/samordningsrad/2026.yaml", "Effektiva och korta möten", "Korta möten")
    result = uppdrag("build")
    status = statuses(result.stdout)
    assert {s for s, st in status.items() if st.startswith("built")} == {
        "urologi",
        "ortopedi",
        "vuxenpsykiatri",
    }
    assert status["onkologi"] == status["utveckling"] == "unchanged"
    after = stamps(built)
    assert [n for n in BUILT if after[n] != before[n]] == sorted(
        f"{s}.{e}" for s in ("ortopedi", "urologi", "vuxenpsykiatri") for e in ("docx", "md")
    )
    assert "Korta möten eftersträvas" in (built / "urologi.md").read_text(encoding="utf-8")


def test_a_shared_base_edit_reaches_every_council(built: Path, project: Path, uppdrag: Invoke) -> None:
    edit(project / "councils/bases/vgr.yaml", "Regionens Hus", "Regionens hus")
    status = statuses(uppdrag("build").stdout)
    assert all(st.startswith("built") for st in status.values())


def test_a_template_change_that_changes_no_output_rewrites_nothing(
    built: Path, project: Path, uppdrag: Invoke
) -> None:
    before = stamps(built)
    edit(project / "templates/md/_charter.md.j2", "{#- Building blocks", "{#- The building blocks")
    status = statuses(uppdrag("build").stdout)
    assert all(st == "built (0 files written)" for st in status.values())
    after = stamps(built)
    assert all(after[n] == before[n] for n in BUILT)
    assert statuses(uppdrag("build").stdout)["urologi"] == "unchanged"


def test_a_removed_council_loses_its_outputs(built: Path, project: Path, uppdrag: Invoke) -> None:
    (built / "notes.txt").write_text("mine", encoding="utf-8")  # not uppdrag's: must stay
    (project / "councils/ortopedi.yaml").unlink()
    result = uppdrag("build")
    assert "removed out/ortopedi.md" in result.stdout and "removed out/ortopedi.docx" in result.stdout
    assert not (built / "ortopedi.md").exists() and (built / "notes.txt").exists()
    assert "ortopedi" not in (built / "README.md").read_text(encoding="utf-8")


def test_a_broken_council_is_reported_and_the_others_are_built(
    built: Path, project: Path, uppdrag: Invoke
) -> None:
    old = (built / "urologi.md").read_bytes()
    edit(project / "councils/bases/samordningsrad/2026.yaml", "Effektiva och korta möten", "Korta möten")
    edit(project / "councils/urologi.yaml", "name: urologi", "name: [urologi")
    result = uppdrag("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("councils/urologi.yaml:")
    assert statuses(result.stdout)["urologi"] == "FAILED"
    assert statuses(result.stdout)["ortopedi"].startswith("built")
    assert (built / "urologi.md").read_bytes() == old  # the old document stays until the council is fixed
    assert uppdrag("build", "--check").exit_code == 1


def test_check_writes_nothing_and_says_what_is_stale(built: Path, project: Path, uppdrag: Invoke) -> None:
    fresh = uppdrag("build", "--check")
    assert fresh.exit_code == 0 and fresh.stdout.strip() == "out: fresh"
    edit(project / "councils/bases/samordningsrad/2024.yaml", "4 – 8 ggr/år", "4–8 ggr/år")
    before = stamps(built)
    stale = uppdrag("build", "--check")
    assert stale.exit_code == 1
    assert stale.stdout.splitlines() == [
        f"{built / 'onkologi.md'}: differs from what uppdrag renders",
        f"{built / 'onkologi.docx'}: differs from what uppdrag renders",
        f"{built / '.uppdrag-manifest.json'}: differs from what uppdrag build writes (its record of inputs)",
        "out: stale",
    ]
    assert stamps(built) == before


def test_check_sees_a_deleted_or_edited_output(built: Path, uppdrag: Invoke) -> None:
    (built / "urologi.docx").unlink()
    (built / "ortopedi.md").write_text("handediterad", encoding="utf-8")
    lines = uppdrag("build", "--check").stdout
    assert f"{built / 'urologi.docx'}: missing" in lines
    assert f"{built / 'ortopedi.md'}: differs from what uppdrag renders" in lines
    uppdrag("build")
    assert uppdrag("build", "--check").exit_code == 0


def test_check_names_what_the_build_then_removes_and_keeps(
    built: Path, project: Path, uppdrag: Invoke
) -> None:
    """One plan for the end of a build (build/finish.py): --check lists the outputs of removed
    councils that `build` deletes or keeps, and after the build it finds nothing."""
    from pathlib import Path

    def full(shown: str) -> Path:  # build names files from the project, --check in full
        return Path(shown) if Path(shown).is_absolute() else project / shown

    (project / "councils/urologi.yaml").unlink()
    (project / "councils/ortopedi.yaml").unlink()
    (built / "ortopedi.md").write_text("handediterad", encoding="utf-8")  # edited: kept
    lines = uppdrag("build", "--check").stdout.splitlines()
    named = {full(line.split(": ")[0]) for line in lines if "no longer exists" in line}
    result = uppdrag("build")
    assert result.exit_code == 0, result.stderr
    said = result.stdout.splitlines()
    removed = {full(line.removeprefix("removed ")) for line in said if line.startswith("removed ")}
    kept = {full(line.split(": ")[0].removeprefix("kept ")) for line in said if line.startswith("kept ")}
    assert kept == {built / "ortopedi.md"}
    assert (
        named
        == removed | kept
        == {built / f"{s}.{e}" for s in ("urologi", "ortopedi") for e in ("md", "docx")}
    )
    assert f"{built / 'README.md'}: differs from what uppdrag renders" in lines  # the index loses them
    assert uppdrag("build", "--check").exit_code == 0


def test_check_before_any_build(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("build", "--check")
    assert result.exit_code == 1 and f"{project / 'out' / 'urologi.docx'}: missing" in result.stdout
    assert not (project / "out").exists()


def test_force_rebuilds_all_but_rewrites_only_what_differs(built: Path, uppdrag: Invoke) -> None:
    before = stamps(built)
    status = statuses(uppdrag("build", "--force").stdout)
    assert set(status.values()) == {"built (0 files written)"}
    assert stamps(built) == before


def test_parallel_build_gives_the_same_files(project: Path, uppdrag: Invoke) -> None:
    for number in range(10):
        shutil.copy(project / "councils/urologi.yaml", project / f"councils/extra-{number}.yaml")
    assert uppdrag("build", "--jobs", "2", "-o", "parallel").exit_code == 0
    assert uppdrag("build", "--jobs", "1", "-o", "serial").exit_code == 0
    for path in sorted((project / "serial").iterdir()):
        assert (project / "parallel" / path.name).read_bytes() == path.read_bytes(), path.name


def test_errors_become_github_annotations(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    edit(project / "councils/urologi.yaml", "name: urologi", "name: [urologi")
    result = uppdrag("build")
    assert result.exit_code == 1
    first, annotation = result.stderr.splitlines()[:2]
    path, line, col, message = first.split(":", 3)
    assert annotation == f"::error file={path},line={line},col={col}::{message.strip()}"


def test_pdf_build_without_libreoffice_stops_before_writing(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = uppdrag("build", "-f", "md,pdf")
    assert result.exit_code == 2 and "libreoffice" in result.stderr
    assert not (project / "out").exists()
