"""Where a project's data lives: `councils/*.yaml`, `councils/bases/**.yaml`, `templates/`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import NotFoundError, UsageError
from .load import load_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
BASES = "bases"


@dataclass
class Project:
    """A folder holding `councils/` and `templates/`; caches parsed files by path."""

    root: Path
    _cache: dict[Path, tuple[float, Any]] = field(default_factory=dict, repr=False)
    chains: dict[str, tuple[Any, tuple[Path, ...], tuple[tuple[Path, float], ...]]] = field(
        default_factory=dict, repr=False
    )  # merged base chains (see compose.load_base)

    @property
    def councils_dir(self) -> Path:
        return self.root / "councils"

    @property
    def bases_dir(self) -> Path:
        return self.councils_dir / BASES

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def slugs(self) -> list[str]:
        """Every council, sorted: the `*.yaml` files directly in `councils/`."""
        return sorted(p.stem for p in self.councils_dir.glob("*.yaml") if p.is_file())

    def council_path(self, slug: str) -> Path:
        if not SLUG.match(slug):
            raise UsageError(f"'{slug}' is not a council name (lower-case letters, digits and '-')")
        path = self.councils_dir / f"{slug}.yaml"
        if not path.is_file():
            raise NotFoundError(
                f"no council '{slug}' ({path} does not exist){did_you_mean(slug, self.slugs())}"
            )
        return path

    def base_path(self, base_id: str) -> Path:
        return self.bases_dir / f"{base_id}.yaml"

    def base_revisions(self, kind: str) -> list[str]:
        folder = self.bases_dir / kind
        return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []

    def kinds(self) -> list[str]:
        return (
            sorted(p.name for p in self.bases_dir.iterdir() if p.is_dir()) if self.bases_dir.is_dir() else []
        )

    @staticmethod
    def mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return -1.0

    def load(self, path: Path) -> Any:
        """The parsed file, from cache while its modification time is unchanged."""
        mtime = self.mtime(path)
        cached = self._cache.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, load_yaml(path))
            self._cache[path] = cached
        return cached[1]


def did_you_mean(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f"; there are: {', '.join(choices)}" if choices else ""


def find_project(root: Path | None = None) -> Project:
    """The project at `root`, `$UPPDRAG_ROOT`, or the nearest folder up holding `councils/`."""
    given = root or (Path(os.environ["UPPDRAG_ROOT"]) if os.environ.get("UPPDRAG_ROOT") else None)
    if given is not None:
        if not (given / "councils").is_dir():
            raise NotFoundError(f"{given} holds no councils/ folder")
        return Project(given.resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "councils").is_dir():
            return Project(folder)
    raise NotFoundError(
        "no councils/ folder here or above; run uppdrag in the project folder or give --root DIR"
    )
