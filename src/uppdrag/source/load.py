"""Load YAML safely, keeping the file, line and column of every key and value.

Only plain data comes out: mappings (`YMap`), sequences (`YList`), strings and None.
Scalars keep their text (`NO` stays "NO", `08` stays "08"): pydantic does the converting.
The only tag allowed beyond YAML's own str/map/seq/null is `!template`, which marks a
text as a Jinja2 template (see `text.py`); aliases, object tags and duplicate keys are refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from uppdrag.errors import DataError, Mark, YamlSyntaxError
from uppdrag.i18n import _, strerror
from uppdrag.source.limits import MAX_BYTES

if TYPE_CHECKING:
    from pathlib import Path

MAX_DEPTH = 40
TEMPLATE_TAG = "!template"
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + "str", _STD + "map", _STD + "seq", _STD + "null", TEMPLATE_TAG}


class Refused(yaml.MarkedYAMLError):
    """What uppdrag itself refuses while composing (aliases, deep nesting): said in our words."""

    ours = True


class YTemplate(str):
    """A string tagged `!template`: rendered in the sandbox, never otherwise evaluated."""

    __slots__ = ()


class YMap(dict[str, Any]):
    """A mapping that remembers where it, each key and each value were written."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.value_marks: dict[str, Mark] = {}

    def mark_of(self, key: str) -> Mark:
        return self.value_marks.get(key, self.mark)

    def put(self, key: str, value: Any, key_mark: Mark, value_mark: Mark) -> None:
        self[key] = value
        self.key_marks[key] = key_mark
        self.value_marks[key] = value_mark


class YList(list[Any]):
    """A sequence that remembers where it and each item were written."""

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []

    def mark_of(self, index: int) -> Mark:
        return self.item_marks[index] if 0 <= index < len(self.item_marks) else self.mark

    def add(self, value: Any, mark: Mark) -> None:
        self.append(value)
        self.item_marks.append(mark)


class _Loader(yaml.SafeLoader):
    """SafeLoader that resolves no implicit types but null, and refuses aliases and deep nesting."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise Refused(None, None, _("aliases (*name) are not allowed"), cast("Any", event.start_mark))
        self._depth += 1
        if self._depth > MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise Refused(
                None, None, _("nesting deeper than {count} levels").format(count=MAX_DEPTH), event.start_mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_Loader.add_implicit_resolver(_STD + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

_FAST = bool(getattr(yaml, "__with_libyaml__", False))
if _FAST:

    class _CLoader(yaml.CSafeLoader):
        """libyaml's parser and composer with the same resolvers; `_prescan` guards it."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _prescan(text: str) -> None:
    """Refuse aliases and deep nesting from libyaml's events, before anything is composed."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(
                    None,
                    None,
                    _("nesting deeper than {count} levels").format(count=MAX_DEPTH),
                    cast("Any", event.start_mark),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            raise Refused(None, None, _("aliases (*name) are not allowed"), cast("Any", event.start_mark))


def _compose(text: str) -> Node | None:
    """The document's node graph: libyaml when PyYAML has it (10× faster), else pure Python."""
    if _FAST:
        _prescan(text)
        loader: Any = _CLoader(text)
    else:
        loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _mark(path: Path, yaml_mark: Any) -> Mark:
    return Mark(path, yaml_mark.line + 1, yaml_mark.column + 1)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is fine), at most MAX_BYTES, from a regular file only (a
    FIFO or device is refused before it is read)."""
    from uppdrag.confine import TooLarge, read_limited

    try:
        data = read_limited(path, MAX_BYTES)
    except FileNotFoundError:
        raise YamlSyntaxError(_("no such file"), Mark(path, 1, 1)) from None
    except OSError as exc:
        raise YamlSyntaxError(
            _("cannot read file: {strerror}").format(strerror=strerror(exc)), Mark(path, 1, 1)
        ) from None
    except TooLarge:
        raise YamlSyntaxError(
            _("file is larger than {count} bytes").format(count=MAX_BYTES), Mark(path, 1, 1)
        ) from None
    except DataError as exc:
        raise YamlSyntaxError(exc.diagnostics[0].message, Mark(path, 1, 1)) from None
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    """A YAML file's bytes as text: UTF-8 (a BOM is fine), else an error at the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlSyntaxError(
            _("not UTF-8 (byte 0x{value:02x}); save the file as UTF-8").format(value=data[exc.start]),
            Mark(path, line, col),
        ) from None


def _reason(reason: str) -> str:
    from uppdrag.foreign import yaml_phrase

    return yaml_phrase(reason) or reason


def load_yaml(path: Path, text: str | None = None, pasted: bool = True) -> Any:
    """Parse one YAML document into YMap/YList/str/None with marks kept; characters pasted from
    Word where they do harm are errors (unless not `pasted`: `validate --fix` looks for them)."""
    text = read_text(path) if text is None else text
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        from uppdrag.source.pasted import indentation
        from uppdrag.source.yaml_errors import explain

        spaces = indentation(text, path, tabs=True)  # a pasted space in the indentation is the cause
        diagnostics = [f.diagnostic for f in spaces] or [explain(exc, text, path)]
        raise YamlSyntaxError.from_diagnostics(diagnostics) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow: no mark, a position
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise YamlSyntaxError(
            _("YAML: character U+{character:04X} is not allowed in YAML ({reason})").format(
                character=exc.character, reason=_reason(exc.reason)
            ),
            Mark(path, line, col),
        ) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise YamlSyntaxError(_("YAML: {first}").format(first=first), Mark(path, 1, 1)) from None
    if node is None:
        return YMap(Mark(path, 1, 1))
    tree = _convert(node, path)
    from uppdrag.source.pasted import scan

    found = scan(tree, text, path) if pasted else []
    if found:
        raise YamlSyntaxError.from_diagnostics([f.diagnostic for f in found])
    return tree


def _convert(node: Node, path: Path) -> Any:
    mark = _mark(path, node.start_mark)
    if node.tag not in _ALLOWED_TAGS:
        raise YamlSyntaxError(_("YAML: tag {tag} is not allowed").format(tag=node.tag), mark)
    if isinstance(node, ScalarNode):
        if node.tag == TEMPLATE_TAG:
            return YTemplate(node.value)
        if node.tag == _STD + "null":
            return None
        return node.value
    if isinstance(node, SequenceNode):
        seq = YList(mark)
        for item in node.value:
            seq.add(_convert(item, path), _mark(path, item.start_mark))
        return seq
    if isinstance(node, MappingNode):
        return _convert_mapping(node, path, mark)
    raise YamlSyntaxError(_("YAML: unsupported node"), mark)  # pragma: no cover


def _convert_mapping(node: MappingNode, path: Path, mark: Mark) -> YMap:
    mapping = YMap(mark)
    for key_node, value_node in node.value:
        key_mark = _mark(path, key_node.start_mark)
        if not isinstance(key_node, ScalarNode) or key_node.tag != _STD + "str":
            raise YamlSyntaxError(_("YAML: keys must be plain text"), key_mark)
        key = key_node.value
        if key in mapping:
            first = mapping.key_marks[key]
            raise YamlSyntaxError(
                _("{key}: duplicate key (first written on line {line})").format(key=key, line=first.line),
                key_mark,
            )
        value = _convert(value_node, path)
        mapping.put(key, value, key_mark, _mark(path, value_node.start_mark))
    return mapping
