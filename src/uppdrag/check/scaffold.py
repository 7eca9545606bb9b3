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
from uppdrag.errors import Mark, UppdragError, UsageError
from uppdrag.i18n import _
from uppdrag.source.compose import load_base
from uppdrag.source.project import Project, name_problem
from uppdrag.suggest import did_you_mean
from uppdrag.write import write_atomic

if TYPE_CHECKING:
    from pathlib import Path

PLACEHOLDER = "(att fylla i)"
HEADER = """\
# yaml-language-server: $schema=schema.json
# {name}: {kind}, revision {revision}. Write here only what differs from the base:
# `uppdrag show {slug}` prints the whole charter with every id (see README.md, "Overlays").
# An utkast until its decision is recorded: beslut: {{datum: YYYY-MM-DD}}, or, when it was decided
# together with the revision, beslutad: "{revision}" (README.md, "Decision status").
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
    text = HEADER.format(name=name or slug, slug=slug, kind=kind, revision=revision) + stubs(base)
    write_atomic(path, text.encode("utf-8"))
    try:
        load_charter(project, slug)
    except UppdragError:
        path.unlink()
        raise
    return path
