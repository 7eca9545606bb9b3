"""The editor's core: an edit in, the minimal council file out, comments kept, nothing invalid written.

The five tasks of `serve --edit` are run here on the data (the browser test runs them by clicks);
each ends in a golden council file that `validate` accepts and whose document holds what was typed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import given, settings
from hypothesis import strategies as st

from uppdrag.edit import synth
from uppdrag.edit.actions import Edit
from uppdrag.edit.council import open_council, propose, save
from uppdrag.edit.textform import from_form, to_form
from uppdrag.errors import Mark
from uppdrag.source.load import YList, YMap
from uppdrag.source.overlay import merge
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from tests.helpers import Invoke

HERE = Mark(Path("x.yaml"), 1, 1)
FREKVENS = "sections/arbetsorganisation/blocks/motesfrekvens"
UPPGIFTER = "sections/uppdragsbeskrivning/blocks/uppgifter/items"


def marked(value: Any) -> Any:
    """Plain data as the loader's marked tree (for the real overlay merge)."""
    if isinstance(value, dict):
        result = YMap(HERE)
        for key, sub in value.items():
            result.put(key, "true" if sub is True else marked(sub), HERE, HERE)
        return result
    if isinstance(value, list):
        items = YList(HERE)
        for sub in value:
            items.add(marked(sub), HERE)
        return items
    return value


def markdown(uppdrag: Invoke, project: Path, slug: str) -> str:
    """The council's document as Markdown, rendered by the CLI."""
    assert uppdrag("render", slug, "-f", "md", "--out", str(project / "md")).exit_code == 0
    return (project / "md" / f"{slug}.md").read_text(encoding="utf-8")


def apply(project: Path, slug: str, edit: Edit) -> str:
    council = open_council(Project(project), slug)
    proposal = propose(council, edit)
    assert proposal.problems == (), [str(p) for p in proposal.problems]
    save(council, proposal, council.etag)
    return (project / "councils" / f"{slug}.yaml").read_text(encoding="utf-8")


def test_change_and_restore_a_paragraph(project: Path, uppdrag: Invoke) -> None:
    text = apply(project, "urologi", Edit("text", FREKVENS, "text", "Sex gånger per år."))
    assert text.endswith(
        'beslutad: "2026"   # beslutad tillsammans med revision 2026 (beslut 2026-06-17, RS 2024-00784)\n'
        "\nsections:\n  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n"
        "        text: Sex gånger per år.\n"
    )
    assert text.startswith("# yaml-language-server: $schema=schema.json\n# Samordningsråd urologi")
    assert uppdrag("validate", "urologi").exit_code == 0
    assert "Sex gånger per år." in markdown(uppdrag, project, "urologi")
    restored = apply(project, "urologi", Edit("restore", FREKVENS, "text"))
    assert restored == (Path(__file__).parents[1] / "councils" / "urologi.yaml").read_text(encoding="utf-8")


def test_add_a_point_after_spridning(project: Path, uppdrag: Invoke) -> None:
    text = apply(
        project,
        "ortopedi",
        Edit(
            "add",
            f"{UPPGIFTER}/spridning",
            "text",
            "Följa upp **väntetider** i [VGR](https://www.vgregion.se).",
        ),
    )
    assert text.endswith(
        "sections:\n  - id: uppdragsbeskrivning\n    blocks:\n      - id: uppgifter\n        items:\n"
        "          - id: folja-upp-vantetider\n            after: spridning\n            text:\n"
        '              - "Följa upp "\n              - bold: väntetider\n              - " i "\n'
        "              - link: VGR\n                url: https://www.vgregion.se\n              - .\n"
    )
    assert uppdrag("validate", "ortopedi").exit_code == 0
    document = markdown(uppdrag, project, "ortopedi")
    assert (
        "Verka för spridning"
        in document.split("Följa upp **väntetider** i [VGR](https://www.vgregion.se).")[0]
    )


def test_move_a_point_says_the_point_that_moved(project: Path, uppdrag: Invoke) -> None:
    text = apply(project, "vuxenpsykiatri", Edit("down", f"{UPPGIFTER}/spridning"))
    assert text.endswith(
        "        items:\n          - id: spridning\n"
        "            after: utvecklingsarbete\n            move: true\n"
    )
    assert uppdrag("validate", "vuxenpsykiatri").exit_code == 0
    back = apply(project, "vuxenpsykiatri", Edit("up", f"{UPPGIFTER}/spridning"))
    assert "sections" not in back  # moved back: nothing of its own any more


def test_record_a_decision_for_a_new_council(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("new", "hud", "--name", "hud och venereologi").exit_code == 0
    before = (project / "councils" / "hud.yaml").read_text(encoding="utf-8")
    values = (("datum", "2026-11-20"), ("namn", "Jonas Claesson"), ("titel", "Hälso- och sjukvårdsdirektör"))
    text = apply(project, "hud", Edit("decision", "", "beslut", values=values))
    assert "beslut:\n  datum: 2026-11-20\n" in text
    comments = [line for line in before.splitlines() if line.startswith("#")]
    assert all(line in text for line in comments)
    listing = uppdrag("list").stdout
    assert "hud" in listing and "beslutad" in listing.split("hud", 1)[1].splitlines()[0]


def test_decided_with_the_revision_when_the_date_is_the_revisions(project: Path) -> None:
    own = apply(project, "urologi", Edit("decision", "", "beslut", values=(("datum", "2026-10-01"),)))
    assert "beslut:\n  datum: 2026-10-01\n" in own and "beslutad" not in own
    text = apply(project, "urologi", Edit("decision", "", "beslut", values=(("datum", "2026-06-17"),)))
    assert 'beslutad: "2026"' in text and "beslut:" not in text


def test_an_invalid_edit_writes_nothing(project: Path) -> None:
    path = project / "councils" / "urologi.yaml"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    council = open_council(Project(project), "urologi")
    empty = propose(council, Edit("text", FREKVENS, "text", "   "))
    assert empty.charter is None and "must not be empty" in str(empty.problems[0])
    date = propose(council, Edit("decision", "", "beslut", values=(("datum", "16/6/2026"),)))
    assert date.charter is None and "beslut.datum" in str(date.problems[0])
    unknown = propose(council, Edit("text", "sections/nope/blocks/x", "text", "x"))
    assert unknown.charter is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_changed_on_disk_is_not_overwritten(project: Path) -> None:
    from uppdrag.edit.council import Conflict

    council = open_council(Project(project), "urologi")
    proposal = propose(council, Edit("text", FREKVENS, "text", "Varje månad."))
    path = project / "councils" / "urologi.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
    try:
        save(council, proposal, council.etag)
    except Conflict as conflict:
        assert "# edited elsewhere" in conflict.on_disk and "Varje månad." in conflict.proposed
    else:
        raise AssertionError("a stale page overwrote the file")
    assert "Varje månad." not in path.read_text(encoding="utf-8")


def test_own_texts_keep_their_line_breaks_and_blank_lines(project: Path) -> None:
    path = project / "councils" / "utveckling.yaml"
    before = path.read_text(encoding="utf-8")
    text = apply(project, "utveckling", Edit("remove", "sandlista/hs-utvecklingsdirektor"))
    import difflib

    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), text.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-  - id: hs-utvecklingsdirektor",
        "-    before: forteckning",
        "-    text: Hälsa- och sjukvårdsutvecklingsdirektören",
    ]


def test_text_form_round_trip() -> None:
    value = ["Se ", {"link": "rutinen", "url": "https://vgregion.se/r"}, " och ", {"bold": "gör så"}, "."]
    assert to_form(value) == "Se [rutinen](https://vgregion.se/r) och **gör så**."
    assert from_form(to_form(value)) == value
    assert from_form("  plain\n text  ") == "plain text"
    assert from_form("a [not a link](javascript:alert(1))") == "a [not a link](javascript:alert(1))"


ids = st.sampled_from([f"p{n}" for n in range(8)])
texts = st.sampled_from(["a", "b", "c"])


@st.composite
def base_and_target(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    base_ids = draw(st.lists(ids, min_size=1, max_size=6, unique=True))
    base = [{"id": i, "text": draw(texts)} for i in base_ids]
    kept = draw(st.permutations(draw(st.lists(st.sampled_from(base_ids), unique=True))))
    new = draw(st.lists(st.sampled_from([f"n{n}" for n in range(4)]), unique=True))
    order = draw(st.permutations([*kept, *new]))
    target = [{"id": i, "text": draw(texts)} for i in order]
    return base, target


@settings(max_examples=300, deadline=None)
@given(base_and_target(), st.booleans())
def test_synth_overlay_merges_back_to_the_target(
    pair: tuple[list[dict[str, Any]], list[dict[str, Any]]], hinted: bool
) -> None:
    base, target = pair
    was = synth.id_list(base, list(reversed(target))) if hinted else None
    entries = synth.overlay({"items": base}, {"items": target}, {"items": was} if was else None)
    merged = merge(marked({"items": base}), marked(entries)) if entries else marked({"items": base})
    assert synth.plain(merged)["items"] == target
    touched = {e["id"] for e in entries.get("items", [])}
    unchanged = {b["id"] for b in base} & {t["id"] for t in target}
    assert len(touched) <= len(base) + len(target)  # never more entries than items
    assert (
        not entries
        or touched - unchanged
        or any(e.get("remove") or e.get("move") or "text" in e for e in entries["items"])
    )


def test_an_edit_keeps_what_the_council_has_seen(project: Path, uppdrag: Invoke) -> None:
    """`seen:` (issue 23) on an item and at the top survives an edit elsewhere; restoring the
    item to the base text takes its `seen:` with it."""
    path = project / "councils" / "urologi.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + 'seen: "2026"\nsections:\n  - id: arbetsorganisation\n    blocks:\n'
        + '      - id: motesfrekvens\n        seen: "2026"\n        text: Sex gånger per år.\n',
        encoding="utf-8",
    )
    text = apply(project, "urologi", Edit("text", f"{UPPGIFTER}/spridning", "text", "Ny text."))
    assert '\nseen: "2026"\n' in text
    assert '      - id: motesfrekvens\n        seen: "2026"\n        text: Sex gånger per år.\n' in text
    assert uppdrag("validate", "urologi").exit_code == 0
    restored = apply(project, "urologi", Edit("restore", FREKVENS, "text"))
    assert "motesfrekvens" not in restored
    assert restored.count("seen:") == 1
