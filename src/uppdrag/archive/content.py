"""What a version's package holds: its documents rendered from the charter, described for the archive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project

REPRESENTATION = "rep1"
DATA = f"representations/{REPRESENTATION}/data"


@dataclass(frozen=True)
class Kind:
    """A file format as the archive names it: MIME type, name and version, PRONOM key."""

    mimetype: str
    name: str
    version: str | None
    pronom: str | None


# The archival copy first: PDF/A-2b (LibreOffice), then the editable and plain-text forms.
KINDS: dict[str, Kind] = {
    "pdf": Kind("application/pdf", "PDF/A", "2b", "fmt/477"),
    "docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Microsoft Word for Windows",
        "2007 onwards",
        "fmt/412",
    ),
    "md": Kind("text/markdown", "Markdown", None, "fmt/1149"),
    "akn": Kind("application/xml", "Akoma Ntoso", "3.0", None),
    "html": Kind("text/html", "HTML", "5", "fmt/471"),
}
ORDER = ("pdf", "docx", "md", "akn")


@dataclass(frozen=True)
class Member:
    """One file of the package: its path inside the package folder, bytes and format."""

    path: str
    data: bytes
    kind: Kind


def documents(project: Project, charter: Charter) -> list[Member]:
    """The representation's files (PDF/A, DOCX, Markdown, and Akoma Ntoso when uppdrag has that
    format) and, as documentation, the page the register published."""
    from uppdrag.render.formats import FORMATS

    found = []
    for name in ORDER:
        fmt = FORMATS.get(name)
        if fmt is not None:
            found.append(
                Member(f"{DATA}/{charter.slug}.{fmt.suffix}", fmt.render(charter, project), KINDS[name])
            )
    page = FORMATS["html"].render(charter, project)
    found.append(Member(f"documentation/{charter.slug}.html", page, KINDS["html"]))
    return found
