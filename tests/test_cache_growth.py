"""uppdrag's user cache: one entry per template file, never another folder's, and what is not used
for a month forgotten."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from uppdrag.cachedir import FORGET_AFTER_S, SWEPT, USED_EVERY_S, forget_old, used

if TYPE_CHECKING:
    from pathlib import Path


def _render(project: Path, cache: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "uppdrag", "render", "urologi", "-f", "md,docx", "-o", "out"]
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    return subprocess.run(
        command, cwd=project, env=environment, check=check, capture_output=True, text=True, timeout=120
    )


def test_an_error_names_this_projects_template_after_another_compiled_the_same(project: Path) -> None:
    """Compiled code carries its file's name, and errors show it: a cached template of another
    folder (a clone, a temporary copy) must never answer for this one."""
    cache = project.parent / "cache"
    template = project / "templates" / "md" / "vgr-2026.md.j2"
    template.write_text(
        "{{ charter.no_such_field }}\n" + template.read_text(encoding="utf-8"), encoding="utf-8"
    )
    first = _render(project, cache, check=False)
    assert first.returncode == 1 and first.stderr.startswith("templates/md/vgr-2026.md.j2:1:1:")
    other = project.parent / "clone"
    shutil.copytree(project, other)
    second = _render(other, cache, check=False)
    assert second.returncode == 1
    assert second.stderr.startswith("templates/md/vgr-2026.md.j2:1:1:"), second.stderr  # not ../project/…


def test_an_edited_template_replaces_its_entry(project: Path) -> None:
    cache = project.parent / "cache"
    _render(project, cache)
    before = {path.name: path.read_bytes() for path in (cache / "uppdrag" / "jinja").glob("*.cache")}
    template = project / "templates" / "md" / "vgr-2026.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _render(project, cache)
    after = {path.name: path.read_bytes() for path in (cache / "uppdrag" / "jinja").glob("*.cache")}
    assert set(after) == set(before)
    assert sum(after[name] != before[name] for name in before) == 1


def test_entries_unused_for_a_month_are_removed_once_a_day(tmp_path: Path) -> None:
    old = time.time() - FORGET_AFTER_S - 60
    stale, fresh = tmp_path / "stale.cache", tmp_path / "fresh.cache"
    for path in (stale, fresh, tmp_path / "other.json"):
        path.write_bytes(b"x")
    os.utime(stale, (old, old))
    os.utime(tmp_path / "other.json", (old, old))
    forget_old(tmp_path, "*.cache")
    assert not stale.exists() and fresh.exists()
    assert (tmp_path / "other.json").exists()  # another pattern: not this sweep's
    later = tmp_path / "later.cache"
    later.write_bytes(b"x")
    os.utime(later, (old, old))
    forget_old(tmp_path, "*.cache")
    assert later.exists()  # swept less than a day ago: the folder is not looked through again
    day_ago = time.time() - 25 * 3600
    os.utime(tmp_path / SWEPT, (day_ago, day_ago))
    forget_old(tmp_path, "*.cache")
    assert not later.exists() and fresh.exists()


def test_a_use_is_marked_when_the_last_mark_is_an_hour_old_and_not_again_within_it(tmp_path: Path) -> None:
    """`forget_old` goes by the time of the last use; a build uses every council's kept charter,
    and marking each every time would write all their inodes out at the build's sync."""
    entry = tmp_path / "entry.charter"
    entry.write_bytes(b"x")
    month_ago = time.time() - FORGET_AFTER_S + 60
    os.utime(entry, (month_ago, month_ago))
    used(entry)
    assert entry.stat().st_mtime > time.time() - 60  # marked: kept by the next sweep
    recent = time.time() - USED_EVERY_S + 120
    os.utime(entry, (recent, recent))
    used(entry)
    assert entry.stat().st_mtime == recent  # marked less than an hour ago: left as it is
    forget_old(tmp_path, "*.charter")
    assert entry.exists()
