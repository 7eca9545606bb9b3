"""Open a mandate document of any supported kind, refusing what cannot be one (one line each)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.errors import DataError, Diagnostic, display_path
from uppdrag.i18n import _, strerror

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.ingest.blocks import Block

MAX_TEXT = 2_000_000  # bytes of Markdown or text
MAX_PACKAGE = 30_000_000  # bytes of DOCX or PDF on disk
MAX_UNPACKED = 100_000_000  # bytes a DOCX may unpack to (a zip bomb is refused)
MAX_PART = 25_000_000  # bytes one part may unpack to (a mandate's document.xml is ~100 KB)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .doc files
SUFFIXES = (".docx", ".md", ".markdown", ".txt", ".text", ".pdf")


class IngestError(DataError):
    """A document that cannot be imported; said as `FILE: what is wrong`."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.diagnostics = [Diagnostic(message, None, display_path(path))]


@dataclass
class Document:
    """A document read into blocks; `pdf_like` when its text came out of a PDF (glued words)."""

    path: Path
    blocks: list[Block]
    pdf_like: bool


def documents_in(paths: list[Path]) -> list[Path]:
    """The files to import: each file given, and the supported files in each folder given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_document(path: Path) -> Document:
    """The document's blocks; an IngestError for anything that is not a readable document."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise IngestError(path, _("not a document uppdrag can import (.docx, .md, .txt or .pdf)"))
    from uppdrag.confine import read_limited

    try:
        limit = MAX_TEXT if suffix not in (".docx", ".pdf") else MAX_PACKAGE
        data = read_limited(path, limit)  # a FIFO or /dev/zero is refused by its type, unread
    except DataError as exc:
        raise IngestError(path, exc.diagnostics[0].message) from None
    except FileNotFoundError:
        raise IngestError(path, _("no such file")) from None
    except IsADirectoryError:
        raise IngestError(path, _("is a folder")) from None
    except OSError as exc:
        raise IngestError(path, _("cannot read file: {reason}").format(reason=strerror(exc))) from None
    if suffix == ".docx":
        return Document(path, _docx(path, data), pdf_like=False)
    if suffix == ".pdf":
        return Document(path, _pdf(path, data), pdf_like=True)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    if "\x00" in text:
        raise IngestError(path, _("not a text file (binary content)"))
    from uppdrag.ingest.read_text import read_markdown

    return Document(path, read_markdown(text), pdf_like=suffix in (".txt", ".text"))


def _docx(path: Path, data: bytes) -> list[Block]:
    if data.startswith(OLE):
        raise IngestError(
            path, _("encrypted (password-protected) or an old .doc file; save it as .docx without a password")
        )
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            largest = max((info.file_size for info in package.infolist()), default=0)
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError):
        raise IngestError(path, _("not a DOCX file (damaged, or not a Word document)")) from None
    if unpacked > MAX_UNPACKED or largest > MAX_PART:
        unpacked = max(unpacked, largest)
        raise IngestError(
            path, _("unpacks to {size} bytes, more than a mandate can hold").format(size=unpacked)
        )
    if "word/document.xml" not in names:
        raise IngestError(path, _("not a DOCX file (it has no word/document.xml)"))
    from uppdrag.ingest.read_docx import read_docx

    try:
        return read_docx(path)
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged package
        raise IngestError(
            path, _("damaged DOCX: {reason}").format(reason=str(exc).splitlines()[0][:120])
        ) from None


def _pdf(path: Path, data: bytes) -> list[Block]:
    if not data.startswith(b"%PDF"):
        raise IngestError(path, _("not a PDF file"))
    if b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]:
        raise IngestError(path, _("encrypted PDF; save it without a password"))
    from uppdrag.ingest.read_text import pdf_text, read_layout

    text = pdf_text(data)
    if len(text.split()) < 20:
        raise IngestError(
            path, _("the PDF has no text (a scanned image?); import the Word file, or run OCR first")
        )
    return read_layout(text)
