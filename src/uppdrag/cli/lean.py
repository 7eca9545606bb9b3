"""typer without pydantic for what needs no coercion: a no-op `build` starts in typer's own time.

typer (0.2x) coerces every option through a pydantic TypeAdapter, built on first use, even when
the value is the default None or a plain string; importing pydantic for that is most of the
start-up of a no-op `uppdrag build`. These command classes give each parameter a coercion that
returns such values as they are and hands every other value to typer's own (built then), so
the behaviour, messages included, is typer's. With a typer without that machinery they are
simply typer's classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from typer._click import Context

try:
    from dataclasses import dataclass

    from typer._coercion import RuntimeParam, build_runtime_param
    from typer.core import _TyperParameter

    _TYPER_COERCES = True
except ImportError:  # pragma: no cover - another typer: nothing to spare
    _TYPER_COERCES = False


if _TYPER_COERCES:

    @dataclass(frozen=True)
    class _AsGiven(RuntimeParam):
        """A str stays the str; anything else goes through typer's own coercion."""

        def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
            if self.annotation is str and self.parameter_info.parser is None and type(value) is str:
                return value
            param._runtime_param = own = build_runtime_param(param.type_descriptor)
            return own._coerce_value(value, param=param, ctx=ctx)

    def _spare(params: list[Any]) -> None:
        for param in params:
            if isinstance(param, _TyperParameter) and param._runtime_param is None:
                described = param.type_descriptor
                param._runtime_param = _AsGiven(described.parameter_info, described.annotation)

else:  # pragma: no cover

    def _spare(params: list[Any]) -> None:
        pass


class LeanGroup(TyperGroup):
    """The app: its own options (--root, --debug) coerced without pydantic when possible."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        _spare(self.get_params(ctx))  # with --help, which click adds
        return super().parse_args(ctx, args)


class LeanCommand(TyperCommand):
    """A command whose defaults and plain strings are not coerced through pydantic."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        _spare(self.get_params(ctx))  # with --help, which click adds
        return super().parse_args(ctx, args)


class LeanTyper(typer.Typer):
    """A typer app whose commands are `LeanCommand`s unless a command asks for another class."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", LeanCommand)
        return super().command(*args, **kwargs)
