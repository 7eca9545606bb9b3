"""The package's descriptive metadata: Dublin Core (metadata/descriptive/dc.xml)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.archive.xml import Element, document

if TYPE_CHECKING:
    from uppdrag.archive.versions import Decided

DC_SCHEMA = "http://purl.org/dc/elements/1.1/ http://dublincore.org/schemas/xmls/qdc/dc.xsd"


def dublin_core(version: Decided) -> bytes:
    """Title, diarienummer, decision date and maker, kind, organisation, subject and language."""
    charter = version.charter
    root = Element("metadata")
    root.add("dc:title", text=charter.title)
    root.add("dc:identifier", text=charter.diarienummer)
    root.add("dc:type", text=charter.labels.document)
    root.add("dc:type", text=charter.kind)
    root.add("dc:date", text=version.decided.isoformat())
    root.add("dcterms:dateAccepted", text=version.decided.isoformat())
    root.add("dc:creator", text=f"{charter.beslut.namn}, {charter.beslut.titel}")
    root.add("dc:publisher", text=", ".join(filter(None, (charter.organisation, charter.unit))))
    root.add("dc:subject", text=charter.ansvarsomrade)
    root.add("dcterms:created", text=charter.datum.isoformat())
    root.add("dcterms:hasVersion", text=charter.revision)
    start = charter.beslut.start
    ended = charter.upphor.datum if charter.upphor is not None else None
    ends = [day for day in (version.superseded, ended) if day is not None]
    valid = [f"start={start}"] if start else []
    valid += [f"end={min(ends)}"] if ends else []
    if valid:
        root.add("dcterms:valid", text="; ".join([*valid, "scheme=W3C-DTF"]))
    root.add("dc:language", text="sv")
    return document(root, ("dc", "dcterms", "xsi"), DC_SCHEMA)
