"""The Word redline: the new document in its letterhead, every change a real tracked change.

The body is `templates/docx/redline.xml.j2`, whose `tracked` and `mark` filters (diff/tracked.py)
write the `w:ins`/`w:del` runs; everything else is the DOCX of render/docx.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.diff.tracked import Tracker, paragraph_mark, tracked_runs

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.diff.align import Redline

FILTERS = (("tracked", tracked_runs), ("mark", paragraph_mark))


def render_redline(redline: Redline, templates: Path) -> bytes:
    """The redline as a DOCX with tracked changes, in the new document's letterhead.

    The body is the merged document; every header and footer is the new document's with the
    old document's text merged in as tracked changes (`diff.wordparts`).
    """
    from uppdrag.diff.wordparts import track_letterhead
    from uppdrag.render.docx import render_docx

    new = redline.new
    when = str(new.beslut.datum or new.datum)
    track = Tracker(when)
    merged = render_docx(new, templates, body="redline.xml.j2", filters=FILTERS, redline=redline, track=track)
    return track_letterhead(merged, render_docx(redline.old, templates), track)
