"""What every command shares: the global options, the error funnel, reporting, shared arguments."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

import uppdrag.cli.complete as complete
from uppdrag.errors import Diagnostic, UppdragError, UsageError, display_path
from uppdrag.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from uppdrag.source.project import Project

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Options:
    """The global options (`uppdrag --root … --debug COMMAND`), set once per invocation."""

    root: Path | None = None
    debug: bool = False


options = Options()


def error(line: str) -> None:
    typer.echo(line, err=True)


def report(diagnostic: Diagnostic) -> None:
    """One line on stderr (and its detail indented under it); on GitHub Actions also an
    annotation, so it shows on the pull request."""
    error(str(diagnostic))
    for line in diagnostic.detail:
        error(f"    {line}")
    if os.environ.get("GITHUB_ACTIONS") == "true" and diagnostic.mark is not None:
        kind = "warning" if diagnostic.severity == "warning" else "error"
        mark = diagnostic.mark
        text = f"{diagnostic.field}: {diagnostic.message}" if diagnostic.field else diagnostic.message
        typer.echo(
            f"::{kind} file={display_path(mark.path)},line={mark.line},col={mark.col}::{text}",
            err=True,
        )


def report_once(diagnostics: Iterable[Diagnostic]) -> None:
    """Each distinct line once: a mistake in a shared base is said once, not once per council."""
    distinct = {str(diagnostic): diagnostic for diagnostic in reversed(list(diagnostics))}
    for diagnostic in reversed(distinct.values()):
        report(diagnostic)


def exit_on(failed: list[UppdragError]) -> None:
    """Report every error of a batch; exit with the worst code when there were any."""
    report_once(d for exc in failed for d in exc.diagnostics)
    if failed:
        raise typer.Exit(max(exc.exit_code for exc in failed))


def funnel(command: F) -> F:
    """Turn every error into `file:line:col: field: message` lines and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from uppdrag.session import render_session

        try:
            with render_session():  # the command's compiled templates and memos end with it
                return command(*args, **kwargs)
        except UppdragError as exc:
            for diagnostic in exc.diagnostics:
                report(diagnostic)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            error(_("interrupted"))
            raise typer.Exit(130) from None
        except Exception as exc:
            if options.debug:
                raise
            error(
                _("internal error: {kind}: {error} (run with --debug for details)").format(
                    kind=type(exc).__name__, error=exc
                )
            )
            raise typer.Exit(3) from None
        except BaseException as exc:  # SIGTERM (build.workers.Stopped)
            signum = getattr(exc, "signum", None)
            if signum is None:
                raise
            error(_("interrupted"))
            raise typer.Exit(128 + signum) from None

    return wrapper  # type: ignore[return-value]


def current_project() -> Project:
    from uppdrag.source.project import find_project

    return find_project(options.root)


def shown(path: Path) -> str:
    return display_path(path)


def output_folder(project: Project, out: Path | None) -> Path:
    """`--out` as typed (relative to here), or the project's own out/."""
    if out is None:
        return Path(project.root) / "out"
    return out if out.is_absolute() else Path.cwd() / out


def selected(project: Project, slugs: list[str] | None, everything: bool) -> list[str]:
    """The councils named (as names or file paths), or all of them."""
    if everything or not slugs:
        if slugs and everything:
            raise UsageError(_("give council names or --all, not both"))
        return list(project.slugs())
    names = [as_slug(slug) for slug in slugs]
    for slug in names:
        project.council_path(slug)  # unknown names are usage errors, before any work
    return list(dict.fromkeys(names))


def as_slug(name: str) -> str:
    """`councils/urologi.yaml` (as a shell completes it) means the council `urologi`."""
    path = Path(name)
    return path.stem if path.suffix in (".yaml", ".yml") and path.parent.name in ("councils", "") else name


def _formats_help(lead: str) -> str:
    from uppdrag.render.formats import formats_help

    return f"{lead} {formats_help()}."


# Options and arguments more than one command takes.
Slugs = Annotated[
    list[str] | None,
    typer.Argument(
        help=_("Council names (default: all)."),
        show_default=False,
        metavar=_("COUNCIL"),
        autocompletion=complete.councils,
    ),
]
Named = Annotated[
    list[str] | None,
    typer.Argument(
        help=_("Council names (or --all for every council)."),
        show_default=False,
        metavar=_("COUNCIL"),
        autocompletion=complete.councils,
    ),
]
Out = Annotated[
    Path | None, typer.Option("--out", "-o", help=_("Output folder (default: the project's out/)."))
]
Formats = Annotated[
    str,
    typer.Option(
        "--format", "-f", help=_formats_help(_("Formats, comma-separated:")), autocompletion=complete.formats
    ),
]
BuildFormats = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help=_formats_help(_("Formats, comma-separated (default: those out/ holds, else md,docx):")),
        show_default=False,
        autocompletion=complete.formats,
    ),
]
Revision = Annotated[
    str | None,
    typer.Option(
        "--revision",
        "-r",
        help=_("Render at this base revision instead of the council's own."),
        autocompletion=complete.revisions,
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=_("The version in force on this date (ÅÅÅÅ-MM-DD), from the repository's published versions."),
    ),
]
AllCommits = Annotated[
    bool,
    typer.Option(
        "--all-commits", help=_("With --as-of/--git: every commit is a version, not only the tags.")
    ),
]


def parse_day(value: str, flag: str = "--as-of") -> date:
    """A date as typed on the command line, or a usage error saying how to write one."""
    import datetime

    from uppdrag.source.dates import explain

    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{flag}: {explain(value)}") from None
