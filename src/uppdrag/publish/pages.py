"""A council's page in the register: its document with the site's links (index, history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.publish.history import steps

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project

SITE = "html"  # the register's folder inside out/


def site_links(project: Project, slug: str, current: str | None = None, up: str = "") -> dict[str, Any]:
    """The register's links on a council's page (`up` leads from a sub-folder back to out/html/)."""
    history = [
        {"href": up + s.file, "revision": s.revision, "current": s.revision == current}
        for s in steps(project, slug)
    ]
    return {"index": f"{up}index.html", "page": f"{up}{slug}.html", "history": history}


def council_page(project: Project, charter: Charter) -> bytes:
    """out/html/<slug>.html: the council's document with the links of the register."""
    from uppdrag.render.html import render_html

    return render_html(charter, project.templates_dir, site=site_links(project, charter.slug)).encode()
