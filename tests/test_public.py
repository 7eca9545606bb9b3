"""The register's pages for the public: the accessibility statement (Digg's model, made from the
checks the build ran) and the open data catalogue (DCAT-AP-SE), both in out/html/."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from tests.helpers import REPO, Invoke, edit, need
from tests.htmltext import text_of

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

HTML = ("build", "-f", "md,docx,html")
# DCAT-AP-SE 3.0.1 (docs.dataportal.se/dcat/3.0.1): the mandatory properties of each class the
# catalogue uses, and the recommended ones uppdrag also gives.
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
MANDATORY = {
    f"{DCAT}Catalog": [
        f"{DCT}title",
        f"{DCT}description",
        f"{DCT}publisher",
        f"{DCAT}dataset",
        f"{DCT}license",
    ],
    f"{DCAT}Dataset": [f"{DCT}title", f"{DCT}description", f"{DCT}publisher"],
    f"{DCAT}Distribution": [f"{DCAT}accessURL"],
    f"{FOAF}Agent": [f"{FOAF}name"],
    f"{VCARD}Organization": [f"{VCARD}fn", f"{VCARD}hasEmail"],
}
RECOMMENDED = {
    f"{DCAT}Catalog": [f"{DCT}language", f"{DCT}modified", f"{FOAF}homepage"],
    f"{DCAT}Dataset": [f"{DCAT}contactPoint", f"{DCAT}distribution", f"{DCAT}keyword", f"{DCAT}theme"],
    f"{DCAT}Distribution": [f"{DCAT}mediaType", f"{DCT}format", f"{DCT}license"],
    f"{FOAF}Agent": [f"{DCT}type"],
}


def visible_text(html: str) -> str:
    return " ".join(text_of(html).split())


def page(project: Path, name: str) -> str:
    return (project / "out" / "html" / name).read_text(encoding="utf-8")


def test_the_statement_has_every_part_of_digg_model(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag(*HTML).exit_code == 0
    text = visible_text(page(project, "tillganglighet.html"))
    for heading in (
        "Tillgänglighet för förteckning över uppdragshandlingar",
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert heading in text
    assert "regionstyrelsen@vgregion.se" in text and "010-441 00 00" in text and "fem arbetsdagar" in text
    assert "Myndigheten för digital förvaltning" in text
    assert "delvis förenlig" in text and "helt förenlig" not in text  # automated checks only
    # every page the site holds was checked: index, 5 councils, their history pages
    pages = 1 + 5 + len(list((project / "out" / "html" / "historik").rglob("*.html")))
    assert f"alla dess {pages} sidor" in text
    assert text.count("uppfyllt") == 9 and "brister på" not in text
    assert '<a href="tillganglighet.html">Tillgänglighetsredogörelse</a>' in page(project, "index.html")


def test_the_statement_says_what_failed_and_where(project: Path, uppdrag: Invoke) -> None:
    """A layout that breaks a check makes the statement name it: it cannot claim more than was tested."""
    edit(project / "templates" / "html" / "_history.html.j2", "</main>", '<img src="x.png"></main>')
    assert uppdrag(*HTML).exit_code == 0
    text = visible_text(page(project, "tillganglighet.html"))
    history = len(list((project / "out" / "html" / "historik").rglob("*.html")))
    assert "på grund av de brister som beskrivs nedan" in text
    assert (
        f"Varje bild har ett textalternativ (alt) (WCAG 2.1 kriterium 1.1.1) gäller inte på {history} av"
        in text
    )
    assert "historik/urologi-2026.html (img × 1)" in text
    assert f"brister på {history} sidor" in text


def test_a_drafts_pdf_is_a_known_exception(
    tmp_path: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    need("soffice")
    root = tmp_path / "p"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "councils").mkdir()
    shutil.copytree(REPO / "councils" / "bases", root / "councils" / "bases")
    for slug in ("onkologi", "urologi"):  # onkologi is an utkast
        shutil.copy(REPO / "councils" / f"{slug}.yaml", root / "councils" / f"{slug}.yaml")
    monkeypatch.chdir(root)
    assert uppdrag("build", "-f", "md,docx,html,pdf").exit_code == 0
    text = visible_text(page(root, "tillganglighet.html"))
    assert "PDF-versionen av Samordningsråd onkologi är ett utkast" in text
    assert (
        "PDF/UA-1 (avsnitt 7.3)" in text
        and "urologi" not in text.split("Bristande förenlighet")[1].split("Hur vi")[0]
    )


def test_the_catalogue_carries_every_mandatory_dcat_ap_se_property(project: Path, uppdrag: Invoke) -> None:
    import rdflib  # in the dev extras: missing, the test fails

    assert uppdrag(*HTML).exit_code == 0
    graph = rdflib.Graph()
    base = "https://example.org/uppdrag/catalog.ttl"
    graph.parse(data=page(project, "catalog.ttl"), format="turtle", publicID=base)
    seen = set()
    for kind, properties in MANDATORY.items():
        nodes = list(graph.subjects(rdflib.RDF.type, rdflib.URIRef(kind)))
        assert nodes, f"no {kind}"
        seen.add(kind)
        for node in nodes:
            for prop in [*properties, *RECOMMENDED.get(kind, [])]:
                values = list(graph.objects(node, rdflib.URIRef(prop)))
                assert values, f"{node} has no {prop}"
                assert all(str(v).strip() for v in values)
    dataset = next(graph.subjects(rdflib.RDF.type, rdflib.URIRef(f"{DCAT}Dataset")))
    urls = {
        str(graph.value(d, rdflib.URIRef(f"{DCAT}accessURL")))
        for d in graph.objects(dataset, rdflib.URIRef(f"{DCAT}distribution"))
    }
    assert urls == {"https://example.org/uppdrag/register.json", "https://example.org/uppdrag/index.html"}
    titles = {str(t) for t in graph.objects(dataset, rdflib.URIRef(f"{DCT}title"))}
    assert titles == {"Förteckning över uppdragshandlingar"}
    assert (project / "out" / "html" / "register.json").is_file()  # the distributions exist


def test_a_given_address_is_the_catalogues_base(project: Path, uppdrag: Invoke) -> None:
    import rdflib  # in the dev extras: missing, the test fails

    vgr = project / "councils" / "bases" / "vgr.yaml"
    edit(
        vgr,
        "  svarstid: fem arbetsdagar\n",
        "  svarstid: fem arbetsdagar\n  adress: https://www.vgregion.se/uppdrag/\n",
    )
    assert uppdrag(*HTML).exit_code == 0
    graph = rdflib.Graph().parse(data=page(project, "catalog.ttl"), format="turtle")
    assert (rdflib.URIRef("https://www.vgregion.se/uppdrag/catalog.ttl#forteckning"), None, None) in graph


def test_a_bad_register_fact_is_an_error_at_its_line(project: Path, uppdrag: Invoke) -> None:
    vgr = project / "councils" / "bases" / "vgr.yaml"
    edit(
        vgr, "    epost: regionstyrelsen@vgregion.se\n    telefon", "    epost: regionstyrelsen\n    telefon"
    )
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    assert "councils/bases/vgr.yaml:" in result.stderr and "forteckning.kontakt.epost" in result.stderr
