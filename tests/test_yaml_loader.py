"""The YAML loader: plain data only, text kept as written, every position remembered."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from uppdrag.errors import YamlSyntaxError
from uppdrag.source.load import MAX_DEPTH, YList, YMap, YTemplate, load_yaml

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True, params=["libyaml", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every loader test runs on libyaml (when PyYAML has it) and on the pure-Python parser."""
    if request.param == "pure":
        monkeypatch.setattr("uppdrag.source.load._FAST", False)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML without libyaml")
    return str(request.param)


def load(tmp_path: Path, text: str | bytes) -> Any:
    path = tmp_path / "x.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_yaml(path)


def error(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(YamlSyntaxError) as caught:
        load(tmp_path, text)
    return str(caught.value)


def test_scalars_keep_their_text(tmp_path: Path) -> None:
    data = load(tmp_path, "a: NO\nb: 08\nc: 010-441 00 00\nd: 2026-06-16\ne: 1.0\nf: yes\ng:\nh: ~\n")
    assert data == {
        "a": "NO",
        "b": "08",
        "c": "010-441 00 00",
        "d": "2026-06-16",
        "e": "1.0",
        "f": "yes",
        "g": None,
        "h": None,
    }


def test_positions_of_keys_values_and_items(tmp_path: Path) -> None:
    data = load(tmp_path, "name: x\nlist:\n  - a\n  - {id: b}\n")
    assert isinstance(data, YMap)
    assert (data.key_marks["list"].line, data.key_marks["list"].col) == (2, 1)
    assert (data.mark_of("name").line, data.mark_of("name").col) == (1, 7)
    items = data["list"]
    assert isinstance(items, YList)
    assert [(m.line, m.col) for m in items.item_marks] == [(3, 5), (4, 5)]


def test_template_tag_marks_a_template(tmp_path: Path) -> None:
    data = load(tmp_path, 'title: !template "Råd {{ council.name }}"\nplain: "{{ x }}"\n')
    assert isinstance(data["title"], YTemplate)
    assert not isinstance(data["plain"], YTemplate)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system\n",
        "a: !custom x\n",
        "a: !!int 5\n",
    ],
)
def test_object_and_unknown_tags_are_refused(tmp_path: Path, text: str) -> None:
    assert "is not allowed" in error(tmp_path, text)


def test_aliases_are_refused_quickly(tmp_path: Path) -> None:
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(8)
    )
    started = time.perf_counter()
    message = error(tmp_path, bomb)
    assert time.perf_counter() - started < 1.0
    assert ":2:" in message and "aliases" in message


def test_merge_keys_do_not_merge(tmp_path: Path) -> None:
    assert "aliases" in error(tmp_path, "a: &a {x: 1}\nb:\n  <<: *a\n")
    assert load(tmp_path, "b:\n  <<: {y: 2}\n") == {"b": {"<<": {"y": "2"}}}  # just a key


def test_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    message = error(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert message.endswith(":3:1: a: duplicate key (first written on line 1)")


def test_deep_nesting_is_refused_with_its_line(tmp_path: Path) -> None:
    message = error(tmp_path, "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert f"nesting deeper than {MAX_DEPTH}" in message and ":1:" in message


def test_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    message = error(tmp_path, "a: ok\nb: V\xe4nersborg\n".encode("latin-1"))
    assert ":2:5: not UTF-8" in message


def test_a_utf8_bom_is_fine(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufeffa: Vänersborg\n".encode()) == {"a": "Vänersborg"}


def test_tab_indentation_is_a_yaml_error_with_position(tmp_path: Path) -> None:
    message = error(tmp_path, "a:\n\tb: 1\n")
    assert ":2:1:" in message and "a tab in the indentation — use spaces" in message


def test_an_empty_file_is_an_empty_mapping(tmp_path: Path) -> None:
    assert load(tmp_path, "# only a comment\n") == {}


def test_a_large_file_is_refused(tmp_path: Path) -> None:
    assert "larger than" in error(tmp_path, "a: " + "x" * 1_100_000 + "\n")


# Documents of text, null, lists and mappings: what a council file is made of.
PASTED = "\u00a0\u202f\u2007\u00ad\u200b\u200c\u200d\u2060\u201c\u201d\u201e\u2018\u2019\u2013\u2014\u2212"
texts = st.text(
    # characters pasted from Word are refused in keys and names: tests/test_swedish.py
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85" + PASTED),
    max_size=20,
)
documents = st.recursive(
    st.none() | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(texts, documents, max_size=5))
def test_any_dumped_document_loads_back_unchanged(tmp_path_factory: pytest.TempPathFactory, doc: Any) -> None:
    path = tmp_path_factory.mktemp("h") / "doc.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert load_yaml(path) == doc


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_position(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("h") / "doc.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_yaml(path)
    except YamlSyntaxError as exc:
        assert str(exc).startswith(f"{path}:") or ":" in str(exc).split(" ")[0]
