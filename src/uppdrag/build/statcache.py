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

Beside the records, a second sealed file (`<folder key>.fresh`) keeps *checks that held*: when a
build found everything fresh, it vouches for the files it looked at (`vouch`: their names and one
digest over their recorded stats) under a key of everything else the check depended on. The next
build with that key (`holds`) only stats those files and compares the digest: every stat as it was
means every hash as it was, so the check would come out the same, and neither the records nor the
manifest need be read. Only files with a settled record can be vouched for, so the racily-clean
rule above holds for them too.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from typing import TYPE_CHECKING, Any, TypeGuard

from uppdrag.errors import DataError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

SETTLED_NS = 50_000_000  # 50 ms: far more than any file system's timestamp granularity here
Record = tuple[int, int, int, int, str]  # size, mtime_ns, ctime_ns, inode, sha256


MAX_CACHE = 64_000_000  # bytes of one output folder's cache (about 400,000 files)
HEX = frozenset("0123456789abcdef")
MAX_CHECKS = 8  # checks kept per kind and output folder (the format sets built there, say)
Check = dict[str, Any]  # {"kind", "key": str, "parts": {name: value}, "files": [name], "digest": str}


def file_hash(path: Path | str) -> str | None:
    """The sha256 of a regular file (None when missing, unreadable or no regular file: a FIFO or
    device named in a state file is never opened for reading)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


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
        self.checks_path = self.folder / f"{key}.fresh" if self.folder else None
        self._records: dict[str, Record] | None = None  # read on first use: a check that holds needs none
        self._checks: list[Check] | None = None
        self.seen: set[str] = set()
        self.changed = self.checks_changed = False
        self.broken = False  # a cache file was there, but not as uppdrag sealed it: discarded

    @property
    def records(self) -> dict[str, Record]:
        if self._records is None:
            self._records = {}
            if self.path is not None and self.folder is not None:
                loaded = _load(self.path, self.folder)
                self.broken = self.changed = loaded is None  # rewritten, sealed, at the end
                self._records = loaded or {}
        return self._records

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
        records = self.records
        record = records.get(name)
        if record is not None and record[:4] == key:
            return record[4]
        digest = file_hash(path)
        if digest is None:
            return None
        if info.st_ctime_ns <= before - SETTLED_NS:
            records[name] = (*key, digest)
            self.changed = True
        elif records.pop(name, None) is not None:
            self.changed = True
        return digest

    def holds(self, kind: str, key: str, parts: dict[str, str]) -> Check | None:
        """The check of `kind` vouched for under `key`, with at least `parts` (name → value), when it
        still holds: every file it looked at has the stat recorded then (else None)."""
        for check in self.checks:
            wanted = check["kind"] == kind and check["key"] == key
            wanted = wanted and all(check["parts"].get(k) == v for k, v in parts.items())
            if wanted and _stats_digest(check["files"]) == check["digest"]:
                return check
        return None

    def vouch(
        self,
        kind: str,
        key: str,
        parts: dict[str, str],
        names: Iterable[str],
        read: dict[str, str] | None = None,
    ) -> Check | None:
        """Remember that a check of `kind` under `key` and `parts` held over the files `names` (each
        hashed in this process, so its record is as it was looked at; those the check `read`
        itself, by name → sha256 of the bytes it read, must have that hash in their record); None,
        and nothing kept, when one of them has no such record (missing, no regular file, changed,
        or not yet settled)."""
        files = sorted(names)
        stamps = []
        read = read or {}
        for name in files:
            record = self.records.get(name)
            if record is None or read.get(name, record[4]) != record[4]:
                return None
            stamps.append((record[0], record[1], record[2], record[3]))
        check: Check = {"kind": kind, "key": key, "parts": parts, "files": files, "digest": _digest(stamps)}
        # the same kind under another key can no longer hold (another uppdrag, made-record or listing)
        same = [c for c in self.checks if c["kind"] == kind and c["key"] == key and c["parts"] != parts]
        others = [c for c in self.checks if c["kind"] != kind]
        self._checks = [*others, *[*same, check][-MAX_CHECKS:]]
        self.checks_changed = True
        return check

    @property
    def checks(self) -> list[Check]:
        if self._checks is None:
            place = (self.checks_path, self.folder)
            self._checks = [] if place[0] is None or place[1] is None else _checks(place[0], place[1])
        return self._checks

    def save(self) -> None:
        """Write the cache when it changed; a cache that cannot be written is no error."""
        if self.path is None or self.folder is None or self.checks_path is None:
            return
        from uppdrag.cachedir import used

        if self.checks_changed:
            self._write(self.checks_path, json.dumps(self.checks, separators=(",", ":")).encode())
        elif self._checks:
            used(self.checks_path)
        if self._records is None:  # not read: nothing learnt
            used(self.path)
            return
        # Files no longer there (removed councils): a file not looked at this time but still there
        # (another format's output, a build of md,docx after one with html) keeps its record, so
        # alternating builds do not read each other's outputs again.
        gone = {name for name in set(self._records) - self.seen if not os.path.lexists(name)}
        for name in gone:
            del self._records[name]
        if not self.changed and not gone:
            used(self.path)  # still in use: kept by `forget_old`
            return
        if self._write(self.path, json.dumps(self._records, separators=(",", ":")).encode()):
            self.changed = False
            from uppdrag.cachedir import forget_old

            forget_old(self.path.parent, "*.json")  # output folders (temporary ones, say) not built for long
            forget_old(self.path.parent, "*.fresh")

    def _write(self, path: Path, data: bytes) -> bool:
        from uppdrag.cachedir import seal, write_private

        assert self.folder is not None
        sealed = seal(self.folder, data)
        if sealed is None:
            return False
        try:
            write_private(path, sealed)
        except OSError:
            return False
        return True


def _digest(stamps: list[tuple[int, int, int, int]]) -> str:
    return hashlib.sha256(repr(stamps).encode()).hexdigest()


def _stats_digest(files: list[str]) -> str | None:
    """The digest over the files' size, mtime, ctime and inode now (None when one cannot be stat'ed)."""
    try:
        stamps = [(i.st_size, i.st_mtime_ns, i.st_ctime_ns, i.st_ino) for i in map(os.stat, files)]
    except OSError:
        return None
    return _digest(stamps)


def _checks(path: Path, folder: Path) -> list[Check]:
    """The checks in a sealed file; none when it is missing, forged or not as uppdrag writes them."""
    from uppdrag.cachedir import unseal
    from uppdrag.confine import read_limited

    try:
        data = unseal(folder, read_limited(path, MAX_CACHE))
        parsed = json.loads(data) if data is not None else None
    except (OSError, ValueError, RecursionError, DataError):
        return []
    if not isinstance(parsed, list):
        return []
    return [c for c in parsed if _check(c)]


def _check(value: object) -> TypeGuard[Check]:
    if not isinstance(value, dict) or set(value) != {"kind", "key", "parts", "files", "digest"}:
        return False
    parts, files = value["parts"], value["files"]
    return (
        isinstance(value["kind"], str)
        and isinstance(value["key"], str)
        and isinstance(value["digest"], str)
        and isinstance(parts, dict)
        and all(isinstance(v, str) for v in parts.values())
        and isinstance(files, list)
        and all(isinstance(f, str) for f in files)
    )
