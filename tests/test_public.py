"""The register's pages for the public: the accessibility statement (Digg's model, made from the
checks the build ran) and the open data catalogue (DCAT-AP-SE), both in out/html/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from tests.helpers import REPO, Invoke, edit, line_of, need
from tests.htmltext import text_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

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


@pytest.fixture(scope="module")
def with_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of a draft (onkologi, with its watermark) and a decided council, built with PDFs."""
    need("soffice")
    root = tmp_path_factory.mktemp("pdfs") / "p"
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "councils").mkdir()
    shutil.copytree(REPO / "councils" / "bases", root / "councils" / "bases")
    for slug in ("onkologi", "urologi"):
        shutil.copy(REPO / "councils" / f"{slug}.yaml", root / "councils" / f"{slug}.yaml")
    command = [sys.executable, "-m", "uppdrag", "--root", str(root), "build", "-f", "md,docx,html,pdf"]
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    return root


def test_the_statement_says_the_linked_pdfs_were_checked_and_pass(with_pdfs: Path) -> None:
    text = visible_text(page(with_pdfs, "tillganglighet.html"))
    assert "Bygget läser också de 2 PDF-filer som förteckningen länkar till" in text
    assert "PDF-versionen av" not in text  # the draft's watermark has its alt text (render/pdfua.py)
    assert "Inga brister har hittats av kontrollerna nedan." in text


def _spoiled(source: Path, target: Path, spoil: Callable[[Any], None]) -> bytes:
    import pikepdf

    with pikepdf.open(source) as pdf:
        spoil(pdf)
        pdf.save(target)
    return target.read_bytes()


def _drop_figure_alt(pdf: Any) -> None:
    import pikepdf

    todo = [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == pikepdf.Name.Figure and "/Alt" in node:
                del node["/Alt"]
            if "/K" in node:
                todo.append(node.K)


def _no_ua_claim(pdf: Any) -> None:
    with pdf.open_metadata() as meta:
        del meta["pdfuaid:part"]


SPOILS: dict[str, Callable[[Any], None]] = {
    "tagged": lambda pdf: pdf.Root.MarkInfo.__setattr__("Marked", False),
    "pdfua": _no_ua_claim,
    "lang": lambda pdf: pdf.Root.__delitem__("/Lang"),
    "title": lambda pdf: pdf.Root.ViewerPreferences.__setattr__("DisplayDocTitle", False),
    "alt": _drop_figure_alt,
}


@pytest.mark.parametrize("check", sorted(SPOILS))
def test_each_pdf_check_fails_a_pdf_short_of_it(with_pdfs: Path, tmp_path: Path, check: str) -> None:
    from uppdrag.publish.pdfcheck import pdf_problems

    # onkologi is the draft: its watermark is the Figure whose /Alt the spoiling removes
    data = _spoiled(with_pdfs / "out" / "onkologi.pdf", tmp_path / "spoiled.pdf", SPOILS[check])
    assert pdf_problems(data) == [check]
    assert pdf_problems((with_pdfs / "out" / "onkologi.pdf").read_bytes()) == []
    assert pdf_problems(b"%PDF-1.7 not really") == ["tagged", "pdfua", "lang", "title", "alt"]


def test_a_pdf_short_of_pdf_ua_is_a_known_exception_with_the_reason(with_pdfs: Path, tmp_path: Path) -> None:
    from uppdrag.build.manifest import Manifest
    from uppdrag.publish.site import plan
    from uppdrag.source.project import Project

    root = tmp_path / "p"
    shutil.copytree(with_pdfs, root)
    pdf = root / "out" / "urologi.pdf"
    _spoiled(with_pdfs / "out" / "urologi.pdf", pdf, SPOILS["lang"])
    made = plan(Project(root), root / "out", Manifest.read(root / "out"), None)
    text = visible_text(made.write["tillganglighet.html"].decode())
    shortfalls = text.split("Bristande förenlighet med lagkraven")[1].split("Hur vi testat")[0]
    assert (
        "PDF-versionen av Uppdragshandling för samordningsråd urologi, reviderad juni 2026 uppfyller inte "
        "PDF/UA-1: filens språk är inte angivet "
        "(avsnitt 7.2, WCAG 2.1 kriterium 3.1.1)." in shortfalls
    )
    assert "onkologi" not in shortfalls and "delvis förenlig" in text


def catalogues(project: Path, base: str | None) -> list[Any]:
    """catalog.ttl and catalog.jsonld parsed by rdflib, each at `base` (its own address) when given."""
    import rdflib  # in the dev extras: missing, the test fails

    graphs = []
    for name, kind in (("catalog.ttl", "turtle"), ("catalog.jsonld", "json-ld")):
        public = f"{base}{name}" if base else None
        graphs.append(rdflib.Graph().parse(data=page(project, name), format=kind, publicID=public))
    return graphs


def test_the_catalogue_carries_every_mandatory_dcat_ap_se_property(project: Path, uppdrag: Invoke) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    assert uppdrag(*HTML).exit_code == 0
    turtle, jsonld = catalogues(project, "https://example.org/uppdrag/")
    assert len(turtle) == len(jsonld) > 40 and isomorphic(turtle, jsonld)  # one graph, two files
    for graph in (turtle, jsonld):
        for kind, properties in MANDATORY.items():
            nodes = list(graph.subjects(rdflib.RDF.type, rdflib.URIRef(kind)))
            assert nodes, f"no {kind}"
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
        assert len(set(graph.objects(dataset, rdflib.URIRef(f"{DCAT}keyword")))) == 4
    assert (project / "out" / "html" / "register.json").is_file()  # the distributions exist
    index = page(project, "index.html")
    assert '<a href="catalog.ttl" type="text/turtle">Turtle</a>' in index
    assert '<a href="catalog.jsonld" type="application/ld+json">JSON-LD</a>' in index


def test_a_given_address_is_the_catalogues_base(project: Path, uppdrag: Invoke) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    vgr = project / "councils" / "bases" / "vgr.yaml"
    edit(
        vgr,
        "  svarstid: fem arbetsdagar\n",
        "  svarstid: fem arbetsdagar\n  adress: https://www.vgregion.se/uppdrag/\n",
    )
    assert uppdrag(*HTML).exit_code == 0
    turtle, jsonld = catalogues(project, None)  # no address given to the parser: the files' own base
    dataset = rdflib.URIRef("https://www.vgregion.se/uppdrag/catalog.ttl#forteckning")
    assert (dataset, None, None) in turtle and (dataset, None, None) in jsonld
    assert isomorphic(turtle, jsonld)


def test_quotes_and_backslashes_in_the_register_facts_stay_the_same_text_in_both_files(
    project: Path, uppdrag: Invoke
) -> None:
    import rdflib
    from rdflib.compare import isomorphic

    vgr = project / "councils" / "bases" / "vgr.yaml"
    name = 'Förteckning "A\\B" över uppdragshandlingar'
    edit(vgr, "  namn: Förteckning över uppdragshandlingar\n", f"  namn: '{name}'\n")
    assert uppdrag(*HTML).exit_code == 0
    turtle, jsonld = catalogues(project, "https://example.org/")
    assert isomorphic(turtle, jsonld)
    titles = {str(t) for t in jsonld.objects(None, rdflib.URIRef(f"{DCT}title"))}
    assert name in titles
    first = (project / "out" / "html" / "catalog.jsonld").read_bytes()
    (project / "out" / "html" / "catalog.jsonld").unlink()
    assert uppdrag(*HTML).exit_code == 0
    assert (project / "out" / "html" / "catalog.jsonld").read_bytes() == first  # the same bytes again


def test_a_bad_register_fact_is_an_error_at_its_line(project: Path, uppdrag: Invoke) -> None:
    vgr = project / "councils" / "bases" / "vgr.yaml"
    edit(
        vgr, "    epost: regionstyrelsen@vgregion.se\n    telefon", "    epost: regionstyrelsen\n    telefon"
    )
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    assert "councils/bases/vgr.yaml:" in result.stderr and "forteckning.kontakt.epost" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "  licens: https://creativecommons.org/publicdomain/zero/1.0/\n",
            "  licens: https://creativecommons.org/<zero>/\n",
            "forteckning.licens: 'https://creativecommons.org/<zero>/' är ingen länk: en länk har inget "
            'mellanslag och inget av tecknen < > " { } | \\ ^ `',
        ),
        (
            "    epost: regionstyrelsen@vgregion.se\n",
            "    epost: 'regionstyrelsen@vgregion.se>'\n",
            "forteckning.kontakt.epost: 'regionstyrelsen@vgregion.se>' är ingen e-postadress: namn@domän, "
            'utan mellanslag och utan något av tecknen < > " { } | \\ ^ `',
        ),
    ],
)
def test_a_link_the_catalogue_cannot_hold_is_an_error_at_its_line(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch, old: str, new: str, said: str
) -> None:
    """A URL or address with a character an IRI cannot hold: one line at its place, from `validate`
    and from the build (before, `validate` passed it and the catalogue failed with an internal error)."""
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    vgr = project / "councils" / "bases" / "vgr.yaml"
    edit(vgr, old, new)
    line = line_of(vgr, new.strip())
    for args in (("validate", "urologi"), HTML):
        result = uppdrag(*args)
        assert result.exit_code == 1
        assert f"councils/bases/vgr.yaml:{line}:" in result.stderr and said in result.stderr
        assert "internt fel" not in result.stderr


def test_a_linked_page_in_out_html_is_not_read(project: Path, uppdrag: Invoke, tmp_path: Path) -> None:
    """A committed out/html/ may hold a symbolic link to a file outside the project: the statement
    is made from the site's own pages, never from what such a link leads to."""
    assert uppdrag(*HTML).exit_code == 0
    outside = tmp_path / "outside.html"
    outside.write_text('<html lang="sv"><head><title>x</title></head><body><img src="a.png"></body></html>')
    (project / "out" / "html" / "linked.html").symlink_to(outside)
    (project / "out" / "html" / "historik" / "also-linked.html").symlink_to(outside)
    assert uppdrag(*HTML).exit_code == 0
    text = visible_text(page(project, "tillganglighet.html"))
    assert "linked.html" not in text and "brister på" not in text
