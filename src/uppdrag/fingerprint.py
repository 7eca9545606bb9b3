"""Hashes of sets of files, made one way: uppdrag's own code, a format's templates, a council's
history inputs, the preview's inputs. Whatever uppdrag computed and kept is keyed on such a hash."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable


def hash_files(files: Iterable[Path], root: Path, salt: str = "", stat: bool = False) -> str:
    """sha256 over `salt`, then each file's path relative to `root` and its bytes, in path order.

    `stat`: the file's size and modification time instead of its bytes (cheap enough to poll).
    A file that is not there (or is a folder) is left out.
    """
    digest = hashlib.sha256(salt.encode())
    named = sorted((path.relative_to(root).as_posix(), path) for path in files)
    for name, path in named:
        try:
            if stat:
                info = path.stat()
                data = f"{info.st_mtime_ns}\0{info.st_size}".encode()
            elif path.is_file():
                data = path.read_bytes()
            else:
                continue
        except OSError:
            continue
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 over every module of the package (relative path and bytes).

    Every process needs it (the manifest's engine version), so it is kept in the private cache
    (uppdrag/cachedir.py: 0700, HMAC-sealed) under a key over the modules' stats: while no
    module's size, mtime, ctime or inode moved, no module is read. A module changed less than
    `SETTLED_NS` before its stat is never remembered (git's rule against racily clean files).
    """
    package = Path(__file__).resolve().parent
    key, settled = _stats_key(str(package))
    folder = _code_cache() if key else None
    remembered = _remembered(folder, key) if folder else None
    if remembered is not None:
        return remembered
    digest = hash_files(package.rglob("*.py"), package)
    if folder is not None and settled:
        _remember(folder, key, digest)
    return digest


SETTLED_NS = 50_000_000  # as build/statcache.py: far more than any file system's timestamp granularity


def _stats_key(package: str) -> tuple[str, bool]:
    """A hash over the package folder and each module's relative name and stat, and whether every
    module is settled; "" when the folder cannot be walked (os.scandir: no Path per module)."""
    import os
    import time

    found: list[tuple[str, tuple[int, int, int, int]]] = []
    before = time.time_ns()
    settled = True
    pending = [("", package)]
    try:
        while pending:
            prefix, folder = pending.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                    elif entry.name.endswith(".py"):
                        info = entry.stat()
                        found.append(
                            (
                                prefix + entry.name,
                                (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino),
                            )
                        )
                        settled = settled and info.st_ctime_ns <= before - SETTLED_NS
    except OSError:
        return "", False
    digest = hashlib.sha256(package.encode())
    for name, stats in sorted(found):
        digest.update(f"{name}\0{stats}\0".encode())
    return digest.hexdigest(), settled


def _code_cache() -> Path | None:
    from uppdrag.cachedir import cache_folder

    return cache_folder("code")


def _remembered(folder: Path, key: str) -> str | None:
    """The code hash kept for these stats (None when there is none, or it is not sealed by us)."""
    from uppdrag.cachedir import unseal

    try:
        data = unseal(folder, (folder / key[:40]).read_bytes()[:200])
    except OSError:
        return None
    text = data.decode("ascii", "replace") if data is not None else ""
    found, _sep, digest = text.partition(" ")
    valid = found == key and len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    return digest if valid else None


def _remember(folder: Path, key: str, digest: str) -> None:
    """Keep the code hash for these stats (one small sealed file; beyond `KEEP`, the oldest go)."""
    import contextlib

    from uppdrag.cachedir import KEY, seal, write_private

    sealed = seal(folder, f"{key} {digest}".encode())
    if sealed is None:
        return
    with contextlib.suppress(OSError):
        write_private(folder / key[:40], sealed)
        kept = sorted(
            (p.stat().st_mtime_ns, p)
            for p in folder.iterdir()
            if p.name != KEY and not p.name.startswith(".")
        )
        for _time, old in kept[:-KEEP]:
            old.unlink()


KEEP = 16  # code hashes kept (several checkouts or versions of uppdrag on one machine)
