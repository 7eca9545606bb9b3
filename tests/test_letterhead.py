"""Headers and footers: a restricted context, and parts shared between documents only when equal."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

from tests.helpers import Invoke, edit, line_of

if TYPE_CHECKING:
    from pathlib import Path

LETTERHEAD = ("word/header1.xml", "word/header2.xml", "word/footer1.xml", "word/footer2.xml")


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode()


def touch_later(path: Path) -> None:
    """Move the file's mtime on, as an editor saving it a little later would."""
    later = path.stat().st_mtime + 5
    os.utime(path, (later, later))


def test_a_header_reading_beyond_the_letterhead_facts_fails_at_its_line(
    project: Path, uppdrag: Invoke
) -> None:
    header = project / "templates" / "docx" / "header.xml.j2"
    edit(
        header,
        "<w:t>{{ charter.title }}</w:t>",
        "<w:t>{{ charter.title }} {{ charter.uppdragsgivare }}</w:t>",
    )
    result = uppdrag("render", "urologi", "-f", "docx")
    assert result.exit_code == 1
    assert f"header.xml.j2:{line_of(header, 'charter.uppdragsgivare')}" in result.stderr
    assert "letterhead facts" in result.stderr and "charter.uppdragsgivare" in result.stderr
    assert "Traceback" not in result.stderr


def test_documents_rendered_together_equal_each_rendered_alone(project: Path, uppdrag: Invoke) -> None:
    """Councils that differ in one letterhead fact each (status, number, unit) share nothing wrongly."""
    councils = project / "councils"
    source = (councils / "urologi.yaml").read_text(encoding="utf-8")
    (councils / "utkastet.yaml").write_text(source.replace('beslutad: "2026"', ""), encoding="utf-8")
    (councils / "numret.yaml").write_text(source + "diarienummer: RS 2099-00042\n", encoding="utf-8")
    (councils / "enheten.yaml").write_text(source + "unit: Regionens hus\n", encoding="utf-8")
    slugs = ["urologi", "utkastet", "numret", "enheten", "ortopedi", "onkologi", "utveckling"]
    assert uppdrag("render", *slugs, "-f", "docx", "-o", "together").exit_code == 0
    for slug in ["utkastet", "numret", "enheten"]:  # each in a fresh process: nothing memoised
        command = [sys.executable, "-m", "uppdrag", "render", slug, "-f", "docx", "-o", "alone"]
        subprocess.run(command, cwd=project, check=True, capture_output=True)
        together, alone = project / "together" / f"{slug}.docx", project / "alone" / f"{slug}.docx"
        assert together.read_bytes() == alone.read_bytes(), slug
    first = {name: part(project / "together" / "urologi.docx", name) for name in LETTERHEAD}
    assert "UTKAST" in part(project / "together" / "utkastet.docx", "word/header1.xml")
    assert "UTKAST" not in first["word/header1.xml"]
    number = 'RS\u00a02099-</w:t></w:r><w:r><w:sym w:char="2060"/></w:r>'  # a number does not break
    assert number in part(project / "together" / "numret.docx", "word/footer2.xml")
    assert number not in first["word/footer2.xml"]
    assert "Regionens hus" in part(project / "together" / "enheten.docx", "word/header1.xml")
    assert part(project / "together" / "ortopedi.docx", "word/footer1.xml") == first["word/footer1.xml"]


def test_an_edited_footer_or_macro_is_seen_by_the_next_render(project: Path, uppdrag: Invoke) -> None:
    folder = project / "templates" / "docx"
    assert uppdrag("render", "urologi", "ortopedi", "-f", "docx", "-o", "before").exit_code == 0
    page_footer = "{{ m.page_footer(charter, text_width) }}"
    edit(folder / "footer.xml.j2", page_footer, page_footer + "<w:p/>")
    touch_later(folder / "footer.xml.j2")
    edit(folder / "_macros.xml.j2", "{{ charter.labels.sida }} </w:t>", "{{ charter.labels.sida }} nr </w:t>")
    touch_later(folder / "_macros.xml.j2")
    assert uppdrag("render", "urologi", "-f", "docx", "-o", "after").exit_code == 0
    footer = part(project / "after" / "urologi.docx", "word/footer2.xml")
    assert "</w:p><w:p/>" in footer
    assert "Sida nr " in footer and "Sida nr " in part(project / "after" / "urologi.docx", "word/footer1.xml")
    assert "Sida nr " not in part(project / "before" / "urologi.docx", "word/footer2.xml")
