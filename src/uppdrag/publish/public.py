"""The register's pages for the public beside the documents: `tillganglighet.html`, the
accessibility statement in the form of Digg's model, made from the checks the build ran on the
site's pages (publish/a11y.py; each page's findings kept by its bytes: publish/audited.py) and on
the PDFs it links (publish/pdfcheck.py); and the register as a DCAT-AP-SE dataset with its
distributions, `catalog.ttl` and `catalog.jsonld` (publish/catalog.py). All take their facts
from the charters' `forteckning:` (councils/bases/vgr.yaml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uppdrag.check.model import Charter, Register
    from uppdrag.publish.audited import SitePages
    from uppdrag.source.project import Project

STATEMENT = "tillganglighet.html"


Facts = tuple["Charter", "Register"]


def register_facts(project: Project, slugs: list[str]) -> Facts | None:
    """The first council's charter with its `forteckning:` (None when there is none to say), as
    the build kept it (build/charters.py)."""
    from uppdrag.build.charters import load_kept
    from uppdrag.errors import UppdragError

    for slug in slugs:
        try:
            charter = load_kept(project, slug).charter
        except UppdragError:
            continue
        return (charter, charter.forteckning) if charter.forteckning else None
    return None


def known_exceptions(rows: list[dict[str, Any]], pdfs: dict[str, bytes]) -> list[dict[str, Any]]:
    """The PDFs the register links that fail a check of publish/pdfcheck.py, with the checks failed."""
    from uppdrag.publish.pdfcheck import pdf_problems

    found = []
    for row in rows:
        href = row["files"].get("pdf")
        if href in pdfs and (failed := pdf_problems(pdfs[href])):
            found.append({"title": row["title"], "href": href, "failed": failed})
    return found


def statement(
    project: Project,
    charter: Charter,
    register: Register,
    rows: list[dict[str, Any]],
    pages: SitePages,
    pdfs: dict[str, bytes],
    jobs: int = 1,
) -> bytes:
    """tillganglighet.html: conformance, known exceptions, contact, enforcement, how it was tested
    (`pages`: the site's HTML pages by name, checked on up to `jobs` processes; `pdfs`: the PDFs
    it links, by link)."""
    from uppdrag.publish.audited import audited
    from uppdrag.render.html import render_page

    results = audited(project.root, pages, jobs)
    context = {
        "organisation": charter.organisation,
        "register": register,
        "results": results,
        "failed": [r for r in results if r.failed],
        "exceptions": known_exceptions(rows, pdfs),
        "pdfs": len(pdfs),
        "documents": len(rows),
        "date": max((str(row["datum"]) for row in rows), default=""),
    }
    return render_page(project.templates_dir, "_tillganglighet.html.j2", context).encode()


def public_pages(
    project: Project,
    rows: list[dict[str, Any]],
    pages: SitePages,
    pdfs: dict[str, bytes],
    facts: Facts | None,
    jobs: int = 1,
) -> dict[str, bytes]:
    """tillganglighet.html, catalog.ttl and catalog.jsonld, or nothing when the charters have no
    `forteckning:` (the pages checked on up to `jobs` processes)."""
    from uppdrag.publish.catalog import JSONLD, TURTLE, graph, jsonld, turtle

    if facts is None:
        return {}
    charter, register = facts
    nodes = graph(charter, register, rows)
    return {
        STATEMENT: statement(project, charter, register, rows, pages, pdfs, jobs),
        TURTLE: turtle(nodes, register.adress),
        JSONLD: jsonld(nodes, register.adress),
    }
