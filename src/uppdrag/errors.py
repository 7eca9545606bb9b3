"""One exception tree; every error knows where in which file it was written."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pathlib import Path

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Mark:
    """A position in a source file (1-based line and column)."""

    path: Path
    line: int
    col: int

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}:{self.col}"


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, on one line (a newline
    or other control character in a file name shown as an escape)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        rel = ".."
    return printable(str(path) if rel.startswith("..") else rel)


def printable(text: str) -> str:
    """`text` with control characters and lone surrogates escaped (`evil\\n`, `\\udc80`)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in text)


@dataclass(frozen=True)
class Diagnostic:
    """One line of output: `file:line:col: field: message`; `detail` are lines shown under it
    (a YAML snippet of the right nesting), never part of the line itself."""

    message: str
    mark: Mark | None = None
    field: str | None = None
    severity: Severity | None = None
    detail: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.mark}: " if self.mark else ""
        level = f"{severity_word(self.severity)}: " if self.severity else ""
        what = f"{self.field}: " if self.field else ""
        return f"{where}{level}{what}{self.message}"

    def with_detail(self, message: str, detail: tuple[str, ...]) -> Diagnostic:
        """The same place, another message and the lines to show under it."""
        return Diagnostic(message, self.mark, self.field, self.severity, detail)


def severity_word(severity: str) -> str:
    """`warning` in the user's language (`varning`)."""
    from uppdrag.i18n import _

    return _("warning") if severity == "warning" else _("error")


class UppdragError(Exception):
    """Base of every error uppdrag reports; carries one or more diagnostics."""

    exit_code = 1

    def __init__(self, message: str, mark: Mark | None = None, field: str | None = None):
        self.diagnostics = [Diagnostic(message, mark, field)]
        super().__init__(str(self.diagnostics[0]))

    @classmethod
    def from_diagnostics(cls, diagnostics: list[Diagnostic]) -> UppdragError:
        err = cls(diagnostics[0].message, diagnostics[0].mark, diagnostics[0].field)
        err.diagnostics = list(diagnostics)
        return err

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)


class DataError(UppdragError):
    """Invalid council or base data (exit 1)."""


class YamlSyntaxError(DataError):
    """The file is not well-formed (or not allowed) YAML."""


class AssetError(DataError):
    """A file the data names (the Word template) that cannot be used; `loc` is the field naming
    it, so whoever holds the charter's YAML can say the line (`Loaded.at_field`)."""

    def __init__(self, message: str, loc: tuple[str, ...]):
        super().__init__(message)
        self.loc = loc


class SchemaError(DataError):
    """The composed charter does not match the schema."""


class OverlayError(DataError):
    """An overlay refers to an id that does not exist, or places an item impossibly."""


class TemplateError(DataError):
    """A text or layout template failed to render."""


class DecisionError(DataError):
    """A decision text whose clause cannot be read or does not name exactly one clause (exit 1)."""


class UsageError(UppdragError):
    """The command line asks for something that cannot be done (exit 2)."""

    exit_code = 2


class NotFoundError(UsageError):
    """A council, base or project folder that does not exist."""


class NotInForce(UppdragError):
    """No version of a mandate was in force on the date asked for (exit 1)."""


class WriteError(UppdragError):
    """An output that cannot be written: a read-only or full disk, a folder in its place (exit 1)."""


class Busy(UppdragError):
    """Another uppdrag is writing the same out/ (exit 1)."""


class Interrupted(UppdragError):
    """A build stopped by Ctrl-C (exit 130) or SIGTERM (exit 143), saying how much of it was done."""

    def __init__(self, done: int, total: int, signum: int):
        from uppdrag.i18n import _

        super().__init__(_("interrupted — {done} of {total} done").format(done=done, total=total))
        self.done, self.total = done, total
        self.exit_code = 128 + signum
