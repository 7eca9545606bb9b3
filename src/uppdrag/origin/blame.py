"""`git blame` on exactly the lines that set a value: who wrote them, and when."""

from __future__ import annotations

import datetime
import re
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.errors import Mark, UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ \d+(?: \d+)?$")
UNCOMMITTED = "0" * 40


@dataclass(frozen=True)
class Commit:
    """One commit that last touched some of the lines."""

    sha: str
    author: str
    date: str  # YYYY-MM-DD in the author's time zone
    summary: str

    def __str__(self) -> str:
        if self.sha == UNCOMMITTED:
            return _("not committed yet")
        return f"{self.sha[:8]} {self.date} {self.author}: {self.summary}"


def extent(mark: Mark, item: bool) -> tuple[int, int]:
    """The lines a value written at `mark` spans: its key's line and every line indented under it.

    For an item (`- id: …`) the lines at its own indentation belong to it too, and so does a
    sequence written at its key's indentation.
    """
    lines = mark.path.read_text(encoding="utf-8-sig").split("\n")
    column = mark.col - 1
    last = mark.line
    for number in range(mark.line + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent > column or (indent == column and (item or line.lstrip().startswith("- "))):
            last = number
        else:
            break
    return mark.line, last


def _date(seconds: str, zone: str) -> str:
    sign = -1 if zone.startswith("-") else 1
    offset = datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5])) * sign
    moment = datetime.datetime.fromtimestamp(int(seconds), datetime.timezone(offset))
    return moment.date().isoformat()


def parse_porcelain(text: str) -> list[Commit]:
    """The distinct commits of `git blame --porcelain` output, in order of first line."""
    info: dict[str, dict[str, str]] = {}
    order: list[str] = []
    current = ""
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            current = header.group(1)
            if current not in info:
                info[current] = {}
                order.append(current)
        elif current and not line.startswith("\t") and " " in line:
            key, _space, value = line.partition(" ")
            info[current].setdefault(key, value)
    return [
        Commit(
            sha,
            info[sha].get("author", ""),
            _date(info[sha].get("author-time", "0"), info[sha].get("author-tz", "+0000")),
            info[sha].get("summary", ""),
        )
        for sha in order
    ]


def blame(path: Path, first: int, last: int) -> list[Commit]:
    """The commits that last touched lines `first`–`last` of `path`."""
    command = [
        "git",
        "-C",
        str(path.parent),
        "blame",
        "--porcelain",
        "-L",
        f"{first},{last}",
        "--",
        path.name,
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError:
        raise UsageError(_("--git needs git, which is not installed")) from None
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else str(done.returncode)
        raise UsageError(_("git blame of {file} failed: {problem}").format(file=path, problem=problem))
    return parse_porcelain(done.stdout)
