"""What the editing page shows: every editable text of a council as a form, and the changes so far."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Any

from uppdrag.edit import actions
from uppdrag.edit.council import texts
from uppdrag.edit.textform import to_form

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.edit.council import Council
    from uppdrag.source.project import Project

FACT_LABELS = ("title", "datum", "diarienummer", "ansvarsomrade", "uppdragsgivare", "uppdragstagare")


def clause(
    target: str, field: str, label: str, value: Any, council: Council, movable: bool = False
) -> dict[str, Any]:
    key = f"{target}#{field}" if target else field
    in_base = key in council.base_texts and council.base_texts[key] is not None
    text = to_form(value)
    return {
        "target": target,
        "field": field,
        "label": label,
        "text": text,
        "typed": None,
        "rows": max(1, min(8, len(text) // 70 + 1)),
        "own": not in_base or council.base_texts[key] != value,
        "note": None if not in_base else ("egen text" if council.base_texts[key] != value else None),
        "restorable": in_base and council.base_texts[key] != value,
        "movable": movable,
        "addable": movable and field == "text",
        "first": False,
        "last": False,
    }


def _items(council: Council, holder: str, items: list[Any], label: str) -> list[dict[str, Any]]:
    found = []
    for item in items:
        c = clause(f"{holder}/{item.id}", "text", label, item.model_dump()["text"], council, movable=True)
        if f"{holder}/{item.id}#text" not in council.base_texts:
            c["note"] = "rådets egen"
        found.append(c)
    if found:
        found[0]["first"], found[-1]["last"] = True, True
    return found


def context(council: Council, charter: Charter) -> dict[str, Any]:
    """The page's data: facts, sections with their clauses, the decision and the sändlista."""
    labels = charter.labels
    names = {
        "title": "Titel",
        "datum": labels.datum.rstrip(":"),
        "diarienummer": labels.diarienummer.rstrip(":"),
        "ansvarsomrade": labels.ansvarsomrade.rstrip(":"),
        "uppdragsgivare": labels.uppdragsgivare.rstrip(":"),
        "uppdragstagare": labels.uppdragstagare.rstrip(":"),
    }
    shown = texts(charter)
    facts = []
    for name in FACT_LABELS:
        c = clause("", name, names[name], shown[name], council)
        c["target"] = ""
        facts.append(c)
    sections = []
    for section in charter.sections:
        at = f"sections/{section.id}"
        entry: dict[str, Any] = {
            "id": section.id,
            "heading": section.heading,
            "clauses": [],
            "heading_clause": None,
        }
        if section.heading:
            entry["heading_clause"] = clause(at, "heading", "Rubrik", section.heading, council)
        blocks = [b for b in section.blocks]
        for n, block in enumerate(blocks):
            where = f"{at}/blocks/{block.id}"
            if block.kind == "list":
                entry["clauses"] += _items(council, f"{where}/items", block.items, "Punkt")
            else:
                field = "text" if block.text is not None else "label"
                value = block.model_dump()[field]
                label = f"Stycke: {block.label}" if block.label and field == "text" else "Stycke"
                c = clause(where, field, label, value, council, movable=True)
                c["addable"] = False
                c["first"], c["last"] = n == 0, n == len(blocks) - 1
                entry["clauses"].append(c)
        sections.append(entry)
    decision = {
        "datum": charter.beslut.datum.isoformat() if charter.beslut.datum else "",
        "namn": charter.beslut.namn,
        "titel": charter.beslut.titel,
    }
    return {
        "name": charter.name,
        "slug": council.slug,
        "facts": facts,
        "sections": sections,
        "decision": decision,
        "sandlista": _items(council, "sandlista", charter.sandlista, "Mottagare"),
    }


def committed_text(project: Project, council: Council) -> tuple[str | None, str]:
    """The council file as last committed (git HEAD), or None outside git; and what it is called."""
    try:
        relative = council.path.resolve().relative_to(project.root.resolve()).as_posix()
        done = subprocess.run(
            ["git", "-C", str(project.root), "show", f"HEAD:{relative}"],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return None, "filen på disk"
    if done.returncode != 0:
        return None, "filen på disk"
    return done.stdout.decode("utf-8", "replace"), "senast incheckade versionen"


def unknown_target(edit: actions.Edit) -> bool:
    return edit.op not in actions.OPS
