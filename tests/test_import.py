"""`uppdrag import`: seeds and edited variants, written by pandoc, LibreOffice and uppdrag, as
Markdown and as PDF-extracted text, imported into a project and rendered back word for word."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers import REPO, SEEDS, SLUGS, Invoke, need
from tests.wordcompare import first_difference, words_of, words_of_text

STYRNING = "- Gruppens arbete ska utgå från VGR:s styrning av hälso- och sjukvård.\n"
SAMORDNING = "- Arbeta för ökad regional samordning så att den samlade kapaciteten används på bästa vis.\n"
# (name, seed, [(old, new), …]): what a coordinator might have changed in a council's Word file.
EDITS = {
    "hud": (
        "urologi",
        [
            ("samordningsråd urologi", "samordningsråd hud"),
            ("Diarienummer RS 2024-00784", "Diarienummer RS 2025-00123"),
            ("- Verka för spridning av goda exempel mellan deltagande utförarförvaltningar.\n", ""),
            (
                "- Nominera ordförande",
                "- Följa upp väntetider inom hudsjukvården varje kvartal.\n- Nominera ordförande",
            ),
            ("Mötesfrekvens: 4 till maximalt 8 ggr/år.", "Mötesfrekvens: 6 ggr/år."),
            ("\nUndergrupper:", "\nSekreterare: Utses av ordförande bland deltagarna.\n\nUndergrupper:"),
        ],
    ),
    "ortopedi": (
        "ortopedi",
        [
            (STYRNING + SAMORDNING, SAMORDNING + STYRNING),  # two bullets swapped
            ("Jonas Claesson", "Anna Andersson"),
        ],
    ),
    "onkologi": (
        "onkologi",
        [
            (
                "Klinisk ledning ska omhänderta frågor som rör förändrade arbetssätt och processer i flera "
                "verksamhetsområden och därför inte kan hanteras av ett enskilt samordningsråd.\n\n",
                "",
            ),
        ],
    ),
    "utveckling": (
        "utveckling",
        [
            (
                "- Strateg från Koncernstab Strategisk hälso- och sjukvårdsutveckling.\n",
                "- Strateg från Koncernstab Strategisk hälso- och sjukvårdsutveckling.\n"
                "- Representant för primärvården.\n",
            ),
            ("Cirka 10 gånger per år", "Cirka 8 gånger per år"),
        ],
    ),
}


def empty_project(root: Path) -> Path:
    """A project with the bases and templates but no council files."""
    shutil.copytree(REPO / "councils" / "bases", root / "councils" / "bases")
    shutil.copy(REPO / "councils" / "schema.json", root / "councils" / "schema.json")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def edited(name: str) -> str:
    seed, changes = EDITS[name]
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, (name, old)
        text = text.replace(old, new, 1)
    return text


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Every variant as .md, .txt (PDF-extracted), and DOCX by pandoc and LibreOffice (when installed)."""
    folder = tmp_path_factory.mktemp("corpus")
    found: dict[str, list[Path]] = {}
    html = []
    for name in [*SLUGS, *(f"{n}-edited" for n in EDITS)]:
        text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8") if name in SLUGS else edited(name[:-7])
        paths = [folder / f"{name}.md", folder / f"{name}.txt"]
        for path in paths:
            path.write_text(text, encoding="utf-8")
        if shutil.which("pandoc"):
            docx = folder / f"{name}.pandoc.docx"
            subprocess.run(
                ["pandoc", "-f", "markdown-smart", "-o", str(docx)], input=text.encode(), check=True
            )
            paths.append(docx)
            page = folder / "lo" / f"{name}.html"
            page.parent.mkdir(exist_ok=True)
            subprocess.run(
                ["pandoc", "-f", "markdown-smart", "-t", "html", "-o", str(page)],
                input=text.encode(),
                check=True,
            )
            html.append(page)
        found[name] = paths
    soffice = shutil.which("soffice")
    if soffice and html:  # one LibreOffice process for the whole corpus: it is slow to start
        out = folder / "lo-docx"
        subprocess.run(
            [
                soffice,
                "--headless",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(out),
                *map(str, html),
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
        for page in html:
            made = out / f"{page.stem}.docx"
            if made.exists():
                found[page.stem].append(made.rename(folder / f"{page.stem}.libreoffice.docx"))
    return found


def _import_and_render(uppdrag: Invoke, source: Path, slug: str) -> tuple[Path, Path]:
    result = uppdrag("import", str(source), "--slug", slug)
    assert result.exit_code == 0, result.stdout + result.stderr
    council = Path("councils") / f"{slug}.yaml"
    rendered = uppdrag("render", slug, "--format", "md", "--out", "rendered")
    assert rendered.exit_code == 0, rendered.stderr
    return council, Path("rendered") / f"{slug}.md"


@pytest.mark.parametrize("slug", SLUGS)
def test_every_seed_imports_word_for_word(
    slug: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke, corpus: dict[str, list[Path]]
) -> None:
    monkeypatch.chdir(empty_project(tmp_path))
    for number, source in enumerate(corpus[slug]):
        council, rendered = _import_and_render(uppdrag, source, f"{slug}-{number}")
        expected, got = words_of(SEEDS / f"{slug}.txt"), words_of_text(rendered.read_text(encoding="utf-8"))
        assert got == expected, f"{source.name}: {first_difference(expected, got)}"
        lines = council.read_text(encoding="utf-8").splitlines()
        if slug in ("urologi", "ortopedi", "vuxenpsykiatri"):  # the 2026 councils: name, base, revision
            assert [line for line in lines if not line.startswith("#")] == [
                f"name: {slug}",
                "base: samordningsrad",
                'revision: "2026"',
                'beslutad: "2026"',  # decided with the revision (docs/reference.md, "Decision status")
            ], source.name


@pytest.mark.parametrize("name", list(EDITS))
def test_edited_variants_import_small_and_word_for_word(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke, corpus: dict[str, list[Path]]
) -> None:
    monkeypatch.chdir(empty_project(tmp_path))
    expected = words_of_text(edited(name))
    for number, source in enumerate(corpus[f"{name}-edited"]):
        council, rendered = _import_and_render(uppdrag, source, f"{name}-{number}")
        got = words_of_text(rendered.read_text(encoding="utf-8"))
        assert got == expected, f"{source.name}: {first_difference(expected, got)}"
        size = len(council.read_text(encoding="utf-8").splitlines())
        assert size <= (130 if name == "utveckling" else 45), f"{source.name}: {size} lines"


def test_docx_written_by_uppdrag_imports_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke, corpus: dict[str, list[Path]]
) -> None:
    monkeypatch.chdir(empty_project(tmp_path))
    council, _ = _import_and_render(uppdrag, corpus["hud-edited"][0], "hud")
    assert "name: hud" in council.read_text(encoding="utf-8")  # the name found in the base's texts
    assert uppdrag("render", "hud", "--format", "docx", "--out", "made").exit_code == 0
    council.unlink()
    again, rendered = _import_and_render(uppdrag, Path("made/hud.docx"), "hud")
    assert words_of_text(rendered.read_text(encoding="utf-8")) == words_of_text(edited("hud"))
    text = again.read_text(encoding="utf-8")
    assert "remove: true" in text and "after:" in text and "Sekreterare:" in text


def test_summary_is_swedish_and_reimport_needs_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke, corpus: dict[str, list[Path]]
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")  # the summary as coordinators read it
    monkeypatch.chdir(empty_project(tmp_path))
    source = corpus["hud-edited"][0]
    first = uppdrag("import", str(source))
    assert first.exit_code == 0, first.stderr
    assert "councils/hud.yaml" in first.stdout
    assert "Uppdragsbeskrivning: 1 punkt tillagd, 1 punkt borttagen" in first.stdout
    assert "Arbetsorganisation: 1 stycke ändrat, 1 stycke tillagt" in first.stdout
    council = Path("councils/hud.yaml")
    before = council.read_text(encoding="utf-8")
    assert uppdrag("import", str(source)).exit_code == 0  # the same document again: unchanged
    changed = source.parent / "hud-changed.md"
    changed.write_text(source.read_text(encoding="utf-8").replace("6 ggr/år", "10 ggr/år"), encoding="utf-8")
    refused = uppdrag("import", str(changed))
    assert refused.exit_code == 1
    assert "+    text: 10 ggr/år" in refused.stdout or "10 ggr/år" in refused.stdout
    assert council.read_text(encoding="utf-8") == before
    forced = uppdrag("import", str(changed), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "10 ggr/år" in council.read_text(encoding="utf-8")


def test_dry_run_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke) -> None:
    monkeypatch.chdir(empty_project(tmp_path))
    result = uppdrag("import", str(SEEDS / "onkologi.txt"), "--dry-run")
    assert result.exit_code == 0
    assert "name: onkologi" in result.stdout
    assert not Path("councils/onkologi.yaml").exists()


def _image_only_pdf(path: Path) -> None:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 22 >>\nstream\n0 0 1 rg 0 0 100 100 re f\nendstream",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(body)


def test_bad_input_one_line_each_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke
) -> None:
    monkeypatch.chdir(empty_project(tmp_path / "project"))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "lista.md").write_text(
        "# Inköpslista\n\n- mjölk\n- bröd\n\n" + "Att handla på lördag förmiddag. " * 10, encoding="utf-8"
    )
    (bad / "trasig.docx").write_bytes(b"PK\x03\x04 this is no zip at all" * 10)
    (bad / "krypterad.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with (bad / "enorm.txt").open("wb") as huge:
        huge.truncate(50_000_000)
    if shutil.which("pdftotext"):
        _image_only_pdf(bad / "skannad.pdf")
    shutil.copy(SEEDS / "urologi.txt", bad / "urologi.txt")  # a good one among them still imports
    result = uppdrag("import", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    bad_files = sorted(p.name for p in bad.iterdir() if p.name != "urologi.txt")
    assert sorted(Path(line.split(":")[0]).name for line in lines) == bad_files, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in Path("councils").glob("*.yaml")) == ["urologi.yaml"]


def test_pdf_through_pdftotext(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke) -> None:
    need("pdftotext")
    need("soffice")
    monkeypatch.chdir(empty_project(tmp_path / "project"))
    made = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(REPO / "out" / "onkologi.docx"),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    pdf = tmp_path / "onkologi.pdf"
    if not pdf.exists():
        pytest.skip(f"LibreOffice made no PDF: {made.stderr.decode()[:200]}")
    result = uppdrag("import", str(pdf), "--slug", "onkologi")
    assert result.exit_code == 0, result.stdout + result.stderr
