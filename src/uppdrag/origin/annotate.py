"""Markdown with the source of every block in an HTML comment: invisible when shown, there when read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.origin.layers import field_name

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.charter import Loaded
    from uppdrag.origin.effective import Effective
    from uppdrag.source.project import Project


def origin_markdown(effective: Effective) -> str:
    """The council's Markdown, each heading, paragraph and list item followed by `<!-- source -->`."""
    from uppdrag.render.markdown import render_markdown

    origins = effective.origins
    project = effective.project

    def describe(*steps: str) -> str:
        address = tuple(steps)
        parts = [
            f"{sub[-1]} {origin.describe(project)}" for sub, origin in origins.items() if sub[:-1] == address
        ]
        if not parts and address in origins:  # a leaf, such as a heading
            parts = [origins[address].describe(project)]
        if not parts:
            return ""
        text = f"{field_name(address, effective.tree)}: {'; '.join(parts)}".replace("--", "- -")
        return f" <!-- {text} -->"

    return render_markdown(effective.charter, project.templates_dir, describe)


def write_origin_markdown(project: Project, loaded: Loaded, out: Path) -> Path:
    """Write `STEM.origin.md` into `out` (atomically); the official `STEM.md` is left alone."""
    from uppdrag.origin.effective import Effective
    from uppdrag.origin.layers import layers
    from uppdrag.render.files import council_revision, output_stem
    from uppdrag.write import write_atomic

    charter = loaded.charter
    view = Effective(project, charter.slug, charter, tuple(layers(project, charter.slug, charter.revision)))
    path = out / f"{output_stem(loaded, council_revision(project, charter.slug))}.origin.md"
    write_atomic(path, origin_markdown(view).encode("utf-8"))
    return path
