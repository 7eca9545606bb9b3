"""What `uppdrag diff` compares: two revisions of the bases, one council at two revisions,
or the documents now against those at a git revision."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag.check.charter import load_charter
from uppdrag.check.validate import validate
from uppdrag.diff.align import Redline, compare
from uppdrag.errors import UppdragError, UsageError
from uppdrag.i18n import _
from uppdrag.source.compose import compose_base
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from collections.abc import Iterator

    from uppdrag.check.model import Charter


class NoCouncilsAt(UsageError):
    """A git revision without the project's councils/ (or templates/): from before it had them."""


def _base_charter(project: Project, kind: str, revision: str) -> Charter:
    return validate(compose_base(project, kind, revision))


def revisions(project: Project, old: str, new: str, council: str | None = None) -> list[Redline]:
    """Revision `old` against `new`: of one council, or of every kind of base that has both."""
    if council is not None:
        return [
            compare(load_charter(project, council, old).charter, load_charter(project, council, new).charter)
        ]
    kinds = [k for k in project.kinds() if {old, new} <= set(project.base_revisions(k))]
    if not kinds:
        known = "; ".join(f"{k}: {', '.join(project.base_revisions(k))}" for k in project.kinds())
        raise UsageError(
            _("no kind of charter has both revisions {old} and {new} ({known})").format(
                old=old, new=new, known=known
            )
        )
    return [compare(_base_charter(project, k, old), _base_charter(project, k, new)) for k in kinds]


@contextmanager
def project_at(project: Project, ref: str) -> Iterator[Project]:
    """The project's councils and templates as they were at git revision `ref` (a temporary copy)."""
    git = shutil.which("git")
    if git is None:
        raise UsageError(_("--git needs git, which is not installed"))
    root = project.root

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([git, "-C", str(root), *args], capture_output=True, check=False)

    top = run("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise UsageError(_("{root} is not in a git repository").format(root=root))
    prefix = root.resolve().relative_to(Path(top.stdout.decode().strip()).resolve())
    verified = run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if ref.startswith("-") or verified.returncode != 0:
        raise UsageError(_("git knows no revision '{ref}'").format(ref=ref))
    commit = verified.stdout.decode().strip()  # a hash: nothing git could read as an option
    with tempfile.TemporaryDirectory(prefix="uppdrag-git-") as folder:
        paths = [str(prefix / name) if str(prefix) != "." else name for name in ("councils", "templates")]
        archive = run("archive", "--format=tar", commit, "--", *paths)
        if archive.returncode != 0:
            raise NoCouncilsAt(
                _("no councils/ at git revision '{ref}': {detail}").format(
                    ref=ref, detail=archive.stderr.decode().strip()
                )
            )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        yield Project(Path(folder) / prefix)


@dataclass(frozen=True)
class GitComparison:
    redlines: list[Redline]
    added: list[str]
    removed: list[str]


def against_git(project: Project, ref: str, slugs: list[str] | None) -> GitComparison:
    """Each council's document now against the same council's at `ref`."""
    with project_at(project, ref) as then:
        before, now = set(then.slugs()), set(project.slugs())
        chosen = slugs or sorted(before | now)
        redlines, added, removed = [], [], []
        for slug in chosen:
            if slug not in before and slug not in now:
                project.council_path(slug)  # raises: no such council
            if slug not in before:
                added.append(slug)
            elif slug not in now:
                removed.append(slug)
            else:
                try:
                    old = load_charter(then, slug).charter
                except UppdragError as exc:
                    raise UsageError(
                        _("{slug} at {ref} does not validate: {message}").format(
                            slug=slug, ref=ref, message=exc.diagnostics[0].message
                        )
                    ) from None
                if old.logo is not None:
                    from uppdrag.render.picture import pin_picture

                    pin_picture(old.logo)  # the old document's letterhead is rendered after the copy goes
                redlines.append(compare(old, load_charter(project, slug).charter))
    for redline in redlines:
        redline.old_name = f"{redline.old.slug} @ {ref}"
        redline.new_name = f"{redline.new.slug} (nu)"
    return GitComparison(redlines, added, removed)


@dataclass(frozen=True)
class Comparison:
    """What `uppdrag diff` shows: redlines, and notes on councils only one side has."""

    redlines: list[Redline]
    notes: list[str]


def choose(project: Project, args: list[str] | None, council: str | None, git: str | None) -> Comparison:
    """The redlines the command line asks for: two revisions (of one council), or against git."""
    from uppdrag.i18n import _

    if git is not None:
        if council is not None:
            raise UsageError(_("with --git, name the councils as arguments, not with --council"))
        result = against_git(project, git, args)
        notes = [_("ny: {council}").format(council=slug) for slug in result.added]
        notes += [_("borttagen: {council}").format(council=slug) for slug in result.removed]
        return Comparison(result.redlines, notes)
    old, new = two_revisions(args)
    return Comparison(revisions(project, old, new, council), [])


def two_revisions(args: list[str] | None) -> tuple[str, str]:
    from uppdrag.i18n import _

    if not args or len(args) != 2:
        raise UsageError(_("give two revisions, e.g. `uppdrag diff 2024 2026`, or --git REF"))
    return args[0], args[1]


def impact_counts(
    project: Project, args: list[str] | None, git: str
) -> tuple[list[tuple[str, str, int]], list[str]]:
    """`--impact --git REF`: per council, its revision and how many clauses change; and the notes.

    (Between two revisions, `uppdrag.diff.impact.impact` answers per council's own document.)
    """
    chosen = choose(project, args, None, git)
    return [(r.new.slug, r.new.revision, len(r.changes)) for r in chosen.redlines], chosen.notes
