"""Validate a composed tree against the schema; every error points into the YAML."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, Tag, ValidationError

from uppdrag.check.data_templates import resolve_templates
from uppdrag.check.model import Charter, TemplateContext
from uppdrag.errors import Diagnostic, Mark, SchemaError
from uppdrag.i18n import _
from uppdrag.source.load import YList, YMap

if typing.TYPE_CHECKING:
    from uppdrag.source.compose import Composed

M = TypeVar("M", bound=BaseModel)


def to_plain(value: Any) -> Any:
    """Plain dicts, lists and strings (pydantic converts from these)."""
    if isinstance(value, dict):
        return {key: to_plain(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [to_plain(sub) for sub in value]
    return str(value) if isinstance(value, str) else value


def locate(
    tree: YMap, loc: tuple[int | str, ...], at_key: bool = False, name_last: bool = True
) -> tuple[Mark, str]:
    """The mark and a readable field path (`sections[syfte].blocks[0].text`) for a pydantic loc.

    Steps that are not in the data are pydantic's own (union branches) and are skipped; the last
    one is named only when `name_last` (a missing or unknown key).
    """
    node: Any = tree
    mark = tree.mark
    parts: list[str] = []
    for index, step in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, YMap) and isinstance(step, str) and step in node:
            mark = node.mark_of(step)
            if last and at_key:
                mark = node.key_marks[step]
            parts.append(f".{step}" if parts else step)
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            mark = node.mark_of(step)
            item = node[step]
            ident = item.get("id") if isinstance(item, YMap) else None
            parts.append(f"[{ident}]" if isinstance(ident, str) else f"[{step}]")
            node = item
        elif last and name_last and isinstance(step, str):
            parts.append(f".{step}" if parts else step)
        # other steps are pydantic's union tags: not in the data, skipped
    return mark, "".join(parts)


def _unwrap(kind: Any) -> Any:
    """A type without Annotated and without `| None`."""
    while True:
        if typing.get_origin(kind) is typing.Annotated:
            kind = typing.get_args(kind)[0]
        elif typing.get_origin(kind) in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(kind) if a is not type(None)]
            if len(members) != 1:
                return kind
            kind = members[0]
        else:
            return kind


def _branch(union: Any, step: int | str) -> Any:
    """The member of a union that a pydantic loc step names: by its Tag, or `list[…]`; else None."""
    for member in typing.get_args(union):
        tags = [m.tag for m in typing.get_args(member)[1:] if isinstance(m, Tag)]
        if typing.get_origin(member) is typing.Annotated and step in tags:
            return typing.get_args(member)[0]
        if isinstance(step, str) and step.startswith("list[") and typing.get_origin(_unwrap(member)) is list:
            return member
    return None


def _model_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class the data at `loc` is validated as (for listing allowed keys)."""
    current: Any = model
    for step in loc:
        current = _unwrap(current)
        if typing.get_origin(current) in (typing.Union, types.UnionType):
            branch = _branch(current, step)
            if branch is not None:
                current = branch
                continue
        if typing.get_origin(current) is list and isinstance(step, int):
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, BaseModel) and step in current.model_fields:
            current = current.model_fields[str(step)].annotation
        elif not isinstance(step, str):
            return None
        # any other step is a label pydantic adds (a validator's name): not in the data
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _file_kind(mark: Mark) -> str:
    """ "base" for a file under councils/bases/, else "council"."""
    parts = mark.path.parts
    return "base" if "bases" in parts[:-1] and "councils" in parts[:-1] else "council"


def _diagnostic(model: type[BaseModel], error: Any, tree: YMap, mark: Mark, field: str) -> Diagnostic:
    """The error as a diagnostic; an unknown key lists the keys allowed there (from the model) and,
    when the key is an id or a key elsewhere in the charter, names that place with the YAML."""
    from uppdrag.check.messages import message

    if error["type"] != "extra_forbidden":
        return Diagnostic(message(error, None), mark, field or None)
    from uppdrag.check.keys import allowed_keys
    from uppdrag.source.placement import key_elsewhere

    loc = tuple(error["loc"])
    owner = _model_at(model, loc[:-1])
    top = owner is model and len([step for step in loc if not isinstance(step, int)]) == 1
    allowed = allowed_keys(owner, _file_kind(mark) if top else "") if owner else None
    text = message(error, allowed)
    from uppdrag.suggest import did_you_mean

    guess = did_you_mean(str(loc[-1]), allowed or [], list_all=False)
    found = key_elsewhere(tree, str(loc[-1]), error.get("input"), field, ids_only=bool(guess))
    if found is None:
        return Diagnostic(text, mark, field or None)
    text = _("unknown key{guess}{where}").format(guess=guess, where=found[0])
    return Diagnostic(text, mark, field or None, detail=found[1])


def diagnostics(model: type[BaseModel], tree: YMap, exc: ValidationError) -> list[Diagnostic]:
    """One diagnostic per distinct place, in file order; of a value that fits no branch of a union
    (a text that is neither text nor a list of pieces), only the most specific complaint."""
    found: dict[tuple[Mark, str], Diagnostic] = {}
    for error in exc.errors():
        named = error["type"] in ("missing", "extra_forbidden")
        mark, field = locate(
            tree, tuple(error["loc"]), at_key=error["type"] == "extra_forbidden", name_last=named
        )
        found.setdefault((mark, field), _diagnostic(model, error, tree, mark, field))
    fields = [key[1] for key in found]
    for key in list(found):
        if any(
            other != key[1] and other.startswith(key[1]) and other[len(key[1])] in ".[" for other in fields
        ):
            del found[key]
    return sorted(
        found.values(), key=lambda d: (str(d.mark.path), d.mark.line, d.mark.col) if d.mark else ("", 0, 0)
    )


def parse(model: type[M], tree: YMap) -> M:
    """The tree validated as `model`, or a SchemaError listing every problem."""
    try:
        return model.model_validate(to_plain(tree))
    except ValidationError as exc:
        raise SchemaError.from_diagnostics(diagnostics(model, tree, exc)) from None


def validate(composed: Composed) -> Charter:
    """Templates rendered, then the whole charter checked (its shared parts once: `Validated`)."""
    tree = composed.tree
    head = YMap(tree.mark)  # the template context needs only the top-level facts
    for key in TemplateContext.model_fields:
        if key in tree:
            head.put(key, tree[key], tree.key_marks[key], tree.value_marks[key])
    context = parse(TemplateContext, head)
    resolved = resolve_templates(composed.tree, context)
    try:
        charter = Charter.model_validate(VALIDATED.plain(resolved))
    except ValidationError as exc:
        raise SchemaError.from_diagnostics(diagnostics(Charter, resolved, exc)) from None
    VALIDATED.keep(resolved, charter)
    return charter


# The Charter fields kept by `Validated`: field → a list of models (else one model).
SHARED_FIELDS = {"labels": False, "beslut": False, "logo": False, "sections": True, "sandlista": True}
SHARED_FIELDS |= {"footer": True, "quirks": True}


class Validated:
    """The parts of charters already validated, by the tree node they were made from.

    Councils on one base share its subtrees (the base chain is composed once, an overlay copies
    only the path to what it changes, `!template` texts make new nodes only where they are), and
    trees never change once made. A part whose node was validated before is handed to pydantic as
    the model it became, which pydantic takes as it is (`revalidate_instances="never"`): the same
    `Charter` (tests/test_shared_parts_validated_once.py proves it over a synthetic set), with
    only what the overlay and the templates touched validated again. Only fields whose type is one
    model class (or a list of one) are kept, never a union member (a discriminator must see the
    data). Entries hold their node, so an id is never reused while kept; at most `LIMIT` are kept.
    """

    LIMIT = 20_000

    def __init__(self) -> None:
        self.parts: dict[int, tuple[YMap, BaseModel]] = {}

    def _part(self, node: Any) -> Any:
        kept = self.parts.get(id(node))
        return kept[1] if kept is not None and kept[0] is node else to_plain(node)

    def plain(self, tree: YMap) -> dict[str, Any]:
        """`to_plain(tree)`, with the parts validated before as their models."""
        plain: dict[str, Any] = {}
        for key, value in tree.items():
            many = SHARED_FIELDS.get(key)
            if many is None:
                plain[key] = to_plain(value)
            elif many and isinstance(value, YList):
                plain[key] = [self._part(item) for item in value]
            else:
                plain[key] = self._part(value)
        return plain

    def keep(self, tree: YMap, charter: Charter) -> None:
        """Remember the parts of a charter validated from `tree`."""
        if len(self.parts) > self.LIMIT:
            self.parts.clear()
        for key, many in SHARED_FIELDS.items():
            node, model = tree.get(key), getattr(charter, key)
            pairs = zip(node, model, strict=True) if many and isinstance(node, YList) else [(node, model)]
            for part, validated in pairs:
                if isinstance(part, YMap) and isinstance(validated, BaseModel):
                    self.parts[id(part)] = (part, validated)


VALIDATED = Validated()
