"""A coordinator's day: every document says only what the data says (issue 10's cases)."""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

from tests.helpers import Invoke, edit, line_of

if TYPE_CHECKING:
    from pathlib import Path


def row(uppdrag: Invoke, slug: str) -> str:
    return next(line for line in uppdrag("list").stdout.splitlines() if line.startswith(f"{slug} "))


def test_a_new_council_is_an_utkast_not_the_revisions_decision(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("new", "hud").exit_code == 0
    assert row(uppdrag, "hud").endswith("2026-06-16  (att fylla i)  utkast")
    assert uppdrag("render", "hud").exit_code == 0
    md = (project / "out/hud.md").read_text(encoding="utf-8")
    assert "2026-06-17" not in md and "Diarienummer (att fylla i)" in md.replace("**", "")
    with zipfile.ZipFile(project / "out/hud.docx") as package:
        assert 'string="UTKAST"' in package.read("word/header1.xml").decode()
        assert ">UTKAST  <" in package.read("word/footer1.xml").decode()
        assert "2026-06-17" not in package.read("word/document.xml").decode()


def test_a_council_records_its_decision(project: Path, uppdrag: Invoke) -> None:
    uppdrag("new", "hud")
    path = project / "councils/hud.yaml"
    edit(path, 'revision: "2026"\n', 'revision: "2026"\nbeslutad: "2026"\n')
    assert row(uppdrag, "hud").endswith("beslutad")
    edit(path, 'beslutad: "2026"\n', "beslut:\n  datum: 2026-10-01\ndiarienummer: RS 2026-00042\n")
    edit(path, 'diarienummer: "(att fylla i)"\n', "")
    assert row(uppdrag, "hud").endswith("2026-06-16  RS 2026-00042  beslutad")
    uppdrag("render", "hud")
    assert "2026-10-01" in (project / "out/hud.md").read_text(encoding="utf-8")


def test_the_2026_seeds_are_decided_with_their_revision_and_onkologi_at_2026_is_not(
    project: Path, uppdrag: Invoke
) -> None:
    for slug in ("urologi", "ortopedi", "vuxenpsykiatri"):
        assert row(uppdrag, slug).endswith("RS 2024-00784  beslutad")
    assert row(uppdrag, "onkologi").endswith("utkast")
    uppdrag("render", "onkologi", "--revision", "2026")
    md = (project / "out/onkologi-2026.md").read_text(encoding="utf-8")
    assert "2026-06-17" not in md  # 2026's decision was not taken for onkologi


def test_decided_with_a_revision_that_has_no_decision_is_an_error(project: Path, uppdrag: Invoke) -> None:
    path = project / "councils/urologi.yaml"
    edit(path, 'beslutad: "2026"', 'beslutad: "2024"')
    result = uppdrag("validate", "urologi")
    line = line_of(path, "beslutad:")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"councils/urologi.yaml:{line}:11: beslutad: revision 2024 records no")


def test_a_broken_base_revision_fails_validate_before_any_council_uses_it(
    project: Path, uppdrag: Invoke
) -> None:
    base = project / "councils/bases/samordningsrad/2028.yaml"
    base.write_text("extends: samordningsrad/2026\ndatum: 2028-13-01\n", encoding="utf-8")
    result = uppdrag("validate")
    assert result.exit_code == 1
    assert "councils/bases/samordningsrad/2028.yaml:2:8: datum: '2028-13-01' is not a date" in result.stderr
    check = uppdrag("build", "--check")
    assert check.exit_code == 1 and "councils/bases/samordningsrad/2028.yaml:2:8: datum" in check.stdout
    base.write_text(
        "extends: samordningsrad/2026\nsections:\n  - id: syfte\n    blocks:\n"
        "      - id: syftet\n        text: Nytt.\n",
        encoding="utf-8",
    )
    result = uppdrag("validate")
    assert result.exit_code == 1
    assert (
        "2028.yaml:5:13: sections[syfte].blocks: unknown id 'syftet'; did you mean 'syfte'?" in result.stderr
    )
    assert "urologi: ok" in result.stdout  # the councils on 2026 are fine


def test_an_insert_with_an_existing_id_does_not_replace_the_base_clause(
    project: Path, uppdrag: Invoke
) -> None:
    path = project / "councils/urologi.yaml"
    overlay = (
        "sections:\n  - id: uppdragsbeskrivning\n    blocks:\n      - id: uppgifter\n        items:\n"
        "          - id: styrning\n            after: utvecklingsarbete\n            text: En ny punkt.\n"
    )
    path.write_text(path.read_text(encoding="utf-8") + overlay, encoding="utf-8")
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1
    base = project / "councils/bases/samordningsrad/2024.yaml"
    styrning = line_of(base, "id: styrning")
    assert result.stderr.startswith(
        f"councils/urologi.yaml:{line_of(path, 'after: utvecklingsarbete')}:20: "
        "sections[uppdragsbeskrivning].blocks[uppgifter].items[styrning]: id 'styrning' already exists at "
        f"councils/bases/samordningsrad/2024.yaml:{styrning}; to move that item give 'move: true'"
    )
    edit(path, "after: utvecklingsarbete\n", "after: utvecklingsarbete\n            move: true\n")
    assert uppdrag("validate", "urologi").exit_code == 0


MOTESFREKVENS = (
    "sections:\n  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n"
    "        text: Sex gånger per år.\n"
)


def test_impact_is_per_council_own_document_and_names_hidden_changes(project: Path, uppdrag: Invoke) -> None:
    onkologi = project / "councils/onkologi.yaml"
    onkologi.write_text(onkologi.read_text(encoding="utf-8") + MOTESFREKVENS, encoding="utf-8")
    lines = uppdrag("diff", "2024", "2026", "--impact").stdout.splitlines()
    assert lines[0] == "On 2024: what changes in each council's own document at 2026"
    assert lines[1].startswith("onkologi (2024): ") and "ortopedi" not in lines[1]
    assert "  onkologi: your own text for `motesfrekvens` hides the 2026 change" in lines
    assert lines[-4:] == [
        "Not on 2024 (their documents do not change by this):",
        "ortopedi (2026)",
        "urologi (2026)",
        "vuxenpsykiatri (2026)",
    ]


def test_impact_of_a_new_revision_leaves_out_councils_not_on_the_old_one(
    project: Path, uppdrag: Invoke
) -> None:
    (project / "councils/bases/samordningsrad/2027.yaml").write_text(
        "extends: samordningsrad/2026\n" + MOTESFREKVENS.replace("Sex", "Fyra"), encoding="utf-8"
    )
    urologi = project / "councils/urologi.yaml"
    urologi.write_text(urologi.read_text(encoding="utf-8") + MOTESFREKVENS, encoding="utf-8")
    lines = uppdrag("diff", "2026", "2027", "--impact").stdout.splitlines()
    assert lines[-2:] == ["Not on 2026 (their documents do not change by this):", "onkologi (2024)"]
    assert not any(line.startswith("onkologi (2024): ") for line in lines)
    assert "  urologi: your own text for `motesfrekvens` hides the 2027 change" in lines
    assert not any(line.startswith("  ortopedi: your own") for line in lines)
    urologi_row = next(line for line in lines if line.startswith("urologi (2026): "))
    assert urologi_row == "urologi (2026): 1 change"  # only the decision: 2027 is not decided for it


def test_term_diff_without_a_terminal_marks_words(project: Path, uppdrag: Invoke) -> None:
    plain = uppdrag("diff", "2024", "2026", "--format", "term").stdout
    assert "~ Datum [-2024-05-21-]{+2026-06-16+}" in plain
    assert "Utses av [-koncernledning-]{+ledningsgrupp+} hälso- och sjukvård" in plain
    assert "\x1b[" not in plain
    assert uppdrag("diff", "2024", "2026", "--format", "term", "--no-color").stdout == plain
    assert uppdrag("diff", "2024", "2026", "--format", "term", "--color=never").stdout == plain
    coloured = uppdrag("diff", "2024", "2026", "--format", "term", "--color=always").stdout
    assert "\x1b[" in coloured and "[-2024-05-21-]" not in coloured
    assert uppdrag("diff", "2024", "2026", "-o", "diff.txt").exit_code == 0
    assert "[-2024-05-21-]{+2026-06-16+}" in (project / "diff.txt").read_text(encoding="utf-8")
    wrong = uppdrag("diff", "2024", "2026", "--color=sometimes")
    assert wrong.exit_code == 2 and "--color takes always, never or auto" in wrong.stderr


def test_word_redline_keeps_links_and_marks_letterhead_changes(project: Path, uppdrag: Invoke) -> None:
    import re

    assert uppdrag("diff", "2024", "2026", "-c", "onkologi", "-o", "red.docx").exit_code == 0
    with zipfile.ZipFile(project / "red.docx") as package:
        body = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        header = package.read("word/header1.xml").decode()
        later = package.read("word/header2.xml").decode()
    targets = dict(re.findall(r'Id="(rIdLink\d+)"[^>]*Target="([^"]+)"', rels))
    assert {"http://vregion.se", "https://vregion.se"} <= set(targets.values())
    linked = re.findall(r'<w:hyperlink r:id="(rIdLink\d+)" w:history="1"><w:(ins|del|r)\b', body)
    by_target = {(targets[rid], kind) for rid, kind in linked}
    assert ("http://vregion.se", "del") in by_target and ("https://vregion.se", "ins") in by_target
    assert any(url.startswith("mailto:") and kind == "r" for url, kind in by_target)  # unchanged: kept
    # a date is one word, a word joiner after each hyphen
    joiner = '</w:r><w:r><w:sym w:char="2060"/></w:r><w:r>'  # alone in its run
    old_date = f"2024-</w:delText>{joiner}<w:delText[^>]*>05-</w:delText>{joiner}"
    old_date += "<w:delText[^>]*>21</w:delText>"
    assert re.search(rf"<w:del [^>]*><w:r><w:delText[^>]*>{old_date}</w:r></w:del>", header)
    new_date = f"2026-</w:t>{joiner}<w:t[^>]*>06-</w:t>{joiner}<w:t[^>]*>16</w:t>"
    assert re.search(rf"<w:ins [^>]*><w:r><w:t[^>]*>{new_date}</w:r></w:ins>", header)
    # the title changed word by word: the kept words plain, the others removed or inserted
    assert re.search(r"<w:del [^>]*><w:r><w:delText[^>]*>Samordningsråd</w:delText>", later)
    assert re.search(r"<w:ins [^>]*><w:r><w:t[^>]*>Uppdragshandling för samordningsråd</w:t>", later)
    assert re.search(r"</w:ins><w:r><w:t[^>]*> onkologi</w:t></w:r><w:ins ", later)
    assert re.search(r"<w:ins [^>]*><w:r><w:t[^>]*>, reviderad juni 2026</w:t>", later)
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', body + header + later)
    assert len(ids) == len(set(ids))
