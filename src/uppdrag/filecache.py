"""The one place for caches of what was read from a file: valid while the file is unchanged.

A file counts as unchanged while its modification time (ns) and size are; every per-process
cache of what was read from files (parsed YAML, hashed inputs, deflated DOCX parts, logos, Word
templates) goes through `stamp`/`FileCache`, so there is one rule for when it is read again.
Within a `steady()` block (a build's chunk of councils) each file is looked at once: the bases,
templates and fixed parts every council shares are taken as they were when first looked at,
not stat-ed again for each council.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator, Sequence
    from pathlib import Path

T = TypeVar("T")
Stamp = tuple[int, int] | None

_looked: ContextVar[dict[Hashable, object] | None] = ContextVar("uppdrag_steady", default=None)


@contextmanager
def steady() -> Iterator[None]:
    """Within the block, a file's stamp (and a template's freshness) is taken once."""
    token = _looked.set({})
    try:
        yield
    finally:
        _looked.reset(token)


def stamp(path: Path) -> Stamp:
    """What identifies the file's current content cheaply: (mtime in ns, size), None if missing."""
    looked = _looked.get()
    if looked is not None and path in looked:
        return looked[path]  # type: ignore[return-value]
    try:
        info = path.stat()
    except OSError:
        now: Stamp = None
    else:
        now = (info.st_mtime_ns, info.st_size)
    if looked is not None:
        looked[path] = now
    return now


def looked_once(key: Hashable, make: Callable[[], T]) -> T:
    """`make()` once within a `steady()` block (what a folder holds, where a link leads); each
    time outside one. An exception is not kept."""
    looked = _looked.get()
    if looked is None:
        return make()
    try:
        return looked[key]  # type: ignore[return-value]
    except KeyError:
        value = looked[key] = make()
        return value


def fresh_once(key: Hashable, check: Callable[[], bool]) -> bool:
    """`check()` (is a loaded file still up to date?), asked once within a `steady()` block."""
    looked = _looked.get()
    if looked is not None and looked.get(key) is True:
        return True
    result = check()
    if looked is not None and result:
        looked[key] = True
    return result


class FileCache(Generic[T]):
    """`make(path)` once per content of the file (or `make()` once per content of several)."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[Stamp, T]] = {}
        self._made: dict[Hashable, tuple[tuple[Stamp, ...] | None, T]] = {}

    def get(self, path: Path, make: Callable[[Path], T]) -> T:
        now = stamp(path)
        cached = self._entries.get(path)
        if cached is None or cached[0] != now or now is None:
            cached = (now, make(path))
            self._entries[path] = cached
        return cached[1]

    def made_from(self, key: Hashable, paths: Sequence[Path], make: Callable[[], T]) -> T:
        """`make()` once per content of all `paths` (a value pinned under `key` is kept)."""
        cached = self._made.get(key)
        if cached is not None and cached[0] is None:
            return cached[1]
        now = tuple(stamp(path) for path in paths)
        if cached is None or cached[0] != now or None in now:
            cached = (now, make())
            self._made[key] = cached
        return cached[1]

    def pin(self, key: Hashable, value: T) -> None:
        """Keep `value` under `key` whatever its files do (they are about to go)."""
        self._made[key] = (None, value)

    def clear(self) -> None:
        self._entries.clear()
        self._made.clear()
