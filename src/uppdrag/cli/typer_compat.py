"""Every use of typer's (and its vendored click's) internals, in one place.

uppdrag is tested with the typer versions pyproject.toml allows (a lower and an upper bound).
Since 0.26 typer carries its own click as `typer._click`; uppdrag reaches into it to put click's
words into the user's language (the usage prefix, the help option, the usage-error display, the
modules' gettext), to build a command only when it is looked up (typer's `get_command_from_info`,
cli/lean.py), and, with typers that coerce through pydantic (`typer._coercion`, 0.29), to
spare a no-op command that import (cli/lean.py). `INTERNALS` names every such name:
tests/test_typer_compat.py resolves each, so a typer that moved one fails there, loudly, not in
a user's terminal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from collections.abc import Callable

    import typer
    from typer._click import Command as Command
    from typer._click import Context as Context
    from typer.models import CommandInfo

try:
    from dataclasses import dataclass

    from typer._coercion import RuntimeParam, build_runtime_param
    from typer.core import _TyperParameter

    COERCES = True  # this typer coerces through pydantic (0.29 on)
except ImportError:  # pragma: no cover - an older typer in the allowed range: nothing to spare
    COERCES = False

# The internals used below, as `module:attribute.attribute` (tests/test_typer_compat.py).
INTERNALS = (
    "typer.core:TyperCommand.parse_args",
    "typer.core:TyperGroup.parse_args",
    "typer.core:TyperGroup.get_command",
    "typer.core:TyperGroup.list_commands",
    "typer.main:get_command_from_info",
    "typer._click.core:Command.get_help_option",
    "typer._click.core:Command.get_params",
    "typer._click.formatting:HelpFormatter.write_usage",
    "typer._click.exceptions:UsageError.show",
    "typer._click.utils:echo",
)
COERCION = (  # only where COERCES
    "typer._coercion:RuntimeParam._coerce_value",
    "typer._param_types:coerce_cli_path",
    "typer._coercion:build_runtime_param",
    "typer.core:_TyperParameter",
    "typer.core:_TyperParameter.display_type",
)

__all__ = ["COERCES", "TyperCommand", "TyperGroup", "build_command", "echo", "install", "spare"]


def build_command(info: CommandInfo, function: Callable[..., Any], app: typer.Typer) -> Command:
    """The click command typer makes of `info` with `function` as its callback, as it makes each
    command of `app` when it builds the whole group."""
    import copy

    from typer.main import get_command_from_info

    record = copy.copy(info)  # the app's record stays as registered: each group builds its own
    record.callback = function
    return get_command_from_info(
        record, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=app.rich_markup_mode
    )


if COERCES:

    @dataclass(frozen=True)
    class _AsGiven(RuntimeParam):
        """A str stays the str, a list of them a list, a flag's bool the bool, a path's text a Path
        checked by typer's own path rule, plain digits within an int's bounds the int (`-j 2`);
        anything else goes through typer's own coercion (and its messages)."""

        def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
            annotation, info = self.annotation, self.parameter_info
            if info.parser is None:
                if (annotation is str and type(value) is str) or (annotation is bool and type(value) is bool):
                    return value
                if annotation == list[str] and type(value) in (list, tuple) and _strings(value):
                    return list(value)
                if annotation is int and type(value) is str and _within(value, info.min, info.max):
                    return int(value)
                if annotation is Path and type(value) is str and value and info.path_type is None:
                    from typer._param_types import coerce_cli_path

                    # typer turns the text into a Path through pydantic; Path() is what that does
                    return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
            param._runtime_param = own = build_runtime_param(param.type_descriptor)
            return own._coerce_value(value, param=param, ctx=ctx)

    def _strings(values: list[Any] | tuple[Any, ...]) -> bool:
        return all(type(value) is str for value in values)

    def _within(text: str, low: Any, high: Any) -> bool:
        """Plain ASCII digits (as pydantic reads them: no sign, space or underscore to judge) whose
        number lies within the bounds typer would check (importing pydantic's adapters costs
        ≈ 50 ms even when the models are loaded)."""
        if not (text.isascii() and text.isdigit() and len(text) <= 18):
            return False
        number = int(text)
        return (low is None or number >= low) and (high is None or number <= high)

    def spare(params: list[Any]) -> None:
        """Give each typer parameter not yet coerced a coercion that needs no pydantic for plain values."""
        for param in params:
            if isinstance(param, _TyperParameter) and param._runtime_param is None:
                described = param.type_descriptor
                param._runtime_param = _AsGiven(described.parameter_info, described.annotation)

else:  # pragma: no cover

    def spare(params: list[Any]) -> None:
        """Nothing to spare: this typer coerces without pydantic."""


def echo(message: str, file: Any = None, color: bool | None = None) -> None:
    """click's `echo` as typer carries it."""
    from typer._click.utils import echo as click_echo

    click_echo(message, file=file, color=color)


def install(
    usage_prefix: Callable[[], str],
    help_text: Callable[[], str],
    show: Callable[..., None],
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    word: Callable[[str], str | None],
) -> None:
    """Put click's words into the user's language (once per process; the language is read at use).

    The usage line's prefix and the help option's text come from `usage_prefix` and `help_text`,
    a usage error is shown by `show` (as `UsageError.show`), and typer's modules look their own
    messages up through `gettext`/`ngettext` instead of the process-wide domain. `word` translates
    typer's English words in help: the usage line's placeholders, the help of its own options
    (completion) and, with typers that have them, the type labels (`<str>`); None leaves one as is.
    """
    from typer._click import core, exceptions, formatting

    if getattr(formatting.HelpFormatter, "_uppdrag", False):
        return
    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english in ("[OPTIONS]", "COMMAND [ARGS]..."):
            args = args.replace(english, word(english) or english)
        write_usage(self, prog, args, usage_prefix() if prefix is None else prefix)

    get_help_option = core.Command.get_help_option

    def translated_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = help_text()
        return option

    formatting.HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]
    formatting.HelpFormatter._uppdrag = True  # type: ignore[attr-defined]
    _translate_param_help(word)
    _translate_type_labels(word)
    core.Command.get_help_option = translated_help_option  # type: ignore[method-assign]
    exceptions.UsageError.show = show  # type: ignore[method-assign]
    _point_gettext(gettext, ngettext)


def _point_gettext(gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> None:
    """typer's modules look their own messages up through ours, not the process-wide domain."""
    import gettext as stdlib_gettext
    import sys

    for name, module in list(sys.modules.items()):
        if not name.startswith("typer") or module is None:
            continue
        if getattr(module, "_", None) is stdlib_gettext.gettext:
            module._ = gettext  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is stdlib_gettext.ngettext:
            module.ngettext = ngettext  # type: ignore[attr-defined]


def _translate_param_help(word: Callable[[str], str | None]) -> None:
    """The help of typer's own options (completion) in the user's language."""
    from typer._click import core

    get_params = core.Command.get_params

    def translated_params(self: Any, ctx: Any) -> Any:
        params = get_params(self, ctx)
        for param in params:
            # the English is kept: the language is read at each use (tests switch it)
            english = getattr(param, "_uppdrag_help", None) or getattr(param, "help", None)
            said = word(english) if isinstance(english, str) else None
            if said is not None:
                param._uppdrag_help, param.help = english, said  # type: ignore[attr-defined]
        return params

    core.Command.get_params = translated_params  # type: ignore[method-assign]


def _translate_type_labels(word: Callable[[str], str | None]) -> None:
    """typer's type labels in help (`<str>`, `<path>`; typers that coerce through pydantic)."""
    if not COERCES or not hasattr(_TyperParameter, "display_type"):  # pragma: no cover
        return
    display_type = _TyperParameter.display_type

    def translated(self: Any, ctx: Any) -> str:
        label = display_type(self, ctx)
        return word(label) or label

    _TyperParameter.display_type = translated  # type: ignore[method-assign]
