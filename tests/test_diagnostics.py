"""YAML mistakes named as what they are (issue 23), in Swedish, at file:line:col, nothing written:
an unquoted ': ' in a text, an id or a key in the wrong place (with the YAML of the right
nesting), an unknown key with a did-you-mean over the keys the model allows, `kind:`/`slug:`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.english import english_in
from tests.helpers import Invoke, error_lines, snapshot

if TYPE_CHECKING:
    from pathlib import Path

COUNCIL = "councils/hud.yaml"
HEAD = 'name: hud\nbase: samordningsrad\nrevision: "2026"\n'


@dataclass(frozen=True)
class Case:
    name: str
    body: str
    where: str  # line:col
    says: tuple[str, ...]  # pieces of the Swedish message, in order
    detail: tuple[str, ...] = ()  # the YAML lines shown under it


CASES = [
    Case(
        "unquoted colon",
        "sections:\n  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n"
        "        text: Obs: sex gånger per år.\n",
        "8:18",
        (
            "': ' mitt i en text utan citattecken",
            'sätt hela texten inom citattecken (text: "Obs: sex gånger per år.")',
            "'text: |'",
        ),
    ),
    Case(
        "colon in a text going on from the line before",
        "uppdragsgivare: Karin Looström Muth\n  Obs: direktör\n",
        "5:6",
        ("': ' mitt i en text utan citattecken",),
    ),
    Case(
        "misindented key",
        "beslut:\n  namn: X\n   titel: Y\n",
        "6:4",
        ("'titel' är indragen 3 mellanslag, men 'namn' på rad 5",),
    ),
    Case(
        "id in the wrong list",
        "sections:\n  - id: uppdragsbeskrivning\n    blocks:\n      - id: styrning\n        text: Ny text.\n",
        "7:13",
        (
            "sections[uppdragsbeskrivning].blocks: okänt id 'styrning' här",
            "'styrning' finns under sections[uppdragsbeskrivning].blocks[uppgifter].items",
            "skriv det där, så här:",
        ),
        (
            "sections:",
            "  - id: uppdragsbeskrivning",
            "    blocks:",
            "      - id: uppgifter",
            "        items:",
            "          - id: styrning",
            "            text: Ny text.",
        ),
    ),
    Case(
        "id written as a key at the top",
        "motesfrekvens: Sex gånger per år.\n",
        "4:1",
        (
            "motesfrekvens: okänd nyckel",
            "'motesfrekvens' är id för en punkt under sections[arbetsorganisation].blocks",
        ),
        (
            "sections:",
            "  - id: arbetsorganisation",
            "    blocks:",
            "      - id: motesfrekvens",
            "        text: Sex gånger per år.",
        ),
    ),
    Case(
        "key of a section written in a block",
        "sections:\n  - id: syfte\n    blocks:\n      - id: syfte\n        heading: Syftet\n",
        "8:9",
        ("okänd nyckel", "'heading' är en nyckel under sections[syfte]"),
        ("sections:", "  - id: syfte", "    heading: Syftet"),
    ),
    Case(
        "id of a labelled paragraph at the top",
        "ordforande: Karin\n",
        "4:1",
        ("okänd nyckel", "'ordforande' är id för en punkt under sections[arbetsorganisation].blocks"),
    ),
    Case(
        "misspelt council key",
        'besluted: "2026"\n',
        "4:1",
        (
            "besluted: okänd nyckel; menade du 'beslutad'?",
            "(tillåtna: name, base, revision, revisions, beslutad",
        ),
    ),
    Case(
        "misspelt key in an item",
        "sections:\n  - id: syfte\n    blocks:\n      - id: syfte\n        txt: X\n",
        "8:9",
        ("okänd nyckel; menade du 'text'?", "(tillåtna: id, label, text, after, before, at"),
    ),
    Case(
        "kind instead of base",
        "",
        "2:1",
        ("kind: en rådsfil anger typen av uppdragshandling som 'base: samordningsrad', inte 'kind:'",),
    ),
    Case(
        "slug unlike the file name",
        "slug: hudx\n",
        "4:1",
        ("slug: 'hudx' är inte rådets slug: sluggen är filens namn, hud.yaml",),
    ),
]


def _write(root: Path, case: Case) -> None:
    head = HEAD.replace("base: ", "kind: ") if case.name == "kind instead of base" else HEAD
    (root / COUNCIL).write_text(head + case.body, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_yaml_mistakes_are_named_as_what_they_are(
    project: Path, uppdrag: Invoke, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    assert uppdrag("build").exit_code == 0
    before = snapshot(project / "out")
    _write(project, case)
    result = uppdrag("build")
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    named = [line for line in error_lines(result.stderr) if line.startswith(f"{COUNCIL}:")]
    assert named, result.stderr
    message = named[0]
    assert message.startswith(f"{COUNCIL}:{case.where}: "), message
    position = 0
    for piece in case.says:
        found = message.find(piece, position)
        assert found >= 0, f"{piece!r} not in {message!r}"
        position = found + len(piece)
    if case.detail:
        lines = result.stderr.splitlines()
        start = lines.index(message) + 1
        assert [line[4:] for line in lines[start : start + len(case.detail)]] == list(case.detail)
    assert english_in(result.stderr) == [], result.stderr  # no English inside Swedish
    assert snapshot(project / "out") == before
    assert not (project / "out/hud.md").exists()


def test_the_shown_yaml_is_the_fix(project: Path, uppdrag: Invoke) -> None:
    """Writing the snippet the message shows makes the council valid."""
    case = next(c for c in CASES if c.name == "id in the wrong list")
    _write(project, case)
    assert uppdrag("validate", "hud").exit_code == 1
    (project / COUNCIL).write_text(HEAD + "\n".join(case.detail) + "\n", encoding="utf-8")
    result = uppdrag("validate", "hud")
    assert result.exit_code == 0, result.stderr


def test_allowed_keys_come_from_the_model() -> None:
    from uppdrag.check.keys import allowed_keys
    from uppdrag.check.model import Charter, Decision, Paragraph

    council = allowed_keys(Charter, "council")
    assert {"name", "base", "revision", "revisions", "beslutad", "seen"} <= set(council)
    assert not {"slug", "kind"} & set(council)
    assert set(Charter.model_fields) - {"slug", "kind", "name", "revision"} <= set(council)
    base = allowed_keys(Charter, "base")
    assert "extends" in base and "base" not in base
    assert allowed_keys(Decision) == list(Decision.model_fields)
    assert "kind" not in allowed_keys(Paragraph) and "after" in allowed_keys(Paragraph)
