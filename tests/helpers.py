"""What several test files share: the project's folders, the CLI result, file edits, outside tools.

Test files import from here (or from the named helper modules: cdp, wordcompare, wordparts_text,
htmltext, lo_revisions, synthrepo), never from one another; conftest.py holds only fixtures.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
GOLDEN = Path(__file__).parent / "golden"
SLUGS = ["vuxenpsykiatri", "urologi", "ortopedi", "onkologi", "utveckling"]

# The parts of a DOCX taken from the organisation's template (their schema errors come along).
TAKEN = ("/word/styles.xml", "/word/numbering.xml", "/word/fontTable.xml", "/word/theme/theme1.xml")


class Result:
    """What one CLI run gave."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


# The `uppdrag` fixture: run `uppdrag ARGS…` in-process.
Invoke = Callable[..., Result]


# Files -----------------------------------------------------------------------------------------


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file (fails loudly when it is not there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line on which `needle` first stands."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def error_lines(stderr: str) -> list[str]:
    """The error lines of a run: no warnings (in either language), no detail lines under an error."""
    return [
        line
        for line in stderr.splitlines()
        if ": warning: " not in line and ": varning: " not in line and not line.startswith("    ")
    ]


def snapshot(folder: Path) -> dict[str, str]:
    """Every document and the index (the manifest may record councils that did build)."""
    json.loads((folder / ".uppdrag-manifest.json").read_text(encoding="utf-8"))
    files = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".uppdrag-manifest.json"]
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def change(path: str, old: str, new: str) -> Callable[[Path], None]:
    """A change to the project under a root: one exact piece of `path` replaced."""
    return lambda root: edit(root / path, old, new)


def raw(path: str, data: bytes) -> Callable[[Path], None]:
    """A change to the project under a root: `path` gets exactly these bytes."""

    def write(root: Path) -> None:
        (root / path).write_bytes(data)

    return write


def statuses(stdout: str) -> dict[str, str]:
    """`uppdrag build`'s report as {file: what happened to it} (the summary line left out)."""
    return {
        line.split(": ")[0]: line.split(": ")[1]
        for line in stdout.splitlines()
        if ": " in line and "councils" not in line
    }


def git(project: Path, *args: str) -> None:
    """Run git in `project` (fails on a non-zero exit)."""
    subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)


# Word documents --------------------------------------------------------------------------------


def style_name(paragraph: Paragraph) -> str:
    """The name of the paragraph's style (its own, or the document's default paragraph style)."""
    style = paragraph.style
    assert style is not None and style.name is not None, f"no style on {paragraph.text!r}"
    return str(style.name)


def num_id(paragraph: Paragraph) -> int | None:
    """The list a paragraph is numbered in by its own w:numPr (None when it has none)."""
    found = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    return int(found[0]) if found else None


# Outside tools ---------------------------------------------------------------------------------


CLIENTS = "apt-get install pandoc libreoffice-writer-nogui poppler-utils"


def missing(what: str, install: str = CLIENTS) -> NoReturn:
    """The one rule for a client program the tests need and cannot find: a skip saying how to
    install it, or a failure where UPPDRAG_REQUIRE_CLIENTS is set (as `.ci/run` does)."""
    reason = f"{what} is not installed ({install})"
    if os.environ.get("UPPDRAG_REQUIRE_CLIENTS"):
        pytest.fail(reason)
    pytest.skip(reason)


def need(tool: str, install: str = CLIENTS) -> str:
    """The tool's path on PATH, or `missing(tool)`."""
    path = shutil.which(tool)
    if path is None:
        missing(tool, install)
    return path


def run(*command: str) -> str:
    """A command's standard output (fails on a non-zero exit)."""
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=180).stdout


def pandoc_words(path: Path, *options: str) -> list[str]:
    """The words of a document as pandoc reads it (`--track-changes=accept` or `reject`)."""
    text = run(need("pandoc"), *options, "-t", "plain", "--wrap=none", str(path))
    return [word for word in text.split() if word != "-"]  # pandoc keeps an empty bullet for a deleted item


def outloud(paths: list[Path]) -> dict[str, list[dict[str, Any]]]:
    """outloud's findings (PyPI, a PDF/UA reader's heuristics) per file stem."""
    import json
    import sys

    report = subprocess.run(
        [
            str(Path(sys.executable).with_name("outloud")),
            "--no-info",
            "--fail-on",
            "never",
            "--json",
            "-",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    return {Path(r["path"]).stem: r["findings"] for r in json.loads(report)["results"]}


def outloud_allowed(finding: dict[str, Any]) -> bool:
    """Two findings of outloud's own heuristics that the standard allows:

    - TAG-002 on pages after the first: ISO 14289-1 §7.8 lets running heads and page numbers be
      pagination artifacts; outloud reads the later pages' running header (organisation and
      title, repeated on every page) as prose hidden from readers. On page 1 nothing is skipped:
      the letterhead there is tagged.
    - ORD-001 (a warning) on page 1: LibreOffice paints the first page's footer before the body,
      while the structure tree reads the address after it; ISO 14289-1 §7.2 asks for the logical
      order in the structure tree, not in the content stream.
    """
    page = int(finding.get("page") or 1)
    return (finding["rule"] == "TAG-002" and page > 1) or (finding["rule"] == "ORD-001" and page == 1)


def audit(path: Path) -> list[str]:
    """openxml-audit's errors (Open XML SDK rules), for Office 2019 and Microsoft 365."""
    # imported here: it takes a fifth of a second, and most test files never audit
    from openxml_audit import FileFormat, OpenXmlValidator  # type: ignore[import-untyped]

    found: list[str] = []
    for version in (FileFormat.OFFICE_2019, FileFormat.MICROSOFT_365):
        result = OpenXmlValidator(file_format=version).validate(path)
        found += [f"{version.value}: {e.part_uri} {e.path}: {e.description}" for e in result.errors]
    return found


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Serif"
 fo:font-family="'DejaVu Serif'" fo:font-size="11pt"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:default-outline-level="1"><style:text-properties fo:color="#2e7d32" fo:font-size="20pt"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
 style:default-outline-level="2"><style:text-properties fo:color="#2e7d32" fo:font-size="15pt"/></style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph"
 style:default-outline-level="3"/>
</office:styles>
<office:body><office:text>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Rubrik 1</text:h>
<text:h text:style-name="Heading_20_2" text:outline-level="2">Rubrik 2</text:h>
<text:h text:style-name="Heading_20_3" text:outline-level="3">Rubrik 3</text:h>
<text:p text:style-name="Standard">Brödtext.</text:p>
</office:text></office:body></office:document>
"""


def libreoffice_template(folder: Path) -> Path:
    """A template saved by LibreOffice as .docx (DejaVu Serif, green headings)."""
    soffice = need("soffice")
    (folder / "lo-mall.fodt").write_text(FODT, encoding="utf-8")
    profile = (folder / "profile").as_uri()
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile}"]
    command += ["--convert-to", "docx", "--outdir", str(folder), str(folder / "lo-mall.fodt")]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return folder / "lo-mall.docx"


IMPORTS_PROBE = """
import sys
from uppdrag.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    print("exit:", exc.code)
print("imported:", " ".join(name for name in WATCHED if name in sys.modules))
"""


def cli_imports(
    project: Path, watched: tuple[str, ...], *args: str, env: dict[str, str] | None = None
) -> tuple[str, str, list[str]]:
    """`uppdrag ARGS` in a process of its own: its output (ending in "exit: CODE" when it exited
    with one), its errors, and which of the `watched` modules it imported."""
    code = f"WATCHED = {watched!r}\n{IMPORTS_PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=project, capture_output=True, text=True, env=env
    )
    printed, imported = result.stdout.rsplit("imported:", 1)
    return printed, result.stderr, imported.split()
