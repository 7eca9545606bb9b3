"""`uppdrag serve`: a live preview of the councils in the browser while their YAML is edited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

import uppdrag.cli.complete as complete
from uppdrag.cli.common import as_slug, current_project, error, funnel, report
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.errors import Diagnostic


@funnel
def serve(
    slug: Annotated[
        str | None,
        typer.Argument(
            help=_("The council to show (default: a list of all)."),
            metavar=_("COUNCIL"),
            autocompletion=complete.councils,
        ),
    ] = None,
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, help=_("Port (0: any free one)."))
    ] = 8000,
    edit: Annotated[
        bool,
        typer.Option("--edit", help=_("Edit the councils in the browser too (writes the council files).")),
    ] = False,
) -> None:
    """Preview councils on http://127.0.0.1:PORT, re-rendered and reloaded on every save.

    Writes nothing, unless --edit: then each council has an editing page whose saves rewrite
    its council file (validated first, only what differs from the base).
    """
    import secrets

    from uppdrag.publish.server import start

    said: dict[str, tuple[str, ...]] = {}

    def on_change(name: str, problems: tuple[Diagnostic, ...], saved: bool) -> None:
        """Each problem once (pages are fetched again and again), and a line for every good save."""
        lines = tuple(str(d) for d in problems)
        if lines and lines != said.get(name):
            for diagnostic in problems:
                report(diagnostic)
        elif not lines and saved:
            typer.echo(_("{slug}: updated").format(slug=name))
        said[name] = lines

    _stop_on_signals()
    project = current_project()
    editor = None
    if edit:
        from uppdrag.edit.web import Editor

        editor = Editor(project, secrets.token_urlsafe(32))
    server = start(project, as_slug(slug) if slug else None, port, on_change, editor)
    typer.echo(_("Preview at {url} (Ctrl-C stops)").format(url=server.url))
    try:
        server.serve()
    except KeyboardInterrupt:
        error(_("preview stopped"))


def _stop_on_signals() -> None:
    """Ctrl-C and a plain `kill` both stop the server cleanly (even when started in the background)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
