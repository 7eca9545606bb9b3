"""One council, or a chunk of them, built: rendered, compared with out/, written in one batch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from uppdrag.build.charters import load_kept
from uppdrag.build.manifest import Entry, bytes_hash, file_hash
from uppdrag.confine import output_path
from uppdrag.errors import AssetError, Diagnostic, UppdragError
from uppdrag.filecache import FileCache, looked_once, steady
from uppdrag.session import per_session
from uppdrag.source.project import Project
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.write import Batch

    Staged = tuple[Batch, list["Built"]]  # a chunk's files staged, not yet synced, and its results

CHUNK = 50  # councils whose files are synced together (and sent to a worker at once)
TAIL = 4  # the smallest slice the last ones shrink to


class Pages(Protocol):
    """A later stage's own pages for a format (publish's register: each council's page with the
    site's links), given to `build` explicitly; sent to the workers, so it must pickle."""

    def render(self, fmt: str, charter: Charter, project: Project) -> bytes | None:
        """The output of `fmt` for the charter, or None for the format's own rendering."""

    def stale(self, out: Path, slugs: list[str]) -> dict[str, list[str]]:
        """Councils to remake for the stage's sake, with the reasons."""


@dataclass(frozen=True)
class Built:
    """One council's result: its manifest entry, or what stopped it."""

    slug: str
    entry: Entry | None = None
    errors: tuple[Diagnostic, ...] = ()
    written: tuple[Path, ...] = ()


def build_one(
    project: Project,
    slug: str,
    formats: list[str],
    out: Path,
    hashes: dict[str, str],
    batch: Batch | None = None,
    dry: bool = False,
    pages: Pages | None = None,
) -> Built:
    """Render one council; write only the files whose bytes differ from what is there.

    With a `batch`, the files are staged in it, durable and in place once it is committed.
    `dry`: write nothing; `written` names the files that would be written. `pages` may give
    a format's output instead of the format.
    """
    from uppdrag.render.formats import get  # imported only when something is to be built

    try:
        loaded = load_kept(project, slug)
        try:
            rendered = {fmt: _render(fmt, loaded.charter, project, pages) for fmt in formats}
        except AssetError as exc:  # a Word template that cannot be used: at its `template:` line
            raise loaded.at_field(exc) from None
    except UppdragError as exc:
        return Built(slug, errors=tuple(exc.diagnostics))
    written: list[Path] = []
    outputs = {}
    for fmt, content in rendered.items():
        digest = bytes_hash(content)
        try:
            path = output_path(out, get(fmt).output_file(slug))
        except UppdragError as exc:  # a linked folder in out/: nothing written through it
            return Built(slug, errors=tuple(exc.diagnostics), written=tuple(written))
        if path.is_symlink() or file_hash(path) != digest:  # a link is replaced, never written through
            try:
                if dry:
                    pass
                elif batch is None:
                    write_atomic(path, content)
                else:
                    batch.add(path, content)
            except UppdragError as exc:  # a full or read-only disk: this council failed, files kept
                return Built(slug, errors=tuple(exc.diagnostics), written=tuple(written))
            written.append(path)
        outputs[fmt] = {"file": get(fmt).output_file(slug), "sha256": digest}
    c = loaded.charter
    named = (_input(project.root, p) for p in (*loaded.sources, *loaded.assets))
    entry = Entry(
        inputs={name: digest for name, digest in named if name is not None},  # the logo and template too
        templates={fmt: hashes[fmt] for fmt in formats},
        outputs=outputs,
        meta={
            "title": c.title,
            "kind": c.kind,
            "revision": c.revision,
            "datum": str(c.datum),
            "diarienummer": c.diarienummer,
            "status": c.status,
            "ansvarsomrade": c.ansvarsomrade,
            **({"upphor": f"{c.upphor.datum}, {c.upphor.beslut}"} if c.upphor else {}),
        },
    )
    return Built(slug, entry, written=tuple(written))


def _render(fmt: str, charter: Charter, project: Project, pages: Pages | None) -> bytes:
    from uppdrag.render.formats import get

    own = pages.render(fmt, charter, project) if pages is not None else None
    return own if own is not None else get(fmt).render(charter, project)


_input_hashes: FileCache[str] = FileCache()


def _input(root: Path, path: Path) -> tuple[str | None, str]:
    """An input's name in the manifest and its hash, once a chunk for each (the bases are in every
    council's chain), looked up by the path's text."""

    def make() -> tuple[str | None, str]:
        name = _input_name(root, path)
        return name, _input_hash(path) if name is not None else ""

    return looked_once(("input", str(root), str(path)), make)


def _input_hash(path: Path) -> str:
    """An input's hash, computed once per process while the file is unchanged (bases are shared)."""
    return _input_hashes.get(path, lambda p: file_hash(p) or "")


@per_session
def _input_name(root: Path, path: Path) -> str | None:
    """An input's name in the manifest (relative to the project, links followed), or None for
    a file outside it; once a run for each path (the bases are in every council's chain)."""
    plain = path.name not in ("", ".", "..") and not path.is_symlink()
    real, top = _resolved(path.parent) / path.name if plain else path.resolve(), _resolved(root)
    return real.relative_to(top).as_posix() if real.is_relative_to(top) else None


@per_session
def _resolved(folder: Path) -> Path:
    """A folder with its links followed, once a run: every council file is in the same one."""
    return folder.resolve()


_worker_projects: dict[str, Project] = {}


def stage_chunk(
    project: Project,
    slugs: list[str],
    formats: list[str],
    out: Path,
    hashes: dict[str, str],
    dry: bool = False,
    pages: Pages | None = None,
) -> Staged:
    """Several councils rendered, their files staged (unsynced, not in place) in one batch."""
    from uppdrag.write import Batch

    batch = Batch()
    with steady():  # the files every council shares are looked at once a chunk, not once a council
        built = [build_one(project, slug, formats, out, hashes, batch, dry, pages) for slug in slugs]
    return batch, built


def commit_chunk(staged: Staged, dry: bool) -> list[Built]:
    """A staged chunk made durable and put in place (one sync); when that fails, nothing of it is,
    and each council that wrote failed."""
    batch, built = staged
    try:
        batch.commit()
    except UppdragError as exc:  # nothing of the chunk was put in place: each council that wrote failed
        return [Built(b.slug, errors=tuple(exc.diagnostics)) if b.written and not dry else b for b in built]
    return built


def build_in_worker(
    root: str,
    slugs: list[str],
    formats: list[str],
    out: str,
    hashes: dict[str, str],
    dry: bool,
    pages: Pages | None = None,
) -> Staged:
    """A chunk staged in a worker process; the main process commits it (`commit_chunk`), so a
    worker goes on rendering the next chunk instead of waiting for the sync."""
    project = _worker_projects.setdefault(root, Project(Path(root)))  # bases parsed once per process
    return stage_chunk(project, slugs, formats, Path(out), hashes, dry, pages)


def chunks(slugs: list[str], workers: int) -> list[list[str]]:
    """Slices of the work: about eight per worker, each at most CHUNK councils. With several
    workers the last slices shrink (to TAIL councils), so that the workers finish together: none
    is left rendering a whole slice while the others have nothing to do."""
    size = max(1, min(CHUNK, -(-len(slugs) // (8 * workers))))
    found, start = [], 0
    while start < len(slugs):
        left = len(slugs) - start
        step = size if workers == 1 else min(size, max(TAIL, -(-left // (2 * workers))))
        found.append(slugs[start : start + step])
        start += step
    return found
