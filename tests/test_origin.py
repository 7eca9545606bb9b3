"""Where every clause comes from: `show`, `ids`, `explain`, shadowed changes, `render --origin`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

from tests.helpers import SLUGS, Invoke, edit, line_of

if TYPE_CHECKING:
    from pathlib import Path

BASE_2024 = "councils/bases/samordningsrad/2024.yaml"
BASE_2026 = "councils/bases/samordningsrad/2026.yaml"
OVERRIDE = """
sections:
  - id: arbetsorganisation
    blocks:
      - id: motesfrekvens
        text: Sex gånger per år.
"""


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "en")


def _line_with(output: str, needle: str) -> str:
    lines = [line for line in output.splitlines() if needle in line]
    assert lines, f"{needle!r} not in output"
    return lines[0]


def _value_lines(output: str, item_id: str) -> list[str]:
    """The lines of one item of `show` output, from its `- id:` line to the next item."""
    lines = output.splitlines()
    start = next(
        i
        for i, line in enumerate(lines)
        if line.strip() == f"- id: {item_id}" or f"- id: {item_id}  #" in line
    )
    indent = lines[start].index("-")
    end = next(
        (i for i in range(start + 1, len(lines)) if len(lines[i]) - len(lines[i].lstrip()) <= indent),
        len(lines),
    )
    return lines[start:end]


def test_show_origin_names_the_file_and_line_of_every_value(project: Path, uppdrag: Invoke) -> None:
    (project / "councils/urologi.yaml").write_text(
        (project / "councils/urologi.yaml").read_text(encoding="utf-8") + OVERRIDE, encoding="utf-8"
    )
    result = uppdrag("show", "urologi", "--origin")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    nominera = _value_lines(out, "nominera")
    assert nominera[0].endswith(f"# {BASE_2024}:{line_of(project / BASE_2024, 'id: nominera')}")
    assert nominera[-1].endswith(f"# {BASE_2024}:{line_of(project / BASE_2024, 'id: nominera') + 1}")
    referensgrupp = _value_lines(out, "referensgrupp")
    text_line = line_of(project / BASE_2026, "id: referensgrupp") + 1
    assert referensgrupp[-1].endswith(f"# {BASE_2026}:{text_line} (changed in 2026)")
    spridning = _value_lines(out, "spridning")
    assert spridning[0].endswith(
        f"# {BASE_2026}:{line_of(project / BASE_2026, 'id: spridning')} (new in 2026)"
    )
    motesfrekvens = _value_lines(out, "motesfrekvens")
    council_line = line_of(project / "councils/urologi.yaml", "Sex gånger per år.")
    assert (
        motesfrekvens[-1]
        == f"        text: Sex gånger per år.  # councils/urologi.yaml:{council_line} (council's own)"
    )
    assert "label: 'Mötesfrekvens:'  # " + BASE_2024 in "\n".join(motesfrekvens)


def test_show_json_carries_the_origin_as_fields(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("show", "urologi", "--format", "json", "--origin")
    assert result.exit_code == 0, result.stderr
    charter = json.loads(result.stdout)
    section = next(s for s in charter["sections"] if s["id"] == "uppdragsbeskrivning")
    items = next(b for b in section["blocks"] if b["id"] == "uppgifter")["items"]
    referensgrupp = next(i for i in items if i["id"] == "referensgrupp")
    assert referensgrupp["text"]["value"].endswith("från ledningsgrupp hälso- och sjukvård.")
    assert referensgrupp["text"]["origin"] == {
        "file": BASE_2026,
        "line": line_of(project / BASE_2026, "id: referensgrupp") + 1,
        "layer": "samordningsrad/2026",
        "change": "changed",
        "note": "changed in 2026",
    }
    plain = json.loads(uppdrag("show", "urologi", "-f", "json").stdout)
    assert plain["revision"] == "2026" and plain["title"].startswith("Uppdragshandling för samordningsråd")


@pytest.mark.parametrize("slug", SLUGS)
def test_show_pasted_back_as_the_council_file_gives_the_same_document(
    project: Path, uppdrag: Invoke, slug: str
) -> None:
    before = uppdrag("render", slug, "-f", "md", "-o", "before")
    assert before.exit_code == 0, before.stderr
    shown = uppdrag("show", slug, "--origin")
    assert shown.exit_code == 0, shown.stderr
    (project / f"councils/{slug}.yaml").write_text(shown.stdout, encoding="utf-8")
    after = uppdrag("render", slug, "-f", "md", "-o", "after")
    assert after.exit_code == 0, after.stderr
    assert (project / f"after/{slug}.md").read_bytes() == (project / f"before/{slug}.md").read_bytes()


def test_show_round_trip_keeps_removals_replacements_and_moves(project: Path, uppdrag: Invoke) -> None:
    council = project / "councils/urologi.yaml"
    council.write_text(
        council.read_text(encoding="utf-8")
        + """
sections:
  - id: uppdragsbeskrivning
    blocks:
      - id: uppgifter
        items:
          - id: nominera
            remove: true
          - id: styrning
            at: end
            move: true
          - id: egen
            after: samordning
            text: En egen uppgift för urologi.
  - id: arbetsorganisation
    blocks:
      - id: motesfrekvens
        replace: true
        items:
          - id: varje-manad
            text: En gång i månaden.
""",
        encoding="utf-8",
    )
    before = uppdrag("render", "urologi", "-f", "md", "-o", "before")
    assert before.exit_code == 0, before.stderr
    shown = uppdrag("show", "urologi").stdout
    assert "remove: true" in shown and "replace: true" in shown and "after: samordning" in shown
    council.write_text(shown, encoding="utf-8")
    after = uppdrag("render", "urologi", "-f", "md", "-o", "after")
    assert after.exit_code == 0, after.stderr
    assert (project / "after/urologi.md").read_text(encoding="utf-8") == (
        project / "before/urologi.md"
    ).read_text(encoding="utf-8")


def test_ids_lists_every_id_with_its_heading(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("ids", "urologi")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "sections"
    assert _line_with(result.stdout, "  arbetsorganisation").split() == [
        "arbetsorganisation",
        "Arbetsorganisation",
    ]
    assert _line_with(result.stdout, "    motesfrekvens").split() == ["motesfrekvens", "Mötesfrekvens:"]
    assert "      nominera " in result.stdout
    assert "processteam" not in result.stdout  # removed in 2026
    assert uppdrag("show", "urologi", "--ids").stdout == result.stdout


def test_explain_shows_the_word_change_of_a_later_revision(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("explain", "onkologi", "referensgrupp")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    set_at = _line_with(out, "samordningsrad/2024: added")
    assert set_at.endswith(f"{BASE_2024}:{line_of(project / BASE_2024, 'id: referensgrupp')}")
    changed = _line_with(out, "samordningsrad/2026: changed text")
    assert f"{BASE_2026}:{line_of(project / BASE_2026, 'id: referensgrupp') + 1}" in changed
    assert "not in the council's document" in changed  # onkologi is on 2024
    assert "[-koncernledning-]{+ledningsgrupp+} hälso- och sjukvård." in out
    assert "not overridden by the council" in out


def test_explain_names_the_council_override_and_takes_a_path(project: Path, uppdrag: Invoke) -> None:
    edit(project / "councils/urologi.yaml", 'revision: "2026"\n', 'revision: "2026"\n' + OVERRIDE)
    result = uppdrag("explain", "urologi", "arbetsorganisation.motesfrekvens")
    assert result.exit_code == 0, result.stderr
    line = line_of(project / "councils/urologi.yaml", "Sex gånger")
    assert _line_with(result.stdout, "the council: changed text").endswith(f"councils/urologi.yaml:{line}")
    assert "[-4 till maximalt 8 ggr/år-]{+Sex gånger per år+}." in result.stdout


def test_explain_ambiguous_or_unknown_clause(project: Path, uppdrag: Invoke) -> None:
    ambiguous = uppdrag("explain", "urologi", "samordning")
    assert ambiguous.exit_code == 2
    assert "uppdragsbeskrivning.uppgifter.samordning, samband.samordning" in ambiguous.stderr
    unknown = uppdrag("explain", "urologi", "motesfrekvns")
    assert unknown.exit_code == 2
    assert "did you mean 'motesfrekvens'?" in unknown.stderr
    assert "Traceback" not in unknown.stderr + unknown.stdout


def test_validate_warns_when_an_override_hides_a_revision_change(project: Path, uppdrag: Invoke) -> None:
    quiet = uppdrag("validate", "urologi")
    assert quiet.exit_code == 0 and "hides" not in quiet.stderr
    edit(project / "councils/urologi.yaml", 'revision: "2026"\n', 'revision: "2026"\n' + OVERRIDE)
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 0, result.stderr
    warning = _line_with(result.stderr, "hides")
    council_line = line_of(project / "councils/urologi.yaml", "Sex gånger")
    base_line = line_of(project / BASE_2026, "id: motesfrekvens") + 1
    assert warning.startswith(f"councils/urologi.yaml:{council_line}:")
    assert "sections[arbetsorganisation].blocks[motesfrekvens].text" in warning
    assert f"revision 2026 changed here ({BASE_2026}:{base_line})" in warning
    assert "4 [-–-]{+till maximalt+} 8 ggr/år" in warning


def test_no_warning_when_the_override_takes_the_new_text(project: Path, uppdrag: Invoke) -> None:
    new_text = uppdrag("show", "urologi", "-f", "json").stdout
    charter = json.loads(new_text)
    section = next(s for s in charter["sections"] if s["id"] == "arbetsorganisation")
    text = next(b for b in section["blocks"] if b["id"] == "motesfrekvens")["text"]
    edit(project / "councils/urologi.yaml", 'revision: "2026"\n', 'revision: "2026"\n' + OVERRIDE)
    edit(project / "councils/urologi.yaml", "Sex gånger per år.", json.dumps(text, ensure_ascii=False))
    assert "hides" not in uppdrag("validate", "urologi").stderr


def test_render_origin_adds_a_commented_copy_and_leaves_the_document_alone(
    project: Path, uppdrag: Invoke
) -> None:
    assert uppdrag("render", "urologi", "-o", "plain").exit_code == 0
    result = uppdrag("render", "urologi", "--origin", "-o", "annotated")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "annotated/urologi.origin.md"
    for name in ("urologi.md", "urologi.docx"):
        assert (project / "annotated" / name).read_bytes() == (project / "plain" / name).read_bytes()
    annotated = (project / "annotated/urologi.origin.md").read_text(encoding="utf-8")
    line = _line_with(annotated, "**Mötesfrekvens:**")
    assert line.endswith(
        f"<!-- sections[arbetsorganisation].blocks[motesfrekvens]: label {BASE_2024}:"
        f"{line_of(project / BASE_2024, 'Mötesfrekvens:')}; text {BASE_2026}:"
        f"{line_of(project / BASE_2026, 'id: motesfrekvens') + 1} (changed in 2026) -->"
    )
    plain = (project / "plain/urologi.md").read_text(encoding="utf-8")
    assert "<!--" not in plain
    stripped = "\n".join(part.split(" <!-- ")[0] for part in annotated.splitlines()) + "\n"
    assert stripped == plain
    assert uppdrag("show", "urologi", "-f", "md", "--origin").stdout == annotated


def test_new_points_to_show(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("new", "kardiologi").exit_code == 0
    assert "`uppdrag show kardiologi`" in (project / "councils/kardiologi.yaml").read_text(encoding="utf-8")


def _git(
    project: Path, *args: str, author: str = "Anna Andersson", date: str = "2026-01-15T10:00:00+01:00"
) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "a@example.se",
        "GIT_COMMITTER_NAME": author,
        "GIT_COMMITTER_EMAIL": "a@example.se",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_explain_git_names_the_commit_that_changed_exactly_those_lines(
    project: Path, uppdrag: Invoke
) -> None:
    _git(project, "init", "-q")
    _git(project, "add", "councils", "templates")
    _git(project, "commit", "-q", "-m", "Grundtexter")
    edit(project / BASE_2026, "Effektiva och korta möten", "Korta möten")
    _git(
        project,
        "commit",
        "-q",
        "-am",
        "Mötesfrekvens: kortare",
        author="Bo Berg",
        date="2026-03-02T09:00:00+01:00",
    )
    result = uppdrag("explain", "urologi", "motesfrekvens", "--git")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    changed = next(i for i, line in enumerate(lines) if "samordningsrad/2026: changed text" in line)
    git_lines = [line.strip() for line in lines[changed + 1 : changed + 5] if line.strip().startswith("git:")]
    # the text spans three lines: the first is as committed at first, the second was edited
    assert git_lines[0].endswith("2026-01-15 Anna Andersson: Grundtexter")
    assert git_lines[1].endswith("2026-03-02 Bo Berg: Mötesfrekvens: kortare")
    added = next(i for i, line in enumerate(lines) if "samordningsrad/2024: added" in line)
    assert "2026-01-15 Anna Andersson: Grundtexter" in lines[added + 3]
    other = uppdrag("explain", "urologi", "referensgrupp", "--git").stdout
    assert "Bo Berg" not in other  # a commit beside the clause is not the clause's
    assert "Anna Andersson: Grundtexter" in other


def test_explain_git_outside_a_repository_is_a_usage_error(project: Path, uppdrag: Invoke) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    result = uppdrag("explain", "urologi", "nominera", "--git")
    assert result.exit_code == 2
    assert "git blame" in result.stderr and "Traceback" not in result.stderr
