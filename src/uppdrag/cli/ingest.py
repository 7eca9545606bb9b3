"""`uppdrag import`: mandate documents (DOCX, Markdown, PDF text, PDF) in, council files out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

import uppdrag.cli.complete as complete
from uppdrag.cli.common import current_project, error, funnel, report, shown
from uppdrag.errors import Diagnostic, UppdragError, UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.ingest.importer import Imported


@funnel
def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(help=_("Documents (.docx, .md, .txt, .pdf) or folders of them."), metavar=_("FILE")),
    ],
    slug: Annotated[
        str | None, typer.Option("--slug", help=_("Council file name (default: from the title)."))
    ] = None,
    base: Annotated[
        str | None, typer.Option("--base", help=_("Kind of charter (default: recognised)."))
    ] = None,
    revision: Annotated[
        str | None,
        typer.Option(
            "--revision",
            "-r",
            help=_("Base revision (default: recognised)."),
            autocompletion=complete.revisions,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=_("Write even when the proof fails or the file exists."))
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("Write nothing; print the council file."))
    ] = False,
) -> None:
    """Make a council file of each mandate document: what differs from its base, proved word for word."""
    from uppdrag.ingest.importer import import_document
    from uppdrag.ingest.source import documents_in

    project = current_project()
    documents = documents_in(files)
    if slug and len(documents) > 1:
        raise UsageError(_("--slug names one council; give one document with it"))
    if not documents:
        raise UsageError(_("no documents to import (.docx, .md, .txt or .pdf)"))
    worst = 0
    for document in documents:
        try:
            worst = max(
                worst,
                _show(
                    import_document(project, document, slug, base, revision, force, dry_run), force, dry_run
                ),
            )
        except UppdragError as exc:
            for diagnostic in exc.diagnostics:
                report(diagnostic)
            worst = max(worst, exc.exit_code)
    if worst:
        raise typer.Exit(worst)


def _show(result: Imported, force: bool, dry_run: bool) -> int:
    """Print what one import did; the exit code it asks for."""
    where = shown(result.path)
    if result.unchanged:
        typer.echo(
            _("{path}: unchanged ({source} gives the same council file)").format(
                path=where, source=shown(result.source)
            )
        )
        return 0
    for old, new in result.differences:
        report(
            Diagnostic(
                _("document «{old}» but the imported council gives «{new}»").format(old=old, new=new),
                None,
                shown(result.source),
            )
        )
    if dry_run:
        typer.echo(result.text, nl=False)
    elif result.written:
        typer.echo(where)
    _summary(result)
    return _verdict(result, where, force, dry_run)


def _summary(result: Imported) -> None:
    lines = len(result.text.splitlines())
    typer.echo(
        "  "
        + _("{kind} {revision}, {lines} lines; {percent} % like the base").format(
            kind=result.kind, revision=result.revision, lines=lines, percent=round(result.likeness * 100)
        )
    )
    for line in result.summary or [_("nothing of its own: the base's text throughout")]:
        typer.echo(f"  {line}")
    if result.old_text is not None:
        for line in result.file_diff():
            typer.echo(line)


def _verdict(result: Imported, where: str, force: bool, dry_run: bool) -> int:
    """The closing error lines, if any, and the exit code."""
    code = 0
    if not result.proved:
        if result.written:
            error(
                _("{path}: written although it does not reproduce the document (--force)").format(path=where)
            )
        else:
            error(
                _("{source}: not written: the imported council does not reproduce it word for word").format(
                    source=shown(result.source)
                )
            )
        code = 1
    if result.old_text is not None and not result.written and not dry_run and not force:
        error(_("{path} exists and differs from the document; --force overwrites it").format(path=where))
        code = 1
    return code
