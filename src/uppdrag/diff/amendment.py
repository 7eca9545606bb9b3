"""An amendment clause as data: what it does, to which clause, where to, and its new words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.diff.places import Ref, Scope

# The facts of a charter, in the order the decision names them.
FIELDS = (
    "layout",
    "organisation",
    "unit",
    "labels.document",
    "labels.datum",
    "labels.diarienummer",
    "labels.ansvarsomrade",
    "labels.uppdragsgivare",
    "labels.uppdragstagare",
    "labels.beslutsdatum",
    "labels.beslutsdatum_hint",
    "labels.sandlista",
    "labels.utkast",
    "labels.sida",
    "title",
    "datum",
    "diarienummer",
    "ansvarsomrade",
    "uppdragsgivare",
    "uppdragstagare",
)
DECISION_FIELDS = ("beslut.datum", "beslut.galler_fran", "beslut.namn", "beslut.titel")


@dataclass(frozen=True)
class Place:
    """Where an inserted or moved clause goes: next to `anchor`, or first/last in `scope`/`anchor`."""

    how: str  # after | before | first | last | first_in | last_in | first_document | last_document
    anchor: Ref | None = None
    scope: Scope | None = None


@dataclass(frozen=True)
class Amendment:
    """One `dels att …` clause; `old_text`/`new_text` are the row of the comparison table."""

    action: str
    target: Ref | None = None
    place: Place | None = None
    field: str = ""
    label: str = ""
    heading: str = ""
    level: int = 0
    wording: Any = None  # the new text (a string or spans); for a new list, its items' texts
    old_text: str | None = None
    new_text: str | None = None


def field_value(charter: Charter, name: str) -> str | None:
    """A fact of the charter as text (None when unset)."""
    value: Any = charter
    for part in name.split("."):
        value = getattr(value, part)
    return None if value is None else str(value)
