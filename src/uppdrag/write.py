"""Write files atomically: a kill at any moment leaves the old file or the new, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag.errors import UsageError, WriteError, display_path
from uppdrag.i18n import _, strerror

if TYPE_CHECKING:
    from collections.abc import Iterator

TEMP_SUFFIX = ".uppdrag-tmp"


def write_atomic(path: Path, content: bytes) -> None:
    """Write via a temporary file in the same folder, fsync, replace, then sync the folder (the
    rename itself on disk, as `Batch` does).

    A symlink at `path` is replaced by the file, not followed. A file that cannot be written
    (read-only or full disk, a folder in the way) is a WriteError naming it; nothing is left behind.
    """
    with _as_write_error(path):
        temporary = _stage(path, content, sync=True)
        try:
            temporary.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
    _sync_folder(path.parent)


def _stage(path: Path, content: bytes, *, sync: bool) -> Path:
    """`content` in a new temporary file beside `path` (fsync'd when `sync`); removed on failure.
    Its folder is made only when missing: a build stages thousands of files in one folder."""
    prefix = f".{path.name}."
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMP_SUFFIX)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMP_SUFFIX)
    try:
        try:
            written = os.write(fd, content)
            if written < len(content):  # a short write (a signal, a nearly full disk): the rest
                view = memoryview(content)[written:]
                while view:
                    view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o644)  # mkstemp's 0600 is for the name's sake only
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)  # noqa: PTH108 - mkstemp's name: no Path for a file that is gone
        raise
    return Path(name)


@contextlib.contextmanager
def _as_write_error(path: Path) -> Iterator[None]:
    """An OSError while writing `path` as one line: `cannot write out/x.docx: No space left on device`."""
    try:
        yield
    except OSError as exc:
        reason = strerror(exc)
        message = _("cannot write {path}: {reason}").format(path=display_path(path), reason=reason)
        raise WriteError(message) from None


def refuse_sources(path: Path, root: Path) -> None:
    """A usage error when `path` lies in the project's councils/ or templates/: never write there."""
    real = path.resolve()
    for folder in ("councils", "templates"):
        source = (root / folder).resolve()
        if real == source or real.is_relative_to(source):
            raise UsageError(
                _("{path} is in {folder}/, which holds the sources; write the output elsewhere").format(
                    path=display_path(path), folder=folder
                )
            )


def remove_leftovers(folder: Path) -> None:
    """Temporary files of a build that was killed before it could rename them."""
    try:
        with os.scandir(folder) as entries:  # one listing, no Path per file: out/ holds thousands
            found = [e.name for e in entries if e.name.startswith(".") and e.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return
    for name in found:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):  # a folder so named is not ours
            (folder / name).unlink()


class Batch:
    """Many files made durable together: each is written to a temporary file beside it, unsynced;
    `commit` syncs them all at once (one `syncfs` on Linux), renames each into place and syncs
    each folder once. A kill before the renames leaves every old file, during them each file old
    or new, never half of one; the next build removes the temporary files. A batch pickles: a
    build's worker stages a chunk, its main process commits it."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, where it goes)

    def add(self, path: Path, content: bytes) -> None:
        with _as_write_error(path):
            self.staged.append((_stage(path, content, sync=False), path))

    def discard(self) -> None:
        """Remove the staged temporary files: nothing of them is put in place."""
        for temporary, _path in self.staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        self.staged = []

    def commit(self) -> None:
        """Sync, then rename into place (a symlink at a path is replaced, not followed)."""
        if not self.staged:
            return
        folders = {path.parent for _temporary, path in self.staged}
        try:
            with _as_write_error(self.staged[0][1]):
                _sync([temporary for temporary, _path in self.staged], folders)
                for temporary, path in self.staged:
                    temporary.replace(path)
        except BaseException:
            self.discard()
            raise
        for folder in sorted(folders):
            _sync_folder(folder)
        self.staged = []


def _sync(temporaries: list[Path], folders: set[Path]) -> None:
    """Every staged file's data on disk: one syncfs of their file system on Linux (when they are in
    one folder), else one fsync each."""
    if len(folders) == 1 and _syncfs(next(iter(folders))):
        return
    for temporary in temporaries:
        fd = os.open(temporary, os.O_RDONLY)
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
