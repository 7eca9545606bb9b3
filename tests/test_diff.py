"""`uppdrag diff`: what a revision changes, as text, word-level, HTML, JSON and a Word redline."""

from __future__ import annotations

import json
import re
import zipfile
from typing import TYPE_CHECKING

import pytest

from tests.helpers import Invoke, edit, git, need, pandoc_words
from uppdrag.diff.align import align
from uppdrag.diff.words import Seg, word_diff

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The summaries as the coordinators read them (the documents compared are Swedish too)."""
    monkeypatch.setenv("UPPDRAG_LANG", "sv")


def test_unified_diff_shows_the_changed_words(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("diff", "2024", "2026", "--council", "onkologi", "--format", "unified")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["--- onkologi 2024.md", "+++ onkologi 2026.md"]
    assert any(line.startswith("-") and "från koncernledning hälso- och sjukvård" in line for line in lines)
    assert any(line.startswith("+") and "från ledningsgrupp hälso- och sjukvård" in line for line in lines)


def test_piped_output_defaults_to_unified(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("diff", "2024", "2026").stdout.startswith("--- samordningsrad 2024.md\n")


def test_the_structural_summary_names_sections_and_clauses(
    project: Path, uppdrag: Invoke, swedish: None
) -> None:
    result = uppdrag("diff", "2024", "2026", "-c", "onkologi", "-f", "json")
    (report,) = json.loads(result.stdout)
    assert "Syfte med uppdraget: 1 stycke ändrat" in report["summary"]
    assert any(
        line.startswith("Uppdragsbeskrivning:") and "1 punkt tillagd" in line for line in report["summary"]
    )
    added = [(c["noun"], c["new"]) for c in report["changes"] if c["change"] == "added"]
    assert any(
        noun == "punkt" and new.startswith("Verka för spridning av goda exempel") for noun, new in added
    )
    assert any(noun == "stycke" and new.startswith("Övergripande frågor som rör") for noun, new in added)
    moved = [c["clause"] for c in report["changes"] if c["change"] == "moved"]
    assert moved == ["utvecklingsarbete"]
    link = next(c for c in report["changes"] if c["clause"] == "rutin")
    assert "https://vregion.se" in link["new"] and "http://vregion.se" in link["old"]


def test_term_shows_changed_clauses_under_their_section(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("diff", "2024", "2026", "-c", "onkologi", "-f", "term")
    text = result.stdout
    assert text.index("Syfte med uppdraget\n") < text.index("Samordningsrådets uppdrag är")
    assert "+ {+Verka för spridning av goda exempel" in text
    assert "(flyttad)" in text


def test_markdown_redline_is_criticmarkup(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("diff", "2024", "2026", "-c", "onkologi", "-f", "md")
    assert "{--koncernledning--}{++ledningsgrupp++}" in result.stdout
    assert (
        "- {++Verka för spridning av goda exempel mellan deltagande utförarförvaltningar.++}" in result.stdout
    )


def test_html_redline_is_one_standalone_page(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("diff", "2024", "2026", "-c", "onkologi", "-o", "redline.html")
    assert result.exit_code == 0 and result.stdout.strip() == "redline.html"
    page = (project / "redline.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert "<del>koncernledning</del><ins>ledningsgrupp</ins>" in page
    assert "<link" not in page and "<script" not in page  # nothing to fetch
    assert "@media print" in page


def test_exit_code_like_git_diff(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("diff", "2024", "2026", "-c", "urologi", "--exit-code").exit_code == 1
    same = uppdrag("diff", "2026", "2026", "-c", "urologi", "--exit-code", "-f", "term")
    assert same.exit_code == 0 and "Inga skillnader" in same.stdout
    assert uppdrag("diff", "2024", "2026", "-c", "urologi").exit_code == 0


def test_impact_lists_every_council_the_revision_reaches(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("diff", "2024", "2026", "--impact", "-f", "json")
    councils = {c["slug"]: c for c in json.loads(result.stdout)["councils"]}
    assert set(councils) == {"onkologi", "ortopedi", "urologi", "vuxenpsykiatri"}
    assert councils["onkologi"]["changes"] > 20 and councils["onkologi"]["shadowed"] == []
    assert councils["ortopedi"]["changes"] == 0  # already on 2026: its document does not change


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2024"], "two revisions"),
        (["2024", "2031"], "no kind of charter has both revisions 2024 and 2031"),
        (["2024", "2026", "-c", "urologi", "-f", "docx"], "-o FILE.docx"),
        (["2024", "2026", "-f", "pdf"], "unknown diff format"),
    ],
)
def test_usage_errors(project: Path, uppdrag: Invoke, args: list[str], message: str) -> None:
    result = uppdrag("diff", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_word_diff_and_alignment() -> None:
    assert word_diff("från koncernledning hälso-", "från ledningsgrupp hälso-") == (
        Seg("=", "från "),
        Seg("-", "koncernledning"),
        Seg("+", "ledningsgrupp"),
        Seg("=", " hälso-"),
    )
    assert word_diff("RS 2024-00784", "RS 2023-01756") == (
        Seg("=", "RS "),
        Seg("-", "2024-00784"),
        Seg("+", "2023-01756"),
    )
    pairs = list(align(["a", "b", "c"], ["a", "c", "b", "d"], key=str))
    moved = {old or new for old, new, was_moved in pairs if was_moved}
    assert len(moved) == 1 and moved <= {"b", "c"}  # one of the two swapped is the one that moved
    assert ("a", "a", False) in pairs and (None, "d", False) in pairs
    assert [new for _, new, _ in pairs if new] == ["a", "c", "b", "d"]
    assert [old for old, _, _ in pairs if old] == ["a", "b", "c"]


# The Word redline -------------------------------------------------------------------------


@pytest.fixture
def redline(project: Path, uppdrag: Invoke) -> Path:
    assert (
        uppdrag("diff", "2024", "2026", "-c", "onkologi", "-f", "docx", "-o", "redline.docx").exit_code == 0
    )
    assert uppdrag("render", "onkologi", "-f", "docx", "-o", "old").exit_code == 0
    assert uppdrag("render", "onkologi", "-r", "2026", "-f", "docx", "-o", "new").exit_code == 0
    return project / "redline.docx"


def test_redline_has_real_tracked_changes(redline: Path) -> None:
    with zipfile.ZipFile(redline) as package:
        body = package.read("word/document.xml").decode()
    assert body.count("<w:ins ") > 20 and body.count("<w:del ") > 20
    assert "<w:delText" in body
    # onkologi at 2026 is not decided (2026's decision is not onkologi's): dated from its datum
    assert re.search(r'<w:ins w:id="\d+" w:author="uppdrag" w:date="2026-06-16T00:00:00Z"', body)
    assert re.search(
        r"<w:pPr><w:pStyle w:val=\"ListBullet\"/>.*?<w:rPr><w:ins ", body
    )  # added paragraph mark
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', body)
    assert len(ids) == len(set(ids))


def test_redline_is_byte_reproducible(project: Path, uppdrag: Invoke, redline: Path) -> None:
    uppdrag("diff", "2024", "2026", "-c", "onkologi", "-o", "again.docx")
    assert (project / "again.docx").read_bytes() == redline.read_bytes()


def test_accepting_all_changes_gives_the_new_document(project: Path, redline: Path) -> None:
    accepted = pandoc_words(redline, "--track-changes=accept")
    assert accepted == pandoc_words(project / "new" / "onkologi-2026.docx")


def test_rejecting_all_changes_gives_the_old_document(project: Path, redline: Path) -> None:
    rejected = pandoc_words(redline, "--track-changes=reject")
    assert rejected == pandoc_words(project / "old" / "onkologi.docx")


def test_libreoffice_opens_the_redline(redline: Path, tmp_path: Path) -> None:
    need("soffice")
    from uppdrag.render.pdf import docx_to_pdf

    assert docx_to_pdf(redline.read_bytes(), "redline").startswith(b"%PDF")


# Against git ------------------------------------------------------------------------------


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    return project


def test_git_diff_shows_what_a_base_edit_does_to_the_documents(
    repo: Path, uppdrag: Invoke, swedish: None
) -> None:
    edit(repo / "councils/bases/samordningsrad/2026.yaml", "Effektiva och korta möten", "Korta möten")
    result = uppdrag("diff", "--git", "HEAD", "--impact")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "onkologi (2024): oförändrad",
        "ortopedi (2026): 1 ändring",
        "urologi (2026): 1 ändring",
        "utveckling (2024): oförändrad",
        "vuxenpsykiatri (2026): 1 ändring",
    ]
    diff = uppdrag("diff", "--git", "HEAD", "urologi", "-f", "md", "--exit-code")
    assert diff.exit_code == 1
    assert "{--Effektiva och korta--}{++Korta++}" in diff.stdout
    assert uppdrag("diff", "--git", "HEAD", "onkologi", "--exit-code").exit_code == 0


def test_git_diff_reports_new_councils(repo: Path, uppdrag: Invoke) -> None:
    (repo / "councils/hjarta.yaml").write_text(
        'name: hjärta\nbase: samordningsrad\nrevision: "2026"\n', "utf-8"
    )
    result = uppdrag("diff", "--git", "HEAD", "-f", "unified", "--exit-code")
    assert result.exit_code == 1 and result.stdout.startswith("ny: hjarta\n")


def test_git_diff_with_an_unknown_revision(repo: Path, uppdrag: Invoke) -> None:
    result = uppdrag("diff", "--git", "no-such-ref")
    assert result.exit_code == 2 and "no revision 'no-such-ref'" in result.stderr
