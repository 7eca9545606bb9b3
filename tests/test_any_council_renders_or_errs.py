"""Property tests: whatever a council file holds, uppdrag renders it or answers with located errors.

Random YAML documents, and random overlays on the real bases (real and made-up ids, every
operation, values of every shape), go through the whole pipeline: load, compose, validate,
Markdown and DOCX. The only acceptable failure is an UppdragError whose every line names a file
and line; any other exception is a bug.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO
from uppdrag.check.charter import load_charter
from uppdrag.errors import UppdragError
from uppdrag.render.formats import render_format
from uppdrag.source.project import Project

SECTION_IDS = [
    "inledning",
    "syfte",
    "uppdragsbeskrivning",
    "arbetsorganisation",
    "samband",
    "rapportering",
    "x",
]
BLOCK_IDS = ["grund", "syfte", "uppgifter", "ordforande", "deltagare", "motesfrekvens", "rutin", "ny", "y"]
ITEM_IDS = ["styrning", "samordning", "remissvar", "nominera", "koordinator", "ny-punkt", "z"]
KEYS = [
    "title",
    "datum",
    "diarienummer",
    "uppdragsgivare",
    "labels",
    "beslut",
    "layout",
    "unit",
    "titel",
    "x",
]

texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
scalars = st.one_of(st.none(), texts, st.integers(-5, 3000), st.booleans(), st.dates().map(str))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def operation(ids: list[str], body: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    placement = st.one_of(
        st.just({}),
        st.sampled_from(ids).map(lambda i: {"after": i}),
        st.sampled_from(ids).map(lambda i: {"before": i}),
        st.sampled_from(ids).map(lambda i: {"after": i, "move": True}),
        st.sampled_from(["start", "end", "mitten"]).map(lambda a: {"at": a}),
        st.just({"remove": True}),
        st.just({"replace": True}),
    )
    return st.tuples(st.sampled_from(ids), placement, body).map(lambda t: {"id": t[0], **t[1], **t[2]})


inline = st.one_of(
    texts,
    st.lists(
        st.one_of(
            texts,
            st.fixed_dictionaries({"link": texts, "url": texts}),
            st.fixed_dictionaries({"bold": texts}),
        ),
        max_size=3,
    ),
)
items = operation(ITEM_IDS, st.fixed_dictionaries({}, optional={"text": inline}))
blocks = operation(
    BLOCK_IDS,
    st.fixed_dictionaries(
        {}, optional={"text": inline, "label": texts, "items": st.lists(items, max_size=3)}
    ),
)
sections = operation(
    SECTION_IDS,
    st.fixed_dictionaries(
        {}, optional={"heading": texts, "level": st.integers(0, 4), "blocks": st.lists(blocks, max_size=3)}
    ),
)
councils = st.fixed_dictionaries(
    {
        "name": texts,
        "base": st.sampled_from(["samordningsrad", "koncerngrupp", "nej"]),
        "revision": st.sampled_from(["2024", "2026", "1999"]),
    },
    optional={
        "sections": st.lists(sections, max_size=3),
        "sandlista": st.lists(items, max_size=2),
        **{key: values for key in KEYS},
    },
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("prop")
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    return Project(root)


def run(project: Project, text: str) -> None:
    """The whole pipeline on `text` as councils/prov.yaml; only located UppdragErrors may escape."""
    path = project.councils_dir / "prov.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        loaded = load_charter(project, "prov")
        for fmt in ("md", "docx"):
            render_format(fmt, loaded.charter, project)
    except UppdragError as exc:
        for diagnostic in exc.diagnostics:
            assert diagnostic.mark is not None or "revision" in diagnostic.message, str(exc)
            assert "\n" not in diagnostic.message
            assert "Traceback" not in str(diagnostic)


SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(councils)
def test_random_overlays_on_the_real_bases_render_or_fail_cleanly(
    project: Project, council: dict[str, Any]
) -> None:
    run(project, yaml.safe_dump(council, allow_unicode=True))


@SETTINGS
@given(st.dictionaries(texts, values, max_size=6))
def test_random_documents_render_or_fail_cleanly(project: Project, document: dict[str, Any]) -> None:
    run(project, yaml.safe_dump(document, allow_unicode=True))


@SETTINGS
@given(st.text(max_size=300))
def test_random_text_renders_or_fails_cleanly(project: Project, text: str) -> None:
    run(project, text)


def test_a_valid_random_overlay_really_renders(project: Project) -> None:
    """The property is not vacuous: a well-formed overlay of the kind generated does render."""
    council = {
        "name": "prov",
        "base": "samordningsrad",
        "revision": "2026",
        "sections": [{"id": "syfte", "blocks": [{"id": "ny", "after": "syfte", "text": "Ett nytt stycke."}]}],
    }
    run(project, yaml.safe_dump(council, allow_unicode=True))
    assert "Ett nytt stycke." in render_format("md", load_charter(project, "prov").charter, project).decode()
