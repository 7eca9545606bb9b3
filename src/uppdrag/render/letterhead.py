"""The letterhead parts of a DOCX, rendered once for all documents that show the same facts.

Headers and footers see a restricted context: `charter` stands for the letterhead facts only
(`FACTS`), beside `labels`, `logo`, `text_width` and `links`. Any other field reads as
StrictUndefined, so a layout that needs more fails at its template:line. `rels.xml.j2` sees
`fixed` and `links` only.

The memo is sound by construction, as a build cache of a deterministic function is: a part's
output depends only on its template files, the top-level values in its key and the facts it
reads. Each render records the facts it reads, in order, with their values; a later document
reuses the part when its first read has the same value, then its second, and so on (a tree per
part). With the same values, the render takes the same path and reads the same next fact, so
its output would be byte-identical. The memo is dropped when a template Jinja2 had loaded is no
longer up to date (Jinja2's own test for recompiling it). A redline's letterhead is the new
document's, merged with the old one's afterwards (`diff.wordparts`).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any

from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from jinja2 import Environment, Template

FACTS = (
    *("layout", "organisation", "unit", "labels", "title", "datum", "diarienummer", "status", "footer"),
    "logo",
)
_SCALARS = (str, int, float, bool, bytes, date, type(None))


_frozen_models: dict[int, tuple[Any, Hashable]] = {}  # immutable models by identity


class _Unique:
    """A key equal to nothing: a value the memo cannot compare by content."""


def freeze(value: Any) -> Hashable:
    """A hashable key equal for equal content of the same types (a fresh, unequal one otherwise)."""
    if isinstance(value, _SCALARS):
        return (type(value), value)
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(freeze(item) for item in value))
    fields = getattr(type(value), "model_fields", None)  # a pydantic model (not imported for the check)
    if isinstance(fields, dict):
        kept = _frozen_models.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        frozen = (type(value), tuple(freeze(getattr(value, name)) for name in fields))
        if type(value).model_config.get("frozen"):  # the labels and logo every council shares
            if len(_frozen_models) >= 1024:
                _frozen_models.clear()
            _frozen_models[id(value)] = (value, frozen)  # the value kept: its id is not reused
        return frozen
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value), tuple(freeze(getattr(value, field.name)) for field in fields))
    return _Unique()


class Facts:
    """The letterhead facts of a charter, reads recorded in order."""

    def __init__(self, source: Any, env: Environment) -> None:
        self._source, self._env = source, env
        self._frozen: dict[str, Hashable] = {}
        self.reads: list[tuple[str, Hashable]] | None = None

    def key(self, name: str) -> Hashable:
        """The frozen value of a fact (once per document)."""
        if name not in self._frozen:
            self._frozen[name] = freeze(getattr(self._source, name))
        return self._frozen[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in FACTS:
            hint = _("headers and footers see only the letterhead facts ({facts}), not charter.{name}")
            return self._env.undefined(hint=hint.format(facts=", ".join(FACTS), name=name))
        if self.reads is not None and all(read != name for read, _value in self.reads):
            self.reads.append((name, self.key(name)))
        return getattr(self._source, name)

    def __repr__(self) -> str:
        return "<letterhead facts>"


class _Node:
    __slots__ = ("attr", "children", "done", "value")

    def __init__(self) -> None:
        self.attr: str | None = None
        self.children: dict[Hashable, _Node] = {}
        self.done = False
        self.value: Any = None


class PartMemo:
    """Rendered parts by key and by the facts each render read (see the module's docstring)."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._roots: dict[Hashable, _Node] = {}
        self._templates: list[Template] = []  # every template loaded when a part was memoised

    def refresh(self) -> None:
        """Drop every memoised part when a template it may come from changed (as Jinja2 sees it)."""
        if not all(template.is_up_to_date for template in self._templates):
            self._roots.clear()
            self._templates = []

    def get(self, key: Hashable, facts: Facts | None, make: Callable[[], Any]) -> Any:
        """`make()`'s value for `key` and the facts it reads, made only when not memoised."""
        node = self._roots.get(key)
        while node is not None and not node.done:
            node = node.children.get(facts.key(node.attr)) if facts and node.attr else None
        if node is not None:
            return node.value
        if facts is not None:
            facts.reads = []
        try:
            value = make()
            reads = facts.reads if facts is not None else []
        finally:
            if facts is not None:
                facts.reads = None
        if self._env.cache is not None:  # without Jinja2's cache, no way to see a template change
            self._templates = list(self._env.cache.values())
            self._remember(key, reads or [], value)
        return value

    def _remember(self, key: Hashable, reads: list[tuple[str, Hashable]], value: Any) -> None:
        if any(isinstance(frozen, _Unique) for _name, frozen in reads):
            return
        node = self._roots.setdefault(key, _Node())
        for name, frozen in reads:
            if node.done or node.attr not in (None, name):
                return  # not the path an equal render took: a template that is not deterministic
            node.attr = name
            node = node.children.setdefault(frozen, _Node())
        if node.attr is None:
            node.done, node.value = True, value
