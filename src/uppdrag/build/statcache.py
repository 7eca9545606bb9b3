"""Stat first, hash only on a mismatch: the sha256 of a file, remembered across builds.

A no-op build must know that every input and output is as the manifest says without reading
them all. This cache remembers, per file, its size, mtime, ctime and inode with the sha256 of
the content read right after that stat; while all four are the same, the file is taken to be
unchanged. The ctime cannot be set back by a program, and any write or rename moves it.

A file is remembered only when its ctime was at least `SETTLED_NS` older than the stat: a
write after the stat then gives a later ctime, even on file systems with coarse timestamps
(the rule git uses against "racily clean" files). The cache is local to the machine, never in
out/ (the committed manifest stays free of timestamps): `$XDG_CACHE_HOME/uppdrag/stat/`, one
file per output folder, written only when it changed. `UPPDRAG_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

SETTLED_NS = 50_000_000  # 50 ms: far more than any file system's timestamp granularity here
FORGET_AFTER_S = 30 * 24 * 3600  # the cache of an output folder not built for 30 days is removed
Record = tuple[int, int, int, int, str]  # size, mtime_ns, ctime_ns, inode, sha256


def _home() -> Path | None:
    if os.environ.get("UPPDRAG_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "uppdrag" / "stat"


class StatCache:
    """sha256 of files by path, trusted while their stat is unchanged."""

    def __init__(self, out: Path) -> None:
        home = _home()
        key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:20]
        self.path = home / f"{key}.json" if home else None
        self.records: dict[str, Record] = {}
        self.seen: set[str] = set()
        self.changed = False
        if self.path is not None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.records = {name: tuple(value) for name, value in data.items()}
            except (OSError, ValueError, TypeError, AttributeError):
                self.records = {}

    def hash(self, path: Path) -> str | None:
        """The file's sha256 (None when it cannot be read); read only when its stat changed."""
        name = str(path)
        self.seen.add(name)
        try:
            before = time.time_ns()
            info = path.stat()
        except OSError:
            return None
        key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        record = self.records.get(name)
        if record is not None and record[:4] == key:
            return record[4]
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        if info.st_ctime_ns <= before - SETTLED_NS:
            self.records[name] = (*key, digest)
            self.changed = True
        elif self.records.pop(name, None) is not None:
            self.changed = True
        return digest

    def save(self) -> None:
        """Write the cache when it changed; a cache that cannot be written is no error."""
        if self.path is None:
            return
        gone = set(self.records) - self.seen
        for name in gone:  # files no longer looked at (removed councils, other formats)
            del self.records[name]
        if not self.changed and not gone:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            temporary.write_text(json.dumps(self.records, separators=(",", ":")), encoding="utf-8")
            temporary.replace(self.path)
            self.changed = False
            _forget_old(self.path.parent)
        except OSError:
            pass


def _forget_old(folder: Path) -> None:
    """Remove the caches of output folders (temporary ones, say) not built for a long time."""
    oldest = time.time() - FORGET_AFTER_S
    for path in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < oldest:
                path.unlink()
