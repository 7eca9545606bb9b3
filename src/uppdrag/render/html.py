"""HTML from a charter: one standalone, accessible page per council, layout in `templates/html/`.

Text is data: Jinja's autoescape escapes every value, and `inline` builds bold and links from the
charter's spans, never from markup in the text. The page needs no script and makes no request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from uppdrag.check.inline import runs
from uppdrag.check.svdate import swedish_date
from uppdrag.i18n import _
from uppdrag.session import per_session

if TYPE_CHECKING:
    from pathlib import Path

    from markupsafe import Markup

    from uppdrag.check.model import Charter, Span

Origin = Callable[[tuple[int | str, ...]], str]
Filters = tuple[tuple[str, Callable[..., Any]], ...]


def inline(value: str | list[Span] | None) -> Markup:
    """An inline text as HTML: bold as <strong>, links (and e-mail addresses) as <a>."""
    from markupsafe import Markup

    parts = []
    for run in runs(value):
        text = unbroken(run.text).replace("\n", Markup("<br>\n"))
        if run.url:
            text = Markup('<a href="{}">{}</a>').format(run.url, text)
        elif run.bold:
            text = Markup("<strong>{}</strong>").format(text)
        parts.append(text)
    return Markup("").join(parts)


def unbroken(value: object) -> Markup:
    """Text with its registry numbers and dates in `<span class="nowrap">` (see `render.unbroken`)."""
    from markupsafe import Markup, escape

    from uppdrag.render.unbroken import pieces

    text = str(value)
    nowrap = Markup('<span class="nowrap">{}</span>')
    return Markup("").join(nowrap.format(p) if whole else escape(p) for p, whole in pieces(text))


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError(_("a template printed an empty value (None)"))
    return value


def no_origin(loc: tuple[int | str, ...]) -> str:
    """Published pages say nothing of the YAML behind them."""
    return ""


@per_session
def environment(folder: str, extra: Filters = ()) -> Any:
    """The Jinja2 environment for the HTML templates in `folder` (autoescaped), with `extra` filters."""
    from uppdrag.render.environment import layout_environment

    filters = {"inline": inline, "unbroken": unbroken, "svdate": swedish_date, **dict(extra)}
    return layout_environment(folder, autoescape=True, finalize=_finalize, filters=filters)


def render_page(templates: Path, name: str, context: Mapping[str, Any], filters: Filters = ()) -> str:
    """Any template of `templates/html/` with `context`; a template's mistake names its file and line.

    `filters` are more filters its page needs (the register's history pages: publish/pages.py).
    """
    from uppdrag.render.template import render_template

    return render_template(environment(str(templates / "html"), filters), templates / "html", name, context)


def render_html(
    charter: Charter,
    templates: Path,
    site: Mapping[str, Any] | None = None,
    origin: Origin = no_origin,
    extra_head: str = "",
) -> str:
    """The charter as one HTML page, through its layout's template.

    `site` adds the register's links (index, history, files); `origin` gives each text a title
    naming its YAML line (the preview); `extra_head` is markup for <head> (the preview's reload).
    """
    from markupsafe import Markup

    def attribute(loc: tuple[int | str, ...]) -> Markup:
        where = origin(loc)
        return Markup(' title="{}"').format(where) if where else Markup("")

    context = {
        "charter": charter,
        "labels": charter.labels,
        "site": site,
        "origin": attribute,
        "extra_head": Markup(extra_head),
    }
    return render_page(templates, f"{charter.layout}.html.j2", context)
