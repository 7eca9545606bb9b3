"""`uppdrag list`, `validate` and `render`: councils one by one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from uppdrag.cli.common import (
    AllCommits,
    AsOf,
    Formats,
    Named,
    Out,
    Revision,
    Slugs,
    current_project,
    exit_on,
    funnel,
    output_folder,
    parse_day,
    report_once,
    selected,
    shown,
)
from uppdrag.errors import UppdragError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from uppdrag.check.charter import Loaded, Outcome
    from uppdrag.errors import Diagnostic
    from uppdrag.origin.written import Written
    from uppdrag.source.project import Project
from uppdrag.i18n import _, ngettext

if TYPE_CHECKING:
    from datetime import date

    from uppdrag.source.project import Project


@funnel
def list_command() -> None:
    """Every council: kind, title, revision, date, registry number and status."""
    from uppdrag.check.charter import overview

    rows, failed = overview(current_project())
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    exit_on(failed)


@funnel
def validate(
    slugs: Slugs = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix", help=_("First rewrite what was pasted from Word and can be mended mechanically.")
        ),
    ] = False,
    all_warnings: Annotated[
        bool, typer.Option("--all-warnings", help=_("Also warn about the base texts' known quirks."))
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=_("Only errors: no warnings, no 'ok'."))
    ] = False,
) -> None:
    """Check councils (all by default); exit 0 only when every one is valid."""
    from uppdrag.check.charter import load_many
    from uppdrag.origin.written import Written

    current = current_project()
    names = selected(current, slugs, everything=False)
    if fix:
        _fix(current, names)
    failed: list[UppdragError] = [] if slugs else list(current.name_problems())
    said: set[str] = set()
    hidden: set[str] = set()
    acknowledged = 0
    written = Written(current.root)  # git's line times, one blame per file
    for outcome in load_many(current, names):
        if outcome.loaded is None:
            assert outcome.error is not None
            failed.append(outcome.error)
            continue
        shown_here, not_shown, seen = _warnings(current, outcome.loaded, written, all_warnings)
        hidden.update(not_shown)
        acknowledged += seen
        fresh = [d for d in shown_here if str(d) not in said]  # a base's: said once
        said.update(str(d) for d in fresh)
        if not quiet:
            report_once(fresh)
            typer.echo(_("{council}: ok").format(council=outcome.slug))
    if not quiet and (hidden or acknowledged):
        typer.echo(silenced(len(hidden), acknowledged))
    if not slugs:  # a broken base fails before any council moves to it
        from uppdrag.check.bases import check_bases

        for base in check_bases(current):
            if base.error is None:
                if not quiet:
                    typer.echo(_("bases/{base}: ok").format(base=base.name))
            else:
                failed.append(base.error)
    exit_on(failed)


def _fix(project: Project, names: list[str]) -> None:
    """`--fix`: rewrite what can be mended mechanically, printing each change."""
    from uppdrag.source.fix import fix_files

    paths = [project.council_path(slug) for slug in names] + sorted(project.bases_dir.rglob("*.yaml"))
    for finding in fix_files(paths):
        what = finding.change or finding.diagnostic.message
        typer.echo(_("{where}: fixed: {what}").format(where=finding.diagnostic.mark, what=what))


def _warnings(
    project: Project, loaded: Loaded, written: Written, everything: bool
) -> tuple[list[Diagnostic], set[str], int]:
    """A council's warnings to show (its own file's; a base's with `everything`), those not shown,
    and how many its `seen:` acknowledged."""
    from uppdrag.check.quirks import warnings
    from uppdrag.origin.shadow import shadows

    own = project.council_path(loaded.charter.slug)
    found = shadows(project, loaded.charter.slug, written=written)
    every = [*warnings(loaded), *found.warnings]
    shown_here = [d for d in every if everything or (d.mark is not None and d.mark.path == own)]
    return shown_here, {str(d) for d in every if d not in shown_here}, found.acknowledged


def silenced(base: int, acknowledged: int) -> str:
    """`3 warnings not shown: 2 about the base texts (--all-warnings), 1 acknowledged with seen:`."""
    parts = []
    if base:
        parts.append(_("{count} about the base texts (--all-warnings shows them)").format(count=base))
    if acknowledged:
        parts.append(_("{count} acknowledged with seen:").format(count=acknowledged))
    total = base + acknowledged
    line = ngettext("{count} warning not shown: {parts}", "{count} warnings not shown: {parts}", total)
    return line.format(count=total, parts=", ".join(parts))


@funnel
def render(
    slugs: Named = None,
    everything: Annotated[bool, typer.Option("--all", help=_("Render every council."))] = False,
    fmt: Formats = "md,docx",
    out: Out = None,
    revision: Revision = None,
    origin: Annotated[
        bool, typer.Option("--origin", help=_("Also write SLUG.origin.md: each block's source in a comment."))
    ] = False,
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            help=_("The organisation's Word template (.dotx/.docx): styles, theme, fonts, page setup."),
        ),
    ] = None,
    as_of: AsOf = None,
    all_commits: AllCommits = False,
) -> None:
    """Render councils into OUT (default out/), printing each written file."""
    from uppdrag.render.formats import parse_formats
    from uppdrag.write import refuse_sources

    if not slugs and not everything:
        raise UsageError(_("name the councils to render, or give --all"))
    formats = parse_formats(fmt)
    current = current_project()
    out_dir = output_folder(current, out)
    refuse_sources(out_dir, current.root)
    if as_of is not None:
        if revision is not None or origin:
            raise UsageError(
                _("--as-of renders the version in force; give no --revision or --origin with it")
            )
        _render_as_of(
            current, selected(current, slugs, everything), parse_day(as_of), formats, out_dir, all_commits
        )
        return
    failed: list[UppdragError] = list(current.name_problems()) if everything else []
    names = selected(current, slugs, everything)
    plain = not everything and revision is None and not origin and reference_doc is None
    if plain and _copy_fresh(current, names, formats, out_dir):
        return
    import contextlib
    import functools

    from uppdrag.build.lock import out_lock

    shared = out_dir.resolve() == (current.root / "out").resolve()  # the build's out/: one writer at a time
    jobs: Iterator[Callable[[], None]]
    if revision is None and not origin and reference_doc is None:  # at its own revision: as a build keeps it
        jobs = (functools.partial(_render_kept, current, slug, formats, out_dir) for slug in names)
    else:
        from uppdrag.check.charter import load_many

        jobs = (
            functools.partial(_render_one, current, outcome, formats, out_dir, reference_doc, origin)
            for outcome in load_many(current, names, revision)
        )
    with out_lock(out_dir) if shared else contextlib.nullcontext():
        for job in jobs:
            try:
                job()
            except UppdragError as exc:
                failed.append(exc)
    exit_on(failed)


def _render_kept(current: Project, slug: str, formats: list[str], out_dir: Path) -> None:
    """One council at its own revision, its charter as `build` keeps it (validated once while
    its files are unchanged; build/charters.py), rendered into `out_dir`, each file printed."""
    from uppdrag.build.charters import load_kept
    from uppdrag.render.files import render_files

    for path in render_files(current, load_kept(current, slug), formats, out_dir, slug):
        typer.echo(shown(path))


def _render_one(
    current: Project,
    outcome: Outcome,
    formats: list[str],
    out_dir: Path,
    reference_doc: Path | None,
    origin: bool,
) -> None:
    """One council loaded by `load_many` rendered into `out_dir` (its error raised), each file printed."""
    from uppdrag.check.charter import with_reference
    from uppdrag.render.files import render_files

    if outcome.loaded is None:
        assert outcome.error is not None
        raise outcome.error
    loaded = outcome.loaded
    if reference_doc is not None:
        loaded = with_reference(loaded, reference_doc)
    for path in render_files(current, loaded, formats, out_dir):
        typer.echo(shown(path))
    if origin:
        from uppdrag.origin.annotate import write_origin_markdown

        typer.echo(shown(write_origin_markdown(current, outcome.loaded, out_dir)))


def _copy_fresh(current: Project, names: list[str], formats: list[str], out_dir: Path) -> bool:
    """Councils whose documents out/ holds fresh are copied, not rendered (build/fresh.py); False
    when any of them is not fresh (then all are rendered)."""
    if not (current.root / "out").is_dir():
        return False  # no build's outputs to copy: the manifest and the code hash are not read
    from uppdrag.build.fresh import fresh_outputs
    from uppdrag.confine import check_out
    from uppdrag.render.formats import get
    from uppdrag.write import write_atomic

    found = fresh_outputs(current, names, formats)
    if found is None:
        return False
    check_out(out_dir)
    into_out = out_dir.resolve() == (current.root / "out").resolve()  # there already, as they are
    for slug, contents in found.items():
        for fmt, content in zip(formats, contents, strict=True):
            path = out_dir / f"{slug}.{get(fmt).suffix}"
            if not into_out:
                write_atomic(path, content)
            typer.echo(shown(path))
    return True


def _render_as_of(
    current: Project, names: list[str], day: date, formats: list[str], out_dir: Path, all_commits: bool
) -> None:
    """Each council's version in force on `day`, as `SLUG-DAY.*` (a council with none: one line)."""
    import contextlib

    from uppdrag.build.lock import out_lock
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.pointintime import checkout_in_force
    from uppdrag.render.files import render_files

    failed: list[UppdragError] = []
    shared = out_dir.resolve() == (current.root / "out").resolve()
    with out_lock(out_dir) if shared else contextlib.nullcontext():
        for slug in names:
            try:
                with checkout_in_force(current, slug, day, all_commits) as (then, version):
                    loaded = load_charter(then, slug)
                    for path in render_files(then, loaded, formats, out_dir, f"{slug}-{day.isoformat()}"):
                        typer.echo(_("{path} (version {ref})").format(path=shown(path), ref=version.ref))
            except UppdragError as exc:
                failed.append(exc)
    exit_on(failed)
