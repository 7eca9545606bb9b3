"""`uppdrag build`: every council in every format into out/, remaking only what changed."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uppdrag.build.council import Built, build_chunk, build_in_worker, chunks
from uppdrag.build.manifest import (  # no pydantic, YAML or Jinja2 here: a no-op build starts fast
    NAME,
    Manifest,
    bytes_hash,
    engine_version,
    file_hash,
    stale_reasons,
    templates_hash,
)
from uppdrag.build.statcache import StatCache
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from uppdrag.errors import Diagnostic
    from uppdrag.source.project import Project

PARALLEL_FROM = 8  # below this many councils, starting processes costs more than it saves


@dataclass
class Report:
    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # council files with impossible names

    @property
    def failed(self) -> list[Built]:
        return [b for b in self.built if b.errors]


@dataclass
class Plan:
    """What a build would do: the councils to remake (with reasons) and the manifest as it stands."""

    slugs: list[str]
    todo: dict[str, list[str]]
    manifest: Manifest
    hashes: dict[str, str]


def make_plan(
    project: Project, out: Path, formats: list[str], force: bool, stats: StatCache | None = None
) -> Plan:
    """What is stale and why; `stats` spares reading files whose stat is unchanged."""
    hasher = stats.hash if stats is not None else file_hash
    slugs = project.slugs()
    hashes = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    manifest = Manifest.read(out)
    engine = engine_version()
    everything = ["--force"] if force else []
    if manifest.councils and manifest.version != engine and not force:
        everything = [f"built by uppdrag {manifest.version or '(unknown)'}, this is {engine}"]
    seen: dict[str, str | None] = {}
    todo = {}
    for slug in slugs:
        entry = manifest.councils.get(slug)
        reasons = everything or stale_reasons(entry, project.root, out, formats, hashes, seen, hasher)
        if reasons:
            todo[slug] = reasons
    return Plan(slugs, todo, manifest, hashes)


def build(
    project: Project,
    out: Path,
    formats: list[str],
    jobs: int,
    force: bool = False,
    on_done: Callable[[Built | str], None] = lambda _: None,
) -> Report:
    """Remake what is stale, remove outputs of councils that are gone, rewrite the index."""
    from uppdrag.render.formats import preflight

    preflight(formats)
    stats = StatCache(out)
    plan = make_plan(project, out, formats, force, stats)
    problems = [d for exc in project.name_problems() for d in exc.diagnostics]
    report = Report(unchanged=[s for s in plan.slugs if s not in plan.todo], problems=problems)
    _remove_leftovers(out)
    for slug in report.unchanged:
        on_done(slug)
    report.built = build_many(project, list(plan.todo), formats, out, plan.hashes, jobs, on_done=on_done)
    _finish(project, plan, out, formats, report, stats)
    return report


def _finish(
    project: Project, plan: Plan, out: Path, formats: list[str], report: Report, stats: StatCache
) -> None:
    """Record what was built, remove what is gone; write the index and the manifest if they changed."""
    manifest = plan.manifest
    for built in report.built:
        if built.entry is not None:
            manifest.councils[built.slug] = built.entry
    report.removed = _remove_gone(plan.slugs, out, manifest)
    changed = bool(report.built or report.removed) or manifest.version != engine_version()
    manifest.version = engine_version()
    if "html" in formats:  # the register's index and history pages (publish/site.py)
        from uppdrag.publish.site import update_site

        report.removed += update_site(project, out, manifest)
        changed = True  # the site's pages may record what they were made from
    index = out / "README.md"
    if changed or stats.hash(index) != manifest.index:
        content = index_text(project, manifest).encode()
        _write_if_changed(index, content)
        manifest.index = bytes_hash(content)
        changed = True
    if changed or stats.hash(out / NAME) is None:  # the manifest is serialised only when it changed
        _write_if_changed(out / NAME, manifest.dumps().encode())
    for built in report.built:  # what was just built is known by its stat in the next build
        if built.entry is not None:
            for output in built.entry.outputs.values():
                stats.hash(out / output["file"])
            for name in built.entry.inputs:
                stats.hash(project.root / name)
    stats.save()


def build_many(
    project: Project,
    slugs: list[str],
    formats: list[str],
    out: Path,
    hashes: dict[str, str],
    jobs: int,
    dry: bool = False,
    on_done: Callable[[Built | str], None] = lambda _: None,
) -> list[Built]:
    """The councils in chunks (`council.build_chunk`), on `jobs` processes when there are enough."""
    built: list[Built] = []
    if jobs > 1 and len(slugs) >= PARALLEL_FROM:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        root = str(project.root)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [
                pool.submit(build_in_worker, root, chunk, formats, str(out), hashes, dry)
                for chunk in chunks(slugs, jobs)
            ]
            for future in as_completed(futures):
                for result in future.result():
                    built.append(result)
                    on_done(result)
        return sorted(built, key=lambda b: b.slug)
    for chunk in chunks(slugs, 1):
        for result in build_chunk(project, chunk, formats, out, hashes, dry):
            built.append(result)
            on_done(result)
    return built


def _remove_leftovers(out: Path) -> None:
    """Temporary files of a build that was killed before it could rename them."""
    from uppdrag.write import TEMP_SUFFIX

    if out.is_dir():
        for path in out.glob(f".*{TEMP_SUFFIX}"):
            path.unlink(missing_ok=True)


def _remove_gone(slugs: list[str], out: Path, manifest: Manifest) -> list[Path]:
    """Delete the outputs of councils that no longer exist (only files the manifest says we made)."""
    removed = []
    for slug in sorted(set(manifest.councils) - set(slugs)):
        for output in manifest.councils.pop(slug).outputs.values():
            path = out / output["file"]
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
    return removed


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and not path.is_symlink() and path.read_bytes() == content:
        return False
    write_atomic(path, content)
    return True


def index_text(project: Project, manifest: Manifest) -> str:
    """out/README.md: every document in the manifest, with its facts and links to its files."""
    from uppdrag.render.formats import FORMATS
    from uppdrag.render.markdown import environment

    rows = []
    for slug, entry in sorted(manifest.councils.items()):
        files = [entry.outputs[fmt]["file"] for fmt in FORMATS if fmt in entry.outputs]
        rows.append({"slug": slug, **entry.meta, "files": files})
    template = environment(project.templates_dir, "index").get_template("README.md.j2")
    return str(template.render(documents=rows))


def check(project: Project, out: Path, formats: list[str], jobs: int = 1) -> list[str]:
    """What `build` would change, one line per file: every output is rendered in memory and its
    bytes compared with those on disk (and so are the index and the manifest); nothing is written.
    Every base revision is validated too.
    """
    from uppdrag.check.bases import check_bases
    from uppdrag.i18n import _
    from uppdrag.render.formats import preflight

    preflight(formats)
    slugs = project.slugs()
    hashes = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    built = build_many(project, slugs, formats, out, hashes, jobs, dry=True)
    problems = [*project.name_problems(), *(b.error for b in check_bases(project) if b.error)]
    lines = [str(d) for exc in problems for d in exc.diagnostics]
    differs = _("{path}: differs from what uppdrag renders")
    missing = _("{path}: missing")
    for result in built:
        lines += [str(d) for d in result.errors]
        lines += [(differs if p.exists() else missing).format(path=p) for p in result.written]
    on_disk = Manifest.read(out)
    manifest = Manifest(engine_version())
    manifest.councils = {b.slug: b.entry for b in built if b.entry is not None}
    for slug in sorted(set(on_disk.councils) - set(slugs)):
        for output in on_disk.councils[slug].outputs.values():
            if (out / output["file"]).exists():
                message = _("{path}: council {slug} no longer exists")
                lines.append(message.format(path=out / output["file"], slug=slug))
    for slug, entry in on_disk.councils.items():  # a broken council keeps its old documents
        if slug in slugs and slug not in manifest.councils:
            manifest.councils[slug] = entry
    index = index_text(project, manifest).encode()
    manifest.index = bytes_hash(index)
    if "html" in formats:  # the register's pages (publish/site.py): by their inputs' key
        from uppdrag.publish.site import check_site

        lines += check_site(project, out, manifest)
    if file_hash(out / "README.md") != manifest.index:
        lines.append(differs.format(path=out / "README.md"))
    if file_hash(out / NAME) != bytes_hash(manifest.dumps().encode()):
        message = _("{path}: differs from what uppdrag build writes (its record of inputs)")
        lines.append(message.format(path=out / NAME))
    return lines
