"""A council's history: every base revision it has been on, and with `build --git` every git version."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from uppdrag.diff.align import Redline
    from uppdrag.diff.pointintime import Period
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
    return revisions_of(project, kind, own)


def revisions_of(project: Project, kind: str, own: object) -> list[str]:
    """`revisions` of a council on base `kind` at revision `own` (a charter's, without its YAML)."""
    known = project.base_revisions(kind)
    if not isinstance(own, str) or own not in known:
        return [own] if isinstance(own, str) else []
    return [rev for rev in known if rev <= own]


def steps(project: Project, slug: str) -> list[Step]:
    """The council's history, oldest first."""
    return steps_of(slug, revisions(project, slug))


def steps_of(slug: str, found: list[str]) -> list[Step]:
    """The steps of a council through the revisions `found`, oldest first."""
    return [Step(slug, rev, found[i - 1] if i else None) for i, rev in enumerate(found)]


# Versions from git (`build --git`, walked by publish/gitlog.py) ------------------------------


@dataclass(frozen=True)
class Version:
    """A published version: a tag and the commit it names."""

    tag: str
    commit: str


@dataclass(frozen=True)
class GitStep:
    """A council at one tag: its redline against its previous step (itself for the first), made
    only when asked for (a page to write), and when that version was decided and in force."""

    slug: str
    revision: str  # the tag, as the page shows it
    previous: str | None
    file: str  # the page's path inside out/html/
    commit: str
    load: Callable[[], Redline] = field(compare=False, repr=False)
    period: Period | None = field(default=None, compare=False)  # when it was decided and in force
    git: bool = True

    @property
    def redline(self) -> Redline:
        return self.load()


@dataclass
class GitHistory:
    """Per council, its steps from git, oldest first."""

    versions: list[Version]
    steps: dict[str, list[GitStep]]

    def of(self, slug: str) -> list[GitStep]:
        return self.steps.get(slug, [])

    def key(self, slug: str) -> str:
        """What the council's git steps were made from: each step's tag and commit id."""
        return "".join(f"\0{s.revision}\0{s.commit}" for s in self.of(slug))

    def links(self) -> dict[str, tuple[Link, ...]]:
        """Per council, its versions as its page links them (small: what build's workers are sent)."""
        return {slug: tuple(_link(s) for s in found) for slug, found in self.steps.items()}


@dataclass(frozen=True)
class Link:
    """A git version as a council's page links it: the page's path inside out/html/ and its tag,
    with when it was decided and in force (the timeline; ISO days, None where there is none)."""

    file: str
    revision: str
    commit: str = ""
    decided: str | None = None
    start_open: bool = False  # decided, the day it takes effect not yet set
    first: str | None = None  # in force from (None: never in force)
    last: str | None = None  # in force to (None: still, or never)
    superseded_by: str | None = None  # the tag of the version that replaced it
    ended: str | None = None  # the day the mandate was upphävd, when that closed this version
    ended_by: str | None = None


def _day(value: object) -> str | None:
    return str(value) if value is not None else None


def _link(step: GitStep) -> Link:
    period = step.period
    if period is None:
        return Link(step.file, step.revision, step.commit)
    version, ended, successor = period.version, period.ended, period.superseded_by
    return Link(
        step.file,
        step.revision,
        step.commit,
        _day(version.decided),
        version.start_open,
        _day(period.first),
        _day(period.last),
        successor.ref if successor else None,
        _day(ended.ended if ended else None),
        ended.ended_by if ended else None,
    )


def key_digest(history: GitHistory | None, slug: str) -> str:
    """The part of a council's site key that comes from git ('' without --git: keys stay as they were)."""
    import hashlib

    if history is None or not history.of(slug):
        return ""
    return hashlib.sha256(history.key(slug).encode()).hexdigest()
