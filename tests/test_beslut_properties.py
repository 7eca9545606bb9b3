"""Property: any mix of edits to a council's document, written as a decision and applied to the
council's file, gives that edited document word for word; every clause the decision names in the
old document is named once, and read back it names the same clause.

500 examples by default; UPPDRAG_SLOW=1 (`pytest -m slow`) runs 5000.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, SLUGS
from uppdrag.check.charter import load_charter
from uppdrag.check.model import Charter
from uppdrag.diff.decision import decide
from uppdrag.diff.decision_out import as_markdown
from uppdrag.diff.idiom import load_idiom
from uppdrag.diff.places import CUT, Ref, index
from uppdrag.ingest.decision_apply import apply_decision
from uppdrag.ingest.decision_read import read_decision
from uppdrag.render.markdown import render_markdown
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from pathlib import Path

# Words of the documents, with the marks Markdown and the idiom must carry through unharmed.
WORDS = [
    "samordning", "regional", "gruppen", "ska", "verka", "för", "kvalitet", "och", "ansvar",
    "förvaltningen", "VGR:s", "hälso-", "sjukvård", "(RS 2019-03137-40)", "4 – 8 ggr/år", "”citat”",
    "a_b", "*stjärna*", "[hakparentes]", "<vinkel>", "|", "\\", "#1", "- streck", "1.", "ledningsgrupp",
]  # fmt: skip
KINDS = [
    "insert_item", "remove_item", "replace_item", "move_item", "same_opening", "heading", "fact",
    "insert_paragraph", "remove_paragraph", "replace_paragraph", "move_paragraph", "insert_section",
    "remove_section", "sandlista", "label", "insert_list",
]  # fmt: skip
FACTS = ["title", "ansvarsomrade", "uppdragsgivare", "uppdragstagare", "diarienummer"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(lambda w: "Text " + " ".join(w))
edits = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 99), st.integers(0, 99), texts, st.booleans()),
    min_size=1,
    max_size=6,
)


class Editor:
    """Edits on a charter as plain data, each chosen by numbers taken modulo what there is."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.d = data
        self.made = 0

    def new_id(self) -> str:
        self.made += 1
        return f"ny-{self.made}"

    def lists(self) -> list[list[dict[str, Any]]]:
        return [b["items"] for s in self.d["sections"] for b in s["blocks"] if b["kind"] == "list"]

    def apply(self, kind: str, a: int, b: int, text: str, flag: bool) -> None:
        if kind.endswith(("item", "opening")) and not self.lists():
            return
        getattr(self, kind)(a, b, text, flag)

    def insert_item(self, a: int, b: int, text: str, flag: bool) -> None:
        items = self.lists()[a % len(self.lists())]
        items.insert(b % (len(items) + 1), {"id": self.new_id(), "text": text})

    def same_opening(self, a: int, b: int, text: str, flag: bool) -> None:
        """A point with the same opening words as one beside it (or the very same words)."""
        items = self.lists()[a % len(self.lists())]
        twin = items[b % len(items)]
        words = twin["text"] if isinstance(twin["text"], str) else "Samma ord här"
        tail = "" if flag else " " + text
        items.insert(b % len(items), {"id": self.new_id(), "text": words + tail})

    def remove_item(self, a: int, b: int, text: str, flag: bool) -> None:
        items = self.lists()[a % len(self.lists())]
        if len(items) > 1:
            items.pop(b % len(items))

    def replace_item(self, a: int, b: int, text: str, flag: bool) -> None:
        items = self.lists()[a % len(self.lists())]
        items[b % len(items)]["text"] = text

    def move_item(self, a: int, b: int, text: str, flag: bool) -> None:
        items = self.lists()[a % len(self.lists())]
        item = items.pop(b % len(items))
        if flag:
            item["text"] = text  # moved and changed
        items.insert((a + b) % (len(items) + 1), item)

    def heading(self, a: int, b: int, text: str, flag: bool) -> None:
        sections = [s for s in self.d["sections"] if s["heading"]]
        sections[a % len(sections)]["heading"] = f"Rubrik {self.new_id()} {text}"

    def fact(self, a: int, b: int, text: str, flag: bool) -> None:
        self.d[FACTS[a % len(FACTS)]] = text

    def _paragraphs(self, a: int) -> tuple[list[dict[str, Any]], list[int]]:
        blocks = self.d["sections"][a % len(self.d["sections"])]["blocks"]
        return blocks, [i for i, x in enumerate(blocks) if x["kind"] == "paragraph"]

    def insert_paragraph(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks, _ = self._paragraphs(a)
        label = f"Ledord {self.made}:" if flag else None
        paragraph = {"kind": "paragraph", "id": self.new_id(), "label": label, "text": text}
        blocks.insert(b % (len(blocks) + 1), paragraph)

    def insert_list(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks, _ = self._paragraphs(a)
        items = [{"id": self.new_id(), "text": text}, {"id": self.new_id(), "text": text + " två"}]
        blocks.insert(b % (len(blocks) + 1), {"kind": "list", "id": self.new_id(), "items": items})

    def remove_paragraph(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks, found = self._paragraphs(a)
        if found and len(blocks) > 1:
            blocks.pop(found[b % len(found)])

    def replace_paragraph(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks, found = self._paragraphs(a)
        if found:
            blocks[found[b % len(found)]]["text"] = text

    def label(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks, found = self._paragraphs(a)
        labelled = [i for i in found if blocks[i]["label"] and blocks[i]["text"] is not None]
        if labelled:
            blocks[labelled[b % len(labelled)]]["label"] = f"Ledord {self.new_id()}:"

    def move_paragraph(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks, found = self._paragraphs(a)
        if found:
            block = blocks.pop(found[b % len(found)])
            if flag and block["text"] is not None:
                block["text"] = text
            blocks.insert((a + b) % (len(blocks) + 1), block)

    def insert_section(self, a: int, b: int, text: str, flag: bool) -> None:
        blocks: list[dict[str, Any]] = [{"kind": "paragraph", "id": "a", "label": None, "text": text}]
        if flag:
            blocks.append({"kind": "list", "id": "b", "items": [{"id": "c", "text": text + " punkt"}]})
        section = {"id": self.new_id(), "heading": f"Ny rubrik {self.made}", "level": 1, "blocks": blocks}
        sections = self.d["sections"]
        sections.insert(1 + b % len(sections), section)

    def remove_section(self, a: int, b: int, text: str, flag: bool) -> None:
        sections = self.d["sections"]
        if len(sections) > 2:
            sections.pop(1 + a % (len(sections) - 1))

    def sandlista(self, a: int, b: int, text: str, flag: bool) -> None:
        items = self.d["sandlista"]
        if flag and len(items) > 1:
            items.pop(a % len(items))
        else:
            items.insert(b % (len(items) + 1), {"id": self.new_id(), "text": text})


def sections_have_text(charter: Charter) -> bool:
    sections = charter.sections
    return all(
        s.blocks or (i + 1 < len(sections) and sections[i + 1].level > s.level)
        for i, s in enumerate(sections)
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("beslut-property")
    shutil.copytree(REPO / "councils", folder / "councils")
    shutil.copytree(REPO / "templates", folder / "templates")
    return folder


def round_trip(root: Path, slug: str, changes: list[tuple[str, int, int, str, bool]]) -> None:
    council = root / "councils" / f"{slug}.yaml"
    shutil.copyfile(REPO / "councils" / f"{slug}.yaml", council)
    project = Project(root)
    old = load_charter(project, slug).charter
    editor = Editor(old.model_dump())
    for change in changes:
        editor.apply(*change)
    new = Charter.model_validate(editor.d)
    assume(sections_have_text(new))
    idiom = load_idiom(project)
    decision = decide(idiom, old, new)
    text = as_markdown(decision, project.templates_dir)
    path = root / "beslut.md"
    path.write_text(text, encoding="utf-8")
    # every clause the decision names is named once in the old document, and reads back as named
    refs = [c.ref for c in index(old).clauses.values()]
    for amendment in decision.amendments:
        if amendment.target is not None and amendment.target.kind not in ("section", "heading"):
            assert refs.count(amendment.target) == 1, amendment.target
    read = [c.amendment.target for c in read_decision(text, idiom, path)]
    made = [a.target for a in decision.amendments]
    assert [r and replace(r, words=r.words.removesuffix(CUT), ordinal=_ordinal(r)) for r in made] == read
    implied = apply_decision(project, slug, path)
    council.write_text(implied, encoding="utf-8")
    again = Project(root)
    got = render_markdown(load_charter(again, slug).charter, again.templates_dir)
    assert got == render_markdown(new, project.templates_dir)


def _ordinal(ref: Ref) -> int:
    return 0 if ref.kind == "fact" else ref.ordinal  # a fact is named by its label alone


SETTINGS = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture]}


@settings(max_examples=500, **SETTINGS)  # type: ignore[arg-type]
@given(slug=st.sampled_from(SLUGS), changes=edits)
def test_random_edits_round_trip(
    root: Path, slug: str, changes: list[tuple[str, int, int, str, bool]]
) -> None:
    round_trip(root, slug, changes)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("UPPDRAG_SLOW"), reason="the long run: UPPDRAG_SLOW=1")
@settings(max_examples=5000, **SETTINGS)  # type: ignore[arg-type]
@given(slug=st.sampled_from(SLUGS), changes=edits)
def test_random_edits_round_trip_long(
    root: Path, slug: str, changes: list[tuple[str, int, int, str, bool]]
) -> None:
    round_trip(root, slug, changes)
