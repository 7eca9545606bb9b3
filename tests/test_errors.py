"""Bad input: one line naming file, line and field; exit 1; nothing written."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.helpers import Invoke, edit, error_lines, line_of

if TYPE_CHECKING:
    from pathlib import Path

COUNCIL = "councils/urologi.yaml"


def fails(uppdrag: Invoke, project: Path, *args: str) -> str:
    """Render urologi expecting a data error; returns the error line."""
    result = uppdrag("render", "urologi", *args)
    assert result.exit_code == 1, result.stdout
    assert not (project / "out" / "urologi.md").exists()
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_misspelled_key(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\ntitel: Något annat\n', encoding="utf-8"
    )
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:4:1: titel: unknown key; did you mean 'title'?")


def test_misspelled_key_deep_in_an_overlay(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\nsections:\n'
        "  - id: syfte\n    blocks:\n      - id: syfte\n        txt: Nytt syfte.\n",
        encoding="utf-8",
    )
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:8:9: sections[syfte].blocks[syfte].txt: unknown key")
    assert "did you mean 'text'?" in message


def test_unknown_id_names_the_ids_that_exist(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\nsections:\n'
        "  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvns\n        text: Varje månad.\n",
        encoding="utf-8",
    )
    message = fails(uppdrag, project)
    assert message.startswith(
        f"{COUNCIL}:7:13: sections[arbetsorganisation].blocks: unknown id 'motesfrekvns'"
    )
    assert "did you mean 'motesfrekvens'?" in message
    assert "ordforande, deltagare, adjungerade, motesfrekvens, undergrupper" in message


def test_unknown_anchor_of_an_insert(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\nsandlista:\n'
        "  - id: registrator\n    after: koordinatorn\n    text: Registrator\n",
        encoding="utf-8",
    )
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:6:12: sandlista[registrator].after: unknown id 'koordinatorn'")
    assert "did you mean 'koordinator'?" in message


def test_missing_base(project: Path, uppdrag: Invoke) -> None:
    edit(project / COUNCIL, "base: samordningsrad", "base: samordningsråd")
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:")
    assert "samordningsråd/2026" in message


def test_missing_base_revision(project: Path, uppdrag: Invoke) -> None:
    edit(project / COUNCIL, 'revision: "2026"', 'revision: "2025"')
    message = fails(uppdrag, project)
    line = line_of(project / COUNCIL, "2025")
    assert message.startswith(f"{COUNCIL}:{line}:11: base 'samordningsrad/2025' not found")
    assert "revisions of samordningsrad: 2024, 2026" in message


def test_duplicate_key_names_both_lines(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nname: urologin\nrevision: "2026"\n', encoding="utf-8"
    )
    message = fails(uppdrag, project)
    assert message == f"{COUNCIL}:3:1: name: duplicate key (first written on line 1)"


def test_yaml_syntax_error(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text('name: urologi\nbase: samordningsrad\nrevision: "2026\n', encoding="utf-8")
    message = fails(uppdrag, project)
    assert (
        message
        == f'{COUNCIL}:3:11: the quotation mark " that opens here is never closed; end the text with "'
    )


def test_error_in_a_base_points_to_the_base(project: Path, uppdrag: Invoke) -> None:
    base = project / "councils/bases/samordningsrad/2026.yaml"
    edit(base, "datum: 2026-06-16", "datum: 2026-06-31")
    message = fails(uppdrag, project)
    assert message.startswith(
        f"councils/bases/samordningsrad/2026.yaml:{line_of(base, '2026-06-31')}:8: datum:"
    )


def test_a_template_typo_names_its_line(project: Path, uppdrag: Invoke) -> None:
    edit(
        project / "councils/bases/samordningsrad/2026.yaml",
        "{{ council.name }}, reviderad",
        "{{ council.nmae }}, reviderad",
    )
    message = fails(uppdrag, project)
    assert message.startswith("councils/bases/samordningsrad/2026.yaml:")
    assert "title: template:" in message and "nmae" in message


def test_jinja_in_plain_text_renders_literally(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\nuppdragsgivare: "{{ 7 * 7 }} {% raw %}"\n',
        encoding="utf-8",
    )
    assert uppdrag("render", "urologi").exit_code == 0
    text = (project / "out/urologi.md").read_text(encoding="utf-8")
    assert r"{{ 7 \* 7 }} {% raw %}" in text and "49" not in text


def test_markdown_characters_in_data_cannot_change_structure(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\nsections:\n'
        "  - id: syfte\n    blocks:\n      - id: syfte\n"
        '        text: "# Inte en rubrik | *inte kursiv* <b>"\n',
        encoding="utf-8",
    )
    assert uppdrag("render", "urologi").exit_code == 0
    text = (project / "out/urologi.md").read_text(encoding="utf-8")
    assert r"\# Inte en rubrik \| \*inte kursiv\* \<b\>" in text


def test_control_character_is_refused_with_its_line(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\nuppdragsgivare: "Karin\\x0bMuth"\n',
        encoding="utf-8",
    )
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:4:17: uppdragsgivare: contains the control character U+000B")


@pytest.mark.parametrize("value", ['""', "None", "null"])
def test_empty_required_text_is_an_error(project: Path, uppdrag: Invoke, value: str) -> None:
    (project / COUNCIL).write_text(
        f'name: urologi\nbase: samordningsrad\nrevision: "2026"\nuppdragsgivare: {value}\n', encoding="utf-8"
    )
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:4:17: uppdragsgivare:")


def test_missing_required_field_of_a_council(project: Path, uppdrag: Invoke) -> None:
    (project / COUNCIL).write_text('base: samordningsrad\nrevision: "2026"\n', encoding="utf-8")
    message = fails(uppdrag, project)
    assert message.startswith(f"{COUNCIL}:1:1: name: missing")


def test_validate_reports_every_broken_council_and_exits_1(project: Path, uppdrag: Invoke) -> None:
    edit(project / "councils/urologi.yaml", "name: urologi", "name: [urologi")
    edit(project / "councils/ortopedi.yaml", 'revision: "2026"', 'revision: "1999"')
    result = uppdrag("validate")
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert [line.split(":")[0] for line in errors] == ["councils/ortopedi.yaml", "councils/urologi.yaml"]
    assert "vuxenpsykiatri: ok" in result.stdout


@pytest.mark.parametrize(
    ("body", "field", "suggestion"),
    [
        (
            "sections:\n  - id: uppdragsbeskrivning\n    blocks:\n      - id: uppgifter\n        items:\n"
            "          - id: ny\n            after: styrning\n            txt: Ny punkt.\n",
            "sections[uppdragsbeskrivning].blocks[uppgifter].items[ny].txt",
            "did you mean 'text'?",
        ),
        (
            "sections:\n  - id: kommunikation\n    blocks:\n      - id: rutin\n"
            "        text: [{link: Rutin, ulr: 'https://vregion.se'}]\n",
            "sections[kommunikation].blocks[rutin].text[0].ulr",
            "did you mean 'url'?",
        ),
    ],
)
def test_misspelled_key_inside_lists_and_links(
    project: Path, uppdrag: Invoke, body: str, field: str, suggestion: str
) -> None:
    (project / COUNCIL).write_text(
        'name: urologi\nbase: samordningsrad\nrevision: "2026"\n' + body, encoding="utf-8"
    )
    result = uppdrag("render", "urologi")
    assert result.exit_code == 1
    line = next(line for line in result.stderr.splitlines() if f"{field}: unknown key" in line)
    assert suggestion in line
