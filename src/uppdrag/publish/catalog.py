"""The register as a DCAT-AP-SE catalogue (dataportal.se): one graph of a catalogue, its publisher,
one dataset, its contact point and distributions (register.json, index.html), built once from the
charters' `forteckning:` and written twice, as Turtle (`catalog.ttl`) and as JSON-LD
(`catalog.jsonld`), so both files carry the same triples.

Node identifiers are relative (`catalog.ttl#katalog`): both files sit side by side in out/html/,
so they resolve to the same IRIs; with `forteckning.adress` both name it as their base.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uppdrag.check.model import Charter, Register

TURTLE = "catalog.ttl"
JSONLD = "catalog.jsonld"
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"
TYPES = {"register.json": ("application/json", "JSON"), "index.html": ("text/html", "HTML")}


@dataclass(frozen=True)
class Iri:
    value: str

    def __post_init__(self) -> None:
        # forteckning's URLs are validated (check/model.py: Url); this never passes a broken IRI on
        if any(c in self.value for c in '<>"{}|^`\\ ') or any(ord(c) < 0x21 for c in self.value):
            raise ValueError(self.value)


@dataclass(frozen=True)
class Literal:
    text: str
    language: str | None = None
    datatype: str | None = None  # a prefixed name: xsd:date


Value = Iri | Literal
Said = tuple[str, tuple[Value, ...]]  # a property and its values


@dataclass(frozen=True)
class Node:
    """A subject: its identifier, class (a prefixed name) and properties in the order written."""

    ident: str
    kind: str
    properties: tuple[Said, ...]


def _local(name: str) -> Iri:
    return Iri(f"{TURTLE}#{name}")


def _sv(text: str) -> Literal:
    return Literal(text, language="sv")


def graph(charter: Charter, register: Register, rows: list[dict[str, Any]]) -> list[Node]:
    """The catalogue's nodes: catalogue, publisher, dataset, contact point, distributions."""
    modified = max((str(row["datum"]) for row in rows), default="")
    changed: list[Said] = (
        [("dcterms:modified", (Literal(modified, datatype="xsd:date"),))] if modified else []
    )
    licence: Said = ("dcterms:license", (Iri(register.licens),))
    swedish: Said = ("dcterms:language", (Iri(f"{EU}language/SWE"),))
    named: list[Said] = [
        ("dcterms:title", (_sv(register.namn),)),
        ("dcterms:description", (_sv(register.beskrivning),)),
        ("dcterms:publisher", (_local("utgivare"),)),
    ]
    nodes = [
        Node(
            "katalog",
            "dcat:Catalog",
            (
                *named,
                licence,
                swedish,
                ("foaf:homepage", (Iri("index.html"),)),
                *changed,
                ("dcat:dataset", (_local("forteckning"),)),
            ),
        ),
        Node(
            "utgivare",
            "foaf:Agent",
            (
                ("foaf:name", (_sv(charter.organisation),)),
                ("dcterms:type", (Iri("http://purl.org/adms/publishertype/RegionalAuthority"),)),
            ),
        ),
        Node(
            "forteckning",
            "dcat:Dataset",
            (
                *named,
                ("dcat:contactPoint", (_local("kontakt"),)),
                *(
                    [("dcat:keyword", tuple(_sv(word) for word in register.nyckelord))]
                    if register.nyckelord
                    else []
                ),
                ("dcat:theme", (Iri(f"{EU}data-theme/GOVE"),)),
                swedish,
                ("dcterms:accessRights", (Iri(f"{EU}access-right/PUBLIC"),)),
                *changed,
                ("dcat:landingPage", (Iri("index.html"),)),
                ("dcat:distribution", tuple(_local(name) for name in TYPES)),
            ),
        ),
        Node(
            "kontakt",
            "vcard:Organization",
            (
                ("vcard:fn", (Literal(register.kontakt.namn),)),
                ("vcard:hasEmail", (Iri(f"mailto:{register.kontakt.epost}"),)),
            ),
        ),
    ]
    for name, (media, fmt) in TYPES.items():
        distribution = (
            ("dcterms:title", (Literal(name),)),
            ("dcat:accessURL", (Iri(name),)),
            ("dcat:downloadURL", (Iri(name),)),
            ("dcat:mediaType", (Iri(f"https://www.iana.org/assignments/media-types/{media}"),)),
            ("dcterms:format", (Iri(f"{EU}file-type/{fmt}"),)),
            licence,
        )
        nodes.append(Node(name, "dcat:Distribution", distribution))
    return nodes


def _turtle_value(value: Value) -> str:
    if isinstance(value, Iri):
        return f"<{value.value}>"
    escaped = value.text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    suffix = f"@{value.language}" if value.language else f"^^{value.datatype}" if value.datatype else ""
    return f'"{escaped}"{suffix}'


def turtle(nodes: list[Node], base: str | None) -> bytes:
    """catalog.ttl: the nodes in Turtle."""
    lines = [*([f"@base <{Iri(base).value}> ."] if base else [])]
    lines += [f"@prefix {prefix}: <{iri}> ." for prefix, iri in PREFIXES.items()]
    for node in nodes:
        lines += ["", f"<{_local(node.ident).value}> a {node.kind} ;"]
        said = [f"  {name} {', '.join(_turtle_value(v) for v in values)}" for name, values in node.properties]
        lines += [line + " ;" for line in said[:-1]] + [said[-1] + " ."]
    return ("\n".join(lines) + "\n").encode()


def _json_value(value: Value) -> dict[str, str]:
    if isinstance(value, Iri):
        return {"@id": value.value}
    if value.language:
        return {"@value": value.text, "@language": value.language}
    return {"@value": value.text, **({"@type": value.datatype} if value.datatype else {})}


def jsonld(nodes: list[Node], base: str | None) -> bytes:
    """catalog.jsonld: the same nodes in JSON-LD (one @graph, the prefixes as its context)."""
    context: dict[str, str] = {**({"@base": Iri(base).value} if base else {}), **PREFIXES}
    described = []
    for node in nodes:
        entry: dict[str, Any] = {"@id": _local(node.ident).value, "@type": node.kind}
        for name, values in node.properties:
            shown = [_json_value(v) for v in values]
            entry[name] = shown[0] if len(shown) == 1 else shown
        described.append(entry)
    text = json.dumps({"@context": context, "@graph": described}, ensure_ascii=False, indent=2)
    return (text + "\n").encode()
