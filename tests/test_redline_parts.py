"""The Word redline is faithful on every part: body, headers and footers, letterhead included.

Each redline is opened in LibreOffice, every change accepted (rejected) and saved; each part
then reads word for word as the new (old) document's part, also passed through LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from tests.helpers import REPO, edit, missing
from tests.wordparts_text import part_words
from uppdrag.cli import app

if TYPE_CHECKING:
    from collections.abc import Callable

REDLINES = ("onkologi", "ortopedi", "urologi", "vuxenpsykiatri")
ESCAPED_TAG = re.compile(r"&lt;/?[A-Za-z_][\w.-]*(?::[\w.-]+)?[\s/&]")


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)


def uno_python() -> str:
    """A Python that can drive LibreOffice (Debian's python3-uno, or LibreOffice's own)."""
    for candidate in (
        "/usr/bin/python3",
        "/usr/lib/libreoffice/program/python",
        "/opt/libreoffice/program/python",
    ):
        if Path(candidate).exists():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
            if probe.returncode == 0:
                return candidate
    missing("LibreOffice's Python (python3-uno)", "apt-get install python3-uno")


@pytest.fixture(scope="module")
def redlines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Redlines with their old and new documents: four councils 2024 → 2026, the base, and
    two councils whose letterhead changed in git (grupp layout; unit, footer, logo, links)."""
    root = tmp_path_factory.mktemp("redlines") / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    runner = CliRunner()

    def uppdrag(*args: str) -> None:
        result = runner.invoke(app, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.stderr

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.delenv("UPPDRAG_ROOT", raising=False)
        patch.setenv("UPPDRAG_LANG", "en")
        _make(root, uppdrag)
    return root


def _make(root: Path, uppdrag: Callable[..., None]) -> None:

    for slug in REDLINES:
        uppdrag("diff", "2024", "2026", "-c", slug, "-o", f"redline/{slug}.docx")
        uppdrag("render", slug, "-r", "2024", "-f", "docx", "-o", f"old/{slug}")
        uppdrag("render", slug, "-r", "2026", "-f", "docx", "-o", f"new/{slug}")
    uppdrag("diff", "2024", "2026", "-o", "redline/base.docx")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    for slug in ("utveckling", "onkologi"):
        uppdrag("render", slug, "-f", "docx", "-o", f"old/git-{slug}")
    council = root / "councils" / "utveckling.yaml"
    edit(
        council,
        "diarienummer: RS 2023-01756",
        "diarienummer: RS 2025-00042\nunit: Koncernstab hälso- och sjukvård",
    )
    edit(council, "datum: 2024-05-31", "datum: 2025-02-03\nlogo: null")
    footer = (
        "footer:\n  - {id: postadress, lines: [Box 1, 405 44 Göteborg]}\n"
        "  - {id: besoksadress, remove: true}\n  - {id: telefon, remove: true}\n"
        "  - {id: epost, lines: [utveckling@vgregion.se]}\n"
        "  - {id: fax, label: 'Fax:', lines: [031-00 00 00], at: end}\n"
    )
    council.write_text(council.read_text(encoding="utf-8") + footer, encoding="utf-8")
    onkologi = root / "councils" / "onkologi.yaml"
    onkologi.write_text(
        onkologi.read_text(encoding="utf-8") + "unit: Regionalt cancercentrum väst\n" + footer,
        encoding="utf-8",
    )
    for slug in ("utveckling", "onkologi"):
        uppdrag("diff", "--git", "HEAD", slug, "-f", "docx", "-o", f"redline/git-{slug}.docx")
        uppdrag("render", slug, "-f", "docx", "-o", f"new/git-{slug}")


def test_no_part_of_any_redline_holds_escaped_markup(redlines: Path) -> None:
    names = sorted(path.stem for path in (redlines / "redline").glob("*.docx"))
    assert names == sorted([*REDLINES, "base", "git-utveckling", "git-onkologi"])
    for path in sorted((redlines / "redline").glob("*.docx")):
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.endswith(".xml"):
                    text = package.read(name).decode("utf-8")
                    assert not ESCAPED_TAG.search(text), f"{path.name}:{name}"


def test_the_letterhead_changes_are_tracked(redlines: Path) -> None:
    with zipfile.ZipFile(redlines / "redline" / "onkologi.docx") as package:
        header = package.read("word/header1.xml").decode("utf-8")
    # the 2024 layout's document kind and labels are removed, the new date added
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*> för samordningsråd</w:delText>", header)
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*>:</w:delText>", header)
    joiner = '</w:r><w:r><w:sym w:char="2060"/></w:r><w:r>'  # a word joiner after each hyphen
    assert re.search(rf"<w:ins [^>]*><w:r><w:t[^>]*>2026-</w:t>{joiner}<w:t[^>]*>06-</w:t>{joiner}", header)
    with zipfile.ZipFile(redlines / "redline" / "git-utveckling.docx") as package:
        rels = package.read("word/_rels/header1.xml.rels").decode("utf-8")
        assert "<w:del " in package.read("word/header1.xml").decode("utf-8")
        ids = re.findall(
            rb'<w:(?:ins|del) w:id="(\d+)"', b"".join(package.read(n) for n in package.namelist())
        )
    assert "media/logo.png" in rels  # the old logo, deleted, still has its picture
    assert len(ids) == len(set(ids)) > 10


def _documents(redlines: Path, folder: str) -> dict[str, Path]:
    return {path.parent.name: path for path in sorted((redlines / folder).glob("*/*.docx"))}


def test_accept_all_gives_the_new_and_reject_all_the_old_document_part_by_part(
    redlines: Path, tmp_path: Path
) -> None:
    python = uno_python()
    script = Path(__file__).with_name("lo_revisions.py")
    old, new = _documents(redlines, "old"), _documents(redlines, "new")
    assert sorted(old) == sorted(new) == sorted([*REDLINES, "git-utveckling", "git-onkologi"])
    jobs = {"accept": [], "reject": [], "keep": []}  # type: dict[str, list[str]]
    for slug in old:
        redline = str(redlines / "redline" / f"{slug}.docx")
        jobs["accept"] += [redline, str(tmp_path / f"{slug}-accepted.docx")]
        jobs["reject"] += [redline, str(tmp_path / f"{slug}-rejected.docx")]
        jobs["keep"] += [str(new[slug]), str(tmp_path / f"{slug}-new.docx")]
        jobs["keep"] += [str(old[slug]), str(tmp_path / f"{slug}-old.docx")]
    for mode, files in jobs.items():
        command = [python, str(script), str(tmp_path / f"profile-{mode}"), mode, *files]
        subprocess.run(command, check=True, capture_output=True, timeout=600)
    for slug in old:
        accepted, rejected = (
            part_words(tmp_path / f"{slug}-accepted.docx"),
            part_words(tmp_path / f"{slug}-rejected.docx"),
        )
        expected_new, expected_old = (
            part_words(tmp_path / f"{slug}-new.docx"),
            part_words(tmp_path / f"{slug}-old.docx"),
        )
        assert set(accepted) == set(expected_new) and len(accepted) == 5, slug  # body, 2 headers, 2 footers
        for part in sorted(expected_new):
            assert accepted[part] == expected_new[part], f"{slug} accepted {part}"
            assert rejected[part] == expected_old[part], f"{slug} rejected {part}"
        assert accepted["headerReference/first"] != rejected["headerReference/first"], slug
