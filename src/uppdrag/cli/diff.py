"""`uppdrag diff`: what a revision changes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from uppdrag.cli.common import current_project, funnel, shown
from uppdrag.errors import UsageError
from uppdrag.i18n import _, ngettext

if TYPE_CHECKING:
    from uppdrag.diff.align import Redline
    from uppdrag.source.project import Project


@funnel
def diff(
    args: Annotated[
        list[str] | None, typer.Argument(help=_("Two base revisions (2024 2026); with --git, the councils."))
    ] = None,
    council: Annotated[
        str | None, typer.Option("--council", "-c", help=_("Compare this council's document."))
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
) -> None:
    """Show what changes between two revisions, word by word and clause by clause."""
    from uppdrag.diff.outputs import choose_format
    from uppdrag.diff.targets import choose, impact_counts

    project = current_project()
    if impact:
        _print_impact(*impact_counts(project, args, git), fmt)
        return
    chosen = choose(project, args, council, git)
    _emit_diff(
        project, chosen.redlines, chosen.notes, choose_format(fmt, output, sys.stdout.isatty()), output
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


def _emit_diff(
    project: Project, redlines: list[Redline], notes: list[str], fmt: str, output: Path | None
) -> None:
    from uppdrag.diff.outputs import render_text
    from uppdrag.write import write_atomic

    if fmt == "docx":
        from uppdrag.render.docx import render_redline

        if output is None or len(redlines) != 1:
            raise UsageError(_("a Word redline is one document: give -o FILE.docx (and --council SLUG)"))
        write_atomic(output, render_redline(redlines[0], project.templates_dir))
    else:
        color = output is None and sys.stdout.isatty()
        text = render_text(redlines, fmt, project.templates_dir, notes, color)
        if output is None:
            typer.echo(text, nl=False)
            return
        write_atomic(output, text.encode("utf-8"))
    typer.echo(shown(output))
