"""uppdrag's private cache folder: `$XDG_CACHE_HOME/uppdrag` (or ~/.cache/uppdrag).

What is kept there is trusted only so far as nobody else can write it: the folder is made by
uppdrag with mode 0700 and checked on every use (a real folder, owned by the current user,
writable by nobody else); a relative `XDG_CACHE_HOME` is ignored, as the XDG spec says, so no
cache ever lands in the project. What is read back is authenticated with an HMAC under a key
that lives beside it (0600), so a file put there by a restored CI cache or by hand is ignored.
`UPPDRAG_NO_CACHE=1` turns every cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
from pathlib import Path

KEY = "key"


def cache_folder(name: str) -> Path | None:
    """`<cache>/uppdrag/<name>`, private to this user; None when caching is off or unsafe."""
    if os.environ.get("UPPDRAG_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():
        base = str(Path.home() / ".cache")
    top = Path(base) / "uppdrag"
    folder = top / name
    for path in (top, folder):
        if not _private(path):
            return None
    return folder


def _private(path: Path) -> bool:
    """Make `path` a folder of ours with mode 0700 (or find it so)."""
    try:
        path.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False  # a link, a file, or someone else's folder: never used
    if info.st_mode & 0o077:
        try:
            path.chmod(0o700)  # made by an older uppdrag with the umask's mode
        except OSError:
            return False
    return True


def _key(folder: Path) -> bytes | None:
    """The folder's HMAC key: 32 random bytes in a 0600 file of ours, made on first use."""
    path = folder / KEY
    with contextlib.suppress(FileExistsError, OSError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, os.urandom(32))
        finally:
            os.close(fd)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        key = os.read(fd, 64)
    finally:
        os.close(fd)
    return key if len(key) == 32 else None


def seal(folder: Path, data: bytes) -> bytes | None:
    """`data` with its HMAC in front (64 hex digits and a newline); None without a key."""
    key = _key(folder)
    if key is None:
        return None
    return hmac.new(key, data, hashlib.sha256).hexdigest().encode() + b"\n" + data


def unseal(folder: Path, sealed: bytes) -> bytes | None:
    """The data of a `seal`ed file, or None when its HMAC does not match (or there is no key)."""
    key = _key(folder)
    mac, _sep, data = sealed.partition(b"\n")
    if key is None or not hmac.compare_digest(mac, hmac.new(key, data, hashlib.sha256).hexdigest().encode()):
        return None
    return data


def read_sealed(path: Path, limit: int) -> bytes | None:
    """The data of the sealed cache file `path` (at most `limit` bytes read), or None when it is
    missing, unreadable, too large or not sealed by this user's uppdrag."""
    from uppdrag.confine import read_limited
    from uppdrag.errors import DataError

    try:
        return unseal(path.parent, read_limited(path, limit))
    except (OSError, DataError):
        return None


def write_sealed(path: Path, data: bytes, pattern: str, limit: int | None = None) -> None:
    """`data` sealed into the cache file `path`, unless there is no key or it would be larger than
    `limit`; a cache that cannot be written is no error. Old files matching `pattern` beside it
    are swept (`forget_old`)."""
    sealed = seal(path.parent, data)
    if sealed is None or (limit is not None and len(sealed) > limit):
        return
    with contextlib.suppress(OSError):
        write_private(path, sealed)
    forget_old(path.parent, pattern)


def write_private(path: Path, content: bytes) -> None:
    """Write a cache file (0600) via a temporary file and a rename; an OSError when it cannot."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)
    temporary.replace(path)


FORGET_AFTER_S = 30 * 24 * 3600  # a cache file neither written nor used for 30 days is removed
SWEEP_EVERY_S = 24 * 3600
SWEPT = ".swept"


def forget_old(folder: Path, pattern: str) -> None:
    """Remove the files matching `pattern` in a cache folder that were neither written nor used
    (see `used`) for `FORGET_AFTER_S`: entries of an older uppdrag, a removed project or a
    temporary folder would otherwise pile up for ever. The folder is looked through at most once
    a day (the time is kept in a marker file), so a run seldom pays for it."""
    import time

    now = time.time()
    marker = folder / SWEPT
    with contextlib.suppress(OSError):
        if marker.stat().st_mtime > now - SWEEP_EVERY_S:
            return
    try:
        marker.touch(mode=0o600)  # an existing marker gets the time now
    except OSError:
        return
    oldest = now - FORGET_AFTER_S
    for path in folder.glob(pattern):
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < oldest:
                path.unlink()


USED_EVERY_S = 3600  # a use is recorded at most once an hour: `forget_old` counts in days


def used(path: Path) -> None:
    """Mark a cache file as used now (its time is what `forget_old` goes by). Marked only when
    the last mark is an hour old: a build uses every council's entry, and setting the time of
    each would write their inodes out at the build's next sync."""
    import time

    with contextlib.suppress(OSError):
        if path.stat().st_mtime < time.time() - USED_EVERY_S:
            os.utime(path)
