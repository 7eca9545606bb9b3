"""Akoma Ntoso 3.0 (OASIS LegalDocML) from a charter: one document per version of a mandate.

The FRBR Work is the mandate (organisation, kind of document and the date as its kind's first
revision has them, the council's slug: the same for every version), the Expression this version
in Swedish, dated by the day it takes effect (else its decision, else its datum); the lifecycle
records the decision, the start and the end; `passiveModifications` name the base revisions after
the first that changed the text; every clause keeps its id as its `eId` (hierarchical:
`sec_arbetsorganisation__para_motesfrekvens`), so a clause keeps its identity across versions.
Layout in `templates/akn/<layout>.xml.j2`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from uppdrag.check.inline import runs
from uppdrag.session import per_session

if TYPE_CHECKING:
    from markupsafe import Markup

    from uppdrag.check.model import Charter, Span
    from uppdrag.source.project import Project


def inline(value: str | list[Span] | None) -> Markup:
    """An inline text as AKN: bold as <b>, links (and e-mail addresses) as <a href>."""
    from markupsafe import Markup, escape

    parts = []
    for run in runs(value):
        text = escape(run.text).replace("\n", Markup("<eol/>"))
        if run.url:
            text = Markup('<a href="{}">{}</a>').format(run.url, text)
        elif run.bold:
            text = Markup("<b>{}</b>").format(text)
        parts.append(text)
    return Markup("").join(parts)


def _slugged(text: str) -> str:
    """A URI component: lower case, letters kept, anything else a hyphen."""
    return re.sub(r"[^a-z0-9åäö]+", "-", text.lower()).strip("-")


def uris(charter: Charter, project: Project) -> dict[str, Any]:
    """The FRBR URIs, lifecycle events, modifications and references of one version."""
    from uppdrag.errors import SchemaError
    from uppdrag.i18n import _

    if charter.organisationskod is None:
        raise SchemaError(_("the Akoma Ntoso export needs organisationskod (e.g. se-vgr) in the base"))
    known = project.base_revisions(charter.kind)
    first = known[0] if known else charter.revision
    # The Work is named as its kind's first revision names it: a later revision's wording of the
    # document's kind ("Uppdragshandling för samordningsråd" → "Uppdragshandling") is no new work
    first_date, first_document = _first_revision(project, charter.kind, first)
    country, subtype = charter.organisationskod, _slugged(first_document or charter.labels.document)
    work_date = first_date or charter.datum
    work = f"/akn/{country}/doc/{subtype}/{work_date}/{charter.slug}"
    decided, start = charter.beslut.datum, charter.beslut.start
    expression_date = start or decided or charter.datum
    events = []
    if decided:
        events.append(
            {
                "eid": "beslut",
                "date": decided,
                "source": "organisation",
                "type": "generation",
                "concept": "beslutat",
            }
        )
    if start:
        events.append(
            {
                "eid": "start",
                "date": start,
                "source": "organisation",
                "type": "amendment",
                "concept": "ikraft",
            }
        )
    if charter.upphor:
        events.append(
            {
                "eid": "upphor",
                "date": charter.upphor.datum,
                "source": "organisation",
                "type": "repeal",
                "concept": "upphavd",
            }
        )
    later = [rev for rev in known if first < rev <= charter.revision]
    references = [
        {
            "eid": f"rev_{_slugged(rev)}",
            "href": f"/akn/{country}/doc/{subtype}/{charter.kind}/{rev}",
            "show": f"{charter.kind} {rev}",
        }
        for rev in [first, *later]
    ]
    return {
        "country": country,
        "subtype": subtype,
        "work": work,
        "work_date": work_date,
        "expression": f"{work}/swe@{expression_date}",
        "expression_date": expression_date,
        "expression_event": "ikraft" if start else "beslut" if decided else "utkast",
        "events": events,
        "in_force": {"start": "start", "end": "upphor" if charter.upphor else None} if start else None,
        "modifications": [
            {"eid": f"pmod_{i}", "source": f"rev_{_slugged(rev)}"} for i, rev in enumerate(later, 1)
        ],
        "references": references,
        "concepts": [
            {"eid": "beslutat", "show": "beslutat"},
            {"eid": "ikraft", "show": "gäller från"},
            {"eid": "upphavd", "show": "upphävd"},
        ],
    }


def _first_revision(project: Project, kind: str, revision: str) -> tuple[str | None, str | None]:
    """The decision date of a base revision (else its datum) and its document label, as written."""
    from uppdrag.source.load import YMap

    data = project.load(project.base_path(f"{kind}/{revision}"))
    if not isinstance(data, YMap):
        return None, None
    decision, labels = data.get("beslut"), data.get("labels")
    decided = decision.get("datum") if isinstance(decision, YMap) else None
    value = decided or data.get("datum")
    document = labels.get("document") if isinstance(labels, YMap) else None
    return (str(value) if value else None), (document if isinstance(document, str) and document else None)


@per_session
def environment(folder: str) -> Any:
    from uppdrag.check.svdate import swedish_date
    from uppdrag.render.environment import layout_environment

    return layout_environment(
        folder, autoescape=True, finalize=None, filters={"inline": inline, "svdate": swedish_date}
    )


def render_akn(charter: Charter, project: Project) -> bytes:
    """The charter as one Akoma Ntoso 3.0 document."""
    from uppdrag.render.template import render_template

    templates = project.templates_dir
    name = f"{charter.layout}.xml.j2"
    context = {"charter": charter, "labels": charter.labels, "akn": uris(charter, project)}
    text = render_template(environment(str(templates / "akn")), templates / "akn", name, context)
    return re.sub(r"\n{2,}", "\n", text).encode("utf-8")
