"""PDF via LibreOffice: the DOCX converted headless as PDF/A-2b and PDF/UA-1 (for accessibility)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from uppdrag.errors import UppdragError, UsageError
from uppdrag.i18n import _

# LibreOffice ≥ 7.4 takes export options as JSON: PDF/A-2b and PDF/UA-1 (tagged, the title shown
# in the window, headers and footers as artifacts), with the outline as bookmarks.
EXPORT = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"}}'
)
INSTALL_HINT = (
    "PDF needs LibreOffice, which is not installed: on Debian/Ubuntu "
    "`sudo apt-get install libreoffice-writer-nogui`, elsewhere see libreoffice.org; "
    "the DOCX and Markdown formats work without it"
)
TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """The LibreOffice program, if there is one."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, stem: str, watermark: str | None = None) -> bytes:
    """Convert DOCX bytes to PDF bytes with LibreOffice (its own throw-away profile), then mend
    what LibreOffice leaves short of PDF/UA-1 (`render.pdfua`; `watermark` is a draft's word)."""
    program = soffice()
    if program is None:
        raise UsageError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="uppdrag-pdf-") as folder:
        work = Path(folder)
        source = work / f"{stem}.docx"
        source.write_bytes(docx)
        command = [
            program,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            EXPORT,
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise UppdragError(
                _("LibreOffice did not finish converting {stem} in {seconds} s").format(
                    stem=stem, seconds=TIMEOUT_SECONDS
                )
            ) from None
        result = work / f"{stem}.pdf"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise UppdragError(
                _("LibreOffice could not convert {stem}: {detail}").format(
                    stem=stem, detail=detail[-1] if detail else _("no output")
                )
            )
        return _mended(result.read_bytes(), stem, watermark)


def _mended(data: bytes, stem: str, watermark: str | None) -> bytes:
    import pikepdf

    from uppdrag.render.pdfua import mend

    try:
        return mend(data, watermark)
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError) as exc:
        raise UppdragError(
            _("the PDF of {stem} could not be made accessible (PDF/UA-1): {detail}").format(
                stem=stem, detail=exc
            )
        ) from None
