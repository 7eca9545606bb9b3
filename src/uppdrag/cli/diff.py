"""`uppdrag diff`: what a revision changes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

import uppdrag.cli.complete as complete
from uppdrag.cli.common import AllCommits, current_project, funnel, parse_day, shown
from uppdrag.errors import UsageError
from uppdrag.i18n import _, ngettext

if TYPE_CHECKING:
    from uppdrag.diff.align import Redline
    from uppdrag.source.project import Project


@funnel
def diff(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help=_("Two base revisions (2024 2026); with --git, the councils."),
            metavar=_("REVISION"),
            autocompletion=complete.revisions_or_councils,
        ),
    ] = None,
    council: Annotated[
        str | None,
        typer.Option(
            "--council", "-c", help=_("Compare this council's document."), autocompletion=complete.councils
        ),
    ] = None,
    git: Annotated[
        str | None, typer.Option("--git", help=_("Compare with the documents at this git revision."))
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help=_("term, unified, md, html, json or docx (a Word redline).")),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_("Write to this file."))] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help=_("Exit 1 when there are differences."))
    ] = False,
    impact: Annotated[
        bool, typer.Option("--impact", help=_("List every council the change reaches."))
    ] = False,
    color: Annotated[
        str, typer.Option("--color", help=_("always, never or auto (colour only on a terminal)."))
    ] = "auto",
    no_color: Annotated[
        bool, typer.Option("--no-color", help=_("Mark words as [-old-]{+new+} (as --color=never)."))
    ] = False,
    as_of: Annotated[
        bool,
        typer.Option(
            "--as-of", help=_("The arguments are two dates: the versions in force then (with -c SLUG).")
        ),
    ] = False,
    all_commits: AllCommits = False,
) -> None:
    """Show what changes between two revisions, word by word and clause by clause."""
    from uppdrag.diff.outputs import choose_format
    from uppdrag.diff.targets import choose, impact_counts

    project = current_project()
    if output is not None:
        from uppdrag.write import refuse_sources

        refuse_sources(output, project.root)
    if as_of:
        _diff_days(project, args, council, git, impact, all_commits)
        _emit_diff_days(
            project, args or [], council or "", (fmt, output, color, no_color, exit_code), all_commits
        )
        return
    if impact and git is None:
        from uppdrag.diff.impact import impact as reached
        from uppdrag.diff.targets import two_revisions

        old, new = two_revisions(args)
        _print_revision_impact(reached(project, old, new), old, new, fmt)
        return
    if impact and git is not None:
        _print_impact(*impact_counts(project, args, git), fmt)
        return
    chosen = choose(project, args, council, git)
    _emit_diff(
        project,
        chosen.redlines,
        chosen.notes,
        choose_format(fmt, output, sys.stdout.isatty()),
        output,
        _colour(color, no_color, output),
    )
    if exit_code and (chosen.notes or any(r.differs for r in chosen.redlines)):
        raise typer.Exit(1)


def _print_impact(counts: list[tuple[str, str, int]], notes: list[str], fmt: str | None) -> None:
    """One line per council: how many of its clauses the change reaches."""
    import json

    if fmt == "json":
        rows = [{"council": slug, "revision": rev, "changes": n} for slug, rev, n in counts]
        typer.echo(json.dumps({"councils": rows, "notes": notes}, ensure_ascii=False, indent=2))
        return
    for note in notes:
        typer.echo(note)
    for slug, rev, n in counts:
        line = (
            ngettext("{council} ({revision}): {count} change", "{council} ({revision}): {count} changes", n)
            if n
            else _("{council} ({revision}): unchanged")
        )
        typer.echo(line.format(council=slug, revision=rev, count=n))


def _colour(color: str, no_color: bool, output: Path | None) -> bool:
    """--color=always|never|auto (auto: only to a terminal); --no-color is never."""
    if color not in ("always", "never", "auto"):
        raise UsageError(_("--color takes always, never or auto, not '{value}'").format(value=color))
    if no_color or color == "never":
        return False
    return color == "always" or (output is None and sys.stdout.isatty())


def _print_revision_impact(impacts: list[Any], old: str, new: str, fmt: str | None) -> None:
    """Per council on OLD: what changes in its own document, and what its own text hides."""
    import dataclasses
    import json

    if fmt == "json":
        rows = [dataclasses.asdict(i) for i in impacts]
        typer.echo(json.dumps({"old": old, "new": new, "councils": rows}, ensure_ascii=False, indent=2))
        return
    on_old = [i for i in impacts if i.revision == old]
    others = [i for i in impacts if i.revision != old]
    typer.echo(_("On {old}: what changes in each council's own document at {new}").format(old=old, new=new))
    if not on_old:
        typer.echo(_("  (no council is on {old})").format(old=old))
    for i in on_old:
        line = (
            ngettext(
                "{council} ({revision}): {count} change", "{council} ({revision}): {count} changes", i.changes
            )
            if i.changes
            else _("{council} ({revision}): unchanged")
        )
        typer.echo(line.format(council=i.slug, revision=i.revision, count=i.changes))
        for summary_line in i.summary:
            typer.echo(f"  {summary_line}")
        for s in i.shadowed:
            message = _("{slug}: your own {key} for `{clause}` hides the {new} change")
            typer.echo("  " + message.format(slug=i.slug, key=s.key, clause=s.clause, new=new))
    if others:
        typer.echo(_("Not on {old} (their documents do not change by this):").format(old=old))
        for i in others:
            typer.echo(f"{i.slug} ({i.revision})")


def _emit_diff(
    project: Project, redlines: list[Redline], notes: list[str], fmt: str, output: Path | None, color: bool
) -> None:
    from uppdrag.diff.outputs import render_text
    from uppdrag.write import write_atomic

    if fmt == "docx":
        from uppdrag.diff.word import render_redline

        if output is None or len(redlines) != 1:
            raise UsageError(_("a Word redline is one document: give -o FILE.docx (and --council SLUG)"))
        write_atomic(output, render_redline(redlines[0], project.templates_dir))
    else:
        text = render_text(redlines, fmt, project.templates_dir, notes, color)
        if output is None:
            typer.echo(text, nl=False, color=color or None)  # click strips colour off a terminal
            return
        write_atomic(output, text.encode("utf-8"))
    typer.echo(shown(output))


def _diff_days(
    project: Project,
    args: list[str] | None,
    council: str | None,
    git: str | None,
    impact: bool,
    all_commits: bool,
) -> None:
    """`--as-of A B` compares one council's versions in force on two dates."""
    if git is not None or impact:
        raise UsageError(_("--as-of compares two dates of one council; give no --git or --impact with it"))
    if council is None or not args or len(args) != 2:
        raise UsageError(
            _("give two dates and a council, e.g. `uppdrag diff --as-of 2025-03-01 2026-12-01 -c urologi`")
        )
    project.council_path(council)


def _emit_diff_days(
    project: Project,
    args: list[str],
    council: str,
    how: tuple[str | None, Path | None, str, bool, bool],
    all_commits: bool,
) -> None:
    from uppdrag.diff.outputs import choose_format
    from uppdrag.diff.pointintime import between_days

    fmt, output, color, no_color, exit_code = how
    old_day, new_day = parse_day(args[0]), parse_day(args[1])
    with between_days(project, council, old_day, new_day, all_commits) as redline:
        chosen = choose_format(fmt, output, sys.stdout.isatty())
        _emit_diff(project, [redline], [], chosen, output, _colour(color, no_color, output))
    if exit_code and redline.differs:
        raise typer.Exit(1)
