"""What a build would do, decided before it does anything (batch.py makes it, finish.py ends it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uppdrag.build.manifest import Manifest


@dataclass
class Plan:
    """What a build would do: the councils to remake (with reasons) and the manifest as it stands."""

    slugs: list[str]
    todo: dict[str, list[str]]
    manifest: Manifest
    hashes: dict[str, str]
    check: str = ""  # the key a build that finds everything fresh vouches under (build/statcache.py)
    vouched: bool = False  # found as a build here vouched for it: nothing read, nothing to end
