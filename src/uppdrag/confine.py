"""One confinement rule for every path uppdrag reads or writes (a pull request may hold anything).

Inputs (councils, bases, templates, the logo and Word template the data names) are read only when,
with every symbolic link followed, they lie inside the project and are regular files: a FIFO, a
device or /proc/self/environ is refused by its type before it is opened, and a file is read only
up to a size limit. Outputs and deletions stay inside out/: out/ itself must be a real folder,
and no folder between out/ and a file may be a symbolic link (a link at the file itself is
replaced, never written through). State files uppdrag reads back (the manifest, the site state,
the stat cache) go through `read_state`: bounded in size and nesting, and anything else is None.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from uppdrag.errors import DataError, Mark, UsageError, WriteError, display_path
from uppdrag.filecache import looked_once
from uppdrag.i18n import _, strerror


class TooLarge(DataError):
    """A file larger than its limit (nothing of it was kept)."""


MAX_STATE = 64_000_000  # bytes of a state file (a manifest of 100,000 councils is ~40 MB)


def inside(path: Path, folder: Path) -> bool:
    """Whether `path`, every link followed, lies in `folder` (also resolved)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def input_file(path: Path, root: Path, mark: Mark | None = None, field: str | None = None) -> Path:
    """`path` resolved, when it is a regular file inside the project `root`; else a DataError
    (once a build chunk for the files councils share: the logo, the bases)."""
    return looked_once(("input_file", path, root), lambda: _input_file(path, root, mark, field))


def _input_file(path: Path, root: Path, mark: Mark | None, field: str | None) -> Path:
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        raise DataError(
            _("a symbolic link that leads nowhere (a loop)"), mark or Mark(path, 1, 1), field
        ) from None
    if not real.is_relative_to(root.resolve()):
        message = _("a path leading out of the project")
        if path.is_symlink() or real != path.absolute():
            message = _("a symbolic link or path leading out of the project")
        raise DataError(message, mark or Mark(path, 1, 1), field)
    kind = file_kind(real)
    if kind is not None:
        raise DataError(kind, mark or Mark(path, 1, 1), field)
    return real


def read_input(path: Path, root: Path, limit: int) -> bytes:
    """The bytes of an input file by the rule above (inside the project, a regular file, at most
    `limit` bytes); a DataError at the file otherwise."""
    real = input_file(path, root)
    try:
        return read_limited(real, limit)
    except OSError as exc:
        reason = strerror(exc)
        raise DataError(_("cannot read file: {reason}").format(reason=reason), Mark(path, 1, 1)) from None


def SPECIAL() -> str:
    return _("a special file (FIFO, device or socket), not a regular file")


def file_kind(path: Path) -> str | None:
    """Why `path` is no regular file to read (None when it is one): missing, a folder, a FIFO…"""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return _("no such file")
    except OSError as exc:
        return _("cannot read file: {reason}").format(reason=strerror(exc))
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("a folder, not a file")
    return SPECIAL()


def read_limited(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them (an OSError or DataError otherwise); opened
    without blocking, so a FIFO put in its place after a check cannot hang the reader."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, os.strerror(21), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise DataError(
                _("a special file (FIFO, device or socket), not a regular file"), Mark(path, 1, 1)
            )
        if info.st_size > limit:
            raise TooLarge(
                _("file is too large ({size} bytes; at most {limit})").format(size=info.st_size, limit=limit),
                Mark(path, 1, 1),
            )
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # grew while being read
        raise TooLarge(
            _("file is too large ({size} bytes; at most {limit})").format(size=len(data), limit=limit),
            Mark(path, 1, 1),
        )
    return data


def check_out(out: Path) -> None:
    """out/ must be a real folder (or not exist yet): a link would carry every write elsewhere."""
    if out.is_symlink():
        raise UsageError(
            _("{path} is a symbolic link; uppdrag writes only into a real folder").format(
                path=display_path(out)
            )
        )


_UNPLAIN = re.compile(r"[\x00-\x1f\x7f\\]")  # a control character or a backslash, in one search


def plain_name(name: object) -> bool:
    """A relative POSIX path as uppdrag writes one inside out/: no `..`, no hidden part, no
    backslash, no control character."""
    if not isinstance(name, str) or not name or name.startswith("/") or _UNPLAIN.search(name):
        return False
    return all(part and not part.startswith(".") for part in name.split("/"))


def output_path(out: Path, name: str) -> Path:
    """`out/name` after checking that writing or deleting it stays in out/: a WriteError when a
    folder on the way is a symbolic link or `name` is no plain relative path."""
    if not plain_name(name):
        raise WriteError(_("{name}: not a path uppdrag writes inside out/").format(name=name))
    folder = out
    for part in PurePosixPath(name).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise WriteError(
                _("{path} is a symbolic link; uppdrag writes only into real folders inside out/").format(
                    path=display_path(folder)
                )
            )
    return out / name


def read_state(path: Path, limit: int = MAX_STATE) -> Any:
    """A JSON state file uppdrag wrote itself, or None when it is missing, too large, too deeply
    nested or no JSON (the caller then rebuilds it; `broken_state` says so)."""
    return read_state_hashed(path, limit)[0]


def read_state_hashed(path: Path, limit: int = MAX_STATE) -> tuple[Any, str]:
    """`read_state`, with the sha256 of the bytes it read ("" when it read none): what a check that
    relied on the file vouches for (build/statcache.py)."""
    import hashlib
    import json

    try:
        data = read_limited(path, limit)
    except FileNotFoundError:
        return None, ""
    except (OSError, DataError):
        return BROKEN, ""
    try:
        return json.loads(data.decode("utf-8")), hashlib.sha256(data).hexdigest()
    except (ValueError, RecursionError):
        return BROKEN, ""


BROKEN = object()  # what `read_state` gives for a state file that exists but cannot be used


def broken_state() -> str:
    """What is said (at the file) when a state file was discarded."""
    return _("not as uppdrag writes it; discarded and made again")
