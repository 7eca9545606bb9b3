"""History from git (`build -f html --git`): each council at the published versions of the repository.

The published versions are the repository's git **tags** reachable from HEAD: a coordinator tags
what was decided and sent out, while the commits in between are work in progress. The tags are
taken in the order of their commits in the history (oldest first); at each, councils/ and
templates/ are checked out into a temporary folder (`diff.targets.project_at`) and every council
loaded there. A council gets a step for each tag at which it existed, validated, and its document
differed from its previous step; the first shows the whole text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from uppdrag.publish.history import HISTORY, GitHistory, GitStep, Version

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project


def git_history(project: Project) -> GitHistory:
    """The councils' history over the tags, for the register (`publish`) to be given explicitly."""
    return walk(project)


def versions(project: Project) -> list[Version]:
    """The tags reachable from HEAD, in the order of their commits (oldest first), then by name."""
    import shutil
    import subprocess

    from uppdrag.errors import UsageError
    from uppdrag.i18n import _

    git = shutil.which("git")
    if git is None:
        raise UsageError(_("--git needs git, which is not installed"))

    def run(*args: str) -> str | None:
        done = subprocess.run([git, "-C", str(project.root), *args], capture_output=True, check=False)
        return done.stdout.decode() if done.returncode == 0 else None

    if run("rev-parse", "--show-toplevel") is None or run("rev-parse", "--verify", "--quiet", "HEAD") is None:
        message = _("{root} is not in a git repository with a commit: --git takes the versions from its tags")
        raise UsageError(message.format(root=project.root))
    fmt = "%(refname:short)%00%(objectname)%00%(*objectname)"
    listed = run("for-each-ref", "--merged", "HEAD", f"--format={fmt}", "refs/tags") or ""
    order = {
        commit: i
        for i, commit in enumerate((run("rev-list", "--reverse", "--topo-order", "HEAD") or "").split())
    }
    found = []
    for line in listed.splitlines():
        tag, tagged, peeled = line.split("\0")
        commit = peeled or tagged
        if commit in order:
            found.append(Version(tag, commit))
    return sorted(found, key=lambda v: (order[v.commit], v.tag))


def walk(project: Project) -> GitHistory:
    """Every current council's steps over the tags (a council removed since has no page)."""
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.align import compare
    from uppdrag.diff.targets import project_at
    from uppdrag.errors import UppdragError

    found = versions(project)
    current = set(project.slugs())
    steps: dict[str, list[GitStep]] = {}
    last: dict[str, tuple[str, Charter]] = {}
    for version in found:
        try:
            with project_at(project, version.commit) as then:
                for slug in sorted(current & set(then.slugs())):
                    try:
                        charter = load_charter(then, slug).charter
                    except UppdragError:
                        continue  # a version this uppdrag cannot read is no step
                    before = last.get(slug)
                    redline = compare(before[1] if before else charter, charter)
                    if before is not None and not redline.differs:
                        continue
                    redline.old_name = before[0] if before else version.tag
                    redline.new_name = version.tag
                    own = steps.setdefault(slug, [])
                    file = _file(slug, version, {s.file for s in own})
                    previous = before[0] if before else None
                    own.append(GitStep(slug, version.tag, previous, file, version.commit, redline))
                    last[slug] = (version.tag, charter)
        except UppdragError:
            continue  # a tag from before the project had councils/
    return GitHistory(found, steps)


def _file(slug: str, version: Version, taken: set[str]) -> str:
    """`historik/<slug>/<tag>.html` (a folder, so never a base revision's `historik/<slug>-<rev>.html`)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", version.tag).strip(".-") or version.commit[:12]
    file = f"{HISTORY}/{slug}/{name}.html"
    return file if file not in taken else f"{HISTORY}/{slug}/{name}-{version.commit[:12]}.html"
