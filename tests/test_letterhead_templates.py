"""The letterhead keeps its geometry with any organisation template, read from the PDF.

Three templates: a python-docx A4 one whose Header and Footer styles carry Word's usual centre and
right tabs, pandoc's own reference.docx (its styles out of schema order), and one LibreOffice saved.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

import docx
import pytest

from tests.helpers import TAKEN, audit, libreoffice_template, need

if TYPE_CHECKING:
    from pathlib import Path


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOOTER_WORDS = (
    *("Postadress:", "Regionens", "Hus", "462", "80", "Vänersborg", "Besöksadress:", "Residenset,"),
    *("Torget", "Telefon:", "010-441", "00", "E-post:", "regionstyrelsen@vgregion.se", "Webbplats:"),
    "www.vgregion.se",
)


def python_docx_a4(path: Path) -> Path:
    """An A4 template whose Header and Footer styles have Word's centre and right tabs."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt, Twips

    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Normal"].font.size = Pt(11)
    section = template.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    for name in ("Header", "Footer"):
        stops = template.styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(Twips(4535), WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(Twips(9070), WD_TAB_ALIGNMENT.RIGHT)
    template.save(str(path))
    return path


def pandoc_reference(path: Path) -> Path:
    pandoc = need("pandoc")
    with path.open("wb") as out:
        subprocess.run([pandoc, "--print-default-data-file", "reference.docx"], stdout=out, check=True)
    return path


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def words(pdf: Path) -> tuple[list[Word], float]:
    """Every word of the PDF with its box (pdftotext -bbox), and the page width."""
    out = subprocess.run(
        [need("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found, width = [], 0.0
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.S), 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>',
            page,
        ):
            found.append(Word(number, html.unescape(text), float(x0), float(y0), float(x1), float(y1)))
    return found, width


@pytest.fixture(scope="module", params=["python-docx", "pandoc", "libreoffice"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """urologi (three pages, a logo and the address footer) with each template, as DOCX and PDF."""
    from typer.testing import CliRunner

    from tests.helpers import REPO
    from uppdrag.cli import app

    folder = tmp_path_factory.mktemp(request.param)
    make = {
        "python-docx": lambda: python_docx_a4(folder / "mall.docx"),
        "pandoc": lambda: pandoc_reference(folder / "mall.docx"),
        "libreoffice": lambda: libreoffice_template(folder),
    }
    template = make[request.param]()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        patch.setenv("UPPDRAG_LANG", "en")
        out = folder / "out"
        args = ["render", "urologi", "-f", "docx,pdf", "--reference-doc", str(template), "-o", str(out)]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert (out / "urologi.pdf").exists()
    (out / "template.docx").write_bytes(template.read_bytes())
    return out


def _right_edge(document: Path) -> float:
    """The right margin's position in points, from the DOCX's section."""
    section = docx.Document(str(document)).sections[0]
    assert section.page_width is not None and section.right_margin is not None
    return (section.page_width - section.right_margin) / 12700


def test_the_letterhead_keeps_its_geometry(rendered: Path) -> None:
    shown, _width = words(rendered / "urologi.pdf")
    right = _right_edge(rendered / "urologi.docx")
    first = [w for w in shown if w.page == 1]
    kind = next(w for w in first if w.text == "Uppdragshandling")
    assert abs(kind.x1 - right) < 3, (kind, right)  # right-aligned, not at a centre tab
    page = next(w for w in first if w.text == "Sida")
    total = next(w for w in first if w.y0 == page.y0 and re.fullmatch(r"\(\d+\)", w.text))
    assert abs(total.x1 - right) < 3, (total, right)  # "Sida 1 (3)" at the right margin
    texts = {w.text for w in first}
    assert set(FOOTER_WORDS) <= texts, set(FOOTER_WORDS) - texts  # no word of the address split
    label = next(w for w in first if w.text == "Postadress:")
    body = [w for w in first if w.y1 < label.y0 and w.y0 > kind.y1 + 100]
    assert label.y0 - max(w.y1 for w in body) >= 8  # the body keeps clear of the footer's rule
    second = [w for w in shown if w.page == 2]
    organisation = next(w for w in second if w.text == "Götalandsregionen")
    title = [w for w in second if w.text in ("Uppdragshandling", "2026")][:2]
    assert [w.y0 for w in title] == [organisation.y0] * 2  # the later pages' header on one line
    assert abs(title[-1].x1 - right) < 3 and title[0].x0 - organisation.x1 > 12


def test_no_schema_error_is_added_and_the_template_ones_are_mended(rendered: Path) -> None:
    errors = audit(rendered / "urologi.docx")
    # only errors of the template's own that are not about order (LibreOffice's numbering writes
    # lvlJc "start", a value of strict OOXML): never more, never in a part not taken from it
    inherited = [e for e in audit(rendered / "template.docx") if e.split()[1] in TAKEN]
    assert all(e.split()[1] in TAKEN and "unexpected element" not in e.lower() for e in errors), errors
    assert len(errors) <= len(inherited)
    if rendered.parent.name.startswith(("python-docx", "pandoc")):  # pandoc's has 7, out of order
        assert errors == [], errors


def test_the_template_is_used(rendered: Path) -> None:
    template = docx.Document(str(rendered / "template.docx"))
    ours = docx.Document(str(rendered / "urologi.docx"))
    if template.sections[0].page_width is not None:  # pandoc's reference.docx has no page size
        assert ours.sections[0].page_width == template.sections[0].page_width
    theirs = next(s for s in template.styles if s.name.lower() == "heading 1")
    assert ours.styles["Heading 1"].font.name == theirs.font.name
