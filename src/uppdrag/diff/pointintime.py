"""Which version of a mandate was in force on a date.

The version in force on a day is the latest one (in the repository's order) whose start
(`galler_fran`, by default its decision date) is on or before that day, unless its mandate ended
(`upphor.datum`) on or before it. A version that only records the end of the decision before it
(the same decision and start) never replaces that decision's text: it dates the end. A version
decided by the day but not yet in force (a later start, or one not yet set) is *coming*.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.errors import NotInForce
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from uppdrag.diff.align import Redline
    from uppdrag.diff.versions import Version
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class PointInTime:
    """A council on one day: the version in force (or None), one coming, the one that ended."""

    day: date
    version: Version | None
    coming: Version | None = None
    ended: Version | None = None
    first: Version | None = None  # the first decided version (to say when it began)

    @property
    def state(self) -> str:
        """`in force`, `coming`, `ended` or `none`, as the golden tables name them."""
        if self.version is not None:
            return "in force"
        return "ended" if self.ended else "coming" if self.coming else "none"


def _ends_only(version: Version, before: Version | None) -> bool:
    """A version that only records the end of the decision before it."""
    return (
        before is not None
        and version.ended is not None
        and (version.decided, version.start) == (before.decided, before.start)
    )


def in_force(versions: list[Version], day: date) -> PointInTime:
    """The council's state on `day` (see the module's rule)."""
    first = next((v for v in versions if v.decided is not None), None)
    current: Version | None = None
    index = -1
    for i, version in enumerate(versions):
        if version.start is not None and version.start <= day:
            before = versions[i - 1] if i else None
            if not (_ends_only(version, before) and current is before):
                current = version
            index = i
    ended = None
    closing = versions[index] if index >= 0 else None  # the latest started version says when it ends
    if closing is not None and closing.ended is not None and closing.ended <= day:
        ended, current = closing, None
    later = versions[index + 1 :]
    coming = next(
        (
            v
            for v in reversed(later)
            if v.decided is not None and v.decided <= day and not _ends_only(v, current)
        ),
        None,
    )
    return PointInTime(day, current, coming, ended, first)


def explain(slug: str, point: PointInTime) -> str:
    """One line in Swedish (English with UPPDRAG_LANG=en) for a day on which nothing was in force."""
    day = point.day.isoformat()
    if point.ended is not None:
        return _("no mandate of {slug} was in force on {day}: it ended on {end} ({by})").format(
            slug=slug, day=day, end=point.ended.ended, by=point.ended.ended_by
        )
    if point.coming is not None:
        start = point.coming.start
        when = _("in force from {start}").format(start=start) if start else _("its start is not yet set")
        return _(
            "no mandate of {slug} was in force on {day}; one is coming: decided {decided}, {when}"
        ).format(slug=slug, day=day, decided=point.coming.decided, when=when)
    if point.first is not None:
        return _("no mandate of {slug} was in force on {day}; the first was decided on {decided}").format(
            slug=slug, day=day, decided=point.first.decided
        )
    return _("no mandate of {slug} was in force on {day}; none has been decided").format(slug=slug, day=day)


def resolve(versions: list[Version], slug: str, day: date) -> Version:
    """The version in force on `day`, or NotInForce saying why none was."""
    point = in_force(versions, day)
    if point.version is None:
        raise NotInForce(explain(slug, point))
    return point.version


@contextmanager
def checkout_in_force(
    project: Project, slug: str, day: date, all_commits: bool = False
) -> Iterator[tuple[Project, Version]]:
    """The project as it was at the version of `slug` in force on `day` (a temporary copy)."""
    from uppdrag.diff.targets import project_at
    from uppdrag.diff.versions import versions

    version = resolve(versions(project, slug, all_commits), slug, day)
    with project_at(project, version.commit) as then:
        yield then, version


@contextmanager
def between_days(
    project: Project, slug: str, old_day: date, new_day: date, all_commits: bool = False
) -> Iterator[Redline]:
    """The version of `slug` in force on `old_day` against the one in force on `new_day` (both
    checkouts stay while the context lasts: a Word redline still reads their logo)."""
    from contextlib import ExitStack

    from uppdrag.check.charter import load_charter
    from uppdrag.diff.align import compare
    from uppdrag.diff.targets import project_at
    from uppdrag.diff.versions import versions

    found = versions(project, slug, all_commits)
    old, new = resolve(found, slug, old_day), resolve(found, slug, new_day)
    with ExitStack() as stack:
        charters = [
            load_charter(stack.enter_context(project_at(project, v.commit)), slug).charter for v in (old, new)
        ]
        redline = compare(*charters)
        redline.old_name = f"{slug} {old_day.isoformat()} ({old.ref})"
        redline.new_name = f"{slug} {new_day.isoformat()} ({new.ref})"
        yield redline


@dataclass(frozen=True)
class Period:
    """When a version was in force: from its first day to its last (None: not closed by the
    history), what replaced it, or the version that recorded the end that closed it.

    A version never in force is `superseded_by` the version after it, and `ended` by itself when
    it only records the end of the mandate (its end date and decision)."""

    version: Version
    first: date | None  # None: never in force (an utkast, a start not yet set, replaced first)
    last: date | None = None
    superseded_by: Version | None = None
    ended: Version | None = None


def periods(versions: list[Version]) -> list[Period]:
    """Each version's period in force, by the same rule as `in_force` (evaluated on every day a
    version starts or a mandate ends: the state holds until the next such day)."""
    from datetime import timedelta

    days = sorted({d for v in versions for d in (v.start, v.ended) if d is not None})
    states = [in_force(versions, day) for day in days]
    found: list[Period] = []
    for index, version in enumerate(versions):
        runs = [i for i, state in enumerate(states) if state.version is version]
        if not runs:
            successor = versions[index + 1] if index + 1 < len(versions) else None
            found.append(Period(version, None, None, successor, version if version.ended else None))
            continue
        after = runs[-1] + 1
        if after == len(states):
            found.append(Period(version, days[runs[0]]))
            continue
        nxt = states[after]
        found.append(Period(version, days[runs[0]], days[after] - timedelta(days=1), nxt.version, nxt.ended))
    return found
