"""The command line: a thin typer shell; each command group is a module, every error leaves
through `common.funnel` as `file:line:col: field: message` and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from uppdrag.cli import build, diff, documents, ingest, serve, show
from uppdrag.cli.common import options
from uppdrag.i18n import _

app = typer.Typer(
    name="uppdrag",
    help=_("Uppdragshandlingar för VGR:s samordningsråd och koncernövergripande grupper."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main_options(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root", envvar="UPPDRAG_ROOT", help=_("Project folder (holding councils/ and templates/).")
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks of internal errors."))] = False,
) -> None:
    options.root = root
    options.debug = debug


app.command("list")(documents.list_command)
app.command()(documents.validate)
app.command()(documents.render)
app.command()(build.build)
app.command()(build.schema)
app.command()(build.new)
app.command()(diff.diff)
app.command()(show.show)
app.command()(show.ids)
app.command()(show.explain)
app.command()(serve.serve)
app.command("import")(ingest.import_command)


def main() -> None:
    """Console entry point."""
    sys.exit(app())  # pragma: no cover
