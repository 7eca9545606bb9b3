"""`uppdrag beslut`: the amendment decision in the Swedish idiom, and the applier that proves it.

The proof is the round trip: the decision from a council's old document to its new one, applied
to the old council file, gives a council file whose document reads word for word as the new one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.helpers import edit, line_of
from uppdrag.check.charter import load_charter
from uppdrag.render.markdown import render_markdown
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

ON_THE_BASE = ["onkologi", "ortopedi", "urologi", "vuxenpsykiatri"]
UNDER = "under rubriken ”Uppdragsbeskrivning”"


def rendered(root: Path, slug: str, revision: str | None = None) -> str:
    project = Project(root)
    return render_markdown(load_charter(project, slug, revision).charter, project.templates_dir)


def on_revision(root: Path, slug: str, revision: str) -> None:
    path = root / "councils" / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r'^revision: "\d+"', f'revision: "{revision}"', text, flags=re.M), encoding="utf-8"
    )


def apply(uppdrag: Invoke, root: Path, decision: Path, slug: str) -> None:
    """Apply the decision to the council's file and put the result in its place."""
    result = uppdrag("beslut", "--apply", str(decision), "-c", slug, "-o", str(root / "implied.yaml"))
    assert result.exit_code == 0, result.stderr
    (root / "implied.yaml").replace(root / "councils" / f"{slug}.yaml")


@pytest.mark.parametrize("slug", ON_THE_BASE)
def test_council_decision_round_trips_word_for_word(project: Path, uppdrag: Invoke, slug: str) -> None:
    want = rendered(project, slug, "2026")
    on_revision(project, slug, "2024")
    result = uppdrag("beslut", "2024", "2026", "-c", slug, "-o", "beslut.md")
    assert result.exit_code == 0, result.stderr
    apply(uppdrag, project, project / "beslut.md", slug)
    assert rendered(project, slug) == want


@pytest.mark.parametrize("slug", ON_THE_BASE)
def test_base_decision_round_trips_for_every_council_on_it(project: Path, uppdrag: Invoke, slug: str) -> None:
    # A council records being decided with a revision itself (`beslutad`); the base decision's date
    # is the decision's own, so it is compared with the council's 2026 document before that record.
    path = project / "councils" / f"{slug}.yaml"
    path.write_text(
        re.sub(r"^beslutad:.*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8"
    )
    want = rendered(project, slug, "2026")
    on_revision(project, slug, "2024")
    result = uppdrag("beslut", "2024", "2026", "-o", "beslut.md")
    assert result.exit_code == 0, result.stderr
    text = (project / "beslut.md").read_text(encoding="utf-8")
    assert "samordningsråd onkologi, samordningsråd ortopedi, samordningsråd urologi och" in text
    apply(uppdrag, project, project / "beslut.md", slug)
    assert rendered(project, slug) == want


def test_a_group_with_its_own_text_round_trips(project: Path, uppdrag: Invoke) -> None:
    """utveckling (the only koncerngrupp, one revision): its document against an older own text."""
    path = project / "councils" / "utveckling.yaml"
    want = rendered(project, "utveckling")
    new_text = path.read_text(encoding="utf-8")
    edit(
        path,
        "          - id: strateg\n"
        "            text: Strateg från Koncernstab Strategisk hälso- och sjukvårdsutveckling.\n",
        "",
    )
    edit(path, "Föra en strategisk dialog", "Föra en dialog")
    edit(path, "ansvarsomrade: Utveckling hälso- och sjukvård", "ansvarsomrade: Utveckling")
    edit(path, "text: Cirka 10 gånger per år", "text: Cirka 8 gånger per år")
    edit(path, "          - id: larande\n            text: Ökat lärande över förvaltningsgränser.\n", "")
    old_text = path.read_text(encoding="utf-8")
    old_doc = rendered(project, "utveckling")
    assert old_doc != want
    # the decision from the older text to the present one, made with the present one beside it
    (project / "councils" / "utveckling-ny.yaml").write_text(new_text, encoding="utf-8")
    from uppdrag.diff.decision import decide
    from uppdrag.diff.decision_out import as_markdown
    from uppdrag.diff.idiom import load_idiom

    p = Project(project)
    decision = decide(
        load_idiom(p), load_charter(p, "utveckling").charter, load_charter(p, "utveckling-ny").charter
    )
    (project / "councils" / "utveckling-ny.yaml").unlink()
    (project / "beslut.md").write_text(as_markdown(decision, p.templates_dir), encoding="utf-8")
    assert "en ny punkt ska införas närmast" in (project / "beslut.md").read_text(encoding="utf-8")
    assert old_text == path.read_text(encoding="utf-8")
    apply(uppdrag, project, project / "beslut.md", "utveckling")
    assert rendered(project, "utveckling") == want


def test_decision_text_is_in_the_swedish_idiom(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("beslut", "2024", "2026", "-c", "urologi")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert (
        "Hälso- och sjukvårdsdirektör Jonas Claesson beslutar att uppdragshandlingen för "
        "samordningsråd urologi (RS 2024-00784) ändras enligt följande:"
    ) in text
    clauses = [line for line in text.splitlines() if line.startswith("- ")]
    assert clauses and all(line.startswith("- dels att ") for line in clauses)
    assert (
        "- dels att den fjärde punkten under rubriken ”Uppdragsbeskrivning” "
        "(”Leda de regionala processteamerna …”) ska utgå"
    ) in clauses
    assert any("ska flyttas till närmast före den tredje punkten" in c for c in clauses)
    assert any(c.startswith("- dels att en ny punkt ska införas närmast före") for c in clauses)
    assert any(
        "ska lyda ”Samband och gränsdragning till andra uppdrag och pågående arbete”" in c for c in clauses
    )
    assert "- dels att uppgiften ”Mötesfrekvens:” under rubriken ”Arbetsorganisation” ska vara:" in clauses
    assert "- dels att uppgiften om ansvarsområde ska vara:" in clauses
    assert "| Nuvarande lydelse | Föreslagen lydelse |" in text
    assert "Där ~~vare sig~~ ordförande" in text and "Där <ins>varken</ins> ordförande" in text


def test_html_and_json_forms(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("beslut", "2024", "2026", "-c", "onkologi", "-o", "beslut.html")
    assert result.exit_code == 0, result.stderr
    page = (project / "beslut.html").read_text(encoding="utf-8")
    assert '<th scope="col">Nuvarande lydelse</th>' in page and "<del>vare sig</del>" in page
    assert "<ins>varken</ins>" in page and page.count("<li>dels att ") > 20
    result = uppdrag("beslut", "2024", "2026", "-c", "onkologi", "-f", "json")
    assert '"clauses": [' in result.stdout


def write_decision(root: Path, *clauses: str) -> Path:
    path = root / "hand.md"
    path.write_text("# Beslut\n\nVi beslutar:\n\n" + "\n".join(clauses) + "\n", encoding="utf-8")
    return path


def test_a_hand_drafted_decision_is_checked_against_the_data(project: Path, uppdrag: Invoke) -> None:
    decision = write_decision(
        project,
        "- dels att den fjärde punkten under rubriken ”Uppdragsbeskrivning” (”Leda de regionala”) ska utgå,",
        "- dels att uppgiften ”Mötesfrekvens:” under rubriken ”Arbetsorganisation” ska vara:",
        "",
        "  > 6 ggr/år",
    )
    result = uppdrag("beslut", "--apply", str(decision), "-c", "onkologi")
    assert result.exit_code == 0, result.stderr
    assert "- id: processteam\n            remove: true" in result.stdout
    assert "text: 6 ggr/år" in result.stdout


@pytest.mark.parametrize(
    ("clause", "message"),
    [
        (
            f"- dels att den andra punkten {UNDER} (”Samordna det okända”) ska utgå",
            f"den andra punkten {UNDER} (”Samordna det koncerngemensamma arbetet …”)",
        ),
        (
            f"- dels att den första punkten {UNDER} (”Medverka till remissvar”) ska utgå",
            f"den tredje punkten {UNDER} (”Medverka till remissvar på …”)",
        ),
        (
            "- dels att det första stycket under rubriken ”Syftet” (”Gruppen”) ska utgå",
            "”Syfte med uppdraget”",
        ),
        ("- dels att uppgiften ”Frekvens:” under rubriken ”Arbetsorganisation” ska utgå", "”Mötesfrekvens:”"),
        ("- dels att något annat ska gälla", "idiom"),
        ("- dels att det femtielfte stycket i inledningen (”Samordningsrådets”) ska utgå", "femtielfte"),
        ("- dels att det första stycket i inledningen (”Samordningsrådets) ska utgå", "”"),
    ],
)
def test_a_reference_that_names_no_single_clause_is_refused(
    project: Path, uppdrag: Invoke, clause: str, message: str
) -> None:
    decision = write_decision(
        project, "- dels att dokumentets datum ska vara:", "", "  > 2030-01-01", "", clause
    )
    before = (project / "councils" / "onkologi.yaml").read_text(encoding="utf-8")
    result = uppdrag("beslut", "--apply", str(decision), "-c", "onkologi", "-o", "ut.yaml")
    assert result.exit_code == 1
    assert f"hand.md:{line_of(decision, clause)}:1:" in result.stderr
    assert message in result.stderr
    assert not (project / "ut.yaml").exists()
    assert (project / "councils" / "onkologi.yaml").read_text(encoding="utf-8") == before


def test_an_ambiguous_heading_is_refused_with_its_candidates(project: Path, uppdrag: Invoke) -> None:
    with (project / "councils" / "onkologi.yaml").open("a", encoding="utf-8") as council:
        council.write(
            "sections:\n  - id: extra\n    after: kommunikation\n    heading: Kommunikation\n"
            "    blocks:\n      - id: extra\n        text: Ett eget stycke.\n"
        )
    decision = write_decision(
        project, "- dels att det första stycket under rubriken ”Kommunikation” (”Ett eget”) ska utgå"
    )
    result = uppdrag("beslut", "--apply", str(decision), "-c", "onkologi")
    assert result.exit_code == 1 and "hand.md:5:1:" in result.stderr and "2" in result.stderr
    # the generated decision says which of the two it means
    generated = uppdrag("beslut", "2024", "2026", "-c", "onkologi").stdout
    assert "under den andra rubriken ”Kommunikation”" not in generated  # the extra one is unchanged
    fixed = write_decision(
        project,
        "- dels att det första stycket under den andra rubriken ”Kommunikation” (”Ett eget”) ska utgå",
    )
    result = uppdrag("beslut", "--apply", str(fixed), "-c", "onkologi")
    assert result.exit_code == 1  # a section needs text: the proof refuses the implied file
    assert "does not validate" in result.stderr


def test_usage_errors(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("beslut", "--apply", "x.md").exit_code == 2
    assert uppdrag("beslut", "2024").exit_code == 2
    assert uppdrag("beslut", "2024", "2026", "-f", "pdf").exit_code == 2
    assert uppdrag("beslut", "2024", "2026", "-f", "docx").exit_code == 2  # a file: -o


def test_the_word_decision_is_in_the_official_layout(project: Path, uppdrag: Invoke) -> None:
    """Letterhead (kind, Datum, Diarienummer), the clauses, a table whose header row repeats,
    struck and underlined words, the decision maker; openxml-audit finds no error; LibreOffice
    reads it and its words are the Markdown form's."""
    import zipfile

    from tests.helpers import audit, need, run

    result = uppdrag("beslut", "2024", "2026", "-c", "urologi", "-o", "beslut.docx")
    assert result.exit_code == 0, result.stderr
    path = project / "beslut.docx"
    assert audit(path) == []
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode()
        letterhead = package.read("word/header1.xml").decode()
    assert "Beslut om ändring av uppdragshandling" in letterhead
    from tests.wordparts_text import part_words

    # the words a reader sees (registry numbers and dates are kept whole with no-break characters)
    headers = " ".join(" ".join(words) for part, words in part_words(path).items() if part != "body")
    assert "Datum 2026-06-17" in headers and "Diarienummer RS 2024-00784" in headers
    assert body.count("<w:tblHeader/>") == 1 and "<w:strike/>" in body and '<w:u w:val="single"/>' in body
    assert "Jonas Claesson" in body and "Hälso- och sjukvårdsdirektör" in body
    need("soffice")
    profile = f"-env:UserInstallation={(project / 'lo-profile').as_uri()}"  # not another run's soffice
    run("soffice", profile, "--headless", "--convert-to", "txt:Text", "--outdir", str(project), str(path))
    text = " ".join((project / "beslut.txt").read_text(encoding="utf-8-sig").split())
    assert "dels att den fjärde punkten under rubriken ”Uppdragsbeskrivning” (”Leda de regionala" in text
    assert "Nuvarande lydelse Föreslagen lydelse" in text


def test_the_web_decision_passes_axe(project: Path, uppdrag: Invoke) -> None:
    from tests.cdp import Browser, axe_source, chromium, run_axe

    result = uppdrag("beslut", "2024", "2026", "-o", "beslut.html")
    assert result.exit_code == 0, result.stderr
    binary = chromium()
    axe_source()  # skipped before Chromium starts when axe-core is missing
    browser = Browser(binary)
    try:
        browser.open((project / "beslut.html").as_uri())
        assert browser.evaluate("document.documentElement.lang") == "sv"
        assert run_axe(browser) == []
        assert browser.console_errors() == []
    finally:
        browser.close()


def test_a_base_decision_leaves_a_councils_own_wording(project: Path, uppdrag: Invoke) -> None:
    """A council on 2024 with its own purpose and meeting frequency, and without a paragraph of the
    base: the base decision says its own wording stands, and applied gives its 2026 document."""
    (project / "councils" / "bro.yaml").write_text(
        'name: bro\nbase: samordningsrad\nrevision: "2024"\nsections:\n'
        "  - id: syfte\n    blocks:\n      - id: syfte\n        text: Rådets eget syfte.\n"
        "  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n        text: 6 ggr/år\n"
        "  - id: samband\n    blocks:\n      - id: klinisk-ledning\n        remove: true\n",
        encoding="utf-8",
    )
    want = rendered(project, "bro", "2026")
    result = uppdrag("beslut", "2024", "2026", "-o", "beslut.md")
    assert result.exit_code == 0, result.stderr
    text = (project / "beslut.md").read_text(encoding="utf-8")
    own = [line for line in text.splitlines() if "står rådets egen lydelse" in line]
    assert own == [
        "- för samordningsråd bro står rådets egen lydelse av det första stycket under rubriken "
        "”Syfte med uppdraget” (”Gruppen ska samverka inom …”) kvar",
        "- för samordningsråd bro står rådets egen lydelse av uppgiften ”Mötesfrekvens:” under "
        "rubriken ”Arbetsorganisation” kvar",
    ]
    apply(uppdrag, project, project / "beslut.md", "bro")
    assert rendered(project, "bro") == want
    # the same decision applied to a council without own text changes its purpose
    on_revision(project, "onkologi", "2024")
    apply(uppdrag, project, project / "beslut.md", "onkologi")
    assert "Samordningsrådets uppdrag är att med utgångspunkt" in rendered(project, "onkologi")


def test_the_decision_since_a_git_revision(project: Path, uppdrag: Invoke) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start", "--allow-empty")
    git("add", "councils", "templates")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "councils")
    with (project / "councils" / "urologi.yaml").open("a", encoding="utf-8") as council:
        council.write("uppdragsgivare: Någon annan\n")
    result = uppdrag("beslut", "--git", "HEAD", "-c", "urologi")
    assert result.exit_code == 0, result.stderr
    clauses = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert clauses == ["- dels att uppgiften om uppdragsgivare ska vara:"]
    assert uppdrag("beslut", "--git", "HEAD").exit_code == 2


def test_the_decision_between_the_versions_in_force_on_two_days(
    tmp_path: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--as-of A B`: the decision from onkologi's version in force on A to the one on B, applied
    to the council file of the first version, gives the second word for word."""
    import shutil
    import subprocess

    from tests import synthrepo
    from tests.helpers import REPO

    root = tmp_path / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    synthrepo.build(root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("UPPDRAG_ROOT", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    result = uppdrag("beslut", "--as-of", "2025-03-01", "2026-10-01", "-c", "onkologi", "-o", "b.md")
    assert result.exit_code == 0, result.stderr
    assert "- dels att " in (root / "b.md").read_text(encoding="utf-8")
    assert (
        uppdrag("render", "onkologi", "--as-of", "2026-10-01", "-f", "md", "--out", str(tmp_path)).exit_code
        == 0
    )
    want = (tmp_path / "onkologi-2026-10-01.md").read_text(encoding="utf-8")
    then = tmp_path / "v2"
    archive = subprocess.run(["git", "-C", str(root), "archive", "v2"], check=True, capture_output=True)
    then.mkdir()
    subprocess.run(["tar", "-x", "-C", str(then)], input=archive.stdout, check=True)
    result = uppdrag(
        "--root",
        str(then),
        "beslut",
        "--apply",
        str(root / "b.md"),
        "-c",
        "onkologi",
        "-o",
        str(then / "x.yaml"),
    )
    assert result.exit_code == 0, result.stderr
    (then / "x.yaml").replace(then / "councils" / "onkologi.yaml")
    assert rendered(then, "onkologi") == want
    assert uppdrag("beslut", "--as-of", "2025-03-01", "-c", "onkologi").exit_code == 2
