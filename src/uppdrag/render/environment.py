"""The Jinja2 environments of the layout templates, made one way, with compiled templates kept.

Every layout environment: StrictUndefined (a misspelt name is an error, never an empty string),
blocks trimmed, and a bytecode cache so a process does not recompile the layouts each run. The
cache is keyed by each template's source, so an edited template is simply compiled again; it
lives in $XDG_CACHE_HOME/uppdrag (or ~/.cache/uppdrag), and UPPDRAG_NO_CACHE=1 turns it off. A
cache that cannot be written is no error: templates are then compiled as usual.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Mark, TemplateError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import BytecodeCache, Environment


@lru_cache(maxsize=1)
def bytecode_cache() -> BytecodeCache | None:
    if os.environ.get("UPPDRAG_NO_CACHE"):
        return None
    from jinja2 import FileSystemBytecodeCache

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "uppdrag" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def layout_environment(
    folder: str, *, autoescape: bool, finalize: Callable[[Any], Any] | None, filters: dict[str, Any]
) -> Environment:
    """A Jinja2 environment for the templates in `folder`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(),
    )
    env.filters.update(filters)
    return env


def template_error(exc: BaseException, folder: Path, name: str) -> TemplateError:
    """A layout template's error at its file and line (innermost template frame of a runtime error)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(_("layout template {path} not found").format(path=folder / str(exc.name)))
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            exc.message or "syntax error", Mark(Path(exc.filename or folder / name), exc.lineno, 1)
        )
    mark = Mark(folder / name, 1, 1)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            mark = Mark(Path(filename), tb.tb_lineno, 1)
        tb = tb.tb_next
    return TemplateError(str(exc), mark)
