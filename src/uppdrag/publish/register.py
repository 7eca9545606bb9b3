"""The register as a stage after `build`: the CLI builds, then publishes with the build's result.

Build writes every council's documents; of the register it knows only what `CouncilPages` gives
it, explicitly: the page of the register's format with the site's links (which pickles, so the
workers get it under `spawn` too) and the councils whose links changed. `publish` then writes what
spans councils (index, register.json, history pages: publish/site.py), and `check` says what it
would write. The git history (`build --git`) is passed in, never kept in a global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.publish.pages import SITE

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.build.manifest import Manifest
    from uppdrag.check.model import Charter
    from uppdrag.errors import Diagnostic
    from uppdrag.publish.history import GitHistory, Link
    from uppdrag.source.project import Project


def publishes(formats: list[str]) -> bool:
    """Whether a build of `formats` makes the register (its pages are the HTML format's)."""
    return SITE in formats


@dataclass(frozen=True)
class CouncilPages:
    """What build asks of the register: each council's page with its links (see build/council.py)."""

    versions: dict[str, tuple[Link, ...]] = field(default_factory=dict)  # slug → its git versions

    def render(self, fmt: str, charter: Charter, project: Project) -> bytes | None:
        """The register's page for the format it is made of; None: the format's own rendering."""
        from uppdrag.publish.pages import council_page

        if fmt != SITE:
            return None
        return council_page(project, charter, self.versions.get(charter.slug, ()))

    def stale(self, out: Path, slugs: list[str]) -> dict[str, list[str]]:
        """Councils whose page links other git versions than the site holds (a new tag, --git or not)."""
        from uppdrag.publish.sitekeys import relinked

        return {slug: ["git versions"] for slug in relinked(out, slugs, self.versions)}


def council_pages(formats: list[str], git: GitHistory | None) -> CouncilPages | None:
    """What build needs of the register, when the formats make one."""
    return CouncilPages(git.links() if git else {}) if publishes(formats) else None


def publish(
    project: Project, out: Path, manifest: Manifest, git: GitHistory | None, jobs: int = 1
) -> tuple[list[Path], list[Diagnostic]]:
    """Bring the register in out/html/ up to date with the build's manifest (the history pages on
    up to `jobs` processes); the pages removed, and a warning when the site's state file was not as
    uppdrag writes it (discarded, made again).

    One writer at a time (the build's lock on out/), and a signal does not cut it short.
    """
    from uppdrag.build.finish import discarded
    from uppdrag.build.lock import out_lock
    from uppdrag.build.workers import shielded
    from uppdrag.publish.site import update_site
    from uppdrag.publish.sitekeys import STATE

    with out_lock(out), shielded():
        removed, broken = update_site(project, out, manifest, git, jobs)
    return removed, [discarded(out / SITE / STATE)] if broken else []


def check(project: Project, out: Path, manifest: Manifest, git: GitHistory | None) -> list[str]:
    """One line per page of the register a build would write or remove (nothing is written)."""
    from uppdrag.publish.site import check_site

    return check_site(project, out, manifest, git)
