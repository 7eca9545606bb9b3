"""The PDF holds its PDF/UA-1 claim: checked by `pdfua` and `outloud` (PyPI) and with pikepdf.

Every council, the draft (onkologi, with its watermark) and a new council's draft. The letterhead
of the first page reaches a screen reader: remove every artifact and Datum, Diarienummer, the
organisation and the address are still there.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import SLUGS, need, outloud, outloud_allowed

DOCUMENTS = [*SLUGS, "provrad"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every council and a new council (`uppdrag new`, a draft) as PDF."""
    need("soffice")
    import shutil

    root = tmp_path_factory.mktemp("pdfua")
    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "councils", root / "councils")
    shutil.copytree(repo / "templates", root / "templates")

    def uppdrag(*args: str) -> None:
        command = [sys.executable, "-m", "uppdrag", "--root", str(root), *args]
        subprocess.run(command, check=True, capture_output=True, timeout=600, cwd=root)

    uppdrag("new", "provrad")
    uppdrag("render", "--all", "-f", "pdf", "-o", str(root / "out"))
    return root / "out"


def test_outloud_finds_no_error_or_warning(pdfs: Path) -> None:
    found = outloud([pdfs / f"{name}.pdf" for name in DOCUMENTS])
    assert sorted(found) == sorted(DOCUMENTS)
    for name, findings in found.items():
        problems = [
            (f["rule"], f.get("page"), f["message"])
            for f in findings
            if f["severity"] in ("error", "warning") and not outloud_allowed(f)
        ]
        assert problems == [], name


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdfua_finds_no_error(pdfs: Path, name: str) -> None:
    from pdfua import validate

    report = validate(str(pdfs / f"{name}.pdf"))
    errors = [(f.rule_id, f.message) for f in report.findings if f.severity.name == "ERROR"]
    assert errors == [] and report.exit_code == 0


def _without_artifacts(source: Path, target: Path) -> str:
    """The first page's text once the text of every artifact is removed (what a reader skips);
    the graphics state operators stay, so the rest is where it was."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            kept: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
            artifact: list[bool] = []  # a stack: inside an artifact?
            for instruction in pikepdf.parse_content_stream(page):
                name = str(instruction.operator)
                if name in ("BMC", "BDC"):
                    inside = bool(artifact and artifact[-1])
                    artifact.append(inside or str(instruction.operands[0]) == "/Artifact")
                elif name == "EMC" and artifact:
                    artifact.pop()
                elif name in ("Tj", "TJ", "'", '"') and artifact and artifact[-1]:
                    continue
                kept.append(instruction)
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        pdf.save(target)
    return subprocess.run(
        [need("pdftotext"), "-l", "1", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("name", ["urologi", "onkologi", "utveckling"])
def test_the_letterhead_is_tagged_text(pdfs: Path, name: str, tmp_path: Path) -> None:
    import pikepdf

    text = " ".join(_without_artifacts(pdfs / f"{name}.pdf", tmp_path / "bare.pdf").split())
    assert re.search(r"Datum:? \d{4}-\d{2}-\d{2}", text), text[:300]
    assert re.search(r"Diarienummer:? RS \d{4}-\d{5}", text), text[:300]
    assert "Uppdragshandling" in text.split("Datum")[0] and "Västra Götalandsregionen" in text
    assert "Postadress:" in text and "regionstyrelsen@vgregion.se" in text
    with pikepdf.open(pdfs / f"{name}.pdf") as pdf:
        tree = pdf.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        page = pdf.pages[0]
        elements = by_key[int(page.obj.StructParents)]
        mcids = [
            int(i.operands[1].MCID)
            for i in pikepdf.parse_content_stream(page)
            if str(i.operator) == "BDC" and len(i.operands) > 1 and "/MCID" in i.operands[1]
        ]
        assert mcids and all(elements[m] is not None for m in mcids)  # every tagged text has its element
        for annotation in page.obj.get("/Annots", []):  # links: in Link elements, with a description
            assert pikepdf.Name.Link == by_key[int(annotation.StructParent)].S
            assert "/Contents" in annotation
        assert page.obj.get("/Tabs") == pikepdf.Name.S


def test_the_watermark_has_its_word(pdfs: Path) -> None:
    import pikepdf

    for name in ("onkologi", "provrad"):  # the drafts
        with pikepdf.open(pdfs / f"{name}.pdf") as pdf:
            alts: list[str] = []
            stack: list[pikepdf.Object | None] = [pdf.Root.StructTreeRoot]
            while stack:
                node = stack.pop()
                if isinstance(node, pikepdf.Dictionary):
                    if node.get("/S") == pikepdf.Name.Figure:
                        alts.append(str(node.get("/Alt", "")))
                    if node.get("/Type") != pikepdf.Name.OBJR:
                        kids = node.get("/K")
                        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
            assert alts and all(alts), (name, alts)
            assert "UTKAST" in alts


@pytest.mark.parametrize("name", DOCUMENTS)
def test_no_line_ends_inside_a_registry_number_or_date(pdfs: Path, name: str) -> None:
    from uppdrag.render.unbroken import UNBROKEN

    lines = [
        line.strip()
        for line in subprocess.run(
            [need("pdftotext"), "-layout", str(pdfs / f"{name}.pdf"), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        if line.strip()
    ]
    numbers = 0
    for line, following in itertools.pairwise(lines):
        numbers += len(UNBROKEN.findall(line))
        for joined in (f"{line} {following}", f"{line}{following}"):  # broken at a space or a hyphen
            for match in UNBROKEN.finditer(joined):
                assert not match.start() < len(line) < match.end(), (line, following)
    assert numbers >= 3  # the date and number of the letterhead and the footer at least
