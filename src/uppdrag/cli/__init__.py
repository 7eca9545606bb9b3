"""The command line: a thin typer shell over `charters`; every error leaves through `funnel`."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from uppdrag.errors import Diagnostic, UppdragError, UsageError

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="uppdrag",
    help="Uppdragshandlingar för VGR:s samordningsråd och koncernövergripande grupper.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_state: dict[str, Any] = {"root": None, "debug": False}


def error(line: str) -> None:
    typer.echo(line, err=True)


def report(diagnostic: Diagnostic) -> None:
    """One line on stderr; on GitHub Actions also an annotation, so it shows on the pull request."""
    error(str(diagnostic))
    if os.environ.get("GITHUB_ACTIONS") == "true" and diagnostic.mark is not None:
        from uppdrag.errors import display_path

        kind = "warning" if diagnostic.severity == "warning" else "error"
        mark = diagnostic.mark
        text = f"{diagnostic.field}: {diagnostic.message}" if diagnostic.field else diagnostic.message
        typer.echo(
            f"::{kind} file={display_path(mark.path)},line={mark.line},col={mark.col}::{text}", err=True
        )


def funnel(command: F) -> F:
    """Turn every error into `file:line:col: field: message` lines and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UppdragError as exc:
            for diagnostic in exc.diagnostics:
                report(diagnostic)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _state["debug"]:
                raise
            error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


def _project() -> Any:
    from uppdrag.source.project import find_project

    return find_project(_state["root"])


@app.callback()
def main_options(
    root: Annotated[
        Path | None,
        typer.Option(
            "--root", envvar="UPPDRAG_ROOT", help="Project folder (holding councils/ and templates/)."
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    _state["root"] = root
    _state["debug"] = debug


@app.command("list")
@funnel
def list_command() -> None:
    """Every council: kind, title, revision, date, registry number and status."""
    from uppdrag.check.charter import load_many

    project = _project()
    rows = [("slug", "kind", "title", "revision", "datum", "diarienummer", "status")]
    failed: list[UppdragError] = list(project.name_problems())
    for outcome in load_many(project, project.slugs()):
        if outcome.loaded is None:
            assert outcome.error is not None
            failed.append(outcome.error)
            rows.append((outcome.slug, "", "", "", "", "", "fel"))
            continue
        c = outcome.loaded.charter
        rows.append((c.slug, c.kind, c.title, c.revision, str(c.datum), c.diarienummer, c.status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    _report(failed)


def _report(failed: list[UppdragError]) -> None:
    for exc in failed:
        for diagnostic in exc.diagnostics:
            report(diagnostic)
    if failed:
        raise typer.Exit(max(exc.exit_code for exc in failed))


def _selected(project: Any, slugs: list[str] | None, everything: bool) -> list[str]:
    if everything or not slugs:
        if slugs and everything:
            raise UsageError("give council names or --all, not both")
        return list(project.slugs())
    names = [_as_slug(slug) for slug in slugs]
    for slug in names:
        project.council_path(slug)  # unknown names are usage errors, before any work
    return list(dict.fromkeys(names))


def _as_slug(name: str) -> str:
    """`councils/urologi.yaml` (as a shell completes it) means the council `urologi`."""
    path = Path(name)
    return path.stem if path.suffix in (".yaml", ".yml") and path.parent.name in ("councils", "") else name


Slugs = Annotated[list[str] | None, typer.Argument(help="Council names (default: all).", show_default=False)]


@app.command()
@funnel
def validate(slugs: Slugs = None) -> None:
    """Check councils (all by default); exit 0 only when every one is valid."""
    from uppdrag.check.charter import load_many, warnings

    project = _project()
    failed: list[UppdragError] = [] if slugs else list(project.name_problems())
    shown: set[str] = set()  # a base's warning is said once, not once per council
    for outcome in load_many(project, _selected(project, slugs, everything=False)):
        if outcome.loaded is None:
            assert outcome.error is not None
            failed.append(outcome.error)
            continue
        for diagnostic in warnings(outcome.loaded):
            if str(diagnostic) not in shown:
                shown.add(str(diagnostic))
                report(diagnostic)
        typer.echo(f"{outcome.slug}: ok")
    _report(failed)


@app.command()
@funnel
def render(
    slugs: Slugs = None,
    everything: Annotated[bool, typer.Option("--all", help="Render every council.")] = False,
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="Formats, comma-separated: md, docx, pdf (needs LibreOffice)."),
    ] = "md,docx",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: the project's out/).")
    ] = None,
    revision: Annotated[
        str | None,
        typer.Option("--revision", "-r", help="Render at this base revision instead of the council's own."),
    ] = None,
) -> None:
    """Render councils into OUT (default out/), printing each written file."""
    from uppdrag.check.charter import load_many, render_files
    from uppdrag.render.formats import parse_formats

    if not slugs and not everything:
        raise UsageError("name the councils to render, or give --all")
    formats = parse_formats(fmt)
    project = _project()
    out_dir = output_folder(project, out)
    failed: list[UppdragError] = list(project.name_problems()) if everything else []
    for outcome in load_many(project, _selected(project, slugs, everything), revision):
        try:
            if outcome.loaded is None:
                assert outcome.error is not None
                raise outcome.error
            for path in render_files(project, outcome.loaded, formats, out_dir):
                typer.echo(_shown(path))
        except UppdragError as exc:
            failed.append(exc)
    _report(failed)


def output_folder(project: Any, out: Path | None) -> Path:
    """`--out` as typed (relative to here), or the project's own out/."""
    if out is None:
        return Path(project.root) / "out"
    return out if out.is_absolute() else Path.cwd() / out


def _shown(path: Path) -> str:
    from uppdrag.errors import display_path

    return display_path(path)


def main() -> None:
    """Console entry point."""
    sys.exit(app())  # pragma: no cover


# The other commands register themselves on `app`.
from uppdrag.cli import build, diff  # noqa: E402, F401
