"""`uppdrag build`: every council in every format into out/, remaking only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from uppdrag.build.council import Built, Pages, build_in_worker, chunks, commit_chunk, stage_chunk
from uppdrag.build.made import made_here, made_stamp
from uppdrag.build.manifest import (  # no pydantic, YAML or Jinja2 here: a no-op build starts fast
    NAME,
    Manifest,
    bytes_hash,
    engine_version,
    file_hash,
    stale_reasons,
    templates_hash,
)
from uppdrag.build.plan import Plan
from uppdrag.build.statcache import StatCache
from uppdrag.errors import Interrupted
from uppdrag.write import remove_leftovers

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
    kept: list[Path] = field(default_factory=list)  # outputs of removed councils, edited since: left alone
    problems: list[Diagnostic] = field(default_factory=list)  # council files with impossible names
    manifest: Manifest | None = None  # as written: what a later stage (publish) starts from

    @property
    def failed(self) -> list[Built]:
        return [b for b in self.built if b.errors]


def make_plan(
    project: Project, out: Path, formats: list[str], force: bool, stats: StatCache | None = None
) -> Plan:
    """What is stale and why; `stats` spares reading files whose stat is unchanged, and when a
    build here found this very out/ fresh (`StatCache.holds`: the same uppdrag, councils, made-record
    and templates, every file it looked at with the stat it had), nothing else is read."""
    hasher = stats.hash if stats is not None else file_hash
    slugs = project.slugs()
    hashes = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    engine = engine_version()
    check = bytes_hash("\0".join([engine, made_stamp(out), *slugs]).encode())
    vouched = stats.holds("build", check, hashes) if stats is not None and not force else None
    if vouched is not None:
        return Plan(slugs, {}, Manifest.later(out, vouched["digest"], vouched["files"]), hashes, check, True)
    manifest = Manifest.read(out)
    everything = ["--force"] if force else []
    if manifest.councils and manifest.version != engine and not force:
        everything = [f"built by uppdrag {manifest.version or '(unknown)'}, this is {engine}"]
    seen: dict[str, str | None] = {}
    made = made_here(out) if manifest.councils and not everything else {}  # read only when it can tell
    todo = {}
    for slug in slugs:
        entry = manifest.councils.get(slug)
        reasons = everything or stale_reasons(entry, project.root, out, formats, hashes, seen, hasher, made)
        if reasons:
            todo[slug] = reasons
    return Plan(slugs, todo, manifest, hashes, "" if force else check)


def build(
    project: Project,
    out: Path,
    formats: list[str],
    jobs: int,
    force: bool = False,
    on_done: Callable[[Built | str], None] = lambda _: None,
    pages: Pages | None = None,
) -> Report:
    """Remake what is stale, remove outputs of councils that are gone, rewrite the index.

    One build at a time per out/ (`lock.out_lock`); SIGINT/SIGTERM stop it cleanly (`Interrupted`).
    `pages`: a later stage's own pages for a format (publish's register), and what it finds stale.
    """
    from uppdrag.build.finish import finish, write_if_changed
    from uppdrag.build.lock import out_lock
    from uppdrag.build.workers import Stopped, shielded, stop_on_signals
    from uppdrag.confine import check_out
    from uppdrag.render.formats import preflight
    from uppdrag.write import refuse_sources

    preflight(formats)
    refuse_sources(out, project.root)
    check_out(out)
    report = Report(problems=[d for exc in project.name_problems() for d in exc.diagnostics])
    plan = None

    def done(built: Built | str) -> None:
        if not isinstance(built, str):
            report.built.append(built)  # as they come: an interrupted build records what was done
        on_done(built)

    try:
        with out_lock(out), stop_on_signals():
            stats = StatCache(out)
            plan = make_plan(project, out, formats, force, stats)
            if pages is not None:  # e.g. a council's page links its git versions (publish/)
                plan.todo |= {s: why for s, why in pages.stale(out, plan.slugs).items() if s not in plan.todo}
            report.unchanged = [s for s in plan.slugs if s not in plan.todo]
            remove_leftovers(out)
            for slug in report.unchanged:
                on_done(slug)
            build_many(project, list(plan.todo), formats, out, plan.hashes, jobs, on_done=done, pages=pages)
            report.built.sort(key=lambda b: b.slug)
            with shielded():
                _record(plan.manifest, report)
                ended = finish(project, plan, out, report.built, stats)
                report.removed, report.kept = ended.removed, ended.kept
                report.problems += ended.problems
                if stats.broken and stats.path is not None:  # forged or damaged: every file was hashed
                    from uppdrag.confine import broken_state
                    from uppdrag.errors import Diagnostic, Mark

                    warning = Diagnostic(broken_state(), Mark(stats.path, 1, 1), severity="warning")
                    report.problems.append(warning)
                report.manifest = plan.manifest
    except Stopped as stop:
        with shielded():
            remove_leftovers(out)
            if plan is not None:
                _record(plan.manifest, report)
                write_if_changed(out / NAME, plan.manifest.dumps().encode())
        done_count, total = len(report.unchanged) + len(report.built), len(plan.slugs) if plan else 0
        raise Interrupted(done_count, total, stop.signum) from None
    return report


def _record(manifest: Manifest, report: Report) -> None:
    for built in report.built:
        if built.entry is not None:
            manifest.councils[built.slug] = built.entry


def build_many(
    project: Project,
    slugs: list[str],
    formats: list[str],
    out: Path,
    hashes: dict[str, str],
    jobs: int,
    dry: bool = False,
    on_done: Callable[[Built | str], None] = lambda _: None,
    pages: Pages | None = None,
) -> list[Built]:
    """The councils in chunks (`council.stage_chunk`, then `commit_chunk`), on up to `jobs`
    processes when there are enough (never more than the cores and the chunks); a signal stops the
    workers (`workers.run_parallel`)."""
    from uppdrag.build.workers import run_parallel, workers_for

    built: list[Built] = []

    def done(results: list[Built]) -> None:
        for result in results:
            built.append(result)
            on_done(result)

    if not slugs:  # nothing to build: nothing imported (a no-op build stays light)
        return built
    _warm()
    workers = workers_for(jobs, len(slugs))
    if workers > 1 and len(slugs) >= PARALLEL_FROM:
        root = str(project.root)
        tasks = [(root, chunk, formats, str(out), hashes, dry, pages) for chunk in chunks(slugs, workers)]
        # the workers stage each chunk; it is synced and put in place here, while they render on
        run_parallel(build_in_worker, tasks, min(workers, len(tasks)), lambda s: done(commit_chunk(s, dry)))
        return sorted(built, key=lambda b: b.slug)
    for chunk in chunks(slugs, 1):
        done(commit_chunk(stage_chunk(project, chunk, formats, out, hashes, dry, pages), dry))
    return built


def _warm() -> None:
    """Import, before the workers fork (or the first council is built), what every council's
    build needs (the models a kept charter unpickles into, Jinja2 and the sandbox) and the index at
    the end needs too: once here, shared by the workers, instead of once in each of them. Only
    modules: nothing of the councils is read here, and the loader (YAML, validation) is left to a
    worker that meets a council not kept."""
    import pickle  # noqa: F401 - the kept charters (build/charters.py)

    import jinja2  # noqa: F401

    import uppdrag.check.model
    import uppdrag.render.markdown
    import uppdrag.render.template
    import uppdrag.sandbox  # noqa: F401

    _freeze_once()


@cache  # once a process
def _freeze_once() -> None:
    """Leave what is loaded so far (modules, classes, the models' validators) out of the cyclic
    garbage collector's full collections, which a build's allocations set off again and again and
    which would each walk all of it (≈ 10 % of a build of 500 councils); the workers inherit it,
    so they copy fewer pages too. Once a process: a server that builds again does not keep the
    garbage of its earlier builds for ever."""
    import gc

    gc.freeze()


@dataclass
class Checked:
    """What `check` found: one line per file a build would change, and the manifest it would write."""

    lines: list[str]
    manifest: Manifest


def check(
    project: Project, out: Path, formats: list[str], jobs: int = 1, pages: Pages | None = None
) -> Checked:
    """What `build` would change, one line per file: every output is rendered in memory and its
    bytes compared with those on disk (and so are the index and the manifest); nothing is written.
    Every base revision is validated too.
    """
    from uppdrag.build.finish import plan_ending
    from uppdrag.check.bases import check_bases
    from uppdrag.i18n import _
    from uppdrag.render.formats import preflight

    preflight(formats)
    slugs = project.slugs()
    hashes = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    built = build_many(project, slugs, formats, out, hashes, jobs, dry=True, pages=pages)
    problems = [*project.name_problems(), *(b.error for b in check_bases(project) if b.error)]
    lines = [str(d) for exc in problems for d in exc.diagnostics]
    differs = _("{path}: differs from what uppdrag renders")
    missing = _("{path}: missing")
    for result in built:
        lines += [str(d) for d in result.errors]
        lines += [(differs if p.exists() else missing).format(path=p) for p in result.written]
    # the ending a build would carry out (build/finish.py), on the manifest it would record
    manifest = Manifest.read(out)
    for result in built:  # a broken council keeps its old entry and documents
        if result.entry is not None:
            manifest.councils[result.slug] = result.entry
    ending = plan_ending(project, manifest, slugs, out, built=bool(built), stats=None)
    gone = _("{path}: council {slug} no longer exists")
    lines += [gone.format(path=path, slug=slug) for path, slug in ending.council_of.items()]
    if ending.refused is not None:
        lines.append(str(ending.refused))
    if ending.index is not None and file_hash(out / "README.md") != bytes_hash(ending.index):
        lines.append(differs.format(path=out / "README.md"))
    if ending.manifest is not None and file_hash(out / NAME) != bytes_hash(ending.manifest):
        message = _("{path}: differs from what uppdrag build writes (its record of inputs)")
        lines.append(message.format(path=out / NAME))
    return Checked(lines, manifest)
