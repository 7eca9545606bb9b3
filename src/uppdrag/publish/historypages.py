"""The register's history pages: each revision of a council with the redline against the one before.

When many councils changed (a layout edited, a first build), their pages are made on the build's
worker processes (`build.workers`), as the councils' own documents are: a council's redlines load
it at every revision of its base and compare them, which is most of the register's work. A
council's versions from git (`build --git`) are made in the main process, which holds the git
history; so are the pages of a few councils, where starting processes costs more than it saves.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uppdrag.publish.history import GitStep
from uppdrag.publish.pages import site_links, site_page

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from uppdrag.check.model import Charter
    from uppdrag.diff.align import Redline
    from uppdrag.publish.history import Link, Step
    from uppdrag.source.project import Project

PARALLEL_FROM = 8  # councils with pages to make, below which one process makes them all


@dataclass
class Revisions:
    """A council's charters by revision, shared by its steps (each revision is the new side of one
    step and the old side of the next), taken from the private cache when kept; its own revision
    first, under the key the build keeps it by (`load_charter` with no revision asked makes the
    same charter as with its own asked)."""

    project: Project
    slug: str
    found: dict[str, Charter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from uppdrag.build.charters import load_kept
        from uppdrag.errors import UppdragError

        with contextlib.suppress(UppdragError):  # then asked with its revision: that error shows
            own = load_kept(self.project, self.slug).charter
            self.found[own.revision] = own

    def at(self, revision: str) -> Charter:
        """The council's charter at `revision` of its base (its errors as `load_charter`'s)."""
        from uppdrag.build.charters import load_kept

        if revision not in self.found:
            self.found[revision] = load_kept(self.project, self.slug, revision).charter
        return self.found[revision]


def redline(project: Project, step: Step, charters: Revisions | None = None) -> Redline:
    """The council at this revision against the one before (against itself for the first)."""
    from uppdrag.diff.align import compare

    found = Revisions(project, step.slug) if charters is None else charters
    new = found.at(step.revision)
    old = new if step.previous is None else found.at(step.previous)
    result = compare(old, new)
    result.old_name, result.new_name = step.previous or step.revision, step.revision
    return result


def history_page(
    project: Project,
    step: Step | GitStep,
    versions: Sequence[Link] = (),
    charters: Revisions | None = None,
    made: Sequence[Step] | None = None,
) -> bytes:
    """One revision (or git version) of a council, with the redline against the step before
    (`made`: the council's steps, when known)."""
    from uppdrag.errors import UppdragError

    site = site_links(project, step.slug, step.file, versions, made)
    context: dict[str, Any] = {"step": step, "site": site}
    try:
        context["redline"] = step.redline if isinstance(step, GitStep) else redline(project, step, charters)
    except UppdragError as exc:  # a council's overrides need not fit every older revision
        context["redline"], context["errors"] = None, [d.message for d in exc.diagnostics]
    return site_page(project, "_history.html.j2", context)


def revision_pages(
    project: Project, slug: str, versions: Sequence[Link], made: Sequence[Step]
) -> dict[str, bytes]:
    """The pages of a council's base revisions (`made`: its steps), by file, oldest first."""
    charters = Revisions(project, slug)
    return {step.file: history_page(project, step, versions, charters, made) for step in made}


def history_pages(
    project: Project, todo: Mapping[str, list[Step]], links: Mapping[str, Sequence[Link]], jobs: int
) -> dict[str, dict[str, bytes]]:
    """Each council's revision pages (`todo`: slug → its steps; made: slug → file → bytes), on up
    to `jobs` processes when there are enough councils; the same bytes however many."""
    from uppdrag.build.council import chunks
    from uppdrag.build.workers import run_parallel, workers_for

    slugs = list(todo)
    workers = workers_for(jobs, len(slugs))
    if workers == 1 or len(slugs) < PARALLEL_FROM:
        return {slug: revision_pages(project, slug, links.get(slug, ()), todo[slug]) for slug in slugs}
    made: dict[str, dict[str, bytes]] = {}
    root = str(project.root)
    tasks = [
        (root, {s: todo[s] for s in chunk}, {s: tuple(links.get(s, ())) for s in chunk})
        for chunk in chunks(slugs, workers)
    ]
    run_parallel(_in_worker, tasks, min(workers, len(tasks)), made.update)
    return {slug: made[slug] for slug in slugs}


_worker_projects: dict[str, Project] = {}


def _in_worker(
    root: str, todo: dict[str, list[Step]], links: dict[str, tuple[Link, ...]]
) -> dict[str, dict[str, bytes]]:
    """A chunk of councils' revision pages, made in a worker process (bases parsed once there)."""
    from uppdrag.source.project import Project

    project = _worker_projects.setdefault(root, Project(Path(root)))
    return {slug: revision_pages(project, slug, links.get(slug, ()), made) for slug, made in todo.items()}
