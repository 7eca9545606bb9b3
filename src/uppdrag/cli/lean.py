"""typer, built for the command that runs: no pydantic where nothing needs coercing, and no
command built (or its module imported) that is not looked up.

typer (0.29) coerces every option through a pydantic TypeAdapter, built on first use, even when
the value is the default None or a plain string; importing pydantic for that is most of the
start-up of a no-op `uppdrag build`. These command classes give each parameter a coercion that
returns such values as they are and hands every other value to typer's own (built then), so
the behaviour, messages included, is typer's (`typer_compat.spare`). With a typer without that
machinery they are simply typer's classes.

typer also builds every command of an app (reading each function's signature and options)
before it runs one. A command registered with `LeanTyper.lazy_command` is built by typer's own
`get_command_from_info` when the group first looks it up: `uppdrag render` builds `render`, while
`--help` and shell completion, which look up every command, build them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer

from uppdrag.cli.typer_compat import TyperCommand, TyperGroup, build_command, spare

if TYPE_CHECKING:
    from typer.models import CommandInfo

    from uppdrag.cli.typer_compat import Command, Context

# A command not yet built: typer's record of it, and what returns its function.
Deferred = tuple["CommandInfo", Callable[[], Callable[..., Any]]]


class LeanGroup(TyperGroup):
    """The app: its own options (--root, --debug) coerced without pydantic when possible, and its
    lazily registered commands (`deferred`, set per app by `LeanTyper`) built when looked up."""

    deferred: dict[str, Deferred] = {}  # noqa: RUF012 - replaced per app, never mutated here
    app: typer.Typer | None = None

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        if self.deferred:
            assert self.app is not None
            self.commands = Commands(self.commands, self.deferred, self.app)

    def list_commands(self, ctx: Context) -> list[str]:
        """The names, in the order registered, without building the commands (typer's builds them)."""
        return list(self.commands)

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        spare(self.get_params(ctx))  # with --help, which click adds
        return super().parse_args(ctx, args)


class Commands(MutableMapping[str, "Command"]):
    """A group's commands by name: those typer built, then the deferred ones, each built once on
    its first lookup (iterating over the names builds none)."""

    def __init__(self, built: MutableMapping[str, Command], deferred: dict[str, Deferred], app: typer.Typer):
        self.built = dict(built)
        self.deferred = dict(deferred)
        self.app = app

    def __getitem__(self, name: str) -> Command:
        if name not in self.built:
            info, load = self.deferred.pop(name)  # KeyError: no such command
            self.built[name] = build_command(info, load(), self.app)
        return self.built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.deferred.pop(name, None)
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        if self.deferred.pop(name, None) is None:
            del self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.built
        yield from self.deferred

    def __len__(self) -> int:
        return len(self.built) + len(self.deferred)

    def __contains__(self, name: object) -> bool:
        return name in self.built or name in self.deferred


class LeanCommand(TyperCommand):
    """A command whose defaults and plain strings are not coerced through pydantic."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        spare(self.get_params(ctx))  # with --help, which click adds
        return super().parse_args(ctx, args)


class LeanTyper(typer.Typer):
    """A typer app whose commands are `LeanCommand`s unless a command asks for another class,
    and whose group (a `LeanGroup`) builds the commands registered with `lazy_command` on use."""

    def __init__(self, *, cls: type[LeanGroup] = LeanGroup, **kwargs: Any) -> None:
        self.deferred: dict[str, Deferred] = {}
        group = type(cls.__name__, (cls,), {"deferred": self.deferred, "app": self})
        super().__init__(cls=group, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", LeanCommand)
        return super().command(*args, **kwargs)

    def lazy_command(self, name: str, load: Callable[[], Callable[..., Any]], **kwargs: Any) -> None:
        """Register the command `name` (typer's `command` arguments) whose function `load()`
        returns, importing its module only when the command is looked up."""
        self.command(name, **kwargs)(_unloaded)  # typer's own record of the command…
        info = self.registered_commands.pop()  # …kept aside, so typer does not build it up front
        self.deferred[name] = (info, load)


def _unloaded() -> None:  # pragma: no cover - replaced by the loaded function before it is built
    """Stands for a command's function until `load()` gives it."""
