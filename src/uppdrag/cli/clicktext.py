"""Typer's and click's own words ("Usage:", "Missing argument …") in the user's language.

Typer vendors click with its messages as plain English strings, so they are translated where
they are shown: the usage prefix, the help option, and the usage-error display. The patterns
below are click's message forms; their msgids are translated in our catalogs like any other.
"""

from __future__ import annotations

import functools
import re
from typing import IO, Any

from uppdrag.i18n import N_, _

# click's message → our msgid (named groups become the format fields)
MESSAGES = [
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"Missing argument '(?P<name>[^']+)'\.", N_("Missing argument '{name}'.")),
    (r"Missing option '(?P<name>[^']+)'\.", N_("Missing option '{name}'.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)", N_("Got unexpected extra argument(s) ({args})")),
    (r"Option '(?P<name>[^']+)' requires an argument\.", N_("Option '{name}' requires an argument.")),
    (r"Option '(?P<name>[^']+)' does not take a value\.", N_("Option '{name}' does not take a value.")),
    (r"No such command '(?P<name>[^']+)'\.", N_("No such command '{name}'.")),
    (  # typer's suggestion after click's message
        r"No such command '(?P<name>[^']+)'\. Did you mean (?P<options>.+)\?",
        N_("No such command '{name}'. Did you mean {options}?"),
    ),
    (r"Missing command\.", N_("Missing command.")),
    (r"Invalid value for (?P<name>.+?): (?P<detail>.*)", N_("Invalid value for {name}: {detail}")),
    (r"(?P<message>.*) \(Possible options: (?P<options>.*)\)", N_("{message} (did you mean: {options})")),
    # typer's pydantic coercion (`-j 0`)
    (r"Input should be greater than or equal to (?P<limit>\S+)", N_("must be at least {limit}")),
    (r"Input should be less than or equal to (?P<limit>\S+)", N_("must be at most {limit}")),
    (r"Input should be a valid integer.*", N_("must be a whole number")),
    (r"(?P<value>\S+) is not in the range (?P<range>.*)\.", N_("{value} is not in the range {range}.")),
    (r"'(?P<value>.*)' is not a valid integer\.", N_("'{value}' is not a whole number.")),
]
# Words typer puts in help and usage lines: placeholders and its completion options' help.
WORDS = {
    "[OPTIONS]": N_("[OPTIONS]"),
    "COMMAND [ARGS]...": N_("COMMAND [ARGS]..."),
    "Install completion for the current shell.": N_("Install completion for the current shell."),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
    "<str>": N_("<text>"),
    "<path>": N_("<path>"),
    "<int>": N_("<number>"),
    "<int range>": N_("<number>"),
    "<list[str]>": N_("<text>..."),
    "<bool>": N_("<yes/no>"),
}
# typer's own msgids (it looks them up with gettext, which `typer_compat.install` points at ours)
TYPER = (
    N_("Options"),
    N_("Arguments"),
    N_("Commands"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
)


@functools.cache
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    """The patterns compiled, once a message is shown (not at every start)."""
    return [(re.compile(f"^{pattern}$", re.DOTALL), msgid) for pattern, msgid in MESSAGES]


def translate(message: str) -> str:
    """One of click's messages in the user's language (unknown forms stay as they are)."""
    for pattern, msgid in _compiled():
        found = pattern.match(message)
        if found:
            fields = {key: translate(value) for key, value in found.groupdict().items()}
            return _(msgid).format(**fields)
    return message


def _show(self: Any, file: IO[Any] | None = None) -> None:
    """`UsageError.show`: usage, the hint and the error, translated."""
    from uppdrag.cli.typer_compat import echo

    file = file if file is not None else __import__("sys").stderr
    ctx = getattr(self, "ctx", None)
    color = None
    if ctx is not None:
        color = ctx.color
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]
            )
            hint += "\n"
        echo(f"{ctx.get_usage()}\n{hint}", file=file, color=color)
    echo(_("Error: {message}").format(message=translate(self.format_message())), file=file, color=color)


def install() -> None:
    """Point typer's click at the translations (once per process; the language is read at use)."""
    from uppdrag.cli.typer_compat import install as patch_typer
    from uppdrag.i18n import ngettext

    patch_typer(
        usage_prefix=lambda: _("Usage: "),
        help_text=lambda: _("Show this message and exit."),
        show=_show,
        gettext=_,
        ngettext=ngettext,
        word=lambda english: _(WORDS[english]) if english in WORDS else None,
    )
