"""Markdown from a charter: layout in `templates/md/<layout>.md.j2`, text escaped as data."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from uppdrag.check.data_templates import swedish_date
from uppdrag.check.model import Charter, Span
from uppdrag.errors import Mark, TemplateError
from uppdrag.render.environment import layout_environment
from uppdrag.render.inline import runs

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_PARENS = re.compile(r"([()])")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")


class Safe(str):
    """Markdown produced by uppdrag itself: not escaped again."""

    __slots__ = ()


def escape(text: str) -> str:
    """Text that Markdown shows as written: it cannot open a heading, list, link or table."""
    lines = []
    for line in text.split("\n"):
        line = _ESCAPE.sub(r"\\\1", line)
        lines.append(_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return "  \n".join(lines)


def _finalize(value: Any) -> str:
    if value is None:
        raise ValueError("a template printed an empty value (None)")
    if isinstance(value, Safe):
        return value
    return escape(str(value))


def inline(value: str | list[Span] | None) -> Safe:
    """An inline text as Markdown: bold as **…**, links as [text](url)."""
    parts = []
    for run in runs(value):
        text = escape(run.text)
        if run.url:
            url = run.url.replace("(", "%28").replace(")", "%29")
            label = _PARENS.sub(r"\\\1", text)
            text = f"[{label}]({url})"
        elif run.bold:
            text = f"**{text}**"
        parts.append(text)
    return Safe("".join(parts))


def heading(text: str, level: int) -> Safe:
    return Safe(f"{'#' * level} {escape(text)}")


def environment(templates: Path, folder: str = "md") -> Any:
    """The Jinja2 environment for Markdown layouts (the project's own templates), one per folder."""
    return _environment(str(templates / folder))


@lru_cache(maxsize=8)
def _environment(folder: str) -> Any:
    filters = {"inline": inline, "heading": heading, "svdate": swedish_date, "safe": Safe}
    return layout_environment(folder, autoescape=False, finalize=_finalize, filters=filters)


def template_error(exc: BaseException, folder: Path, name: str) -> TemplateError:
    """A layout template's error at its file and line (innermost template frame of a runtime error)."""
    import jinja2

    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(f"layout template {folder / str(exc.name)} not found")
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


def render_markdown(charter: Charter, templates: Path) -> str:
    """The charter as Markdown, through its layout's template."""
    import jinja2

    name = f"{charter.layout}.md.j2"
    try:
        template = environment(templates).get_template(name)
        text = template.render(charter=charter, labels=charter.labels)
    except (jinja2.TemplateError, ValueError, TypeError) as exc:
        raise template_error(exc, templates / "md", name) from None
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
