"""Where a project's data lives: `councils/*.yaml`, `councils/bases/**.yaml`, `templates/`."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from uppdrag.errors import DataError, Mark, NotFoundError, UsageError, printable
from uppdrag.filecache import FileCache, Stamp, looked_once
from uppdrag.i18n import N_, _
from uppdrag.suggest import did_you_mean

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")  # \Z: "$" would take a trailing newline
KIND = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")
BASES = "bases"
# Names Windows keeps for devices: a file out/con.docx cannot exist there.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
NAME_RULE = N_("lower-case letters a-z, digits and '-', at most 64, not a Windows device name like con")


def name_problem(slug: str) -> str | None:
    """Why `slug` cannot name a council (None when it can)."""
    if not SLUG.match(slug):
        return _("'{slug}' is not a council name ({rule})").format(slug=printable(slug), rule=_(NAME_RULE))
    if slug in RESERVED:
        return _("'{slug}' is a Windows device name and cannot name a file").format(slug=slug)
    return None


def _same_name(stem: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", stem).casefold()


@dataclass
class Project:
    """A folder holding `councils/` and `templates/`; caches parsed files by path."""

    root: Path
    _cache: FileCache[Any] = field(default_factory=FileCache, repr=False)
    chains: dict[str, tuple[Any, tuple[Path, ...], tuple[tuple[Path, Stamp], ...]]] = field(
        default_factory=dict, repr=False
    )  # merged base chains (see compose.load_base)
    _listing: tuple[int | None, list[str]] | None = field(default=None, repr=False)

    @property
    def councils_dir(self) -> Path:
        return self.root / "councils"

    @property
    def bases_dir(self) -> Path:
        return self.councils_dir / BASES

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    def _stems(self) -> list[str]:
        """The council files' names, listed again when councils/ changed (its mtime, once settled)."""
        import time

        try:
            started, listed = time.time_ns(), self.councils_dir.stat().st_mtime_ns
        except OSError:
            listed = None
        if self._listing is not None and listed is not None and self._listing[0] == listed:
            return list(self._listing[1])
        stems = sorted(_stem(e.name) for e in _entries(self.councils_dir) if _council_file(e))
        settled = listed is not None and listed < started - 50_000_000  # a later change moves the mtime
        self._listing = (listed, stems) if settled else None
        return list(stems)

    def slugs(self) -> list[str]:
        """Every council, sorted: the `*.yaml` files directly in `councils/` with a valid name."""
        return [stem for stem in self._stems() if name_problem(stem) is None]

    def name_problems(self) -> list[DataError]:
        """Council files whose name is no council name, or names one already taken."""
        stems = self._stems()
        by_name: dict[str, list[str]] = {}
        for stem in stems:
            by_name.setdefault(_same_name(stem), []).append(stem)
        entries = sorted(_entries(self.councils_dir), key=lambda e: e.name)
        folder = self.councils_dir
        problems = [
            DataError(_("file name: a folder, not a council file"), Mark(folder / e.name, 1, 1))
            if e.is_dir()
            else DataError(
                _("file name: a special file (FIFO, device or socket), not a council file"),
                Mark(folder / e.name, 1, 1),
            )
            for e in entries
            if e.name.endswith(".yaml") and not e.is_file() and (folder / e.name).exists()
        ]
        problems += [
            DataError(
                _("file name: council files end in .yaml, in lower case; this one is not read"),
                Mark(folder / e.name, 1, 1),
            )
            for e in entries
            if _suffix(e.name).lower() in (".yaml", ".yml") and _suffix(e.name) != ".yaml"
        ]
        for stem in stems:
            problem = name_problem(stem)
            if problem is None:
                continue
            twins = [other for other in by_name[_same_name(stem)] if other != stem]
            if twins:
                problem = _(
                    "'{name}' and '{twin}' differ only in case or Unicode form: one council, two files"
                ).format(name=printable(stem), twin=printable(twins[0]))
            problems.append(
                DataError(
                    _("file name: {problem}").format(problem=problem),
                    Mark(self.councils_dir / f"{stem}.yaml", 1, 1),
                )
            )
        return problems

    def council_path(self, slug: str) -> Path:
        problem = name_problem(slug)
        if problem is not None:
            raise UsageError(problem)
        path = self.councils_dir / f"{slug}.yaml"
        if not path.is_file():
            raise NotFoundError(
                _("no council '{slug}' ({path} does not exist){hint}").format(
                    slug=slug, path=path, hint=did_you_mean(slug, self.slugs())
                )
            )
        return path

    def base_path(self, base_id: str) -> Path:
        return self.bases_dir / f"{base_id}.yaml"

    def base_revisions(self, kind: str) -> list[str]:
        if not KIND.match(kind):  # `../x` or `/etc` name no folder of bases
            return []
        folder = self.bases_dir / kind
        return list(
            looked_once(
                ("revisions", folder),
                lambda: sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else [],
            )
        )

    def kinds(self) -> list[str]:
        return (
            sorted(p.name for p in self.bases_dir.iterdir() if p.is_dir()) if self.bases_dir.is_dir() else []
        )

    def read_bytes(self, path: Path) -> bytes:
        """A YAML file's bytes as any input is read: inside the project (links followed), a
        regular file, at most the YAML size limit; a DataError at the file otherwise."""
        from uppdrag.confine import read_input
        from uppdrag.source.limits import MAX_BYTES

        return read_input(path, self.root, MAX_BYTES)

    def sha256(self, path: Path, limit: int | None = None) -> str | None:
        """An input's sha256 (read as any input is, at most `limit` bytes: the YAML limit unless
        given), once per content while this project lives (a command's run); None when it cannot
        be read."""
        from uppdrag.confine import read_input
        from uppdrag.source.limits import MAX_BYTES

        def digest() -> str | None:
            import hashlib

            try:
                return hashlib.sha256(read_input(path, self.root, limit or MAX_BYTES)).hexdigest()
            except DataError:
                return None

        return self._cache.made_from(("sha256", path, limit), (path,), digest)  # type: ignore[no-any-return]

    def load(self, path: Path) -> Any:
        """The parsed file, from cache while the file is unchanged."""
        return self._cache.get(path, self._read)

    def _read(self, path: Path) -> Any:
        from uppdrag.confine import input_file
        from uppdrag.source.load import load_yaml  # YAML only when a file is read: a no-op never is

        input_file(path, self.root)  # inside the project, links followed; no FIFO or device
        return load_yaml(path)


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of a folder in one `scandir` (their kinds from the listing, no stat each), as
    many councils are listed at every run; none when it is no folder."""
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


def _council_file(entry: os.DirEntry[str]) -> bool:
    """`councils/*.yaml` that is a file (a link followed), as `Path.glob` and `is_file` see it."""
    return entry.name.endswith(".yaml") and entry.is_file()


def _suffix(name: str) -> str:
    """`PurePath(name).suffix`: from the last dot, unless the name starts with it or ends with it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _stem(name: str) -> str:
    """`PurePath(name).stem`."""
    suffix = _suffix(name)
    return name[: -len(suffix)] if suffix else name


def find_project(root: Path | None = None) -> Project:
    """The project at `root`, `$UPPDRAG_ROOT`, or the nearest folder up holding `councils/`."""
    given = root or (Path(os.environ["UPPDRAG_ROOT"]) if os.environ.get("UPPDRAG_ROOT") else None)
    if given is not None:
        if not (given / "councils").is_dir():
            raise NotFoundError(_("{given} holds no councils/ folder").format(given=given))
        return Project(given.resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "councils").is_dir():
            return Project(folder)
    raise NotFoundError(
        _("no councils/ folder here or above; run uppdrag in the project folder or give --root DIR")
    )
