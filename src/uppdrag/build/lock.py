"""One writer at a time in out/: an advisory lock file holding the writer's pid.

The lock is `fcntl.flock` on `out/.uppdrag-lock`, so the kernel releases it when its holder dies:
a lock left by a killed build is simply taken over. The file names the holder (pid and start),
so a second build can say who it waits for; it waits WAIT seconds, then gives up (exit 1). The
holder removes the file when done, so nothing of the lock stays in a committed out/. Without
fcntl (Windows) builds are not coordinated.
"""

from __future__ import annotations

import contextlib
import os
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING

from uppdrag.errors import Busy, Mark, WriteError, display_path
from uppdrag.i18n import _, strerror

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

LOCK = ".uppdrag-lock"
WAIT = 10.0  # seconds a second writer waits before it gives up


def holder(path: Path) -> str:
    """Who holds the lock, as its file says: `pid 1234 since 12:03:04`."""
    try:
        pid, _sep, since = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        return "?"
    return _("pid {pid} since {since}").format(pid=pid or "?", since=since or "?")


@contextmanager
def out_lock(out: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the lock on `out` for the block; raise Busy when another process keeps it `wait` s."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = out / LOCK
    created = not out.exists()  # removed again when nothing was written into it
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    while True:
        try:
            out.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            raise WriteError(
                _("cannot write in {folder}: {reason}").format(folder=display_path(out), reason=strerror(exc))
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise Busy(
                    _("another uppdrag is writing here ({holder}); try again when it is done").format(
                        holder=holder(path)
                    ),
                    Mark(path, 1, 1),
                ) from None
            time.sleep(0.1)
            continue
        try:  # the file may have been removed by the holder we waited for: then lock the new one
            same = os.fstat(fd).st_ino == path.stat().st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        with contextlib.suppress(OSError):  # a full disk: the lock holds, only its note is missing
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {time.strftime('%H:%M:%S')}\n".encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)  # releases the lock
        if created:
            with contextlib.suppress(OSError):
                out.rmdir()
