"""The decided versions of a mandate: the current one, or with `--git` every published one.

A published version is a git tag reachable from HEAD (as for the register's history,
`publish/gitlog.py`). A council's version at a tag is archived when it is decided there and
differs from its previous decided version (its text, facts or decision); the next such version
supersedes it on its own decision date. A council that this uppdrag cannot read or render at a
tag (a file from an older schema) is not archived there, and a warning says so: never a silent gap.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from uppdrag.errors import DataError, Diagnostic, Mark, UppdragError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from uppdrag.archive.content import Member
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class Decided:
    """One decided version and its rendered documents; `tag` and `commit` when it came from git."""

    charter: Charter
    documents: tuple[Member, ...]
    tag: str | None = None
    commit: str | None = None
    superseded: date | None = None  # the next decided version's decision date
    superseded_by: str | None = None  # that version's tag

    @property
    def decided(self) -> date:
        assert self.charter.beslut.datum is not None  # only decided charters become versions
        return self.charter.beslut.datum


class DraftRefused(DataError):
    """A draft (utkast) named for the archive: only decided versions are archived."""


def draft_error(project: Project, slug: str) -> DraftRefused:
    return DraftRefused(
        _(
            "{slug} is a draft (utkast): only decided versions are archived; record its decision "
            "(beslut.datum, or beslutad: with the revision) first"
        ).format(slug=slug),
        Mark(project.council_path(slug), 1, 1),
    )


def current(project: Project, slug: str) -> Decided:
    """The council's version as it stands, refused when it is a draft."""
    from uppdrag.archive.content import documents
    from uppdrag.check.charter import load_charter

    charter = load_charter(project, slug).charter
    if charter.beslut.datum is None:
        raise draft_error(project, slug)
    return Decided(charter, tuple(documents(project, charter)))


def published(project: Project, slugs: list[str]) -> tuple[dict[str, list[Decided]], list[Diagnostic]]:
    """Every decided version of each council at the repository's tags, oldest first; and a
    warning for each council at a tag that this uppdrag cannot read or render (not archived)."""
    from uppdrag.diff.targets import NoCouncilsAt, project_at
    from uppdrag.publish.gitlog import versions

    found: dict[str, list[Decided]] = {slug: [] for slug in slugs}
    unread: list[Diagnostic] = []
    for version in versions(project):
        try:
            with project_at(project, version.commit) as then:
                for slug in sorted(set(slugs) & set(then.slugs())):
                    own = found[slug]
                    try:
                        decided = _at(then, slug, version.tag, version.commit)
                    except UppdragError as exc:
                        unread.append(_unread(then, slug, version.tag, exc))
                        continue
                    if decided is not None and not (own and _same(own[-1].charter, decided.charter)):
                        own.append(decided)
        except NoCouncilsAt:
            continue  # a tag from before the project had councils/: no version of any council
    return {slug: _chained(own) for slug, own in found.items()}, unread


def _at(then: Project, slug: str, tag: str, commit: str) -> Decided | None:
    """The council's decided version in the tree of a tag (None: a draft there)."""
    from uppdrag.archive.content import documents
    from uppdrag.check.charter import load_charter

    charter = load_charter(then, slug).charter
    if charter.beslut.datum is None:
        return None
    return Decided(charter, tuple(documents(then, charter)), tag, commit)


def _unread(then: Project, slug: str, tag: str, exc: UppdragError) -> Diagnostic:
    """A warning: the council at `tag` is not archived, with the first reason, its place given
    as a path in the tag's tree."""
    first = exc.diagnostics[0]
    if first.mark is not None and first.mark.path.is_relative_to(then.root):
        first = replace(first, mark=replace(first.mark, path=first.mark.path.relative_to(then.root)))
    return Diagnostic(
        _(
            "{slug} as published at tag {tag} cannot be read by this uppdrag, so that version is "
            "not archived: {reason}"
        ).format(slug=slug, tag=tag, reason=first),
        severity="warning",
    )


def _same(old: Charter, new: Charter) -> bool:
    """The same decision of the same document (text, facts, letterhead)."""
    from uppdrag.diff.align import compare

    return old.beslut == new.beslut and not compare(old, new).differs


def _chained(own: list[Decided]) -> list[Decided]:
    """Each version superseded by the next one on that one's decision date."""
    return [
        replace(version, superseded=following.decided, superseded_by=following.tag)
        if following is not None
        else version
        for version, following in zip(own, [*own[1:], None], strict=True)
    ]
