"""When lines of a file were last written, from `git blame` (one run per file, kept).

Used to tell whether a council's own text was written before or after the base change it
hides. A line not yet committed counts as written now (later than any commit); outside a git
repository nothing is known and every answer is None.
"""

from __future__ import annotations

import math
import re
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)(?: \d+)?$")
NOW = math.inf  # a line not committed yet


class Written:
    """The commit time of each line of the files asked about, under one project folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._repository: bool | None = None
        self._files: dict[Path, dict[int, float]] = {}

    @property
    def repository(self) -> bool:
        """Whether the project lies in a git work tree (and git is there to ask)."""
        if self._repository is None:
            self._repository = _git(self.root, "rev-parse", "--is-inside-work-tree") == "true\n"
        return self._repository

    def when(self, path: Path, first: int, last: int) -> float | None:
        """The latest commit time of lines `first`–`last` (NOW when one is uncommitted), or None
        outside git."""
        if not self.repository:
            return None
        if path not in self._files:
            self._files[path] = _blame(path)
        times = self._files[path]
        found = [times.get(line, NOW) for line in range(first, last + 1)]
        return max(found) if found else NOW


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, encoding="utf-8", check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def _blame(path: Path) -> dict[int, float]:
    """Line number → commit time; an untracked file has none (every line is NOW)."""
    text = _git(path.parent, "blame", "--porcelain", "--", path.name)
    if text is None:
        return {}
    times: dict[str, float] = {}
    lines: dict[int, float] = {}
    current, line = "", 0
    for row in text.split("\n"):
        header = _HEADER.match(row)
        if header:
            current, line = header[1], int(header[2])
            lines[line] = times.get(current, NOW)
        elif row.startswith("committer-time ") and current:
            times[current] = NOW if current == "0" * 40 else float(row.split()[1])
            lines[line] = times[current]
    return lines
