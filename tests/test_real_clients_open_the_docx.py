"""Real clients open the DOCX: LibreOffice converts it to PDF, pandoc reads it.

These need LibreOffice, pandoc and pdftotext (poppler-utils). They are skipped with a reason when
one is missing, except where UPPDRAG_REQUIRE_CLIENTS is set (as `.ci/run` does): there a missing
tool is a failure, so CI never passes by skipping them.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import SEEDS, SLUGS, need, run
from tests.wordcompare import _block_texts, words_of, words_of_text


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every council as DOCX and PDF (PDF through `uppdrag render --format pdf`)."""
    need("soffice")
    out = tmp_path_factory.mktemp("pdf")
    repo = Path(__file__).resolve().parents[1]
    command = [
        sys.executable,
        "-m",
        "uppdrag",
        "--root",
        str(repo),
        "render",
        "--all",
        "-f",
        "docx,pdf",
        "-o",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_libreoffice_turns_every_docx_into_a_tagged_pdfa(pdfs: Path, slug: str) -> None:
    need("pdfinfo")
    info = run("pdfinfo", str(pdfs / f"{slug}.pdf"))
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) >= 2  # type: ignore[union-attr]
    assert b"<pdfaid:part>2</pdfaid:part>" in (pdfs / f"{slug}.pdf").read_bytes()


@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_shows_every_official_word_in_order(pdfs: Path, slug: str) -> None:
    need("pdftotext")
    shown = run("pdftotext", "-layout", str(pdfs / f"{slug}.pdf"), "-").split()
    # a line may break after a hyphen inside a word ("2019-" / "03137-40)."): accept both halves
    joined = {i: shown[i] + shown[i + 1] for i in range(len(shown) - 1) if shown[i].endswith("-")}
    position = 0
    for word in words_of(SEEDS / f"{slug}.txt"):
        found = next((i for i in range(position, len(shown)) if word in (shown[i], joined.get(i))), None)
        if found is None:
            pytest.fail(
                f"«{word}» missing from the PDF after word {position}: {shown[position : position + 5]}"
            )
        position = found + (2 if joined.get(found) == word and shown[found] != word else 1)
    pages = re.findall(r"Sida (\d+) \((\d+)\)", " ".join(shown))
    total = pages[0][1] if pages else "0"
    assert pages == [(str(n), total) for n in range(1, int(total) + 1)]  # "Sida X (Y)" on every page


@pytest.mark.parametrize("slug", SLUGS)
def test_pandoc_reads_the_docx_as_the_same_structured_text(pdfs: Path, slug: str) -> None:
    need("pandoc")
    import docx

    markdown = run(
        "pandoc", "--from", "docx", "--to", "markdown-smart", "--wrap", "none", str(pdfs / f"{slug}.docx")
    )
    body = words_of_text("\n".join(_block_texts(docx.Document(str(pdfs / f"{slug}.docx")).element.body)))
    assert "](mailto:" in markdown or re.search(r"<[^<>\s]+@[^<>\s]+>", markdown)  # e-mail is a link
    autolinks_as_text = re.sub(r"<([^<>\s]+@[^<>\s]+)>", r"\1", markdown)
    autolinks_as_text = autolinks_as_text.replace("\u2011", "-")  # pandoc's w:noBreakHyphen
    assert words_of_text(autolinks_as_text) == body
    assert re.search(r"^# ", markdown, re.M) and re.search(r"^## ", markdown, re.M)
    assert re.search(r"^-\s+\S", markdown, re.M)  # bullet lists are lists


def test_pandoc_sees_the_link_and_the_headings(pdfs: Path) -> None:
    need("pandoc")
    markdown = run(
        "pandoc", "-f", "docx", "-t", "markdown-smart", "--wrap", "none", str(pdfs / "urologi.docx")
    )
    assert "# Uppdragshandling för samordningsråd urologi, reviderad juni 2026" in markdown
    assert "[koncernövergripande grupper (vregion.se)](https://vregion.se)" in markdown
    assert "### Rapportering" in markdown


def _structure(node: Any, out: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The structure elements under `node`, depth first: (role, element)."""
    import pikepdf

    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        out.append((str(node.S), node))
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        _structure(kid, out)
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_the_pdf_is_pdf_ua_tagged_swedish_and_ordered(pdfs: Path, slug: str) -> None:
    """PDF/UA-1 checked with pikepdf (veraPDF is in none of the registries this project may use)."""
    import pikepdf

    with pikepdf.open(pdfs / f"{slug}.pdf") as pdf:
        root = pdf.Root
        assert str(root.Lang) == "sv-SE"
        # pikepdf gives a PDF boolean as a Python bool (its stubs say Object)
        flags: list[object] = [root.MarkInfo.Marked, root.ViewerPreferences.DisplayDocTitle]
        assert all(flag is True for flag in flags)
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1" and meta["pdfaid:part"] == "2"
        import docx

        assert meta["dc:title"] == docx.Document(str(pdfs / f"{slug}.docx")).core_properties.title
        roles = root.StructTreeRoot.get("/RoleMap", pikepdf.Dictionary())
        elements = [(str(roles.get(role, role)), node) for role, node in _structure(root.StructTreeRoot, [])]
        levels = [int(role[2]) for role, _ in elements if re.fullmatch(r"/H[1-6]", role)]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # H1–H3, never skipping
        lists = [node for role, node in elements if role == "/L"]
        assert len(lists) >= 2 and all(str(kid.S) == "/LI" for node in lists for kid in node.K)
        assert all("/Alt" in node for role, node in elements if role == "/Figure")  # alt text on pictures
        for page in pdf.pages:  # every picture is tagged with alt text above, or a marked artifact
            marked: list[str] = []
            for instruction in pikepdf.parse_content_stream(page):
                operator = str(instruction.operator)
                if operator in ("BDC", "BMC"):
                    marked.append(str(instruction.operands[0]))
                elif operator == "EMC" and marked:
                    marked.pop()
                elif operator == "Do":
                    assert marked and marked[0] in ("/Artifact", "/Figure"), marked
