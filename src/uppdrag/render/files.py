"""Where rendered documents go: their file names, and writing them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from uppdrag.errors import AssetError
from uppdrag.render.formats import get, render_format
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.errors import UppdragError
    from uppdrag.source.project import Project


class Renderable(Protocol):
    """A validated charter and how to place an asset's error at its YAML field (`Loaded`, or the
    charter a build keeps)."""

    @property
    def charter(self) -> Charter: ...

    def at_field(self, exc: AssetError) -> UppdragError: ...


def output_stem(loaded: Renderable, council_revision: str | None) -> str:
    """`slug`, or `slug-REV` when rendered at a revision other than the council's own."""
    charter = loaded.charter
    if council_revision is None or charter.revision == council_revision:
        return charter.slug
    return f"{charter.slug}-{charter.revision}"


def council_revision(project: Project, slug: str) -> str | None:
    """The revision the council file names (None when it names none)."""
    value = project.load(project.council_path(slug)).get("revision")
    return value if isinstance(value, str) else None


def render_files(
    project: Project, loaded: Renderable, formats: list[str], out: Path, stem: str | None = None
) -> list[Path]:
    """Render one charter in every format, then write each file atomically (as `stem`.suffix;
    by default the council's, `output_stem`)."""
    from uppdrag.confine import check_out

    check_out(out)
    stem = stem or output_stem(loaded, council_revision(project, loaded.charter.slug))
    try:
        rendered = [
            (out / f"{stem}.{get(fmt).suffix}", render_format(fmt, loaded.charter, project))
            for fmt in formats
        ]
    except AssetError as exc:  # a Word template that cannot be used: at its `template:` line
        raise loaded.at_field(exc) from None
    for path, content in rendered:
        write_atomic(path, content)
    return [path for path, _ in rendered]
