"""The register's pages for the public beside the documents: `tillganglighet.html`, the
accessibility statement in the form of Digg's model, made from the checks the build ran on the
site's pages (publish/a11y.py) and on the PDFs it links (publish/pdfcheck.py); and `catalog.ttl`,
the register as a DCAT-AP-SE dataset with its distributions. Both take their facts from the
charters' `forteckning:` (councils/bases/vgr.yaml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uppdrag.check.model import Charter, Register
    from uppdrag.source.project import Project

STATEMENT = "tillganglighet.html"
CATALOG = "catalog.ttl"


Facts = tuple["Charter", "Register"]


def register_facts(project: Project, slugs: list[str]) -> Facts | None:
    """The first council's charter with its `forteckning:` (None when there is none to say)."""
    from uppdrag.check.charter import load_charter
    from uppdrag.errors import UppdragError

    for slug in slugs:
        try:
            charter = load_charter(project, slug).charter
        except UppdragError:
            continue
        return (charter, charter.forteckning) if charter.forteckning else None
    return None


def known_exceptions(rows: list[dict[str, Any]], pdfs: dict[str, bytes]) -> list[dict[str, Any]]:
    """The PDFs the register links that fail a check of publish/pdfcheck.py, with the checks failed."""
    from uppdrag.publish.pdfcheck import pdf_problems

    found = []
    for row in rows:
        href = row["files"].get("pdf")
        if href in pdfs and (failed := pdf_problems(pdfs[href])):
            found.append({"title": row["title"], "href": href, "failed": failed})
    return found


def statement(
    project: Project,
    charter: Charter,
    register: Register,
    rows: list[dict[str, Any]],
    pages: dict[str, bytes],
    pdfs: dict[str, bytes],
) -> bytes:
    """tillganglighet.html: conformance, known exceptions, contact, enforcement, how it was tested
    (`pages`: the site's HTML pages by name; `pdfs`: the PDFs it links, by link)."""
    from uppdrag.publish.a11y import audit
    from uppdrag.render.html import render_page

    results = audit(pages)
    context = {
        "organisation": charter.organisation,
        "register": register,
        "results": results,
        "failed": [r for r in results if r.failed],
        "exceptions": known_exceptions(rows, pdfs),
        "pdfs": len(pdfs),
        "documents": len(rows),
        "date": max((str(row["datum"]) for row in rows), default=""),
    }
    return render_page(project.templates_dir, "_tillganglighet.html.j2", context).encode()


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ ') or any(ord(c) < 0x21 for c in value):
        raise ValueError(value)  # the data's URLs are validated; this never passes a broken IRI on
    return f"<{value}>"


EU = "http://publications.europa.eu/resource/authority/"
TYPES = {"register.json": ("application/json", "JSON"), "index.html": ("text/html", "HTML")}


def catalog(charter: Charter, register: Register, rows: list[dict[str, Any]]) -> bytes:
    """catalog.ttl: the register as a DCAT-AP-SE catalogue with one dataset and its distributions."""
    base = f"@base {_iri(register.adress)} .\n" if register.adress else ""
    modified = max((str(row["datum"]) for row in rows), default="")
    lines = [
        *([base.rstrip("\n")] if base else []),
        "@prefix dcat: <http://www.w3.org/ns/dcat#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
        "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "",
        "<catalog.ttl#katalog> a dcat:Catalog ;",
        f"  dcterms:title {_literal(register.namn)}@sv ;",
        f"  dcterms:description {_literal(register.beskrivning)}@sv ;",
        "  dcterms:publisher <catalog.ttl#utgivare> ;",
        f"  dcterms:license {_iri(register.licens)} ;",
        f"  dcterms:language <{EU}language/SWE> ;",
        "  foaf:homepage <index.html> ;",
        *([f'  dcterms:modified "{modified}"^^xsd:date ;'] if modified else []),
        "  dcat:dataset <catalog.ttl#forteckning> .",
        "",
        "<catalog.ttl#utgivare> a foaf:Agent ;",
        f"  foaf:name {_literal(charter.organisation)}@sv ;",
        "  dcterms:type <http://purl.org/adms/publishertype/RegionalAuthority> .",
        "",
        "<catalog.ttl#forteckning> a dcat:Dataset ;",
        f"  dcterms:title {_literal(register.namn)}@sv ;",
        f"  dcterms:description {_literal(register.beskrivning)}@sv ;",
        "  dcterms:publisher <catalog.ttl#utgivare> ;",
        "  dcat:contactPoint <catalog.ttl#kontakt> ;",
        *[f"  dcat:keyword {_literal(word)}@sv ;" for word in register.nyckelord],
        f"  dcat:theme <{EU}data-theme/GOVE> ;",
        f"  dcterms:language <{EU}language/SWE> ;",
        f"  dcterms:accessRights <{EU}access-right/PUBLIC> ;",
        *([f'  dcterms:modified "{modified}"^^xsd:date ;'] if modified else []),
        "  dcat:landingPage <index.html> ;",
        "  dcat:distribution " + ", ".join(f"<catalog.ttl#{name}>" for name in TYPES) + " .",
        "",
        "<catalog.ttl#kontakt> a vcard:Organization ;",
        f"  vcard:fn {_literal(register.kontakt.namn)} ;",
        f"  vcard:hasEmail {_iri('mailto:' + register.kontakt.epost)} .",
    ]
    for name, (media, fmt) in TYPES.items():
        lines += [
            "",
            f"<catalog.ttl#{name}> a dcat:Distribution ;",
            f"  dcterms:title {_literal(name)} ;",
            f"  dcat:accessURL <{name}> ;",
            f"  dcat:downloadURL <{name}> ;",
            f"  dcat:mediaType <https://www.iana.org/assignments/media-types/{media}> ;",
            f"  dcterms:format <{EU}file-type/{fmt}> ;",
            f"  dcterms:license {_iri(register.licens)} .",
        ]
    return ("\n".join(lines) + "\n").encode()


def public_pages(
    project: Project,
    rows: list[dict[str, Any]],
    pages: dict[str, bytes],
    pdfs: dict[str, bytes],
    facts: Facts | None,
) -> dict[str, bytes]:
    """tillganglighet.html and catalog.ttl, or nothing when the charters have no `forteckning:`."""
    if facts is None:
        return {}
    charter, register = facts
    return {
        STATEMENT: statement(project, charter, register, rows, pages, pdfs),
        CATALOG: catalog(charter, register, rows),
    }
