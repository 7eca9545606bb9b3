"""A charter's dates in order: decided, then in force (`galler_fran`), then ended (`upphor`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from uppdrag.errors import SchemaError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from uppdrag.check.model import Charter
    from uppdrag.errors import Mark


def check_dates(charter: Charter, where: Callable[[tuple[int | str, ...]], tuple[Mark, str]]) -> None:
    """A start needs a decision and cannot precede it; an end cannot precede the decision; an
    ended mandate needs the word that marks it (`labels.upphavd`). `where` finds a field's line."""
    decision = charter.beslut
    if decision.galler_fran is not None and decision.datum is None:
        mark, field = where(("beslut", "galler_fran"))
        message = _("a start date (galler_fran) needs the decision's date (beslut.datum)")
        raise SchemaError(message, mark, field)
    if isinstance(decision.galler_fran, date) and decision.datum and decision.galler_fran < decision.datum:
        mark, field = where(("beslut", "galler_fran"))
        message = _("{start} is before the decision of {decided}: a mandate takes effect on or after it")
        raise SchemaError(message.format(start=decision.galler_fran, decided=decision.datum), mark, field)
    ending = charter.upphor
    if ending is None:
        return
    if decision.datum is not None and ending.datum < decision.datum:
        mark, field = where(("upphor", "datum"))
        message = _("{end} is before the decision of {decided}: a mandate ends after it was decided")
        raise SchemaError(message.format(end=ending.datum, decided=decision.datum), mark, field)
    if charter.labels.upphavd is None:
        mark, field = where(("upphor",))
        message = _("an ended mandate needs labels.upphavd, the word that marks it (as labels.utkast)")
        raise SchemaError(message, mark, field)
