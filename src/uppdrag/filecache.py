"""The one place for caches of what was read from a file: valid while the file is unchanged.

A file counts as unchanged while its modification time (ns) and size are; every per-process
cache of parsed YAML, hashed inputs and deflated DOCX parts goes through `stamp`/`FileCache`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

T = TypeVar("T")
Stamp = tuple[int, int] | None


def stamp(path: Path) -> Stamp:
    """What identifies the file's current content cheaply: (mtime in ns, size), None if missing."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class FileCache(Generic[T]):
    """`make(path)` once per content of the file."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[Stamp, T]] = {}

    def get(self, path: Path, make: Callable[[Path], T]) -> T:
        now = stamp(path)
        cached = self._entries.get(path)
        if cached is None or cached[0] != now or now is None:
            cached = (now, make(path))
            self._entries[path] = cached
        return cached[1]

    def clear(self) -> None:
        self._entries.clear()
