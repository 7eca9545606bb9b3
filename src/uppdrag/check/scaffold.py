"""`uppdrag new`: a council file to start from, that validates.

What the base leaves to the council (required facts it does not set, sections without text) is
written as a visible placeholder, and the decision without a date, so the new document is an
utkast until someone fills it in.
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from uppdrag.check.charter import load_charter
from uppdrag.check.model import Charter
from uppdrag.errors import Mark, UppdragError, UsageError, printable
from uppdrag.i18n import N_, _
from uppdrag.source.compose import load_base
from uppdrag.source.project import Project, name_problem
from uppdrag.suggest import did_you_mean
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from pathlib import Path

PLACEHOLDER = "(att fylla i)"
# The comment lines at the head of a new council file (in the user's language).
HEADER = N_(
    "{name}: {kind}, revision {revision}. Write here only what differs from the base:\n"
    "`uppdrag show {slug}` prints the whole charter with every id (docs/handbok.md).\n"
    "An utkast until its decision is recorded: beslut: {{datum: YYYY-MM-DD}}, or, when it was decided\n"
    'together with the revision, beslutad: "{revision}".'
)
KEYS = """\
name: {name}
base: {kind}
revision: "{revision}"
"""
COUNCIL_SET = ("slug", "name", "kind", "revision")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def stubs(base: dict[str, Any]) -> str:
    """YAML for what the base leaves open."""
    lines = []
    for key, info in Charter.model_fields.items():
        if (key in base and key != "diarienummer") or key in COUNCIL_SET or not info.is_required():
            continue  # the revision's diarienummer is not the council's own
        if info.annotation is datetime.date:
            lines.append(f"{key}: {datetime.date.today().isoformat()}")
        elif key == "beslut":
            lines += ["beslut:", f"  namn: {_q(PLACEHOLDER)}", f"  titel: {_q(PLACEHOLDER)}"]
        else:
            lines.append(f"{key}: {_q(PLACEHOLDER)}")
    sections = base.get("sections") or []
    levels = [int(s.get("level", 1)) for s in sections] + [0]
    empty = [s["id"] for i, s in enumerate(sections) if not s.get("blocks") and levels[i + 1] <= levels[i]]
    if empty:
        lines.append("sections:")
        for section_id in empty:
            lines += [
                f"  - id: {section_id}",
                "    blocks:",
                f"      - id: {section_id}-text",
                f"        text: {_q(PLACEHOLDER)}",
            ]
    return "\n".join(lines) + ("\n" if lines else "")


def _new_title(base: dict[str, Any]) -> str:
    """The base's title for a new council (`new_title:`), as the council's own `title:`: a new
    council's document is not "revised" like the base's."""
    from uppdrag.source.compose import NEW_TITLE
    from uppdrag.source.load import YTemplate

    title = base.get(NEW_TITLE)
    if not isinstance(title, str):
        return ""
    return f"title: {'!template ' if isinstance(title, YTemplate) else ''}{_q(title)}\n"


def _seen(revision: str) -> str:
    """`seen:` for the file's own title: written against this revision on purpose, so it warns
    only when a later revision changes the base's title (outside git nothing else says when)."""
    why = _("the base revision this file was written against")
    return f'seen: "{revision}"   # {why}\n'


def scaffold(project: Project, slug: str, kind: str, name: str | None = None) -> Path:
    """Write councils/SLUG.yaml on the newest revision of `kind`; refuse to overwrite."""
    problem = name_problem(slug)
    if problem is not None:
        raise UsageError(problem)
    path = project.councils_dir / f"{slug}.yaml"
    if path.exists():
        raise UsageError(_("{path} already exists").format(path=path))
    revisions = project.base_revisions(kind)
    if not revisions:
        raise UsageError(
            _("no kind of charter '{kind}'{hint}").format(kind=kind, hint=did_you_mean(kind, project.kinds()))
        )
    revision = revisions[-1]
    base, _chain = load_base(project, f"{kind}/{revision}", Mark(path, 1, 1))
    title = name or slug
    if not title.strip() or any(not c.isprintable() for c in title):
        message = _("--name: {name} is empty or holds a line break, control character or lone surrogate")
        raise UsageError(message.format(name=printable(title)))
    comments = _(HEADER).format(name=title, slug=slug, kind=kind, revision=revision)
    text = "# yaml-language-server: $schema=schema.json\n"
    text += "".join(f"# {line}\n" for line in comments.splitlines())
    own_title = _new_title(base)
    # the name as a YAML (JSON) double-quoted scalar: ': ', '#', 'null' or a quote stay text
    text += KEYS.format(name=_q(title), kind=kind, revision=revision)
    text += (_seen(revision) if own_title else "") + own_title + stubs(base)
    write_atomic(path, text.encode("utf-8"))
    try:
        load_charter(project, slug)
    except UppdragError:
        path.unlink()
        raise
    return path
