"""The finished Word document: no schema errors, the logo, the organisation's template, page polish."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.helpers import (
    SEEDS,
    SLUGS,
    TAKEN,
    Invoke,
    audit,
    edit,
    libreoffice_template,
    line_of,
    num_id,
    style_name,
)
from tests.wordcompare import first_difference, words_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LOGO_ALT = "Västra Götalandsregionens logotyp"


def python_docx_template(path: Path) -> Path:
    """A template made with python-docx, with other fonts, colours and page size than uppdrag's."""
    from docx.shared import Mm, Pt, RGBColor

    template = docx.Document()
    template.styles["Normal"].font.name = "Georgia"
    template.styles["Normal"].font.size = Pt(12)
    heading = template.styles["Heading 1"]
    heading.font.name = "Verdana"
    heading.font.color.rgb = RGBColor(0x8B, 0x00, 0x00)
    template.sections[0].page_width, template.sections[0].page_height = Mm(216), Mm(279)
    template.save(str(path))
    return path


@pytest.fixture
def documents(project: Path, uppdrag: Invoke) -> Path:
    """Every council, a new council's draft and the onkologi redline, as DOCX."""
    assert uppdrag("render", "--all", "-f", "docx", "-o", "out").exit_code == 0
    assert uppdrag("new", "provrad").exit_code == 0
    assert uppdrag("render", "provrad", "-f", "docx", "-o", "out").exit_code == 0
    result = uppdrag("diff", "2024", "2026", "-c", "onkologi", "-o", "out/redline.docx")
    assert result.exit_code == 0, result.stderr
    return project / "out"


def test_openxml_audit_finds_no_error_in_any_document(documents: Path) -> None:
    names = sorted(path.name for path in documents.glob("*.docx"))
    assert names == sorted([*(f"{slug}.docx" for slug in SLUGS), "provrad.docx", "redline.docx"])
    assert docx.Document(str(documents / "onkologi.docx")).core_properties.content_status == "utkast"
    errors = {name: audit(documents / name) for name in names}
    assert errors == {name: [] for name in names}


def test_the_validator_catches_a_missing_theme(documents: Path, tmp_path: Path) -> None:
    """The check above can fail: the same file without its theme relationship has an error."""
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(documents / "urologi.docx") as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                data = re.sub(rb'<Relationship Id="rIdTheme"[^>]*/>', b"", data)
            target.writestr(item, data)
    assert any("relationships/theme" in error for error in audit(broken))


@pytest.mark.parametrize("slug", SLUGS)
def test_the_logo_is_an_inline_picture_with_alt_text_on_page_one(documents: Path, slug: str) -> None:
    header = docx.Document(str(documents / f"{slug}.docx")).sections[0].first_page_header
    inline = header._element.find(f".//{W}drawing/{{*}}inline")
    assert inline is not None
    assert inline.find("{*}docPr").get("descr") == LOGO_ALT
    blip = inline.find(".//{*}blip")
    image = header.part.related_parts[blip.get(qn("r:embed"))]
    assert image.blob == (Path(__file__).parents[1] / "councils/bases/logotyp-platshallare.png").read_bytes()
    assert image.content_type == "image/png"
    width, height = (int(inline.find("{*}extent").get(axis)) for axis in ("cx", "cy"))
    assert height == 12 * 36000 and width == height * 3  # 12 mm high, the 600 × 200 px aspect kept


def test_a_logo_without_alt_text_is_an_error_at_its_line(project: Path, uppdrag: Invoke) -> None:
    vgr = project / "councils/bases/vgr.yaml"
    edit(vgr, f"  alt: {LOGO_ALT}\n", "")
    result = uppdrag("render", "urologi", "-f", "docx")
    assert result.exit_code == 1
    assert f"councils/bases/vgr.yaml:{line_of(vgr, 'image:')}:3: logo.alt: " in result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()


@pytest.mark.parametrize(
    ("image", "message"),
    [("saknas.png", "saknas.png"), ("councils/onkologi.yaml", "png"), ("falsk.png", "falsk.png")],
)
def test_a_logo_that_is_not_a_png_file_is_an_error_at_its_line(
    project: Path, uppdrag: Invoke, image: str, message: str
) -> None:
    vgr = project / "councils/bases/vgr.yaml"
    (project / "falsk.png").write_text("not a picture")
    edit(vgr, "image: councils/bases/logotyp-platshallare.png", f"image: {image}")
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    assert f"councils/bases/vgr.yaml:{line_of(vgr, 'image:')}:" in result.stderr
    assert message in result.stderr and "logo.image" in result.stderr


def test_without_a_logo_the_letterhead_has_none(project: Path, uppdrag: Invoke) -> None:
    vgr = project / "councils/bases/vgr.yaml"
    edit(vgr, f"logo:\n  image: councils/bases/logotyp-platshallare.png\n  alt: {LOGO_ALT}\n", "")
    assert uppdrag("render", "urologi", "-f", "docx").exit_code == 0
    with zipfile.ZipFile(project / "out/urologi.docx") as package:
        assert "w:drawing" not in package.read("word/header1.xml").decode()
        assert not [n for n in package.namelist() if n.startswith("word/media/")]


def _keeps(path: Path) -> list[tuple[str, bool]]:
    """Each paragraph's text and whether it keeps with the next (set on it or by its style)."""
    body = docx.Document(str(path)).paragraphs
    return [
        (
            p.text,
            bool(p.paragraph_format.keep_with_next or (p.style and p.style.paragraph_format.keep_with_next)),
        )
        for p in body
    ]


def test_short_lists_and_the_closing_block_stay_together(documents: Path) -> None:
    paragraphs = _keeps(documents / "utveckling.docx")
    start = next(i for i, (text, _) in enumerate(paragraphs) if text.startswith("Datum för beslut"))
    closing = paragraphs[start:]
    assert closing[-5][0] == "Uppdraget skickas till" and len(closing) == 3 + 1 + 4  # sändlista: 4 items
    # the whole closing block (decision, signature, heading, list) is one chain of keep-with-next
    assert [keep for _, keep in closing] == [True] * 7 + [False]


def test_long_lists_keep_their_first_two_and_last_two_items_together(documents: Path) -> None:
    paragraphs = _keeps(documents / "utveckling.docx")
    start = next(i for i, (text, _) in enumerate(paragraphs) if text.startswith("Gruppen ska medverka"))
    lead, *items, after = paragraphs[start : start + 8]
    assert lead[1]  # the paragraph that introduces the list stays with it
    assert [keep for _, keep in items] == [True, False, False, False, True, False]
    assert after == ("Arbetsorganisation", True)


def test_widow_control_is_on(documents: Path) -> None:
    styles = docx.Document(str(documents / "urologi.docx")).styles.element
    assert styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}widowControl") is not None


def _template_case(project: Path, uppdrag: Invoke, template: Path) -> tuple[Path, Path]:
    shutil.copy(template, project / "mall.docx")
    edit(
        project / "councils/bases/vgr.yaml",
        "# template: councils/bases/mallar/vgr.dotx",
        "template: mall.docx",
    )
    result = uppdrag("render", "--all", "-f", "docx", "-o", "a")
    assert result.exit_code == 0, result.stderr
    assert uppdrag("render", "--all", "-f", "docx", "-o", "b").exit_code == 0
    return project / "a", project / "b"


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def _check_template_use(a: Path, b: Path, template: Path, fonts: set[str]) -> None:
    theirs = docx.Document(str(template))
    their_heading = next(s for s in theirs.styles if s.name.lower() == "heading 1")
    # A template's own schema errors come along in the parts taken from it, no others are added.
    inherited = [e for e in audit(template) if e.split()[1] in TAKEN]
    for slug in SLUGS:
        document = a / f"{slug}.docx"
        assert document.read_bytes() == (b / f"{slug}.docx").read_bytes()  # byte-reproducible
        errors = audit(document)
        assert [e for e in errors if e.split()[1] not in TAKEN] == []
        assert len(errors) <= len(inherited)
        assert words_of(document) == words_of(SEEDS / f"{slug}.txt"), first_difference(
            words_of(SEEDS / f"{slug}.txt"), words_of(document)
        )
        ours = docx.Document(str(document))
        assert {ours.styles["Normal"].font.name, ours.styles["Heading 1"].font.name} <= fonts | {None}
        assert ours.styles["Heading 1"].font.color.rgb == their_heading.font.color.rgb
        assert ours.sections[0].page_width == theirs.sections[0].page_width
        assert (
            ours.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "sv-SE"
        )
        theme = {rel.reltype.rsplit("/", 1)[-1]: rel.target_part for rel in theirs.part.rels.values()}
        if "theme" in theme:
            assert _part(document, "word/theme/theme1.xml") == theme["theme"].blob
        assert "DocumentKind" in _part(document, "word/styles.xml").decode()  # uppdrag's own, added


def test_a_python_docx_template_gives_its_styles_theme_and_page(
    project: Path, uppdrag: Invoke, tmp_path: Path
) -> None:
    template = python_docx_template(tmp_path / "mall.docx")
    a, b = _template_case(project, uppdrag, template)
    _check_template_use(a, b, template, {"Georgia", "Verdana"})
    bullets = docx.Document(str(a / "urologi.docx")).paragraphs
    numbers = {num_id(p) for p in bullets if style_name(p) == "List Bullet"}
    numbering = _part(a / "urologi.docx", "word/numbering.xml").decode()
    (number,) = numbers
    assert f'w:numId="{number}"' in numbering


def test_a_libreoffice_template_gives_its_styles(project: Path, uppdrag: Invoke, tmp_path: Path) -> None:
    template = libreoffice_template(tmp_path)
    a, b = _template_case(project, uppdrag, template)
    _check_template_use(a, b, template, {"DejaVu Serif"})


def test_reference_doc_on_the_command_line(project: Path, uppdrag: Invoke, tmp_path: Path) -> None:
    template = python_docx_template(tmp_path / "mall.docx")
    result = uppdrag("render", "urologi", "-f", "docx", "--reference-doc", str(template))
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(project / "out/urologi.docx")).styles["Normal"].font.name == "Georgia"
    missing = uppdrag("render", "urologi", "--reference-doc", str(tmp_path / "nej.docx"))
    assert missing.exit_code == 2 and "nej.docx" in missing.stderr


def test_a_template_without_the_needed_styles_names_them(
    project: Path, uppdrag: Invoke, tmp_path: Path
) -> None:
    template = python_docx_template(tmp_path / "mall.docx")
    styles = _part(template, "word/styles.xml")
    for level in (2, 3):  # rename the styles "heading 2" and "heading 3"
        styles = styles.replace(f'w:val="heading {level}"'.encode(), f'w:val="Rubrik X{level}"'.encode())
    stripped = tmp_path / "utan.docx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            target.writestr(item, styles if item.filename == "word/styles.xml" else source.read(item))
    result = uppdrag("render", "urologi", "-f", "docx", "--reference-doc", str(stripped))
    assert result.exit_code == 1
    assert "heading 2, heading 3" in result.stderr and "utan.docx" in result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()
