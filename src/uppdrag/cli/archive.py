"""`uppdrag archive`: an E-ARK/FGS package (SIP) per decided version, and `--verify` of packages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uppdrag.cli.common import Slugs, current_project, error, exit_on, funnel, report, selected, shown
from uppdrag.errors import UppdragError
from uppdrag.i18n import _


@funnel
def archive(
    slugs: Slugs = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help=_("Folder for the packages (default: the project's arkiv/).")),
    ] = None,
    git: Annotated[
        bool, typer.Option("--git", help=_("Every published version (git tag), not only the current one."))
    ] = False,
    verify: Annotated[
        list[Path] | None,
        typer.Option(
            "--verify", help=_("Check a package's files against its METS and PREMIS (fixity); repeatable.")
        ),
    ] = None,
) -> None:
    """One E-ARK SIP per decided version of each council (drafts are not archived)."""
    if verify:
        from uppdrag.archive.fixity import verify as check

        bad = False
        for path in verify:
            problems = check(path)
            for line in problems:
                error(line)
            if not problems:
                typer.echo(_("{path}: fixity ok").format(path=shown(path)))
            bad = bad or bool(problems)
        raise typer.Exit(1 if bad else 0)
    from uppdrag.archive.run import archive as make
    from uppdrag.render.formats import preflight
    from uppdrag.write import refuse_sources

    preflight(["pdf"])  # the archival copy is PDF/A: LibreOffice is needed before any work
    current = current_project()
    folder = (current.root / "arkiv") if out is None else (out if out.is_absolute() else Path.cwd() / out)
    refuse_sources(folder, current.root)
    failed: list[UppdragError] = [] if slugs else list(current.name_problems())
    result = make(current, selected(current, slugs, everything=False), folder, git, named=bool(slugs))
    for warning in result.warnings:
        report(warning)
    for path in result.written:
        typer.echo(shown(path))
    for slug in result.drafts:
        typer.echo(_("{slug}: no decided version, nothing archived").format(slug=slug))
    exit_on(failed + result.failed)
