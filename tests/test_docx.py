"""The DOCX, checked from the outside: the official words, real Word structure, reproducible bytes."""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from typing import TYPE_CHECKING, Any

import docx
import pytest
from docx.oxml.ns import qn

from tests.helpers import SEEDS, SLUGS, Invoke, edit, num_id, style_name
from tests.wordcompare import first_difference, words_of

if TYPE_CHECKING:
    from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def rendered(project: Path, uppdrag: Invoke) -> Path:
    result = uppdrag("render", "--all", "--format", "docx", "--out", "out")
    assert result.exit_code == 0, result.stderr
    return project / "out"


@pytest.mark.parametrize("slug", SLUGS)
def test_docx_matches_the_official_text_word_for_word(rendered: Path, slug: str) -> None:
    expected, got = words_of(SEEDS / f"{slug}.txt"), words_of(rendered / f"{slug}.docx")
    assert got == expected, first_difference(expected, got)


def styles_in_order(document: Any) -> list[tuple[str, str]]:
    return [(style_name(p), p.text) for p in document.paragraphs]


@pytest.mark.parametrize("slug", SLUGS)
def test_headings_are_real_and_never_skip_a_level(rendered: Path, slug: str) -> None:
    document = docx.Document(str(rendered / f"{slug}.docx"))
    levels = [int(name.split()[-1]) for name, _ in styles_in_order(document) if name.startswith("Heading")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels


def test_sections_are_headings_in_order(rendered: Path) -> None:
    document = docx.Document(str(rendered / "urologi.docx"))
    headings = [(name, text) for name, text in styles_in_order(document) if name.startswith("Heading")]
    assert headings[:4] == [
        ("Heading 1", "Uppdragshandling för samordningsråd urologi, reviderad juni 2026"),
        ("Heading 2", "Syfte med uppdraget"),
        ("Heading 2", "Uppdragsbeskrivning"),
        ("Heading 2", "Arbetsorganisation"),
    ]
    assert ("Heading 3", "Rapportering") in headings
    assert headings[-1] == ("Heading 2", "Uppdraget skickas till")


def test_bullets_are_word_numbering_not_characters(rendered: Path) -> None:
    document = docx.Document(str(rendered / "urologi.docx"))
    bullets = [p for p in document.paragraphs if style_name(p) == "List Bullet"]
    assert len(bullets) == 8 + 3  # uppdragsbeskrivning + sändlista
    for paragraph in bullets:
        assert num_id(paragraph) == 1
        assert not paragraph.text.startswith(("•", "-"))
    numbering = document.part.numbering_part.element
    formats = [e.get(qn("w:val")) for e in numbering.iter(qn("w:numFmt"))]
    assert set(formats) == {"bullet"}


def test_labels_are_bold_runs(rendered: Path) -> None:
    document = docx.Document(str(rendered / "urologi.docx"))
    by_text = {p.text.split(":")[0]: p for p in document.paragraphs if ":" in p.text}
    for label in ("Ansvarsområde", "Ordförande", "Mötesfrekvens", "Datum för beslut"):
        first, *rest = by_text[label].runs
        assert first.bold and first.text == f"{label}:", label
        assert not any(run.bold for run in rest)


def test_links_and_email_addresses_are_hyperlinks(rendered: Path) -> None:
    document = docx.Document(str(rendered / "urologi.docx"))
    targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype.endswith("/hyperlink")}
    assert targets == {"https://vregion.se", "mailto:patrik.jens.johansson@vgregion.se"}
    kommunikation = next(p for p in document.paragraphs if p.text.startswith("Enligt Rutin"))
    links = kommunikation._p.findall(qn("w:hyperlink"))
    assert [node.xpath("string(.)") for node in links] == ["koncernövergripande grupper (vregion.se)"]


def test_properties_come_from_the_charter(rendered: Path) -> None:
    props = docx.Document(str(rendered / "urologi.docx")).core_properties
    assert props.title == "Uppdragshandling för samordningsråd urologi, reviderad juni 2026"
    assert props.subject == "RS 2024-00784"
    assert props.author == "Västra Götalandsregionen, Koncernkontoret"
    assert props.language == "sv-SE"
    assert props.created.isoformat().startswith("2026-06-16")
    assert props.modified.isoformat().startswith("2026-06-17")
    assert props.content_status == "beslutad"


def test_swedish_is_the_language_of_the_styles(rendered: Path) -> None:
    styles = docx.Document(str(rendered / "urologi.docx")).styles.element
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "sv-SE"


def test_first_page_letterhead_and_footer(rendered: Path) -> None:
    section = docx.Document(str(rendered / "urologi.docx")).sections[0]
    assert section.different_first_page_header_footer
    # the registry number and the date do not break: no-break space, a word joiner after each hyphen
    header = section.first_page_header._element.xml
    joiner = r'-</w:t>\s*</w:r>\s*<w:r>\s*<w:sym w:char="2060"/>\s*</w:r>'  # alone in its run
    assert "RS\u00a02024" in header and len(re.findall(joiner, header)) == 3
    assert [p.text.strip().replace("\u00a0", " ") for p in section.first_page_header.paragraphs][:5] == [
        "Uppdragshandling",
        "Datum 2026-06-16",
        "Diarienummer RS 2024-00784",
        "Västra Götalandsregionen",
        "Koncernkontoret",
    ]
    footer = section.first_page_footer
    cells = [cell.text for cell in footer.tables[0].rows[0].cells]
    assert cells[0] == "Postadress:\nRegionens Hus\n462 80 Vänersborg"
    assert cells[-1] == "Webbplats:\nwww.vgregion.se"
    for page_footer in (section.first_page_footer, section.footer):  # "Sida X (Y)" on every page
        fields = [f.get(qn("w:instr")).strip() for f in page_footer._element.iter(qn("w:fldSimple"))]
        assert fields == ["PAGE", "NUMPAGES"]
        assert page_footer.paragraphs[-1].text.replace("1", "") == "RS\u00a02024-00784\tSida  ()"


def test_an_undecided_charter_is_visibly_a_draft(rendered: Path) -> None:
    with zipfile.ZipFile(rendered / "onkologi.docx") as package:
        header = package.read("word/header1.xml").decode()
        footer = package.read("word/footer1.xml").decode()
    assert 'string="UTKAST"' in header  # the watermark
    assert ">UTKAST  <" in footer
    assert docx.Document(str(rendered / "onkologi.docx")).core_properties.content_status == "utkast"
    with zipfile.ZipFile(rendered / "urologi.docx") as package:
        assert "UTKAST" not in package.read("word/header1.xml").decode()


def test_rendering_twice_gives_identical_bytes(project: Path, uppdrag: Invoke) -> None:
    uppdrag("render", "--all", "-f", "docx", "-o", "a")
    uppdrag("render", "--all", "-f", "docx", "-o", "b")
    for slug in SLUGS:
        assert (project / "a" / f"{slug}.docx").read_bytes() == (project / "b" / f"{slug}.docx").read_bytes()


def test_the_package_is_a_sound_zip_with_no_clock_in_it(rendered: Path) -> None:
    data = (rendered / "urologi.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert package.namelist()[0] == "[Content_Types].xml"


def test_special_characters_in_data_stay_text(project: Path, uppdrag: Invoke) -> None:
    edit(
        project / "councils/urologi.yaml",
        'revision: "2026"',
        'revision: "2026"\nuppdragsgivare: "A & B <w:t> ]]> \\"citat\\" \'x\'"',
    )
    assert uppdrag("render", "urologi", "-f", "docx").exit_code == 0
    document = docx.Document(str(project / "out/urologi.docx"))
    giver = next(p.text for p in document.paragraphs if p.text.startswith("Uppdragsgivare"))
    assert giver == "Uppdragsgivare: A & B <w:t> ]]> \"citat\" 'x'"


def test_default_formats_are_markdown_and_docx(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", "ortopedi")
    assert result.stdout.splitlines() == ["out/ortopedi.md", "out/ortopedi.docx"]


def test_pdf_without_libreoffice_says_how_to_install_it(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    result = uppdrag("render", "urologi", "-f", "md,pdf")
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui" in result.stderr
    assert not (project / "out").exists()  # not even the Markdown: nothing half-done


@pytest.mark.parametrize(
    ("slug", "lines"),
    [
        (
            "onkologi",
            [
                "Uppdragshandling för samordningsråd",
                "Datum: 2024-05-21",
                "Diarienummer: RS 2024-00784",
                "Västra Götalandsregionen",
            ],
        ),
        (
            "utveckling",
            [
                "Uppdragshandling för koncernövergripande grupp",
                "Västra Götalandsregionen",
                "Datum: 2024-05-31",
                "Diarienummer: RS 2023-01756",
            ],
        ),
    ],
)
def test_each_layout_keeps_the_letterhead_order_of_its_seed(
    rendered: Path, slug: str, lines: list[str]
) -> None:
    header = docx.Document(str(rendered / f"{slug}.docx")).sections[0].first_page_header
    assert [p.text.strip().replace("\u00a0", " ") for p in header.paragraphs if p.text] == lines
