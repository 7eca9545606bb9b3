"""The output formats: each turns a charter into bytes."""

from __future__ import annotations

from collections.abc import Callable

from uppdrag.check.model import Charter
from uppdrag.errors import UsageError
from uppdrag.source.project import Project


def _markdown(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.markdown import render_markdown

    return render_markdown(charter, project.templates_dir).encode("utf-8")


def _docx(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.docx import render_docx

    return render_docx(charter, project.templates_dir)


def _pdf(charter: Charter, project: Project) -> bytes:
    from uppdrag.render.pdf import docx_to_pdf

    return docx_to_pdf(_docx(charter, project), charter.slug)


RENDERERS: dict[str, Callable[[Charter, Project], bytes]] = {"md": _markdown, "docx": _docx, "pdf": _pdf}


def parse_formats(value: str) -> list[str]:
    """`md,docx` → ["md", "docx"]; an unknown format is a usage error."""
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [fmt for fmt in formats if fmt not in RENDERERS]
    if unknown or not formats:
        raise UsageError(f"unknown format '{','.join(unknown) or value}' (formats: {', '.join(RENDERERS)})")
    return list(dict.fromkeys(formats))


def render_format(fmt: str, charter: Charter, project: Project) -> bytes:
    return RENDERERS[fmt](charter, project)
