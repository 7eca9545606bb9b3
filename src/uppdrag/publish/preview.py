"""The live preview behind `uppdrag serve`: pages rendered afresh from the YAML, never written.

Each page carries a small script that asks `/__version` a few times a second and reloads when
the answer changes; the answer is a hash of the modification times of every council, base and
HTML template, so a save anywhere shows within a second. A council that does not validate is
shown as its error lines (file:line:col) instead of the document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uppdrag.check.charter import Loaded
    from uppdrag.errors import Diagnostic, UppdragError
    from uppdrag.render.html import Origin
    from uppdrag.source.project import Project

VERSION_PATH = "/__version"
POLL_MS = 250
RELOAD = (
    "<script>(function () { var seen = null; function poll() {"
    f' fetch("{VERSION_PATH}", {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})'
    ".then(function (v) { if (seen !== null && v !== seen) { location.reload(); } seen = v; })"
    f".catch(function () {{}}).finally(function () {{ setTimeout(poll, {POLL_MS}); }}); }}"
    " poll(); }());</script>"
)


@dataclass(frozen=True)
class Page:
    """A rendered page: its status code, HTML, and the problems it shows."""

    status: int
    html: str
    problems: tuple[Diagnostic, ...] = ()


def version(project: Project) -> str:
    """A hash of the names, sizes and modification times of every input of a page."""
    from uppdrag.fingerprint import hash_files

    files = [*project.councils_dir.rglob("*.yaml"), *(project.templates_dir / "html").rglob("*")]
    return hash_files(files, project.root, stat=True)[:16]


def origin_of(loaded: Loaded, root: Path) -> Origin:
    """Where each text was written: `councils/bases/samordningsrad/2026.yaml:41` (for hovering)."""

    def origin(loc: tuple[int | str, ...]) -> str:
        mark, _ = loaded.mark(loc)
        try:
            where = mark.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:  # outside the project: its name only, never where it lies
            where = mark.path.name
        return f"{where}:{mark.line}"

    return origin


def council(project: Project, slug: str) -> Page:
    """One council's page with provenance and the reload script, or its errors."""
    from uppdrag.check.charter import load_charter
    from uppdrag.errors import UppdragError
    from uppdrag.render.html import render_html

    try:
        loaded = load_charter(project, slug)
        origin = origin_of(loaded, project.root)
        html = render_html(loaded.charter, project.templates_dir, origin=origin, extra_head=RELOAD)
        return Page(200, html)
    except UppdragError as exc:
        return problem_page(project, slug, exc)


def problem_page(project: Project, slug: str, exc: UppdragError) -> Page:
    """A council's page that cannot be shown: its error lines (file:line:col), reloaded on a save."""
    from uppdrag.errors import NotFoundError, UppdragError
    from uppdrag.render.html import render_page

    status = 404 if isinstance(exc, NotFoundError) else 422
    lines = [_shown(d, project.root) for d in exc.diagnostics]
    context = {"slug": slug, "lines": lines, "reload": RELOAD}
    try:
        html = render_page(project.templates_dir, "_preview.html.j2", context)
    except UppdragError:  # the preview's own template is broken: plain text will do
        from markupsafe import escape

        html = (
            "<!DOCTYPE html><title>uppdrag</title><pre>"
            + "\n".join(escape(x) for x in lines)
            + "</pre>"
            + RELOAD
        )
    return Page(status, html, tuple(exc.diagnostics))


def listing(project: Project, editing: bool = False) -> Page:
    """The preview's start page: a link to every council (and to its editing page with `--edit`)."""
    from uppdrag.render.html import render_page

    context = {"slugs": project.slugs(), "reload": RELOAD, "editing": editing}
    html = render_page(project.templates_dir, "_preview.html.j2", context)
    return Page(200, html)


def _shown(diagnostic: Diagnostic, root: Path) -> str:
    """A diagnostic with its path relative to the project (as the editor shows it)."""
    from dataclasses import replace

    from uppdrag.errors import Mark

    mark = diagnostic.mark
    if mark is None:
        return str(diagnostic)
    try:
        relative = Path(os.path.relpath(mark.path, root))
    except ValueError:
        relative = Path(mark.path.name)
    if relative.parts[:1] == ("..",):  # outside the project: its name only, never where it lies
        relative = Path(mark.path.name)
    return str(replace(diagnostic, mark=Mark(relative, mark.line, mark.col)))
