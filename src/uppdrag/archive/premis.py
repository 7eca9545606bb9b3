"""The package's preservation metadata: PREMIS 3 (metadata/preservation/premis.xml).

The representation and each of its files (fixity: SHA-256 and size, format with its PRONOM key),
the version's events — decided, in force, superseded (when a later version is archived) and the
package's creation — and the agents: the decision maker, the archival creator and uppdrag.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from uppdrag.archive.content import REPRESENTATION
from uppdrag.archive.xml import Element, document

if TYPE_CHECKING:
    from uppdrag.archive.content import Member
    from uppdrag.archive.versions import Decided
    from uppdrag.check.model import Archive

PREMIS_SCHEMA = "http://www.loc.gov/premis/v3 https://www.loc.gov/standards/premis/premis.xsd"
LOCAL = "local"


def _identifier(parent: Element, kind: str, value: str) -> None:
    node = parent.add(f"premis:{kind}Identifier")
    node.add(f"premis:{kind}IdentifierType", text=LOCAL)
    node.add(f"premis:{kind}IdentifierValue", text=value)


def _file(root: Element, member: Member) -> None:
    node = root.add("premis:object", {"xsi:type": "premis:file"})
    _identifier(node, "object", member.path)
    traits = node.add("premis:objectCharacteristics")
    traits.add("premis:compositionLevel", text="0")
    fixity = traits.add("premis:fixity")
    fixity.add("premis:messageDigestAlgorithm", text="SHA-256")
    fixity.add("premis:messageDigest", text=hashlib.sha256(member.data).hexdigest().upper())
    traits.add("premis:size", text=str(len(member.data)))
    fmt = traits.add("premis:format")
    designation = fmt.add("premis:formatDesignation")
    designation.add("premis:formatName", text=member.kind.name)
    if member.kind.version:
        designation.add("premis:formatVersion", text=member.kind.version)
    if member.kind.pronom:
        registry = fmt.add("premis:formatRegistry")
        registry.add("premis:formatRegistryName", text="PRONOM")
        registry.add("premis:formatRegistryKey", text=member.kind.pronom)
    node.add("premis:originalName", text=member.path.rsplit("/", 1)[-1])
    relation = node.add("premis:relationship")
    relation.add("premis:relationshipType", text="structural")
    relation.add("premis:relationshipSubType", text="is included in")
    _identifier(relation, "relatedObject", REPRESENTATION)


def _event(
    root: Element, ident: str, kind: str, when: str, detail: str, agents: list[tuple[str, str]]
) -> None:
    node = root.add("premis:event")
    _identifier(node, "event", ident)
    node.add("premis:eventType", text=kind)
    node.add("premis:eventDateTime", text=when)
    node.add("premis:eventDetailInformation").add("premis:eventDetail", text=detail)
    for agent, role in agents:
        link = node.add("premis:linkingAgentIdentifier")
        link.add("premis:linkingAgentIdentifierType", text=LOCAL)
        link.add("premis:linkingAgentIdentifierValue", text=agent)
        link.add("premis:linkingAgentRole", text=role)
    link = node.add("premis:linkingObjectIdentifier")
    link.add("premis:linkingObjectIdentifierType", text=LOCAL)
    link.add("premis:linkingObjectIdentifierValue", text=REPRESENTATION)


def _agent(root: Element, ident: str, name: str, kind: str, version: str | None = None) -> None:
    node = root.add("premis:agent")
    _identifier(node, "agent", ident)
    node.add("premis:agentName", text=name)
    node.add("premis:agentType", text=kind)
    if version:
        node.add("premis:agentVersion", text=version)


def premis(version: Decided, members: list[Member], arkiv: Archive, software: str, created: str) -> bytes:
    """PREMIS for the version's representation, its files, events and agents."""
    from uppdrag import __version__

    charter, day = version.charter, version.decided.isoformat()
    root = Element("premis:premis", {"version": "3.0"})
    rep = root.add("premis:object", {"xsi:type": "premis:representation"})
    _identifier(rep, "object", REPRESENTATION)
    for member in members:
        _file(root, member)
    maker = f"{charter.beslut.namn}, {charter.beslut.titel}"
    label = f"{charter.diarienummer}, {charter.title}"
    _event(root, f"decided-{day}", "decided", day, label, [("decision-maker", "decision maker")])
    start = charter.beslut.start  # the day the decision takes effect (None: not yet set)
    if start is not None:
        _event(
            root, f"in-force-{start}", "in force", start.isoformat(), label, [("archival-creator", "issuer")]
        )
    if charter.upphor is not None:  # the mandate ended (upphävd) by a later decision
        ended = charter.upphor.datum.isoformat()
        detail = f"{label} → {charter.upphor.beslut}"
        _event(root, f"repealed-{ended}", "repealed", ended, detail, [("archival-creator", "issuer")])
    if version.superseded is not None:
        later = version.superseded.isoformat()
        detail = f"{label} → {version.superseded_by}" if version.superseded_by else label
        _event(root, f"superseded-{later}", "superseded", later, detail, [("archival-creator", "issuer")])
    files = ", ".join(member.path for member in members)
    _event(
        root,
        "message-digest-calculation",
        "message digest calculation",
        created,
        files,
        [("software", "executing program")],
    )
    _agent(root, "decision-maker", maker, "person")
    _agent(root, "archival-creator", arkiv.arkivbildare.namn, "organization")
    _agent(root, "software", software, "software", __version__)
    return document(root, ("premis", "xsi"), PREMIS_SCHEMA)
