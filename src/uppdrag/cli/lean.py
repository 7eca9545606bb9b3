"""typer without pydantic for what needs no coercion: a no-op `build` starts in typer's own time.

typer (0.29) coerces every option through a pydantic TypeAdapter, built on first use, even when
the value is the default None or a plain string; importing pydantic for that is most of the
start-up of a no-op `uppdrag build`. These command classes give each parameter a coercion that
returns such values as they are and hands every other value to typer's own (built then), so
the behaviour, messages included, is typer's (`typer_compat.spare`). With a typer without that
machinery they are simply typer's classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from uppdrag.cli.typer_compat import TyperCommand, TyperGroup, spare

if TYPE_CHECKING:
    from uppdrag.cli.typer_compat import Context


class LeanGroup(TyperGroup):
    """The app: its own options (--root, --debug) coerced without pydantic when possible."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        spare(self.get_params(ctx))  # with --help, which click adds
        return super().parse_args(ctx, args)


class LeanCommand(TyperCommand):
    """A command whose defaults and plain strings are not coerced through pydantic."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        spare(self.get_params(ctx))  # with --help, which click adds
        return super().parse_args(ctx, args)


class LeanTyper(typer.Typer):
    """A typer app whose commands are `LeanCommand`s unless a command asks for another class."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", LeanCommand)
        return super().command(*args, **kwargs)
