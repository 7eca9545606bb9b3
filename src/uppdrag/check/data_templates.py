"""`!template` texts: rendered once, in a sandbox, with StrictUndefined; never re-evaluated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from uppdrag.check.svdate import swedish_date
from uppdrag.errors import Mark, TemplateError
from uppdrag.foreign import jinja
from uppdrag.i18n import _
from uppdrag.session import per_session
from uppdrag.source.load import YList, YMap, YTemplate

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from uppdrag.check.model import TemplateContext


@per_session
def _sandbox() -> ImmutableSandboxedEnvironment:
    from jinja2 import StrictUndefined

    from uppdrag.sandbox import Sandbox

    env = Sandbox(undefined=StrictUndefined, autoescape=False)
    env.filters["svdate"] = swedish_date
    return env


@per_session
def _compiled(source: str) -> Template:
    """A text template compiled once a run: councils share their bases' templates (the run's
    session owns them, as it owns the layouts' environments)."""
    return _sandbox().from_string(source)


def render_text(source: str, context: TemplateContext, mark: Mark, field: str) -> str:
    """One template text rendered; any failure names its file and line."""
    import jinja2

    from uppdrag.sandbox import render

    variables = {
        "council": {"name": context.name, "slug": context.slug},
        "kind": context.kind,
        "revision": context.revision,
        "datum": context.datum,
        "diarienummer": context.diarienummer,
    }
    try:
        return render(_compiled(source), variables)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            _("template: {message}").format(message=jinja(exc.message or "")), mark, field
        ) from None
    except jinja2.UndefinedError as exc:
        known = ", ".join(sorted(variables))
        raise TemplateError(
            _("template: {message} (available: {known})").format(
                message=jinja(exc.message or ""), known=known
            ),
            mark,
            field,
        ) from None
    except jinja2.TemplateError as exc:  # includes SecurityError from the sandbox
        raise TemplateError(_("template: {exc}").format(exc=jinja(str(exc))), mark, field) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise TemplateError(_("template: {exc}").format(exc=exc), mark, field) from None


def has_templates(value: Any) -> bool:
    """Whether a `!template` text lies anywhere below; remembered on the node, as trees never change
    after they are made and councils share their bases' subtrees."""
    if isinstance(value, YTemplate):
        return True
    if not isinstance(value, YMap | YList):
        return False
    known = getattr(value, "_has_templates", None)
    if known is None:
        children = value.values() if isinstance(value, YMap) else value
        known = any(has_templates(child) for child in children)
        value._has_templates = known  # type: ignore[union-attr]
    return bool(known)


def resolve_templates(value: Any, context: TemplateContext, field: str = "", mark: Mark | None = None) -> Any:
    """The tree with every `!template` text rendered to plain text (subtrees without one are shared)."""
    if isinstance(value, YTemplate):
        assert mark is not None
        return render_text(str(value), context, mark, field)
    if not has_templates(value):
        return value
    if isinstance(value, YMap):
        result = YMap(value.mark)
        for key, sub in value.items():
            name = f"{field}.{key}" if field else key
            resolved = resolve_templates(sub, context, name, value.mark_of(key))
            result.put(key, resolved, value.key_marks[key], value.value_marks[key])
        return result
    if isinstance(value, YList):
        seq = YList(value.mark)
        for index, sub in enumerate(value):
            seq.add(
                resolve_templates(sub, context, f"{field}[{index}]", value.mark_of(index)),
                value.mark_of(index),
            )
        return seq
    return value
