"""`uppdrag show`, `uppdrag ids` and `uppdrag explain`: the effective charter and where it comes from."""

from __future__ import annotations

from typing import Annotated

import typer

from uppdrag.cli.common import as_slug, current_project, funnel
from uppdrag.i18n import _

Slug = Annotated[str, typer.Argument(help=_("The council (urologi, or councils/urologi.yaml)."))]
Revision = Annotated[
    str | None,
    typer.Option("--revision", "-r", help=_("At this base revision instead of the council's own.")),
]


@funnel
def show(
    slug: Slug,
    revision: Revision = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=_("yaml (a council file), json or md."))
    ] = "yaml",
    origin: Annotated[
        bool, typer.Option("--origin", help=_("Name the file and line of every value."))
    ] = False,
    ids: Annotated[bool, typer.Option("--ids", help=_("Only the tree of ids and headings."))] = False,
) -> None:
    """The council's whole charter after its base chain, every clause with its id."""
    from uppdrag.origin.show import show_text

    typer.echo(show_text(current_project(), as_slug(slug), revision, fmt.lower(), origin, ids), nl=False)


@funnel
def ids(slug: Slug, revision: Revision = None) -> None:
    """The tree of ids and headings of the council's charter (as `show --ids`)."""
    from uppdrag.origin.show import show_text

    typer.echo(show_text(current_project(), as_slug(slug), revision, "yaml", False, True), nl=False)


@funnel
def explain(
    slug: Slug,
    clause: Annotated[
        str, typer.Argument(help=_("An id (nominera) or a path (arbetsorganisation.motesfrekvens)."))
    ],
    revision: Annotated[
        str | None,
        typer.Option("--revision", "-r", help=_("History through this revision (default: the newest).")),
    ] = None,
    git: Annotated[bool, typer.Option("--git", help=_("The commits that last touched those lines."))] = False,
) -> None:
    """Where a clause comes from: set, changed, removed or overridden, file by file."""
    from uppdrag.origin.explain import explain_text

    typer.echo(explain_text(current_project(), as_slug(slug), clause, revision, git), nl=False)
