"""`uppdrag show`, `uppdrag ids` and `uppdrag explain`: the effective charter and where it comes from."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

import uppdrag.cli.complete as complete
from uppdrag.cli.common import AllCommits, AsOf, as_slug, current_project, funnel, parse_day
from uppdrag.errors import UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterator

    from uppdrag.source.project import Project


# The arguments the three commands share, made when typer reads a command's signature (the
# annotations are strings: `from __future__`), so their words are in the language of that moment.
def _slug() -> Any:
    return typer.Argument(
        help=_("The council (urologi, or councils/urologi.yaml)."),
        metavar=_("COUNCIL"),
        autocompletion=complete.councils,
    )


def _revision() -> Any:
    return typer.Option(
        "--revision",
        "-r",
        help=_("At this base revision instead of the council's own."),
        autocompletion=complete.revisions,
    )


@funnel
def show(
    slug: Annotated[str, _slug()],
    revision: Annotated[str | None, _revision()] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=_("yaml (a council file), json or md."))
    ] = "yaml",
    origin: Annotated[
        bool, typer.Option("--origin", help=_("Name the file and line of every value."))
    ] = False,
    ids: Annotated[bool, typer.Option("--ids", help=_("Only the tree of ids and headings."))] = False,
    as_of: AsOf = None,
    all_commits: AllCommits = False,
) -> None:
    """The council's whole charter after its base chain, every clause with its id."""
    from uppdrag.origin.show import show_text

    with at_day(as_of, as_slug(slug), all_commits) as project:
        typer.echo(show_text(project, as_slug(slug), revision, fmt.lower(), origin, ids), nl=False)


@funnel
def ids(slug: Annotated[str, _slug()], revision: Annotated[str | None, _revision()] = None) -> None:
    """The tree of ids and headings of the council's charter (as `show --ids`)."""
    from uppdrag.origin.show import show_text

    typer.echo(show_text(current_project(), as_slug(slug), revision, "yaml", False, True), nl=False)


@funnel
def explain(
    slug: Annotated[str, _slug()],
    clause: Annotated[
        str,
        typer.Argument(
            help=_("An id (nominera) or a path (arbetsorganisation.motesfrekvens)."),
            metavar=_("CLAUSE"),
            autocompletion=complete.clauses,
        ),
    ],
    revision: Annotated[
        str | None,
        typer.Option(
            "--revision",
            "-r",
            help=_("History through this revision (default: the newest)."),
            autocompletion=complete.revisions,
        ),
    ] = None,
    git: Annotated[bool, typer.Option("--git", help=_("The commits that last touched those lines."))] = False,
    as_of: AsOf = None,
    all_commits: AllCommits = False,
) -> None:
    """Where a clause comes from: set, changed, removed or overridden, file by file."""
    from uppdrag.origin.explain import explain_text

    if as_of is not None and git:
        raise UsageError(_("--as-of explains the version in force from a copy; give no --git with it"))
    with at_day(as_of, as_slug(slug), all_commits) as project:
        typer.echo(explain_text(project, as_slug(slug), clause, revision, git), nl=False)


@contextmanager
def at_day(as_of: str | None, slug: str, all_commits: bool) -> Iterator[Project]:
    """The current project, or with --as-of the project at the version of `slug` in force then."""
    current = current_project()
    if as_of is None:
        yield current
        return
    from uppdrag.diff.pointintime import checkout_in_force

    with checkout_in_force(current, slug, parse_day(as_of), all_commits) as (then, _version):
        yield then
