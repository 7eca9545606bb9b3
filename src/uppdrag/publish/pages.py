"""A council's page in the register: its document with the site's links (index, history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.publish.history import active, steps

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project

SITE = "html"  # the register's folder inside out/


def site_links(project: Project, slug: str, current: str | None = None) -> dict[str, Any]:
    """The register's links on a council's page, or on its history page `current` (a file of the site).

    `history` are the base revisions, `versions` the git tags (with `build --git`, publish/gitlog.py).
    """
    up = "../" * (current or "").count("/")  # from a history page back to out/html/
    git = active()
    history = [
        {"href": up + s.file, "revision": s.revision, "current": s.file == current}
        for s in steps(project, slug)
    ]
    versions = [
        {"href": up + s.file, "revision": s.revision, "current": s.file == current}
        for s in (git.of(slug) if git else [])
    ]
    return {"index": f"{up}index.html", "page": f"{up}{slug}.html", "history": history, "versions": versions}


def council_page(project: Project, charter: Charter) -> bytes:
    """out/html/<slug>.html: the council's document with the links of the register."""
    from uppdrag.render.html import render_html

    return render_html(charter, project.templates_dir, site=site_links(project, charter.slug)).encode()
