"""Write files atomically: a kill at any moment leaves the old file or the new, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".uppdrag-tmp"


def write_atomic(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, then replace.

    A symlink at `path` is replaced by the file, not followed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o644)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


class Batch:
    """Many files made durable together: each is written to a temporary file beside it, unsynced;
    `commit` syncs them all at once (one `syncfs` on Linux), renames each into place and syncs
    each folder once. A kill before the renames leaves every old file, during them each file old
    or new, never half of one; the next build removes the temporary files."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []

    def add(self, path: Path, content: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
        temporary = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            temporary.chmod(0o644)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        self.staged.append((temporary, path))

    def commit(self) -> None:
        """Sync, then rename into place (a symlink at a path is replaced, not followed)."""
        if not self.staged:
            return
        try:
            _sync([temporary for temporary, _ in self.staged])
            for temporary, path in self.staged:
                temporary.replace(path)
        except BaseException:
            for temporary, _ in self.staged:
                with contextlib.suppress(OSError):
                    temporary.unlink()
            raise
        for folder in sorted({path.parent for _, path in self.staged}):
            _sync_folder(folder)
        self.staged = []


def _sync(paths: list[Path]) -> None:
    """Every file's data on disk: one syncfs of their file system on Linux, else one fsync each."""
    folders = {path.parent for path in paths}
    if len(folders) == 1 and _syncfs(next(iter(folders))):
        return
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _syncfs(folder: Path) -> bool:
    """syncfs(2) of the file system holding `folder`; False where there is none."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(folder, os.O_RDONLY)
    except (OSError, AttributeError):
        return False
    try:
        return bool(libc.syncfs(fd) == 0)
    except AttributeError:
        return False
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """The renames in `folder` on disk (where a folder can be opened and synced)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
