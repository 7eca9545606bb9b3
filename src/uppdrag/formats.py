"""The output formats: each turns a charter into bytes."""

from __future__ import annotations

from collections.abc import Callable

from .errors import UsageError
from .model import Charter
from .project import Project


def _markdown(charter: Charter, project: Project) -> bytes:
    from .markdown import render_markdown

    return render_markdown(charter, project.templates_dir).encode("utf-8")


RENDERERS: dict[str, Callable[[Charter, Project], bytes]] = {"md": _markdown}
DEFAULT_FORMATS = ("md",)


def parse_formats(value: str) -> list[str]:
    """`md,docx` → ["md", "docx"]; an unknown format is a usage error."""
    formats = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [fmt for fmt in formats if fmt not in RENDERERS]
    if unknown or not formats:
        raise UsageError(f"unknown format '{','.join(unknown) or value}' (formats: {', '.join(RENDERERS)})")
    return list(dict.fromkeys(formats))


def render_format(fmt: str, charter: Charter, project: Project) -> bytes:
    return RENDERERS[fmt](charter, project)
