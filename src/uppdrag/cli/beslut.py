"""`uppdrag beslut`: the amendment decision a change implies, and applying one to a council."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import uppdrag.cli.complete as complete
from uppdrag.cli.common import AllCommits, current_project, funnel, parse_day, shown
from uppdrag.errors import UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.diff.decision import Decision
    from uppdrag.source.project import Project


AS_OF = "uppdrag beslut --as-of 2025-03-01 2026-12-01 -c onkologi"


@funnel
def beslut(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            help=_("Two revisions (2024 2026): the decision that makes the new of the old."),
            metavar=_("REVISION"),
            autocompletion=complete.revisions,
        ),
    ] = None,
    council: Annotated[
        str | None,
        typer.Option(
            "--council",
            "-c",
            help=_("The council whose document the decision changes."),
            autocompletion=complete.councils,
        ),
    ] = None,
    apply: Annotated[
        Path | None,
        typer.Option(
            "--apply", help=_("Apply this decision (its Markdown form) to the council's file (needs -c).")
        ),
    ] = None,
    git: Annotated[
        str | None,
        typer.Option(
            "--git", help=_("The decision from the council's document at this git revision to now.")
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=_("md, html, json or docx (the decision in the official layout).")
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=_("Write to this file."))] = None,
    as_of: Annotated[
        bool,
        typer.Option(
            "--as-of", help=_("The arguments are two dates: the versions in force then (with -c SLUG).")
        ),
    ] = False,
    all_commits: AllCommits = False,
) -> None:
    """The amendment decision (beslut om ändring) between two revisions, or a decision applied."""
    from uppdrag.write import refuse_sources, write_atomic

    project = current_project()
    if output is not None:
        refuse_sources(output, project.root)
    if apply is not None:
        from uppdrag.ingest.decision_apply import apply_decision

        if council is None or args:
            raise UsageError(
                _("--apply FILE applies a decision to one council: give -c SLUG and no revisions")
            )
        text = apply_decision(project, council, apply)
        if output is None:
            typer.echo(text, nl=False)
            return
        write_atomic(output, text.encode("utf-8"))
        typer.echo(shown(output))
        return
    from uppdrag.diff.decision_base import decision_at_git, decision_between_days, decision_for
    from uppdrag.diff.targets import two_revisions

    if as_of:
        if council is None or not args or len(args) != 2 or git is not None:
            raise UsageError(_("give two dates and a council, e.g. `{example}`").format(example=AS_OF))
        days = parse_day(args[0]), parse_day(args[1])
        with decision_between_days(project, council, *days, all_commits) as decision:
            _emit(project, decision, fmt, output)
        return
    if git is not None:
        if council is None or args:
            raise UsageError(_("--git REF makes one council's decision: give -c SLUG and no revisions"))
        decision = decision_at_git(project, git, council)
    else:
        old, new = two_revisions(args)
        decision = decision_for(project, old, new, council)
    _emit(project, decision, fmt, output)


def _emit(project: Project, decision: Decision, fmt: str | None, output: Path | None) -> None:
    """The decision in the format asked for, printed or written to `output`."""
    from uppdrag.write import write_atomic

    chosen = _format(fmt, output)
    if chosen == "docx":
        from uppdrag.render.decision_docx import render_decision

        if output is None:
            raise UsageError(_("a Word decision is a file: give -o FILE.docx"))
        write_atomic(output, render_decision(decision, project.templates_dir))
        typer.echo(shown(output))
        return
    from uppdrag.diff import decision_out

    text = {
        "md": lambda: decision_out.as_markdown(decision, project.templates_dir),
        "html": lambda: decision_out.as_html(decision, project.templates_dir),
        "json": lambda: decision_out.as_json(decision),
    }[chosen]()
    if output is None:
        typer.echo(text, nl=False)
        return
    write_atomic(output, text.encode("utf-8"))
    typer.echo(shown(output))


def _format(fmt: str | None, output: Path | None) -> str:
    """The format asked for; else the output file's suffix; else Markdown."""
    from uppdrag.diff.decision_out import FORMATS

    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(
                _("unknown decision format '{fmt}' (formats: {formats})").format(
                    fmt=fmt, formats=", ".join(FORMATS)
                )
            )
        return fmt
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return {"htm": "html", "html": "html", "json": "json", "docx": "docx"}.get(suffix, "md")
