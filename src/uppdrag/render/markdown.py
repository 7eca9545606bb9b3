"""Markdown from a charter: layout in `templates/md/<layout>.md.j2`, text escaped as data."""

from __future__ import annotations

import re
from contextvars import ContextVar
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from uppdrag.check.inline import runs
from uppdrag.check.svdate import swedish_date
from uppdrag.i18n import _
from uppdrag.render.environment import layout_environment
from uppdrag.session import per_session

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from jinja2 import Environment

    from uppdrag.check.model import Charter, Span

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_PARENS = re.compile(r"([()])")
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])")


class Safe(str):
    """Markdown produced by uppdrag itself: not escaped again."""

    __slots__ = ()


# `render --origin`: what the layouts' `origin(…)` calls print after each block (nothing by default).
_ORIGIN: ContextVar[Callable[..., str] | None] = ContextVar("origin", default=None)


def origin(*address: str) -> Safe:
    """The source of the block at `address`, as an HTML comment, when one is asked for; else ""."""
    describe = _ORIGIN.get()
    return Safe(describe(*address) if describe is not None else "")


# Pure functions of a text, kept for the sentences every council shares (bounded).
@lru_cache(maxsize=8192)
def escape(text: str) -> str:
    """Text that Markdown shows as written: it cannot open a heading, list, link or table."""
    lines = []
    for line in text.split("\n"):
        line = _ESCAPE.sub(r"\\\1", line)
        lines.append(_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return "  \n".join(lines)


def finalize_markdown(value: Any) -> str:
    if value is None:
        raise ValueError(_("a template printed an empty value (None)"))
    if isinstance(value, Safe):
        return value
    return escape(str(value))


def inline(value: str | list[Span] | None) -> Safe:
    """An inline text as Markdown: bold as **…**, links as [text](url)."""
    return _inline_text(value) if isinstance(value, str) else _inline(value)


@lru_cache(maxsize=8192)
def _inline_text(value: str) -> Safe:
    return _inline(value)


def _inline(value: str | list[Span] | None) -> Safe:
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


def environment(templates: Path, folder: str = "md") -> Environment:
    """The Jinja2 environment for Markdown layouts (the project's own templates), one per folder."""
    return _environment(str(templates / folder))


@per_session
def _environment(folder: str) -> Environment:
    filters = {"inline": inline, "heading": heading, "svdate": swedish_date, "safe": Safe}
    functions = {"origin": origin}
    return layout_environment(
        folder, autoescape=False, finalize=finalize_markdown, filters=filters, functions=functions
    )


def render_markdown(charter: Charter, templates: Path, origins: Callable[..., str] | None = None) -> str:
    """The charter as Markdown, through its layout's template; `origins` annotates each block."""
    from uppdrag.render.template import render_template

    name = f"{charter.layout}.md.j2"
    token = _ORIGIN.set(origins)
    try:
        context = {"charter": charter, "labels": charter.labels}
        text = render_template(environment(templates), templates / "md", name, context)
    finally:
        _ORIGIN.reset(token)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
