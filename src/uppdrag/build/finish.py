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
    from uppdrag.build.plan import Plan
    from uppdrag.build.statcache import StatCache
    from uppdrag.source.project import Project


@dataclass
class Finished:
    """What the end of a build did beyond writing the index and the manifest."""

    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # outputs of removed councils, edited since
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass
class Ending:
    """What the end of a build does to out/, decided once: `finish` carries it out and
    `batch.check` reports it, so `build --check` and `build` cannot disagree."""

    gone: list[Path] = field(default_factory=list)  # outputs of removed councils, as uppdrag made them
    kept: list[Path] = field(default_factory=list)  # outputs of removed councils, edited since
    index: bytes | None = None  # out/README.md to write; None: left as it is
    refused: Diagnostic | None = None  # the index was not written over a user's own README.md
    manifest: bytes | None = None  # the manifest to write; None: unchanged
    council_of: dict[Path, str] = field(default_factory=dict)  # gone and kept: whose output


def plan_ending(
    project: Project, manifest: Manifest, slugs: list[str], out: Path, built: bool, stats: StatCache | None
) -> Ending:
    """The ending for `manifest` (the entries of what was built recorded already; removed councils
    are taken out of it). `stats` lets an unchanged build skip the index; without them (`check`)
    everything is computed."""
    ending = Ending()
    for path, slug, edited in gone_outputs(slugs, out, manifest):
        (ending.kept if edited else ending.gone).append(path)
        ending.council_of[path] = slug

    changed = built or bool(ending.gone) or manifest.version != engine_version()
    manifest.version = engine_version()
    index = out / "README.md"
    if stats is None or changed or stats.hash(index) != manifest.index:
        content = index_text(project, manifest).encode()
        if may_write_index(index, manifest.index, content):
            ending.index = content
            manifest.index = bytes_hash(content)
        else:
            why = _("not written by uppdrag, so kept; the index was not written (move the file away)")
            ending.refused = Diagnostic(why, Mark(index, 1, 1))
        changed = True
    if stats is None or changed or stats.hash(out / NAME) is None:  # serialised only when it changed
        ending.manifest = manifest.dumps().encode()
    return ending


def finish(project: Project, plan: Plan, out: Path, built: list[Built], stats: StatCache) -> Finished:
    """Carry out the ending: remove what is gone, write the index and the manifest if changed. A
    build that changed nothing vouches for what it found (build/statcache.py), so the next one with
    the same key only stats those files; one that found out/ so (`plan.vouched`) has no ending."""
    manifest, slugs = plan.manifest, plan.slugs
    if plan.vouched and not built:  # the ending was found to be nothing when vouched: it still is
        stats.save()
        return Finished()
    done = Finished(problems=[discarded(out / NAME)] if manifest.broken else [])
    ending = plan_ending(project, manifest, slugs, out, bool(built), stats)
    for path in ending.gone:
        path.unlink()
    done.removed, done.kept = ending.gone, ending.kept
    if ending.refused is not None:
        done.problems.append(ending.refused)
    if ending.index is not None:
        write_if_changed(out / "README.md", ending.index)
    if ending.manifest is not None:
        write_if_changed(out / NAME, ending.manifest)
    manifest.identity, manifest.vouched = None, []  # only for a manifest found as it was vouched for
    if plan.check and not (built or manifest.broken) and ending == Ending():  # nothing changed
        read = {str(out / NAME): manifest.sha}  # the manifest's bytes as checked, not as hashed after
        vouched = stats.vouch("build", plan.check, plan.hashes, stats.seen, read)
        if vouched is not None:
            manifest.identity, manifest.vouched = vouched["digest"], vouched["files"]
    written = _remember(project, out, built, stats)
    stats.save()
    from uppdrag.build.made import record_made

    record_made(out, written, (path.relative_to(out).as_posix() for path in ending.gone))
    return done


def _remember(project: Project, out: Path, built: list[Built], stats: StatCache) -> dict[str, str]:
    """What was just built is known by its stat in the next build; the outputs written (file → sha256).

    Paths are joined as strings, as `stale_reasons` names them, and each input once: the councils
    share their bases."""
    written = {}
    inputs: dict[str, None] = {}
    for result in built:
        if result.entry is not None:
            for output in result.entry.outputs.values():
                stats.hash(f"{out}/{output['file']}")
                written[output["file"]] = output["sha256"]
            inputs.update(dict.fromkeys(result.entry.inputs))
    for name in inputs:
        stats.hash(f"{project.root}/{name}")
    return written


def discarded(path: Path) -> Diagnostic:
    """A warning: a state file not as uppdrag writes it, discarded and made again."""
    from uppdrag.confine import broken_state

    return Diagnostic(broken_state(), Mark(path, 1, 1), severity="warning")


def gone_outputs(slugs: list[str], out: Path, manifest: Manifest) -> list[tuple[Path, str, bool]]:
    """The outputs of councils that no longer exist (taken out of `manifest`) as (path, council,
    edited): only files the manifest says uppdrag made; one changed since uppdrag made it is
    `edited` (kept, and said), the others are deleted by `finish`."""
    from uppdrag.confine import output_path
    from uppdrag.errors import WriteError

    found = []
    for slug in sorted(set(manifest.councils) - set(slugs)):
        for output in manifest.councils.pop(slug).outputs.values():
            try:  # never through a linked folder (the manifest is checked already: see _entry)
                path = output_path(out, output["file"])
            except WriteError:
                continue
            if path.is_symlink():
                found.append((path, slug, False))
            elif path.is_file():
                found.append((path, slug, file_hash(path) != output["sha256"]))
    return found


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and not path.is_symlink() and path.read_bytes() == content:
        return False
    write_atomic(path, content)
    return True
