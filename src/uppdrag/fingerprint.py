"""A hash of uppdrag's own code: whatever uppdrag computed and kept must be keyed on it."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 over every module of the package (relative path and bytes), in a fixed order."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
