"""The overlay merge: by id at any depth; every bad reference is an error with a place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from uppdrag.check.validate import to_plain
from uppdrag.errors import OverlayError
from uppdrag.source.load import load_yaml
from uppdrag.source.overlay import check_unique_ids, merge

BASE = """
title: Gammal
meta: {datum: 2024-01-01, nr: RS 1}
items:
  - {id: a, text: A}
  - {id: b, text: B, sub: [{id: x, text: X}, {id: y, text: Y}]}
  - {id: c, text: C}
"""


def parse(tmp_path: Path, text: str, name: str = "f.yaml") -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_yaml(path)


def merged(tmp_path: Path, overlay: str) -> Any:
    return to_plain(merge(parse(tmp_path, BASE, "base.yaml"), parse(tmp_path, overlay)))


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_scalars_and_mappings_merge(tmp_path: Path) -> None:
    result = merged(tmp_path, "title: Ny\nmeta: {nr: RS 2}\n")
    assert result["title"] == "Ny"
    assert result["meta"] == {"datum": "2024-01-01", "nr": "RS 2"}


def test_update_by_id_keeps_the_rest_of_the_item(tmp_path: Path) -> None:
    result = merged(tmp_path, "items: [{id: b, text: B2}]\n")
    assert result["items"][1] == {
        "id": "b",
        "text": "B2",
        "sub": [{"id": "x", "text": "X"}, {"id": "y", "text": "Y"}],
    }


def test_update_at_depth(tmp_path: Path) -> None:
    result = merged(tmp_path, "items: [{id: b, sub: [{id: y, text: Y2}]}]\n")
    assert result["items"][1]["sub"][1] == {"id": "y", "text": "Y2"}


def test_replace_swaps_the_whole_item_in_place(tmp_path: Path) -> None:
    result = merged(tmp_path, "items: [{id: b, replace: true, items: [{id: q, text: Q}]}]\n")
    assert result["items"][1] == {"id": "b", "items": [{"id": "q", "text": "Q"}]}


def test_remove(tmp_path: Path) -> None:
    assert ids(merged(tmp_path, "items: [{id: b, remove: true}]\n")["items"]) == ["a", "c"]


@pytest.mark.parametrize(
    ("placement", "expected"),
    [
        ("after: a", ["a", "n", "b", "c"]),
        ("before: a", ["n", "a", "b", "c"]),
        ("at: start", ["n", "a", "b", "c"]),
        ("at: end", ["a", "b", "c", "n"]),
    ],
)
def test_insert(tmp_path: Path, placement: str, expected: list[str]) -> None:
    assert ids(merged(tmp_path, f"items: [{{id: n, text: N, {placement}}}]\n")["items"]) == expected


def test_move_an_existing_item_and_change_it(tmp_path: Path) -> None:
    result = merged(tmp_path, "items: [{id: c, after: a, move: true, text: C2}]\n")
    assert ids(result["items"]) == ["a", "c", "b"]
    assert result["items"][1] == {"id": "c", "text": "C2"}


def test_an_insert_with_an_existing_id_names_both_places(tmp_path: Path) -> None:
    with pytest.raises(OverlayError) as caught:
        merged(tmp_path, "items:\n  - id: c\n    after: a\n    text: C2\n")
    message = str(caught.value)
    assert "f.yaml:3:12: items[c]: id 'c' already exists at " in message
    assert "base.yaml:7;" in message and "give 'move: true'" in message


@pytest.mark.parametrize(
    ("overlay", "message"),
    [
        ("items: [{id: c, move: true, text: C2}]\n", "'move: true' needs 'after: ID'"),
        ("items: [{id: z, move: true, after: a}]\n", "no item 'z' to move"),
    ],
)
def test_move_needs_a_placement_and_an_item(tmp_path: Path, overlay: str, message: str) -> None:
    with pytest.raises(OverlayError, match=message):
        merged(tmp_path, overlay)


def test_unknown_id_says_where_and_what_exists(tmp_path: Path) -> None:
    with pytest.raises(OverlayError) as caught:
        merged(tmp_path, "items:\n  - id: bb\n    text: B2\n")
    message = str(caught.value)
    assert message.startswith(
        f"{tmp_path / 'f.yaml'}:2:9: items: unknown id 'bb'".replace(str(Path.cwd()) + "/", "")
    )
    assert "did you mean 'b'?" in message and "(ids here: a, b, c)" in message
    assert "after: ID" in message


def test_removing_an_unknown_id_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match="unknown id 'z'"):
        merged(tmp_path, "items: [{id: z, remove: true}]\n")


def test_removed_item_takes_no_other_keys(tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match="takes no other keys"):
        merged(tmp_path, "items: [{id: a, remove: true, text: A}]\n")


def test_two_placements_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match="only one of"):
        merged(tmp_path, "items: [{id: n, after: a, before: c, text: N}]\n")


def test_items_of_an_id_list_need_ids(tmp_path: Path) -> None:
    with pytest.raises(OverlayError, match="needs an 'id'"):
        merged(tmp_path, "items: [{text: N}]\n")


def test_duplicate_ids_are_found(tmp_path: Path) -> None:
    tree = parse(tmp_path, "items:\n  - {id: a}\n  - {id: a}\n")
    with pytest.raises(OverlayError, match=r":3:\d+: items\[a\]: duplicate id 'a' \(first on line 2\)"):
        check_unique_ids(tree)


def test_inputs_are_not_changed(tmp_path: Path) -> None:
    base = parse(tmp_path, BASE, "base.yaml")
    before = to_plain(base)
    merge(base, parse(tmp_path, "items: [{id: a, remove: true}, {id: b, text: Z}]\n"))
    assert to_plain(base) == before


# A reference model of the list operations, to check the merge against.
def reference(base: list[str], ops: list[tuple[str, str, str | None]]) -> list[str] | None:
    items = list(base)
    for op, item, anchor in ops:
        exists = item in items
        if op == "remove":
            if not exists:
                return None
            items.remove(item)
        elif op == "update":
            if not exists:
                return None
        elif exists != (op == "move"):
            return None  # only `move: true` places an existing item, and it needs one
        else:
            op = "after" if op == "move" else op
            rest = [i for i in items if i != item]
            if op == "at":
                position = 0 if anchor == "start" else len(rest)
            elif anchor not in rest:
                return None
            else:
                position = rest.index(anchor) + (op == "after")
            rest.insert(position, item)
            items = rest
    return items


names = st.sampled_from(list("abcdefg"))
operations = st.tuples(
    st.sampled_from(["remove", "update", "after", "before", "at", "move"]), names, names
).map(lambda t: (t[0], t[1], ("start" if t[2] < "d" else "end") if t[0] == "at" else t[2]))


@settings(max_examples=300, deadline=None)
@given(st.lists(names, unique=True, min_size=1, max_size=6), st.lists(operations, max_size=6))
def test_list_operations_match_the_reference(
    tmp_path_factory: pytest.TempPathFactory, base: list[str], ops: list[tuple[str, str, str | None]]
) -> None:
    folder = tmp_path_factory.mktemp("m")
    base_doc = {"items": [{"id": i, "text": i.upper()} for i in base]}
    overlay: list[dict[str, str]] = []
    for op, item, anchor in ops:
        entry = {"id": item}
        if op == "remove":
            entry["remove"] = "true"
        elif op == "update":
            entry["text"] = item.upper() + "2"
        elif op == "move":
            entry.update({"after": str(anchor), "move": "true"})
        else:
            entry[op] = str(anchor)
            entry["text"] = item.upper()
        overlay.append(entry)
    expected = reference(base, ops)
    try:
        result = merged_docs(folder, base_doc, {"items": overlay})
    except OverlayError:
        assert expected is None
    else:
        assert expected is not None
        assert ids(result["items"]) == expected


def merged_docs(folder: Path, base: Any, overlay: Any) -> Any:
    (folder / "b.yaml").write_text(yaml.safe_dump(base), encoding="utf-8")
    (folder / "o.yaml").write_text(yaml.safe_dump(overlay), encoding="utf-8")
    return to_plain(merge(load_yaml(folder / "b.yaml"), load_yaml(folder / "o.yaml")))
