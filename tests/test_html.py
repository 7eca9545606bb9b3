"""The HTML format and the register site (`build -f html`), read without a browser."""

from __future__ import annotations

import itertools
import json
from typing import TYPE_CHECKING

import pytest

from tests.helpers import SEEDS, SLUGS, Invoke
from tests.htmltext import text_of
from tests.wordcompare import first_difference, words_of, words_of_text

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("slug", SLUGS)
def test_html_page_is_the_official_text_word_for_word(project: Path, uppdrag: Invoke, slug: str) -> None:
    result = uppdrag("render", slug, "-f", "html", "-o", "out")
    assert result.exit_code == 0, result.stderr
    html = (project / "out" / f"{slug}.html").read_text(encoding="utf-8")
    expected, got = words_of(SEEDS / f"{slug}.txt"), words_of_text(text_of(html))
    assert got == expected, first_difference(expected, got)
    assert '<html lang="sv">' in html and html.count("<h1") == 1
    assert "<script" not in html and "http" not in html.split("<main", 1)[0]  # no request, no script


def test_structure_headings_lists_labels_links(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("render", "utveckling", "-f", "html", "-o", "out").exit_code == 0
    html = (project / "out" / "utveckling.html").read_text(encoding="utf-8")
    levels = [int(part[0]) for part in html.split("<h")[1:] if part[0].isdigit()]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert "<dt>Ansvarsområde:</dt>" in html
    assert "<p><strong>Ordförande:</strong> Hälso- och" in html
    assert '<a href="mailto:jens.patrik.johansson@vgregion.se">' in html
    assert html.count("<li") == 20 and '<footer class="address">' in html


def test_text_is_data_not_markup(project: Path, uppdrag: Invoke) -> None:
    meeting(project, '"<script>alert(1)</script> & {{ x }} <b>"')
    assert uppdrag("render", "onkologi", "-f", "html", "-o", "out").exit_code == 0
    html = (project / "out" / "onkologi.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ x }} &lt;b&gt;" in html
    assert "<script" not in html


def test_a_draft_says_so_outside_the_document(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("render", "onkologi", "-f", "html", "-o", "out").exit_code == 0  # no decision date
    html = (project / "out" / "onkologi.html").read_text(encoding="utf-8")
    assert '<header class="draft"><p>UTKAST</p></header>' in html
    assert "UTKAST" not in text_of(html)


def meeting(project: Path, text: str) -> None:
    """Give onkologi its own meeting frequency (an overlay at the end of its file)."""
    council = project / "councils" / "onkologi.yaml"
    overlay = "sections:\n  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n"
    council.write_text(council.read_text(encoding="utf-8") + overlay + f"        text: {text}\n", "utf-8")


def build(uppdrag: Invoke, *more: str) -> str:
    result = uppdrag("build", "-f", "md,docx,html", "-j", "1", *more)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_build_html_makes_the_register(project: Path, uppdrag: Invoke) -> None:
    build(uppdrag)
    site = project / "out" / "html"
    rows = json.loads((site / "register.json").read_text(encoding="utf-8"))
    assert [r["slug"] for r in rows] == sorted(SLUGS)
    urologi = next(r for r in rows if r["slug"] == "urologi")
    assert urologi["files"] == {"html": "urologi.html", "docx": "../urologi.docx"}
    assert urologi["ansvarsomrade"] == "Verksamhet samordningsråd urologi, Hälso- och sjukvård"
    index = (site / "index.html").read_text(encoding="utf-8")
    for row in rows:
        assert f'<a href="{row["slug"]}.html">{row["title"]}</a>' in index
    page = (site / "urologi.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in page and 'href="historik/urologi-2024.html"' in page
    history = (site / "historik" / "urologi-2026.html").read_text(encoding="utf-8")
    assert "<del>" in history and "<ins>" in history and "jämförd med revision 2024" in history
    assert "<del>" not in (site / "historik" / "urologi-2024.html").read_text(encoding="utf-8")
    assert "[HTML](html/urologi.html)" in (project / "out" / "README.md").read_text(encoding="utf-8")


def test_build_html_is_incremental_and_checked(project: Path, uppdrag: Invoke) -> None:
    build(uppdrag)
    site = project / "out" / "html"
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    assert "built 0, unchanged 5" in build(uppdrag)
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == stamps  # not even touched
    assert uppdrag("build", "-f", "md,docx,html", "--check").exit_code == 0

    meeting(project, "Åtta gånger per år.")
    check = uppdrag("build", "-f", "md,docx,html", "--check")
    assert check.exit_code == 1
    assert "html/onkologi.html: differs from what uppdrag renders" in check.stdout
    assert "html/historik/onkologi-2024.html: stale" in check.stdout
    assert "urologi" not in check.stdout
    build(uppdrag)
    assert "Åtta gånger per år." in (site / "onkologi.html").read_text(encoding="utf-8")
    assert (site / "urologi.html").stat().st_mtime_ns == stamps[site / "urologi.html"]
    assert uppdrag("build", "-f", "md,docx,html", "--check").exit_code == 0

    (site / "historik" / "urologi-2024.html").write_text("edited by hand", encoding="utf-8")
    assert "historik/urologi-2024.html: stale" in uppdrag("build", "-f", "md,docx,html", "--check").stdout


def test_a_removed_council_leaves_the_register(project: Path, uppdrag: Invoke) -> None:
    build(uppdrag)
    (project / "councils" / "ortopedi.yaml").unlink()
    out = build(uppdrag)
    site = project / "out" / "html"
    assert "removed out/html/historik/ortopedi-2026.html" in out
    assert not (site / "ortopedi.html").exists() and not list(site.glob("historik/ortopedi-*"))
    assert "ortopedi" not in (site / "register.json").read_text(encoding="utf-8")
