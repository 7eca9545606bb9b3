"""Which outputs of an out/ folder this user's uppdrag made: what the fresh `render` may copy.

The committed manifest may come from a stranger's pull request, and its output hashes then say
what its author wants: a doctored out/urologi.md with a manifest to match would be copied by
`render urologi` as if the YAML said so. So `render` copies an output instead of making it only
when a build on this machine made those very bytes: each build records the outputs it wrote,
by file and sha256, in uppdrag's private cache (sealed: uppdrag/cachedir.py), one file per output
folder. An output that came with a checkout is made again by `render` (and by `build --check`).
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

MAX_RECORD = 64_000_000  # bytes of one output folder's record (about 600,000 outputs)


def _place(out: Path) -> Path | None:
    """The record's file in the private cache (None without one)."""
    from uppdrag.cachedir import cache_folder

    folder = cache_folder("made")
    if folder is None:
        return None
    key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:20]
    return folder / f"{key}.json"


def made_here(out: Path) -> dict[str, str]:
    """{output file (relative to out/): sha256} of what builds here wrote into `out`; empty when
    there is no record, or one not as uppdrag sealed it."""
    place = _place(out)
    return {} if place is None else _read(place)


def made_stamp(out: Path) -> str:
    """The record's size, times and inode ("" without one): what a check that relied on the record
    keys on (the record is only ever replaced, so any change moves them)."""
    place = _place(out)
    try:
        info = place.stat() if place is not None else None
    except OSError:
        info = None
    return "" if info is None else f"{info.st_size} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_ino}"


def _read(path: Path) -> dict[str, str]:
    from uppdrag.cachedir import read_sealed

    data = read_sealed(path, MAX_RECORD)
    try:
        parsed = json.loads(data) if data is not None else None
    except (ValueError, RecursionError):
        return {}
    if not isinstance(parsed, dict):
        return {}
    return {name: digest for name, digest in parsed.items() if isinstance(digest, str)}


def record_made(out: Path, written: dict[str, str], gone: Iterable[str]) -> None:
    """Add what a build just wrote into `out` (file → sha256) and drop what it removed; a record
    that cannot be written is no error (render then makes the documents)."""
    gone = list(gone)
    if not written and not gone:
        return
    path = _place(out)
    if path is None:
        return
    from uppdrag.cachedir import write_sealed

    record = _read(path)
    record.update(written)
    for name in gone:
        record.pop(name, None)
    write_sealed(path, json.dumps(record, sort_keys=True, separators=(",", ":")).encode(), "*.json")
