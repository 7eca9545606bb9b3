"""A council's page in the register: its document with the site's links (index, history)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.publish.history import revisions_of, steps, steps_of

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from uppdrag.check.model import Charter
    from uppdrag.publish.history import Link, Step
    from uppdrag.render.html import Filters
    from uppdrag.source.project import Project

SITE = "html"  # the register's folder inside out/, and the format its pages are


def site_links(
    project: Project,
    slug: str,
    current: str | None = None,
    versions: Sequence[Link] = (),
    made: Sequence[Step] | None = None,
) -> dict[str, Any]:
    """The register's links on a council's page, or on its history page `current` (a file of the site).

    `history` are the base revisions (`made`: the council's steps when known, else read from its
    file), `versions` the git tags (with `build --git`, publish/gitlog.py).
    """
    up = "../" * (current or "").count("/")  # from a history page back to out/html/
    history = [
        {"href": up + s.file, "revision": s.revision, "current": s.file == current}
        for s in (steps(project, slug) if made is None else made)
    ]
    tagged = [{"href": up + s.file, "revision": s.revision, "current": s.file == current} for s in versions]
    rows = timeline(versions)
    for row in rows:
        row["href"] = up + row["page"]
        row["current"] = row["page"] == current
    here = next((row for row in rows if row["current"]), None)
    by_ref = {row["version"]: row for row in rows}
    banner = dict(here, successor=by_ref.get(here["superseded_by"] or "")) if here else None
    return {
        "index": f"{up}index.html",
        "page": f"{up}{slug}.html",
        "history": history,
        "versions": tagged,
        "timeline": rows,
        "banner": banner,
    }


def timeline(versions: Sequence[Link]) -> list[dict[str, Any]]:
    """A council's versions from git (with `build --git`), each with its decision and its period
    in force: what the council page, a version's banner and register.json show."""
    return [
        {
            "version": link.revision,
            "commit": link.commit,
            "page": link.file,
            "decided": link.decided,
            "start_open": link.start_open,
            "from": link.first,
            "to": link.last,
            "superseded_by": link.superseded_by,
            "ended": link.ended,
            "ended_by": link.ended_by,
        }
        for link in versions
    ]


def council_page(project: Project, charter: Charter, versions: Sequence[Link] = ()) -> bytes:
    """out/html/<slug>.html: the council's document with the links of the register."""
    from uppdrag.render.html import render_html

    # its steps from the charter: a council whose charter is kept needs no YAML (build/charters.py)
    made = steps_of(charter.slug, revisions_of(project, charter.kind, charter.revision))
    site = site_links(project, charter.slug, versions=versions, made=made)
    return render_html(charter, project.templates_dir, site=site).encode()


def filters() -> Filters:
    """The register's own filters, beside the HTML layouts' (its history pages show redlines)."""
    from uppdrag.diff.outputs import REDLINE_FILTERS

    return REDLINE_FILTERS


def site_page(project: Project, name: str, context: Mapping[str, Any]) -> bytes:
    """A page of the register that spans councils (`_index`, `_history`), in the register's environment."""
    from uppdrag.render.html import render_page

    return render_page(project.templates_dir, name, context, filters()).encode()
