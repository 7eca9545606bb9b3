"""Compiled layout templates kept between runs (Jinja2's bytecode cache), to start fast.

Keyed by each template's source, so an edited template is simply compiled again. Lives in
$XDG_CACHE_HOME/uppdrag (or ~/.cache/uppdrag); UPPDRAG_NO_CACHE=1 turns it off. A cache that
cannot be written is no error: templates are then compiled as usual.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def bytecode_cache() -> Any:
    if os.environ.get("UPPDRAG_NO_CACHE"):
        return None
    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "uppdrag" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))
