"""Stat first, hash only on a mismatch: the sha256 of a file, remembered across builds.

A no-op build must know that every input and output is as the manifest says without reading
them all. This cache remembers, per file, its size, mtime, ctime and inode with the sha256 of
the content read right after that stat; while all four are the same, the file is taken to be
unchanged. The cache is trusted only as uppdrag's private cache folder is (uppdrag/cachedir.py:
0700, ours, HMAC-sealed): an edited or foreign cache is discarded, never a reason to skip a
council; only regular files are ever read. The ctime cannot be set back by a program, and any
write or rename moves it.

A file is remembered only when its ctime was at least `SETTLED_NS` older than the stat: a
write after the stat then gives a later ctime, even on file systems with coarse timestamps
(the rule git uses against "racily clean" files). The cache is local to the machine, never in
out/ (the committed manifest stays free of timestamps): `$XDG_CACHE_HOME/uppdrag/stat/`, one
file per output folder, written only when it changed. `UPPDRAG_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from typing import TYPE_CHECKING

from uppdrag.errors import DataError

if TYPE_CHECKING:
    from pathlib import Path

SETTLED_NS = 50_000_000  # 50 ms: far more than any file system's timestamp granularity here
Record = tuple[int, int, int, int, str]  # size, mtime_ns, ctime_ns, inode, sha256


MAX_CACHE = 64_000_000  # bytes of one output folder's cache (about 400,000 files)
HEX = frozenset("0123456789abcdef")


def _record(value: object) -> Record | None:
    """A record as uppdrag writes it, or None."""
    if not isinstance(value, list) or len(value) != 5:
        return None
    *numbers, digest = value
    if not all(type(n) is int and n >= 0 for n in numbers) or not isinstance(digest, str):
        return None
    if len(digest) != 64 or not HEX.issuperset(digest):
        return None
    return (numbers[0], numbers[1], numbers[2], numbers[3], digest)


def _load(path: Path, folder: Path) -> dict[str, Record] | None:
    """The records in a sealed cache file; empty when missing, None when forged, too large or
    malformed (then it is discarded and said)."""
    from uppdrag.cachedir import unseal
    from uppdrag.confine import read_limited

    try:
        data = unseal(folder, read_limited(path, MAX_CACHE))
        parsed = json.loads(data) if data is not None else None
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, RecursionError, DataError):
        return None
    if not isinstance(parsed, dict):
        return None
    records = {name: _record(value) for name, value in parsed.items() if isinstance(name, str)}
    return {name: record for name, record in records.items() if record is not None}


class StatCache:
    """sha256 of files by path, trusted while their stat is unchanged."""

    def __init__(self, out: Path) -> None:
        from uppdrag.cachedir import cache_folder

        self.folder = cache_folder("stat")
        key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:20]
        self.path = self.folder / f"{key}.json" if self.folder else None
        self.records: dict[str, Record] = {}
        self.seen: set[str] = set()
        self.changed = False
        self.broken = False  # a cache file was there, but not as uppdrag sealed it: discarded
        if self.path is not None and self.folder is not None:
            loaded = _load(self.path, self.folder)
            self.broken = self.changed = loaded is None  # rewritten, sealed, at the end
            self.records = loaded or {}

    def hash(self, path: Path | str) -> str | None:
        """The file's sha256 (None when it cannot be read); read only when its stat changed."""
        name = str(path)
        self.seen.add(name)
        try:
            before = time.time_ns()
            info = os.stat(name)  # noqa: PTH116 - a string: no Path per file on the no-op path
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device is never read
            return None
        key = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        record = self.records.get(name)
        if record is not None and record[:4] == key:
            return record[4]
        from uppdrag.build.manifest import file_hash

        digest = file_hash(path)
        if digest is None:
            return None
        if info.st_ctime_ns <= before - SETTLED_NS:
            self.records[name] = (*key, digest)
            self.changed = True
        elif self.records.pop(name, None) is not None:
            self.changed = True
        return digest

    def save(self) -> None:
        """Write the cache when it changed; a cache that cannot be written is no error."""
        if self.path is None or self.folder is None:
            return
        # Files no longer there (removed councils): a file not looked at this time but still there
        # (another format's output, a build of md,docx after one with html) keeps its record, so
        # alternating builds do not read each other's outputs again.
        gone = {name for name in set(self.records) - self.seen if not os.path.lexists(name)}
        for name in gone:
            del self.records[name]
        if not self.changed and not gone:
            from uppdrag.cachedir import used

            used(self.path)  # still in use: kept by `forget_old`
            return
        from uppdrag.cachedir import seal, write_private

        sealed = seal(self.folder, json.dumps(self.records, separators=(",", ":")).encode())
        if sealed is None:
            return
        try:
            write_private(self.path, sealed)
            self.changed = False
        except OSError:
            return
        from uppdrag.cachedir import forget_old

        forget_old(self.path.parent, "*.json")  # output folders (temporary ones, say) not built for long
