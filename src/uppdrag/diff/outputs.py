"""The diff formats: term, unified, md, html, json (docx: `word.render_redline`)."""

from __future__ import annotations

import dataclasses
import difflib
import json
from typing import TYPE_CHECKING, Any

from uppdrag.diff.summary import summary
from uppdrag.diff.words import Seg
from uppdrag.i18n import _
from uppdrag.session import per_session

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from jinja2 import Environment
    from markupsafe import Markup

    from uppdrag.diff.align import Redline
    from uppdrag.render.markdown import Safe

FORMATS = ("term", "unified", "md", "html", "json", "docx")


def critic(segs: Sequence[Seg]) -> Safe:
    """CriticMarkup: {--removed--}{++added++}; the words themselves escaped as Markdown."""
    from uppdrag.render.markdown import Safe, escape

    marks = {"=": "{}", "-": "{{--{}--}}", "+": "{{++{}++}}"}
    return Safe("".join(marks[s.op].format(escape(s.text)) for s in segs))


def html_redline(segs: Sequence[Seg]) -> Markup:
    from markupsafe import Markup, escape

    tags = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    return Markup("".join(tags[s.op].format(escape(s.text)) for s in segs))


# For an HTML page that shows a redline (the register's history, the editing page): its filters.
REDLINE_FILTERS = (("html_redline", html_redline), ("summary_lines", summary))


@per_session
def _environment(folder: str, html: bool) -> Environment:
    from uppdrag.render.environment import layout_environment
    from uppdrag.render.markdown import Safe, finalize_markdown

    filters = {"critic": critic, "html_redline": html_redline, "summary_lines": summary, "safe": Safe}
    return layout_environment(
        folder, autoescape=html, finalize=None if html else finalize_markdown, filters=filters
    )


def _template(templates: Path, name: str, redlines: list[Redline], notes: Sequence[str] = ()) -> str:
    from uppdrag.render.template import render_template

    env = _environment(str(templates / "diff"), name.endswith(".html.j2"))
    return render_template(env, templates / "diff", name, {"redlines": redlines, "notes": list(notes)})


def as_markdown(redlines: list[Redline], templates: Path) -> str:
    import re

    return re.sub(r"\n{3,}", "\n\n", _template(templates, "redline.md.j2", redlines)).strip() + "\n"


def as_html(redlines: list[Redline], templates: Path, notes: Sequence[str] = ()) -> str:
    """One standalone page; `notes` (new or removed councils) are listed before the documents."""
    return _template(templates, "redline.html.j2", redlines, notes)


SUFFIXES = {
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".json": "json",
    ".diff": "unified",
    ".patch": "unified",
    ".txt": "term",
}


def choose_format(fmt: str | None, output: Path | None, tty: bool) -> str:
    """The format asked for; else the output file's suffix; else term on a terminal, unified when piped."""
    from uppdrag.errors import UsageError

    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(
                _("unknown diff format '{fmt}' (formats: {formats})").format(
                    fmt=fmt, formats=", ".join(FORMATS)
                )
            )
        return fmt
    if output is not None:
        return SUFFIXES.get(output.suffix.lower(), "unified")
    return "term" if tty else "unified"


def as_json(redlines: list[Redline], notes: Sequence[str] = ()) -> str:
    """A list: one `{"note": …}` per new or removed council, then one object per compared document."""
    data: list[dict[str, Any]] = [{"note": note} for note in notes]
    data += [
        {
            "old": r.old_name,
            "new": r.new_name,
            "summary": summary(r),
            "changes": [dataclasses.asdict(c) for c in r.changes],
        }
        for r in redlines
    ]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_unified(redlines: list[Redline], templates: Path) -> str:
    """A unified diff of the two Markdown documents."""
    from uppdrag.render.markdown import render_markdown

    out: list[str] = []
    for r in redlines:
        old = render_markdown(r.old, templates).splitlines(keepends=True)
        new = render_markdown(r.new, templates).splitlines(keepends=True)
        out += difflib.unified_diff(old, new, f"{r.old_name}.md", f"{r.new_name}.md")
    return "".join(out)


def render_text(redlines: list[Redline], fmt: str, templates: Path, notes: list[str], color: bool) -> str:
    """Every format but docx, as text; `notes` (new or removed councils) come first."""
    head = "".join(f"{note}\n" for note in notes)
    if fmt == "term":
        return head + as_term(redlines, color)
    if fmt == "unified":
        return head + as_unified(redlines, templates)
    if fmt == "md":
        return head + as_markdown(redlines, templates)
    if fmt == "html":
        return as_html(redlines, templates, notes)
    return as_json(redlines, notes)


# Without colour, words are marked as `git diff --word-diff=plain` marks them.
PLAIN_MARKS = {"=": "{}", "-": "[-{}-]", "+": "{{+{}+}}"}


def as_term(redlines: list[Redline], color: bool) -> str:
    """Word-level, changed clauses under their section: with ANSI colours when `color`, else
    marked `[-old-]{+new+}`."""
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        highlight=False,
        force_terminal=color,
        no_color=not color,
        soft_wrap=True,
        color_system="standard" if color else None,
    )
    styles = {"=": "", "-": "red strike", "+": "green underline"}
    for r in redlines:
        console.print(Text(f"{r.old_name} → {r.new_name}", style="bold"))
        if not r.changes:
            console.print("  Inga skillnader.")
        for line in summary(r):
            console.print(Text(f"  {line}"))
        section = None
        for row in [*r.facts, *r.rows]:
            if row.status == "same":
                continue
            if row.section != section:
                section = row.section
                console.print(Text(f"\n{section}", style="bold cyan"))
            marker = {"added": "+ ", "removed": "- ", "changed": "~ "}[row.status]
            text = Text(f"  {marker}")
            for seg in (*row.label, Seg("=", " ") if row.label else Seg("=", ""), *row.segments):
                if color or seg.op == "=" or not seg.text:
                    text.append(seg.text, style=styles[seg.op])
                else:
                    text.append(PLAIN_MARKS[seg.op].format(seg.text))
            if row.moved:
                text.append("  (flyttad)", style="dim")
            console.print(text)
        console.print()
    return buffer.getvalue()
