"""A council's versions from the repository: the commits at which its document changed.

By default the commits are the published **tags** reachable from HEAD (what a coordinator tagged
as decided and sent out), with `all_commits` every commit that touched councils/ or templates/.
A council's version is a commit at which it existed, validated and its document differed from its
previous version; each version is dated by its own decision data (`beslut.datum`,
`beslut.galler_fran`, `upphor`), never by the commit. What a commit says about each council is
kept in a local cache keyed on the commit id and uppdrag's code (a commit's tree never changes),
so a second walk over the same commits checks out no tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uppdrag.errors import UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class Ref:
    """A published version of the repository: a tag (or a commit) and the commit it names."""

    name: str
    commit: str


@dataclass(frozen=True)
class Version:
    """One version of a council's document, dated by its decision data."""

    slug: str
    ref: str  # the tag (or the short commit) that published it
    commit: str
    revision: str
    decided: date | None  # beslut.datum; None: an utkast, never in force
    start: date | None  # the day it takes effect; None: an utkast, or decided with the start not yet set
    ended: date | None  # upphor.datum: the mandate is upphävd from that day
    ended_by: str | None  # upphor.beslut
    digest: str  # the document's fingerprint: a new one makes a new version

    @property
    def start_open(self) -> bool:
        """Decided, but the day it takes effect is not yet set (`galler_fran: ej fastställt`)."""
        return self.decided is not None and self.start is None


@dataclass
class Walk:
    """Every council's versions over the refs, and how many commit trees the walk read."""

    refs: list[Ref]
    versions: dict[str, list[Version]] = field(default_factory=dict)
    trees_read: int = 0

    def of(self, slug: str) -> list[Version]:
        return self.versions.get(slug, [])


def _git(project: Project) -> tuple[str, Path]:
    git = shutil.which("git")
    if git is None:
        raise UsageError(_("--git needs git, which is not installed"))
    return git, project.root


def _run(project: Project, *args: str) -> str | None:
    git, root = _git(project)
    done = subprocess.run([git, "-C", str(root), *args], capture_output=True, check=False)
    return done.stdout.decode() if done.returncode == 0 else None


def refs(project: Project, all_commits: bool = False) -> list[Ref]:
    """The published tags reachable from HEAD in the order of their commits (oldest first, then by
    name); with `all_commits`, every commit that touched councils/ or templates/."""
    if (
        _run(project, "rev-parse", "--show-toplevel") is None
        or _run(project, "rev-parse", "--verify", "--quiet", "HEAD") is None
    ):
        message = _("{root} is not in a git repository with a commit: --git takes the versions from its tags")
        raise UsageError(message.format(root=project.root))
    listed = _run(project, "rev-list", "--reverse", "--topo-order", "HEAD") or ""
    order = {commit: i for i, commit in enumerate(listed.split())}
    if all_commits:
        touched = _run(
            project, "rev-list", "--reverse", "--topo-order", "HEAD", "--", "councils", "templates"
        )
        return [Ref(commit[:12], commit) for commit in (touched or "").split()]
    fmt = "%(refname:short)%00%(objectname)%00%(*objectname)"
    found = []
    for line in (
        _run(project, "for-each-ref", "--merged", "HEAD", f"--format={fmt}", "refs/tags") or ""
    ).splitlines():
        tag, tagged, peeled = line.split("\0")
        commit = peeled or tagged
        if commit in order:
            found.append(Ref(tag, commit))
    return sorted(found, key=lambda r: (order[r.commit], r.name))


def facts(charter: Charter) -> dict[str, Any]:
    """What a version records of a validated charter: its revision, dates and document fingerprint."""
    decision = charter.beslut
    # The document: text, facts and letterhead; not where the logo file happened to be checked out.
    body = charter.model_dump_json(exclude={"logo", "template", "quirks"})
    return {
        "revision": charter.revision,
        "decided": decision.datum.isoformat() if decision.datum else None,
        "start": decision.start.isoformat() if decision.start else None,
        "ended": charter.upphor.datum.isoformat() if charter.upphor else None,
        "ended_by": charter.upphor.beslut if charter.upphor else None,
        "digest": hashlib.sha256(body.encode()).hexdigest(),
    }


def _read_tree(project: Project, commit: str) -> dict[str, dict[str, Any] | None]:
    """Each council at `commit`: its facts, or None where it does not validate there."""
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.targets import project_at
    from uppdrag.errors import UppdragError

    found: dict[str, dict[str, Any] | None] = {}
    try:
        with project_at(project, commit) as then:
            for slug in then.slugs():
                try:
                    found[slug] = facts(load_charter(then, slug).charter)
                except UppdragError:
                    found[slug] = None  # a version this uppdrag cannot read is no version
    except UppdragError:
        pass  # a commit from before the project had councils/
    return found


def _cache_folder() -> Path | None:
    from uppdrag.fingerprint import code_hash

    if os.environ.get("UPPDRAG_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uppdrag" / "versions" / code_hash()[:16]


def _cached(folder: Path | None, commit: str) -> dict[str, dict[str, Any] | None] | None:
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{commit}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and all(isinstance(v, dict | None) for v in data.values()) else None


def _keep(folder: Path | None, commit: str, tree: dict[str, dict[str, Any] | None]) -> None:
    if folder is None:
        return
    from uppdrag.write import write_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{commit}.json", json.dumps(tree, sort_keys=True).encode())
    except OSError:
        pass  # a cache that cannot be written costs time, never a result


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def walk(project: Project, all_commits: bool = False) -> Walk:
    """Every council's versions over the published refs, oldest first."""
    result = Walk(refs(project, all_commits))
    folder = _cache_folder()
    last: dict[str, str] = {}
    for ref in result.refs:
        tree = _cached(folder, ref.commit)
        if tree is None:
            tree = _read_tree(project, ref.commit)
            result.trees_read += 1
            _keep(folder, ref.commit, tree)
        for slug, record in sorted(tree.items()):
            if record is None or last.get(slug) == record.get("digest"):
                continue
            last[slug] = str(record["digest"])
            version = Version(
                slug, ref.name, ref.commit, str(record["revision"]), _day(record["decided"]),
                _day(record["start"]), _day(record["ended"]), record.get("ended_by"), last[slug],
            )  # fmt: skip
            result.versions.setdefault(slug, []).append(version)
    return result


def versions(project: Project, slug: str, all_commits: bool = False) -> list[Version]:
    """The council's versions in the repository, oldest first."""
    return walk(project, all_commits).of(slug)
