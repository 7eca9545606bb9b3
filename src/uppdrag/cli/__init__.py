"""The command line: a thin typer shell; each command group is a module, every error leaves
through `common.funnel` as `file:line:col: field: message` and an exit code."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from uppdrag.cli import clicktext
from uppdrag.cli.common import options
from uppdrag.cli.lean import LeanGroup, LeanTyper
from uppdrag.i18n import _

clicktext.install()
app = LeanTyper(
    name="uppdrag",
    help=_("Mandate documents (uppdragshandlingar) of VGR's councils and groups, from YAML."),
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: flags as flags, every word through the catalogs; no rich import
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    cls=LeanGroup,  # no pydantic to coerce defaults (cli/lean.py)
)


def _version(value: bool) -> None:
    if value:
        from uppdrag import __version__

        typer.echo(f"uppdrag {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root", envvar="UPPDRAG_ROOT", help=_("Project folder (holding councils/ and templates/).")
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show tracebacks of internal errors."))] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=_("Show uppdrag's version and exit.")
        ),
    ] = False,
) -> None:
    options.root = root
    options.debug = debug


COMMANDS: list[tuple[str, str, str]] = [  # name, module:function in uppdrag.cli, help (translated;
    # the docstrings are for readers of the code). Each module is imported, and its command built,
    # only when the command is looked up (cli/lean.py): `render` imports documents.py alone.
    (
        "list",
        "documents:list_command",
        _("Every council: kind, title, revision, date, registry number and status."),
    ),
    (
        "validate",
        "documents:validate",
        _("Check councils (all by default); exit 0 only when every one is valid."),
    ),
    ("render", "documents:render", _("Render the named councils (or --all) into OUT (default out/).")),
    (
        "build",
        "build:build",
        _("Render every council that changed, remove outputs of removed ones, write the index."),
    ),
    (
        "schema",
        "build:schema",
        _("Print the JSON Schema of a council file (the YAML language server reads it)."),
    ),
    (
        "new",
        "build:new",
        _("Write councils/SLUG.yaml for a new council, on the newest revision of its kind."),
    ),
    ("diff", "diff:diff", _("Show what changes between two revisions, word by word and clause by clause.")),
    (
        "beslut",
        "beslut:beslut",
        _("The amendment decision (beslut om ändring) a change implies; --apply tests one on the data."),
    ),
    ("show", "show:show", _("The council's whole charter after its base chain, every clause with its id.")),
    ("ids", "show:ids", _("The tree of ids and headings of the council's charter (as `show --ids`).")),
    (
        "explain",
        "show:explain",
        _("Where a clause comes from: set, changed, removed or overridden, file by file."),
    ),
    (
        "serve",
        "serve:serve",
        _("Preview councils on http://127.0.0.1:PORT, re-rendered on every save; writes nothing."),
    ),
    (
        "archive",
        "archive:archive",
        _("One E-ARK/FGS package (SIP) per decided version of each council, for the archive."),
    ),
    (
        "import",
        "ingest:import_command",
        _("Make a council file of each mandate document: what differs from its base, proved word for word."),
    ),
]


def _loader(target: str) -> Callable[[], Callable[..., Any]]:
    """What imports `module:function` of uppdrag.cli and returns the function."""

    def load() -> Callable[..., Any]:
        module, function = target.split(":")
        found: Callable[..., Any] = getattr(importlib.import_module(f"uppdrag.cli.{module}"), function)
        return found

    return load


for name, target, summary in COMMANDS:
    app.lazy_command(name, _loader(target), help=summary)


def main() -> None:
    """Console entry point: SIGTERM ends a command like Ctrl-C does (one line, exit 143)."""
    import os
    import signal

    # pydantic looks for plugins in every installed distribution's entry points when it makes its
    # first validator (≈ 25 ms); uppdrag's process uses none. The variable is pydantic's documented
    # switch, read each time a validator is made (not at import), so setting it here, in the
    # command's own process (and its build workers), is in time, and a program that imports
    # uppdrag keeps its plugins. A value the user set is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

    from uppdrag.build.workers import Stopped

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        sys.exit(app())  # pragma: no cover
    except Stopped as stopped:  # before or after a command's own funnel
        typer.echo(_("interrupted"), err=True)
        sys.exit(128 + stopped.signum)
