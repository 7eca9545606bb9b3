"""`uppdrag archive`: the packages of the named councils (or all decided ones) into a folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.errors import DataError, Mark, UppdragError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.archive.versions import Decided
    from uppdrag.check.model import Archive
    from uppdrag.errors import Diagnostic
    from uppdrag.source.project import Project


@dataclass
class Archived:
    """What a run made: the packages written, drafts passed over, errors of councils that failed,
    warnings of published versions not archived (`--git`: a tag this uppdrag cannot read)."""

    written: list[Path] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)
    failed: list[UppdragError] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def package_name(version: Decided, taken: set[str]) -> str:
    """`<slug>-<decision date>.zip`, with the tag when two versions share a date."""
    import re

    name = f"{version.charter.slug}-{version.decided.isoformat()}.zip"
    if name in taken and version.tag:
        tag = re.sub(r"[^A-Za-z0-9._-]+", "-", version.tag).strip(".-")
        name = f"{version.charter.slug}-{version.decided.isoformat()}-{tag}.zip"
    return name


def _profile(project: Project, version: Decided) -> Archive:
    arkiv = version.charter.arkiv
    if arkiv is None:
        raise DataError(
            _("no arkiv: section (arkivbildare, arkivinstitution, leveransoverenskommelse)"),
            Mark(project.base_path("vgr"), 1, 1),
            "arkiv",
        )
    return arkiv


def _decided(
    project: Project, slugs: list[str], git: bool, named: bool, result: Archived
) -> dict[str, list[Decided]]:
    """The versions to archive per council; drafts, failures and warnings go into `result`."""
    from uppdrag.archive.versions import DraftRefused, current, published

    if git:
        tagged, result.warnings = published(project, slugs)
        return tagged
    found: dict[str, list[Decided]] = {}
    for slug in slugs:
        try:
            found[slug] = [current(project, slug)]
        except DraftRefused as exc:
            if named:
                result.failed.append(exc)
            else:
                result.drafts.append(slug)
        except UppdragError as exc:
            result.failed.append(exc)
    return found


def archive(project: Project, slugs: list[str], out: Path, git: bool, named: bool) -> Archived:
    """Write every decided version's package into `out`; a named draft is an error, others are noted.
    When any council is refused or fails, no package is written."""
    from uppdrag.archive.package import package
    from uppdrag.write import write_atomic

    result = Archived()
    found = _decided(project, slugs, git, named, result)
    if result.failed:
        return result  # refused before any package is made
    made: list[tuple[str, bytes]] = []
    taken: set[str] = set()
    for slug, versions in found.items():
        for version in versions:
            try:
                data = package(version, _profile(project, version))
            except UppdragError as exc:
                result.failed.append(exc)
                continue
            name = package_name(version, taken)
            taken.add(name)
            made.append((name, data))
        if git and not versions:
            result.drafts.append(slug)
    if result.failed:
        return result  # a named draft, a council that does not load or a package not made: none written
    for name, data in made:
        out.mkdir(parents=True, exist_ok=True)  # only once there is a package to write
        write_atomic(out / name, data)
        result.written.append(out / name)
    return result
