"""History from git (`build -f html --git`): each council at the published versions of the repository.

The published versions are the repository's git **tags** reachable from HEAD: a coordinator tags
what was decided and sent out, while the commits in between are work in progress. The tags are
taken in the order of their commits in the history (oldest first); at each, councils/ and
templates/ are checked out into a temporary folder (`diff.targets.project_at`) and every council
loaded there (`uppdrag.diff.versions`, cached per commit). A council gets a step for each tag at
which it existed, validated, and its document differed from its previous step; the first shows the
whole text. Each step knows its period in force (`uppdrag.diff.pointintime.periods`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from uppdrag.publish.history import HISTORY, GitHistory, GitStep, Version

if TYPE_CHECKING:
    from collections.abc import Callable

    from uppdrag.diff.align import Redline
    from uppdrag.source.project import Project


def git_history(project: Project, all_commits: bool = False) -> GitHistory:
    """The councils' history over the tags (with `all_commits`, every commit that touched
    councils/ or templates/), for the register (`publish`) to be given explicitly."""
    return walk(project, all_commits)


def versions(project: Project) -> list[Version]:
    """The tags reachable from HEAD, in the order of their commits (oldest first), then by name."""
    from uppdrag.diff.versions import refs

    found = [Version(ref.name, ref.commit) for ref in refs(project)]
    refuse_case_twins([version.tag for version in found])
    return found


def refuse_case_twins(tags: list[str]) -> None:
    """A UsageError naming two tags that differ only in case (their pages would be one file on
    Windows and macOS)."""
    from uppdrag.errors import UsageError
    from uppdrag.i18n import _

    by_case: dict[str, str] = {}
    for tag in sorted(tags):
        other = by_case.setdefault(tag.casefold(), tag)
        if other != tag:
            message = _("git tags {first} and {second} differ only in case; rename or remove one")
            raise UsageError(message.format(first=other, second=tag))


def walk(project: Project, all_commits: bool = False) -> GitHistory:
    """Every current council's steps over the tags (a council removed since has no page).

    The versions come from `uppdrag.diff.versions.walk`, whose cache is keyed on the commits: a
    walk over tags seen before checks out no tree, and a step's redline is made (two checkouts)
    only when its page is written.
    """
    from uppdrag.diff.pointintime import periods
    from uppdrag.diff.versions import walk as walk_versions

    history = walk_versions(project, all_commits)
    refuse_case_twins([ref.name for ref in history.refs])
    current = set(project.slugs())
    steps: dict[str, list[GitStep]] = {}
    for slug in sorted(current & set(history.versions)):
        found = history.of(slug)
        own = steps.setdefault(slug, [])
        for period in periods(found):
            version = period.version
            index = found.index(version)
            before = found[index - 1] if index else None
            file = _file(slug, Version(version.ref, version.commit), {s.file for s in own})
            old = (before.commit, before.ref) if before else None
            load = _loader(project, slug, old, (version.commit, version.ref))
            own.append(
                GitStep(slug, version.ref, before.ref if before else None, file, version.commit, load, period)
            )
    return GitHistory([Version(r.name, r.commit) for r in history.refs], steps)


def _loader(
    project: Project, slug: str, old: tuple[str, str] | None, new: tuple[str, str]
) -> Callable[[], Redline]:
    """The redline of `slug` between two (commit, tag)s (the first against itself), made when called."""

    def load() -> Redline:
        from contextlib import ExitStack

        from uppdrag.check.charter import load_charter
        from uppdrag.diff.align import compare
        from uppdrag.diff.targets import project_at

        with ExitStack() as stack:
            then = load_charter(stack.enter_context(project_at(project, new[0])), slug).charter
            was = (
                then
                if old is None
                else load_charter(stack.enter_context(project_at(project, old[0])), slug).charter
            )
            redline = compare(was, then)
        redline.old_name, redline.new_name = (old or new)[1], new[1]
        return redline

    return load


def _file(slug: str, version: Version, taken: set[str]) -> str:
    """`historik/<slug>/<tag>.html` (a folder, so never a base revision's `historik/<slug>-<rev>.html`)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", version.tag).strip(".-") or version.commit[:12]
    file = f"{HISTORY}/{slug}/{name}.html"
    return file if file not in taken else f"{HISTORY}/{slug}/{name}-{version.commit[:12]}.html"
