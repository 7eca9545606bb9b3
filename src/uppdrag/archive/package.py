"""One version's E-ARK SIP as a ZIP: a single folder named by the package's OBJID, every file in
sorted order with the ZIP's fixed timestamps, every date from the data (the decision date)."""

from __future__ import annotations

import hashlib
import uuid
from importlib import resources
from typing import TYPE_CHECKING

from uppdrag.archive.content import REPRESENTATION, Kind
from uppdrag.archive.mets import XML, Ref, representation_mets, root_mets

if TYPE_CHECKING:
    from uppdrag.archive.versions import Decided
    from uppdrag.check.model import Archive

SOFTWARE = "uppdrag"
SCHEMAS = ("DILCISExtensionMETS.xsd", "DILCISExtensionSIPMETS.xsd", "mets.xsd", "xlink.xsd")
XSD = Kind("application/xml", "XML Schema Definition", "1.0", "x-fmt/280")


def objid(version: Decided) -> str:
    """A stable identifier: the same version (organisation, council, decision, documents) gives the same."""
    digest = hashlib.sha256()
    for member in version.documents:
        digest.update(member.path.encode() + b"\0" + hashlib.sha256(member.data).digest())
    charter = version.charter
    key = f"{charter.organisation}/{charter.slug}/{version.decided}/{digest.hexdigest()}"
    return f"uuid-{uuid.uuid5(uuid.NAMESPACE_URL, 'urn:uppdrag:' + key)}"


def _schemas() -> list[Ref]:
    folder = resources.files("uppdrag.archive") / "schemas"
    return [Ref(f"schemas/{name}", (folder / name).read_bytes(), XSD) for name in SCHEMAS]


def members(version: Decided, arkiv: Archive) -> tuple[str, dict[str, bytes]]:
    """The package's OBJID and its files by path inside the package folder."""
    from uppdrag.archive.descriptive import dublin_core
    from uppdrag.archive.premis import premis

    ident, created = objid(version), f"{version.decided.isoformat()}T00:00:00Z"
    data = [m for m in version.documents if m.path.startswith("representations/")]
    documentation = [Ref(m.path, m.data, m.kind) for m in version.documents if m not in data]
    inner = f"representations/{REPRESENTATION}/"
    rep_refs = [Ref(m.path.removeprefix(inner), m.data, m.kind) for m in data]
    rep_mets = representation_mets(ident, version, arkiv, SOFTWARE, created, rep_refs)
    preservation = premis(version, data, arkiv, SOFTWARE, created)
    descriptive = dublin_core(version)
    parts = {
        "descriptive": [Ref("metadata/descriptive/dc.xml", descriptive, XML)],
        "preservation": [Ref("metadata/preservation/premis.xml", preservation, XML)],
        "documentation": documentation,
        "schemas": _schemas(),
        "representation": [Ref(f"{inner}METS.xml", rep_mets, XML)],
    }
    files = {ref.path: ref.data for refs in parts.values() for ref in refs}
    files |= {m.path: m.data for m in data}
    files["METS.xml"] = root_mets(ident, version, arkiv, SOFTWARE, created, parts)
    return ident, files


def package(version: Decided, arkiv: Archive) -> bytes:
    """The ZIP: one folder, its files sorted by path."""
    from uppdrag.render.zipwriter import Part, zip_parts

    ident, files = members(version, arkiv)
    return zip_parts([Part.of(f"{ident}/{path}", files[path]) for path in sorted(files)])
