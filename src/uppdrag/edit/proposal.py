""" "Spara som förslag": an edit committed on a new branch, the working tree and HEAD untouched.

The commit is made with git's plumbing (a blob, a tree from HEAD's with the one file replaced, a
commit whose parent is HEAD) and named `forslag/SLUG-N`; nothing is pushed. Turning the branch
into a pull request is the councils' repository's ordinary way (README, "Editing in the browser").
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag.errors import UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.source.project import Project

PREFIX = "forslag"


def _git(project: Project, *args: str, data: bytes | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        ["git", "-C", str(project.root), *args],
        input=data,
        capture_output=True,
        timeout=30,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            _("git could not save the proposal: {reason}").format(reason=reason[-1] if reason else "?")
        )
    return done.stdout.decode("utf-8").strip()


def propose_branch(project: Project, slug: str, text: str, message: str) -> str:
    """Commit `text` as councils/SLUG.yaml on a new branch off HEAD; the branch's name."""
    relative = (project.councils_dir / f"{slug}.yaml").resolve().relative_to(project.root.resolve())
    blob = _git(project, "hash-object", "-w", "--stdin", data=text.encode("utf-8"))
    with tempfile.TemporaryDirectory(prefix="uppdrag-index-") as folder:
        index = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        _git(project, "read-tree", "HEAD", env=index)
        _git(
            project, "update-index", "--add", "--cacheinfo", f"100644,{blob},{relative.as_posix()}", env=index
        )
        tree = _git(project, "write-tree", env=index)
    commit = _git(project, "commit-tree", tree, "-p", "HEAD", "-m", message)
    taken = set(_git(project, "for-each-ref", "--format=%(refname:short)", f"refs/heads/{PREFIX}/").split())
    number = 1
    while f"{PREFIX}/{slug}-{number}" in taken:
        number += 1
    branch = f"{PREFIX}/{slug}-{number}"
    _git(project, "update-ref", f"refs/heads/{branch}", commit, "")
    return branch
