"""A council's history: every base revision it has been on, each against the one before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uppdrag.source.project import Project

HISTORY = "historik"


@dataclass(frozen=True)
class Step:
    """One revision of a council: its page, and the revision before it (None for the first)."""

    slug: str
    revision: str
    previous: str | None
    git = False  # a base revision, not a git version (publish/gitlog.py)

    @property
    def file(self) -> str:
        """The page's path inside out/html/."""
        return f"{HISTORY}/{self.slug}-{self.revision}.html"


def revisions(project: Project, slug: str) -> list[str]:
    """The revisions of the council's base up to and including its own, oldest first."""
    data = project.load(project.council_path(slug))
    kind, own = data.get("base"), data.get("revision")
    if not isinstance(kind, str):
        return []
    known = project.base_revisions(kind)
    if not isinstance(own, str) or own not in known:
        return [own] if isinstance(own, str) else []
    return [rev for rev in known if rev <= own]


def steps(project: Project, slug: str) -> list[Step]:
    """The council's history, oldest first."""
    found = revisions(project, slug)
    return [Step(slug, rev, found[i - 1] if i else None) for i, rev in enumerate(found)]


def inputs_key(project: Project, slug: str, salt: str) -> str:
    """A hash of everything a council's history pages are made from: its file, every base, the layouts."""
    import hashlib

    digest = hashlib.sha256(salt.encode())
    files = [project.council_path(slug), *sorted(project.bases_dir.rglob("*.yaml"))]
    files += sorted(p for folder in ("html", "diff") for p in (project.templates_dir / folder).rglob("*"))
    for path in files:
        if path.is_file():
            digest.update(path.relative_to(project.root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
