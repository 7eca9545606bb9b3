"""An amendment decision as a DOCX in the official layout: the letterhead of the document it
changes (the same header and footer templates, with the decision's kind, date and number), the
clauses and the comparison table in `templates/docx/beslut.xml.j2`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from uppdrag.render.docx import render_docx

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.diff.decision import Decision


def render_decision(decision: Decision, templates: Path) -> bytes:
    """The decision's DOCX (byte-identical for identical input)."""
    charter = decision.charter
    assert charter is not None
    # The letterhead names the decision: its kind, its date and its registry number.
    labels = charter.labels.model_copy(update={"document": decision.title})
    shown = charter.model_copy(
        update={
            "labels": labels,
            "datum": date.fromisoformat(decision.datum),
            "diarienummer": decision.diarienummer,
            "title": decision.title,
        }
    )
    return render_docx(shown, templates, body="beslut.xml.j2", d=decision)
