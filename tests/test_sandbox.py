"""The sandbox's fast paths decide as jinja2's own sandbox does, on first and on repeated use.

The attribute answers kept per type, the macros and uppdrag's own functions called without
argument inspection: each is compared with `ImmutableSandboxedEnvironment`, or shown to still
stop what the bounds stop (tests/test_hostile.py runs the same through the CLI).
"""

from __future__ import annotations

import types
from collections import OrderedDict, deque
from typing import Any

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from uppdrag.sandbox import Bounded, Sandbox, render


class Record:
    """An object with a plain attribute, a method and an attribute named like a mutating method."""

    def __init__(self) -> None:
        self.name = "a"
        self.pop = "not a method here"
        self.format = "{0.__class__}"
        self._hidden = 1

    def method(self) -> str:
        return "m"


def generator() -> Any:
    yield 1


OBJECTS: list[Any] = [
    Record(),
    {"name": "a", "pop": 1, "items": 2},
    OrderedDict(name="a"),
    [1, 2],
    (1, 2),
    {1, 2},
    deque([1]),
    "text",
    Markup("<b>"),
    Record.method,
    Record().method,
    generator(),
    generator,
    Record,
    types,
    3,
    None,
]
NAMES = [
    "name", "pop", "append", "update", "clear", "items", "format", "format_map", "upper", "mro",
    "_hidden", "__class__", "__globals__", "__code__", "func_code", "gi_frame", "gi_code", "__self__",
    "__func__", "method", "__dict__", "real", "add", "missing",
]  # fmt: skip


def same(ours: Any, theirs: Any) -> bool:
    """Equal values, or both undefined with the same message; wrapped str.format compared by result."""
    if isinstance(theirs, jinja2.Undefined):
        return isinstance(ours, jinja2.Undefined) and ours._undefined_message == theirs._undefined_message
    if callable(theirs) and getattr(theirs, "__name__", "") in ("format", "format_map") and callable(ours):
        try:
            expected: Any = theirs({"a": 1}) if theirs.__name__ == "format_map" else theirs(1)
        except Exception as exc:  # a SecurityError, a KeyError: the same kind of failure
            expected = type(exc)
        try:
            got: Any = ours({"a": 1}) if ours.__name__ == "format_map" else ours(1)
        except Exception as exc:
            got = type(exc)
        return bool(got == expected)
    return ours is theirs or bool(ours == theirs)


def test_attribute_and_item_answers_equal_jinja2s_on_first_and_repeated_lookups() -> None:
    ours, theirs = Sandbox(), ImmutableSandboxedEnvironment()
    for _round in range(2):  # the second round is answered from the kept answers
        for obj in OBJECTS:
            for name in NAMES:
                assert same(ours.getattr(obj, name), theirs.getattr(obj, name)), (obj, name)
                assert same(ours.getitem(obj, name), theirs.getitem(obj, name)), (obj, name)
    assert ours.safe_attributes  # the second round did use them


@given(st.lists(st.tuples(st.sampled_from(range(len(OBJECTS))), st.sampled_from(NAMES)), max_size=40))
def test_any_order_of_lookups_gives_jinja2s_answers(lookups: list[tuple[int, str]]) -> None:
    """A safe answer for one type never leaks to another type, whatever was asked first."""
    ours, theirs = Sandbox(), ImmutableSandboxedEnvironment()
    for index, name in lookups:
        obj = OBJECTS[index]
        assert same(ours.getattr(obj, name), theirs.getattr(obj, name)), (obj, name)


def run(source: str, **context: Any) -> str:
    return render(Sandbox(undefined=jinja2.StrictUndefined).from_string(source), context)


@pytest.mark.parametrize(
    "source",
    [
        # an attribute named format holding a text, then str.format itself
        "{{ record.format.format(1) }}{{ '{0.__class__.__mro__}'.format(1) }}",
        "{{ record.name }}{% for x in [1] %}{{ record.__class__ }}{% endfor %}",
        "{{ data.name }}{{ data.pop('name') }}",
        "{{ record.method.__func__.__globals__ }}",
    ],
)
def test_unsafe_after_safe_still_refused(source: str) -> None:
    with pytest.raises(jinja2.exceptions.SecurityError):
        run(source, record=Record(), data={"name": "a"})


def test_a_macro_passes_its_arguments_to_checked_operations() -> None:
    with pytest.raises(Bounded):
        run("{% macro m(n) %}{{ 'x' * n }}{% endmacro %}{{ m(10 ** 7) }}")
    with pytest.raises(Bounded):
        run("{% macro m(n) %}{{ range(n) | list | length }}{% endmacro %}{{ m(10 ** 8) }}")


def test_a_macros_result_is_still_counted() -> None:
    source = (
        "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% else %}{{ 'x' * 1000 }}{% endif %}"
        "{% endmacro %}"
    )
    with pytest.raises(Bounded):
        run(source + "{{ m(20) }}")


def test_only_uppdrags_own_functions_skip_argument_inspection() -> None:
    def own(*args: object) -> str:
        return "own"

    env = Sandbox()
    env.globals["own"] = own
    env.globals["other"] = lambda *args: "other"
    env.trusted.add(own)
    assert render(env.from_string("{{ own(10 ** 9) }}"), {}) == "own"
    with pytest.raises(Bounded):
        render(env.from_string("{{ other(10 ** 9) }}"), {})


def test_adding_integers_stays_exact() -> None:
    assert run("{{ 1 + 2 }} {{ true + 1 }} {{ 'a' + 'b' }} {{ [1] + [2] }}") == "3 2 ab [1, 2]"


def test_a_macros_text_is_bounded_as_output_not_as_one_value() -> None:
    """The register's table of 2,000 councils is one macro's text of more than a million characters."""
    row = "{% macro row() %}{{ 'x' * 900000 }}{% endmacro %}"
    assert len(run(row + "{% macro table() %}{{ row() }}{{ row() }}{% endmacro %}{{ table() }}")) == 1_800_000
    with pytest.raises(Bounded):
        run("{{ 'x' * 900000 + 'x' * 900000 }}")  # a value the template makes itself: at most 1,000,000
