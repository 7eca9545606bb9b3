"""Rendering a layout template, made one way: in the sandbox, a template's mistake at its file and line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from jinja2 import Environment


def render_template(env: Environment, folder: Path, name: str, context: Mapping[str, Any]) -> str:
    """Template `name` of `env` (its files in `folder`) with `context`, in the sandbox (uppdrag.sandbox).

    Every format, the index and the diff outputs render this way: a syntax error, a runtime error
    or a refusal of the sandbox is a TemplateError naming the template's file and line.
    """
    import jinja2

    from uppdrag import sandbox
    from uppdrag.render.environment import template_error

    try:
        return sandbox.render(env.get_template(name), dict(context))
    except (jinja2.TemplateError, ValueError, TypeError) as exc:
        raise template_error(exc, folder, name) from None
