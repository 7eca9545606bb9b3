"""Validated charters kept in the private cache by what they were made from.

A build that renders councils whose files did not change (after a layout change, or with
`--force`) takes each charter from one sealed file instead of composing and validating it again,
and so do the register's history pages, which need each council at every revision of its base.
An entry is found by the council file's bytes, its slug, the revision asked for (none: the
council's own), the project folder and uppdrag's code;
it names every other file the charter came from (bases, logo, Word template) with its sha256 and
is used only while each of them, checked as any input is (inside the project, a regular file),
still has it, and while the layout's templates exist. Entries are HMAC-sealed in the user's
cache (`uppdrag.cachedir`), as compiled templates are; one that does not unseal or load is made
again. A charter taken from here equals the one `load_charter` makes
(tests/test_charters_kept.py proves it over a synthetic set). Errors are never kept: a council
that fails is loaded afresh each time, and its message is `load_charter`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.errors import AssetError, UppdragError
    from uppdrag.source.project import Project

FORMAT = 2  # what an entry holds; raised when that changes
MAX_ENTRY = 4_000_000  # bytes of one sealed entry read back


@dataclass(frozen=True)
class Kept:
    """What a build needs of a loaded council: the charter and the files it came from."""

    project: Project
    slug: str
    charter: Charter
    sources: tuple[Path, ...]  # the council file last, as `Composed.sources`
    assets: tuple[Path, ...]
    revision: str | None = None  # the revision asked for (None: the council's own)

    def at_field(self, exc: AssetError) -> UppdragError:
        """An asset's error at the YAML field that names the file (the tree composed again)."""
        from uppdrag.check.charter import load_charter

        return load_charter(self.project, self.slug, self.revision).at_field(exc)


def load_kept(project: Project, slug: str, revision: str | None = None) -> Kept:
    """The council's charter (at `revision` of its base, or its own) from the cache when all it
    came from is unchanged, else loaded (`load_charter`: its errors as they are) and kept for the
    next build."""
    from uppdrag.cachedir import cache_folder

    folder = cache_folder("charters")
    council = project.councils_dir / f"{slug}.yaml"
    key = _key(project, slug, council, revision) if folder is not None else None
    if folder is not None and key is not None:
        kept = _read(folder, key, project, slug, revision)
        if kept is not None:
            return kept
    from uppdrag.check.charter import load_charter  # only now: a kept charter needs no YAML or validation

    loaded = load_charter(project, slug, revision)
    kept = Kept(project, slug, loaded.charter, loaded.composed.sources, loaded.assets, revision)
    if folder is not None and key is not None:
        _write(folder, key, kept)
    return kept


def _key(project: Project, slug: str, council: Path, revision: str | None) -> str | None:
    import hashlib

    from uppdrag.confine import input_file
    from uppdrag.errors import UppdragError
    from uppdrag.fingerprint import code_hash

    try:  # read each time: a council file that cannot be read now is load_charter's error
        own = hashlib.sha256(project.read_bytes(input_file(council, project.root))).hexdigest()
    except UppdragError:
        return None
    asked = "" if revision is None else f"\0{revision}"  # an own revision's key as it always was
    text = f"{FORMAT}\0{code_hash()}\0{project.root}\0{slug}\0{own}{asked}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _read(folder: Path, key: str, project: Project, slug: str, revision: str | None) -> Kept | None:
    import pickle

    from uppdrag.cachedir import read_sealed, used

    path = folder / f"{key}.charter"
    data = read_sealed(path, MAX_ENTRY)
    if data is None:
        return None
    try:
        depends, sources, assets, charter = pickle.loads(data)  # sealed by this user's uppdrag
    except Exception:  # an entry of another pydantic or Python: made again
        return None
    depends = tuple((_path(name), digest) for name, digest in depends)
    if not _unchanged(project, depends):
        return None
    kept = Kept(project, slug, charter, tuple(map(_path, sources)), tuple(map(_path, assets)), revision)
    if not _layout_found(project, kept.charter):
        return None
    used(path)
    return kept


def _unchanged(project: Project, depends: tuple[tuple[Path, str], ...]) -> bool:
    """Whether every file still is an input as any is (inside the project, regular) with its hash
    (read up to the largest an asset may be: a Word template)."""
    from uppdrag.check.assets import MAX_TEMPLATE
    from uppdrag.confine import input_file
    from uppdrag.errors import UppdragError

    for path, digest in depends:
        try:
            real = input_file(path, project.root)
        except UppdragError:
            return False
        if project.sha256(real, MAX_TEMPLATE) != digest:  # read once per command, as the YAML is
            return False
    return True


_paths: dict[str, Path] = {}


def _path(name: str) -> Path:
    """The path an entry names; one object a process for each (the bases are in every entry)."""
    found = _paths.get(name)
    if found is None:
        from pathlib import Path

        found = _paths[name] = Path(name)
    return found


def _layout_found(project: Project, charter: Charter) -> bool:
    from uppdrag.check.layouts import needed_files
    from uppdrag.filecache import fresh_once

    def found() -> bool:
        return all((project.templates_dir / name).is_file() for name in needed_files(charter.layout))

    return fresh_once(("layout found", project.templates_dir, charter.layout), found)  # once a chunk


def _write(folder: Path, key: str, kept: Kept) -> None:
    import pickle

    from uppdrag.cachedir import write_sealed
    from uppdrag.check.assets import MAX_TEMPLATE

    council = kept.sources[-1]
    depends = tuple(
        (p, kept.project.sha256(p, MAX_TEMPLATE)) for p in (*kept.sources, *kept.assets) if p != council
    )
    if any(digest is None for _path, digest in depends):
        return
    # paths as text: a str unpickles faster than a Path (`_path` makes them again)
    named = tuple((str(path), digest) for path, digest in depends)
    sources, assets = tuple(map(str, kept.sources)), tuple(map(str, kept.assets))
    data = pickle.dumps((named, sources, assets, kept.charter), protocol=5)
    write_sealed(folder / f"{key}.charter", data, "*.charter", MAX_ENTRY)
