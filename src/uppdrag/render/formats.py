"""The output formats, one registry: adding a format is one `register(Format(...))` and its templates.

In the spirit of Sphinx's builders, a `Format` says everything the rest of uppdrag needs to know
about an output: its name and file suffix, the template folder whose files shape it (the build
manifest hashes that folder), the layout files a charter's `layout:` must have, the function that
turns a charter into bytes, a preflight that fails early when an outside program is missing, and
its help text. `render`, `build`, `--check`, the index and the CLI help all read this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.check import layouts
from uppdrag.errors import UsageError
from uppdrag.i18n import N_, _

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project

Renderer = Callable[["Charter", "Project"], bytes]


@dataclass(frozen=True)
class Format:
    """One output format."""

    name: str  # as given to --format
    suffix: str  # the output file's suffix, without the dot
    templates: str  # folder under templates/ whose files shape the output
    layout_files: tuple[str, ...]  # files a layout needs, with `{}` for the layout's name
    render: Renderer
    help: str
    preflight: Callable[[], None] = lambda: None  # raise UsageError when something it needs is missing
    default: bool = False  # rendered when no --format is given
    build_file: str = "{slug}.{suffix}"  # where `build` puts it inside out/

    def output_file(self, slug: str) -> str:
        """The output's path inside out/ (as the build manifest records it)."""
        return self.build_file.format(slug=slug, suffix=self.suffix)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add (or replace) a format; the order of registration is the order of listings."""
    FORMATS[fmt.name] = fmt
    layouts.require(fmt.name, fmt.layout_files)  # what `check` asks of every layout
    return fmt


def unregister(name: str) -> None:
    FORMATS.pop(name, None)
    layouts.release(name)


def get(name: str) -> Format:
    return FORMATS[name]


def default_formats() -> str:
    return ",".join(fmt.name for fmt in FORMATS.values() if fmt.default)


def formats_help() -> str:
    """`md (Markdown), docx (Word), …` for the CLI's --format help."""
    return ", ".join(f"{fmt.name} ({_(fmt.help)})" for fmt in FORMATS.values())


def parse_formats(value: str) -> list[str]:
    """`md,docx` → ["md", "docx"]; an unknown format is a usage error."""
    names = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown or not names:
        raise UsageError(
            _("unknown format '{name}' (formats: {known})").format(
                name=",".join(unknown) or value, known=", ".join(FORMATS)
            )
        )
    return list(dict.fromkeys(names))


def preflight(names: list[str]) -> None:
    """Fail before any work when a format's outside program is missing."""
    for name in names:
        FORMATS[name].preflight()


def render_format(name: str, charter: Charter, project: Project) -> bytes:
    return FORMATS[name].render(charter, project)


def _markdown(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.markdown import render_markdown

    return render_markdown(charter, project.templates_dir).encode("utf-8")


def _docx(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.docx import render_docx

    return render_docx(charter, project.templates_dir)


def _pdf(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.pdf import docx_to_pdf
    from uppdrag.render.steady import steady_pdf

    marks = {"utkast": charter.labels.utkast, "upphävd": charter.labels.upphavd}
    watermark = marks.get(charter.status)  # a draft's or an ended mandate's word across the pages
    # LibreOffice stamps the conversion's moment: the document's own date takes its place.
    day = charter.beslut.datum or charter.datum
    return steady_pdf(docx_to_pdf(_docx(charter, project), charter.slug, watermark), day)


def _html(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.html import render_html

    return render_html(charter, project.templates_dir).encode("utf-8")


def _akn(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.akn import render_akn

    return render_akn(charter, project)


def _pdf_preflight() -> None:
    from uppdrag.render.pdf import INSTALL_HINT, soffice

    if soffice() is None:
        raise UsageError(INSTALL_HINT)


register(Format("md", "md", "md", ("md/{}.md.j2",), _markdown, "Markdown", default=True))
register(Format("docx", "docx", "docx", ("docx/header-first.{}.xml.j2",), _docx, "Word", default=True))
register(
    Format(
        "pdf",
        "pdf",
        "docx",
        ("docx/header-first.{}.xml.j2",),
        _pdf,
        N_("PDF/A through LibreOffice"),
        preflight=_pdf_preflight,
    )
)
register(
    Format(
        "html",
        "html",
        "html",
        ("html/{}.html.j2",),
        _html,
        N_("an accessible web page; with build, the register site in out/html/"),
        build_file="html/{slug}.{suffix}",
    )
)
register(
    Format(
        "akn",
        "akn.xml",
        "akn",
        ("akn/{}.xml.j2",),
        _akn,
        N_("Akoma Ntoso 3.0 (OASIS LegalDocML) XML"),
    )
)
