"""`uppdrag show`: a council's effective charter as a council file, as JSON, or as a tree of ids.

The YAML is itself a council file: pasted back as the council's overlay it gives the same
charter. Where the council removed, replaced or moved an item of its base, the item says so
(`remove: true`, `replace: true`, `after: ID`), exactly as an overlay would.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import yaml

from uppdrag.i18n import _
from uppdrag.origin.effective import Effective, effective
from uppdrag.origin.layers import META, Address, nodes, shown_path
from uppdrag.source.load import YList, YMap, YTemplate
from uppdrag.source.overlay import is_id_list

if TYPE_CHECKING:
    from uppdrag.source.project import Project

WIDTH = 100


class _Dumper(yaml.SafeDumper):
    """Writes scalars the way uppdrag reads them: only null is implicit, `!template` kept."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry


_Dumper.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), None)
_Dumper.add_representer(YTemplate, lambda dumper, value: dumper.represent_scalar("!template", str(value)))
_Dumper.add_representer(YMap, yaml.SafeDumper.represent_dict)
_Dumper.add_representer(YList, yaml.SafeDumper.represent_list)


def scalar_lines(key: str, value: Any, indent: int) -> list[str]:
    """`key: value` as YAML lines at `indent` (long texts folded over lines)."""
    text = yaml.dump(
        {key: value},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=max(WIDTH - indent, 40),
    )
    return [" " * indent + line if line else line for line in text.rstrip("\n").split("\n")]


class _YamlWriter:
    def __init__(self, effective: Effective, with_origin: bool) -> None:
        self.effective = effective
        self.with_origin = with_origin
        self.lines: list[str] = []

    def note(self, address: Address) -> str:
        origin = self.effective.origins.get(address)
        if not self.with_origin or origin is None:
            return ""
        return f"  # {origin.describe(self.effective.project)}"

    def mapping(
        self, node: YMap, indent: int, address: Address, base: Any, extra: tuple[tuple[str, str], ...] = ()
    ) -> None:
        keys = [key for key in node if not (not address and key in META)]
        if "id" in node and address:
            keys.remove("id")
            self.lines += scalar_lines("id", node["id"], indent)
            self.lines[-1] += self.note(address)
            for key, value in extra:
                self.lines += scalar_lines(key, value, indent)
        for key in keys:
            self.value(
                key, node[key], indent, (*address, key), base.get(key) if isinstance(base, YMap) else None
            )

    def value(self, key: str, value: Any, indent: int, address: Address, base: Any) -> None:
        pad = " " * indent
        if isinstance(value, YMap) and value:
            self.lines.append(f"{pad}{key}:")
            self.mapping(value, indent + 2, address, base)
        elif isinstance(value, YList) and is_id_list(value):
            self.lines.append(f"{pad}{key}:")
            self.items(value, indent + 2, address, base if isinstance(base, YList) else None)
        else:
            self.lines += scalar_lines(key, value, indent)
            self.lines[-1] += self.note(address)

    def items(self, items: YList, indent: int, address: Address, base: YList | None) -> None:
        plan, removed = placements(items, base)
        by_id = {item["id"]: item for item in base or []}
        for item, extra in plan:
            base_item = by_id.get(item["id"])
            replace = isinstance(base_item, YMap) and any(key not in item for key in base_item)
            if replace:
                extra = (*extra, ("replace", "true"))
                base_item = None
            start = len(self.lines)
            self.mapping(item, indent + 2, (*address, str(item["id"])), base_item, extra)
            self.lines[start] = " " * indent + "- " + self.lines[start][indent + 2 :]
        for item_id in removed:
            self.lines += [f"{' ' * indent}- id: {item_id}", f"{' ' * (indent + 2)}remove: true"]


def placements(
    items: YList, base: YList | None
) -> tuple[list[tuple[YMap, tuple[tuple[str, str], ...]]], list[str]]:
    """Each item with the placement it needs over `base` to stay in this order; the ids removed."""
    if not base or not is_id_list(base):
        return [(item, ()) for item in items], []
    ids = [str(item["id"]) for item in items]
    removed = [str(b["id"]) for b in base if b["id"] not in ids]
    current = [str(b["id"]) for b in base if b["id"] in ids]
    plan: list[tuple[YMap, tuple[tuple[str, str], ...]]] = []
    for position, (item_id, item) in enumerate(zip(ids, items, strict=True)):
        extra: tuple[tuple[str, str], ...] = ()
        if position >= len(current) or current[position] != item_id:
            extra = (("after", ids[position - 1]),) if position else (("at", "start"),)
            if item_id in current:  # an item of the base: placing it is a move, said explicitly
                extra = (*extra, ("move", "true"))
                current.remove(item_id)
            current.insert(position, item_id)
        plan.append((item, extra))
    return plan, removed


def to_yaml(effective: Effective, with_origin: bool = False) -> str:
    """The effective charter as a council file; with `with_origin`, each value's source as a comment."""
    tree = effective.tree
    chain = " → ".join(shown_path(effective.project, layer.path) for layer in effective.layers)
    header = _("# {slug} at revision {revision}, made from: {chain}").format(
        slug=effective.slug, revision=effective.revision, chain=chain
    )
    writer = _YamlWriter(effective, with_origin)
    writer.lines += [
        header,
        *scalar_lines("name", tree["name"], 0),
        *scalar_lines("base", tree["kind"], 0),
        f'revision: "{effective.revision}"',
    ]
    writer.mapping(tree, 0, (), effective.base)
    return "\n".join(writer.lines) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [_plain(sub) for sub in value]
    return str(value) if isinstance(value, str) else value


def origin_fields(effective: Effective, address: Address) -> dict[str, Any]:
    origin = effective.origins[address]
    return {
        "file": shown_path(effective.project, origin.mark.path),
        "line": origin.mark.line,
        "layer": origin.layer.name,
        "change": origin.change,
        "note": origin.note(),
    }


def to_json(effective: Effective, with_origin: bool = False) -> str:
    """The effective charter as JSON; with `with_origin`, each value is `{value, origin}`."""

    def convert(node: Any, address: Address) -> Any:
        if isinstance(node, YMap) and node:
            out: dict[str, Any] = {}
            if with_origin and address in effective.origins and "id" in node:
                out["@origin"] = origin_fields(effective, address)
            for key, sub in node.items():
                if (not address and key in META) or (key == "id" and address):
                    out[key] = _plain(sub) if key == "id" else None
                    continue
                out[key] = convert(sub, (*address, key))
            return {k: v for k, v in out.items() if v is not None or k not in META}
        if isinstance(node, YList) and is_id_list(node):
            return [convert(item, (*address, str(item["id"]))) for item in node]
        if with_origin and address in effective.origins:
            return {"value": _plain(node), "origin": origin_fields(effective, address)}
        return _plain(node)

    tree = effective.tree
    document = {"name": str(tree["name"]), "base": str(tree["kind"]), "revision": effective.revision}
    body = convert(tree, ())
    document.update({key: value for key, value in body.items() if key not in META})
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _summary(item: YMap) -> str:
    for key in ("heading", "label", "text"):
        value = item.get(key)
        if value:
            words = (
                value
                if isinstance(value, str)
                else "".join(
                    str(part) if isinstance(part, str) else str(next(iter(part.values()), ""))
                    for part in value
                )
            )
            words = " ".join(str(words).split())
            return words if len(words) <= 60 else words[:59].rstrip() + "…"
    return ""


def id_tree(effective: Effective) -> str:
    """Every id of the charter, indented by level, with its heading, label or first words."""
    rows: list[tuple[str, str]] = []
    top = ""
    first = ("sections", "sandlista")  # what a coordinator looks for, before footer and quirks
    items = [node for node in nodes(effective.tree) if node.item]
    items.sort(key=lambda node: first.index(node.address[0]) if node.address[0] in first else len(first))
    for node in items:
        if node.address[0] != top:
            top = node.address[0]
            rows.append((top, ""))
        depth = len(node.address) // 2
        rows.append(("  " * depth + node.address[-1], _summary(node.value)))
    width = max(len(name) for name, _summary_ in rows)
    return "\n".join(f"{name.ljust(width)}  {text}".rstrip() for name, text in rows) + "\n"


FORMATS = ("yaml", "json", "md")


def show_text(
    project: Project, slug: str, revision: str | None, fmt: str, with_origin: bool, ids: bool
) -> str:
    """What `uppdrag show` prints."""
    from uppdrag.errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(
            _("unknown format '{format}' (formats: {known})").format(format=fmt, known=", ".join(FORMATS))
        )
    view = effective(project, slug, revision)
    if ids:
        return id_tree(view)
    if fmt == "json":
        return to_json(view, with_origin)
    if fmt == "md":
        from uppdrag.origin.annotate import origin_markdown
        from uppdrag.render.markdown import render_markdown

        return origin_markdown(view) if with_origin else render_markdown(view.charter, project.templates_dir)
    return to_yaml(view, with_origin)
