"""An amendment decision rendered: Markdown and HTML through `templates/beslut/`, JSON as data."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

from uppdrag.session import per_session

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jinja2 import Environment
    from markupsafe import Markup

    from uppdrag.diff.decision import Decision
    from uppdrag.diff.words import Seg
    from uppdrag.render.markdown import Safe

FORMATS = ("md", "html", "json", "docx")  # docx: render/decision_docx.py


def md_cell(segs: Sequence[Seg], side: str) -> Safe:
    """A table cell: removed words struck (~~…~~) or added ones underlined (<ins>…</ins>)."""
    from uppdrag.render.markdown import Safe, escape

    marks = {"=": "{}", "-": "~~{}~~", "+": "<ins>{}</ins>"}
    out = []
    for seg in segs:
        text = escape(seg.text).replace("  \n", "<br>")
        stripped = text.strip()
        if seg.op != "=" and stripped:  # marks hug the words: `~~ a~~` is no strike in Markdown
            lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(lead + marks[seg.op].format(stripped) + trail)
        else:
            out.append(text)
    return Safe("".join(out))


def html_cell(segs: Sequence[Seg], side: str) -> Markup:
    from markupsafe import Markup, escape

    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return Markup("".join(tags[s.op].format(escape(s.text)) for s in segs))


def html_wording(value: Any) -> Markup:
    """A wording's spans as HTML: bold and links kept."""
    from markupsafe import Markup, escape

    from uppdrag.check.inline import runs

    out = []
    for run in runs(value):
        text = escape(run.text)
        if run.bold:
            text = Markup("<strong>{}</strong>").format(text)
        if run.url and not run.url.startswith("mailto:"):
            text = Markup('<a href="{}">{}</a>').format(run.url, text)
        out.append(text)
    return Markup("").join(out)


@per_session
def _environment(folder: str, html: bool) -> Environment:
    from uppdrag.render.environment import layout_environment
    from uppdrag.render.markdown import Safe, finalize_markdown

    filters = {
        "cell": html_cell if html else md_cell,
        "safe": Safe,
        "wording": html_wording,
        "markdown_sentence": _sentence_html,
    }
    return layout_environment(
        folder, autoescape=html, finalize=None if html else finalize_markdown, filters=filters
    )


def _sentence_html(text: str) -> Markup:
    """A sentence written as Markdown (escaped quotes) shown as HTML text."""
    from markupsafe import escape

    from uppdrag.diff.idiom import unescape

    return escape(unescape(text))


def _render(templates: Path, name: str, decision: Decision) -> str:
    from uppdrag.render.template import render_template

    folder = templates / "beslut"
    env = _environment(str(folder), name.endswith(".html.j2"))
    return render_template(env, folder, name, {"d": decision})


def as_markdown(decision: Decision, templates: Path) -> str:
    return re.sub(r"\n{3,}", "\n\n", _render(templates, "beslut.md.j2", decision)).strip() + "\n"


def as_html(decision: Decision, templates: Path) -> str:
    return _render(templates, "beslut.html.j2", decision)


def as_json(decision: Decision) -> str:
    data = {
        "title": decision.title,
        "datum": decision.datum,
        "diarienummer": decision.diarienummer,
        "opening": decision.opening,
        "clauses": [s.text for s in decision.sentences],
        "own_wording": [dataclasses.asdict(o) for o in decision.own],
        "amendments": [_plain(dataclasses.asdict(a)) for a in decision.amendments],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump()
    return value
