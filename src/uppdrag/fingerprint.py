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
    """sha256 over every module of the package (relative path and bytes)."""
    package = Path(__file__).resolve().parent
    return hash_files(package.rglob("*.py"), package)
