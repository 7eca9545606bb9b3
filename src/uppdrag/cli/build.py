"""`uppdrag build`, `schema` and `new`: batch regeneration and help for editors."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

import uppdrag.cli.complete as complete
from uppdrag.cli.common import (
    AllCommits,
    BuildFormats,
    Out,
    current_project,
    error,
    funnel,
    output_folder,
    report_once,
    shown,
)
from uppdrag.errors import UsageError
from uppdrag.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from uppdrag.build.batch import Report
    from uppdrag.build.council import Built
    from uppdrag.publish.history import GitHistory
    from uppdrag.source.project import Project


@funnel
def build(
    out: Out = None,
    fmt: BuildFormats = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help=_("Processes (default and at most: the cores)."))
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("Rebuild everything."))] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help=_("Render in memory, write nothing; exit 1 naming each file that differs.")
        ),
    ] = False,
    git: Annotated[
        bool,
        typer.Option(
            "--git", help=_("With -f html: a history page for every git tag that changed a council.")
        ),
    ] = False,
    all_commits: AllCommits = False,
) -> None:
    """Render every council that changed into OUT, remove outputs of removed councils, write the index."""
    from uppdrag.build.batch import build as run_build
    from uppdrag.build.batch import check as run_check
    from uppdrag.build.manifest import held_formats
    from uppdrag.build.workers import Stopped, stop_on_signals
    from uppdrag.errors import Interrupted
    from uppdrag.publish import register
    from uppdrag.render.formats import default_formats, parse_formats

    project = current_project()
    out_dir = output_folder(project, out)
    # without -f: the formats out/ holds (the manifest knows), so the whole out/ stays consistent
    formats = (
        parse_formats(fmt) if fmt is not None else held_formats(out_dir) or parse_formats(default_formats())
    )
    history = _git_history(project, formats, git, all_commits)  # the register's versions (--git)
    pages = register.council_pages(formats, history)
    if check:
        checked = run_check(project, out_dir, formats, jobs or os.cpu_count() or 1, pages)
        registered = register.check(project, out_dir, checked.manifest, history) if pages else []
        _say_stale(out_dir, [*checked.lines, *registered])
        return
    total = len(project.slugs())
    progress, step = _progress(total)
    unchanged = _("unchanged")  # a no-op's thousands of lines: the word looked up once

    def on_done(result: Built | str) -> None:
        step(result if isinstance(result, str) else result.slug, _status(result, unchanged))

    result: Report | None = None
    try:
        # A signal after the councils are built (the register, or the gap before the summary) says
        # so; once the work is done the summary is printed whatever comes
        with stop_on_signals(ignore_after=True):
            workers = jobs or os.cpu_count() or 1
            result = run_build(project, out_dir, formats, workers, force, on_done, pages)
            if pages is not None and result.manifest is not None:  # the register, from what was built
                removed, problems = register.publish(project, out_dir, result.manifest, history, workers)
                result.removed += removed
                result.problems += problems
    except Stopped as stop:
        if result is None:
            raise
        raise Interrupted(total, total, stop.signum) from None  # every council was built
    finally:
        progress()
    assert result is not None  # a signal before the build returned was raised again above
    report_once([*result.problems, *(d for failed in result.failed for d in failed.errors)])
    for path in result.removed:
        typer.echo(_("removed {path}").format(path=shown(path)))
    for path in result.kept:
        kept = _("kept {path}: its council is gone, but the file was changed since uppdrag wrote it")
        typer.echo(kept.format(path=shown(path)))
    built = len(result.built) - len(result.failed)
    line = _("{councils}: built {built}, unchanged {unchanged}, failed {failed}, files removed {removed}")
    line = line.format(
        councils=ngettext("{count} council", "{count} councils", total).format(count=total),
        built=built,
        unchanged=len(result.unchanged),
        failed=len(result.failed),
        removed=len(result.removed),
    )
    typer.echo(line)
    if result.failed or any(p.severity != "warning" for p in result.problems):
        raise typer.Exit(1)


def _say_stale(out: Path, stale: list[str]) -> None:
    """`--check`: each file a build would change, then whether OUT is fresh (exit 1 when not)."""
    for line in stale:
        typer.echo(line)
    typer.echo((_("{folder}: stale") if stale else _("{folder}: fresh")).format(folder=shown(out)))
    if stale:
        raise typer.Exit(1)


def _status(result: Built | str, unchanged: str) -> str:
    """One council's line of progress: unchanged, FAILED or built (N files written)."""
    if isinstance(result, str):
        return unchanged
    if result.errors:
        return _("FAILED")
    count = len(result.written)
    written = ngettext("built ({count} file written)", "built ({count} files written)", count)
    return written.format(count=count)


def _git_history(project: Project, formats: list[str], git: bool, all_commits: bool) -> GitHistory | None:
    from uppdrag.publish.gitlog import git_history
    from uppdrag.publish.register import publishes

    if not git:
        if all_commits:
            raise UsageError(_("--all-commits chooses the versions of --git: give --git too"))
        return None
    if not publishes(formats):
        raise UsageError(_("--git adds git versions to the register's history: give -f html too"))
    history = git_history(project, all_commits)
    if not history.versions:
        error(_("--git: no git tags reachable from HEAD, so no versions in the history"))
    return history


def _progress(total: int) -> tuple[Callable[[], None], Callable[[str, str], None]]:
    """A rich progress bar on a terminal; otherwise one line per council."""
    if not sys.stderr.isatty():
        return _lines()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True)
    task = bar.add_task(_("building"), total=total)
    bar.start()

    def step(slug: str, status: str) -> None:
        bar.update(task, advance=1, description=f"{slug}: {status}")
        if status == _("FAILED"):
            bar.console.print(f"{slug}: {status}")

    return bar.stop, step


def _lines() -> tuple[Callable[[], None], Callable[[str, str], None]]:
    """One line per council: the first at once (the build is under way), then a batch at a time (at
    most every 0.2 s, and at the end): a no-op of 2,000 councils prints 2,000 lines, and one `echo`
    each was most of its output's cost."""
    import time

    waiting: list[str] = []
    last = [float("-inf")]

    def flush() -> None:
        if waiting:
            typer.echo("\n".join(waiting))
            waiting.clear()
        last[0] = time.monotonic()

    def step(slug: str, status: str) -> None:
        waiting.append(f"{slug}: {status}")
        if time.monotonic() - last[0] > 0.2:
            flush()

    return flush, step


@funnel
def schema() -> None:
    """Print the JSON Schema of a council file (for editors: the YAML language server reads it)."""
    import json

    from uppdrag.check.schema import council_schema

    typer.echo(json.dumps(council_schema(), ensure_ascii=False, indent=2))


@funnel
def new(
    slug: Annotated[
        str,
        typer.Argument(
            help=_("The new council's file name (lower-case letters, digits, '-')."), metavar=_("COUNCIL")
        ),
    ],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help=_("The kind of charter."), autocompletion=complete.kinds)
    ] = "samordningsrad",
    name: Annotated[str | None, typer.Option("--name", help=_("The council's name (default: SLUG)."))] = None,
) -> None:
    """Write councils/SLUG.yaml for a new council, on the newest revision of its kind."""
    from uppdrag.check.scaffold import scaffold

    path = scaffold(current_project(), slug, kind, name)
    typer.echo(shown(path))
    error(_("check it with: uppdrag validate {council}").format(council=slug))
