"""The end of a build: remove what is gone (only as uppdrag made it), write the index (never over a
user's own README.md) and the manifest, remember the stats of what was built."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.build.index import index_text, may_write_index
from uppdrag.build.manifest import NAME, bytes_hash, engine_version, file_hash
from uppdrag.errors import Diagnostic, Mark
from uppdrag.i18n import _
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.build.council import Built
    from uppdrag.build.manifest import Manifest
    from uppdrag.build.statcache import StatCache
    from uppdrag.source.project import Project


@dataclass
class Finished:
    """What the end of a build did beyond writing the index and the manifest."""

    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # outputs of removed councils, edited since
    problems: list[Diagnostic] = field(default_factory=list)


def finish(
    project: Project,
    manifest: Manifest,
    slugs: list[str],
    out: Path,
    built: list[Built],
    stats: StatCache,
) -> Finished:
    """Remove what is gone; write the index and the manifest (entries recorded already) if changed."""
    done = Finished(problems=[discarded(out / NAME)] if manifest.broken else [])
    done.removed, done.kept = remove_gone(slugs, out, manifest)
    changed = bool(built or done.removed) or manifest.version != engine_version()
    manifest.version = engine_version()
    index = out / "README.md"
    if changed or stats.hash(index) != manifest.index:
        content = index_text(project, manifest).encode()
        if may_write_index(index, manifest.index, content):
            write_if_changed(index, content)
            manifest.index = bytes_hash(content)
        else:
            why = _("not written by uppdrag, so kept; the index was not written (move the file away)")
            done.problems.append(Diagnostic(why, Mark(index, 1, 1)))
        changed = True
    if changed or stats.hash(out / NAME) is None:  # the manifest is serialised only when it changed
        write_if_changed(out / NAME, manifest.dumps().encode())
    for result in built:  # what was just built is known by its stat in the next build
        if result.entry is not None:
            for output in result.entry.outputs.values():
                stats.hash(out / output["file"])
            for name in result.entry.inputs:
                stats.hash(project.root / name)
    stats.save()
    return done


def discarded(path: Path) -> Diagnostic:
    """A warning: a state file not as uppdrag writes it, discarded and made again."""
    from uppdrag.confine import broken_state

    return Diagnostic(broken_state(), Mark(path, 1, 1), severity="warning")


def remove_gone(slugs: list[str], out: Path, manifest: Manifest) -> tuple[list[Path], list[Path]]:
    """Delete the outputs of councils that no longer exist: only files the manifest says uppdrag
    made, and only while they are as uppdrag made them (an edited one is kept, and said)."""
    from uppdrag.confine import output_path
    from uppdrag.errors import WriteError

    removed, kept = [], []
    for slug in sorted(set(manifest.councils) - set(slugs)):
        for output in manifest.councils.pop(slug).outputs.values():
            try:  # never through a linked folder (the manifest is checked already: see _entry)
                path = output_path(out, output["file"])
            except WriteError:
                continue
            if path.is_symlink():
                path.unlink()
                removed.append(path)
            elif path.is_file():
                if file_hash(path) != output["sha256"]:
                    kept.append(path)
                    continue
                path.unlink()
                removed.append(path)
    return removed, kept


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and not path.is_symlink() and path.read_bytes() == content:
        return False
    write_atomic(path, content)
    return True
