"""The organisation's own Word template (.dotx or .docx), read with python-docx.

uppdrag takes from it the styles, theme, font table, numbering definitions and page setup, and
keeps its own document structure. Styles are matched by name ("heading 1" is Heading 1 in any
language's Word), renamed to the ids uppdrag's layouts use, and uppdrag's own letterhead styles are
added where the template has none of that name. The result depends only on the template's bytes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag.errors import AssetError
from uppdrag.filecache import FileCache
from uppdrag.i18n import _
from uppdrag.render.schema_order import in_schema_order

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATE = ("template",)  # the field naming the file
# The styles a template must have (by Word's built-in names): the body and its headings.
REQUIRED = ("Normal", "heading 1", "heading 2", "heading 3")
PARTS = {  # relationship type of the main document part → part name in uppdrag's package
    "styles": "word/styles.xml",
    "numbering": "word/numbering.xml",
    "theme": "word/theme/theme1.xml",
    "fontTable": "word/fontTable.xml",
}


@dataclass(frozen=True)
class Reference:
    """What a document takes from the template: parts by name, the bullets' numbering id, the
    page size and margins (`w:pgSz`, `w:pgMar`) and the width between the margins (twips)."""

    parts: dict[str, bytes]
    bullet: int
    page: str
    text_width: int


_references: FileCache[Reference] = FileCache()


def load_reference(path: str, ours: Path) -> Reference:
    """The template at `path` merged with uppdrag's fixed parts in `ours` (read once per process,
    again when the template or one of our parts changes: uppdrag.filecache's rule)."""
    inputs = [Path(path), ours / PARTS["styles"], ours / PARTS["numbering"]]
    return _references.made_from((path, str(ours)), inputs, lambda: _load(path, str(ours)))


def _load(path: str, ours: str) -> Reference:
    from lxml import etree

    main, parts = _read(Path(path))
    styles = etree.fromstring(parts.get("styles") or (Path(ours) / PARTS["styles"]).read_bytes())
    added = _merge_styles(styles, etree.fromstring((Path(ours) / PARTS["styles"]).read_bytes()), Path(path))
    numbering, bullet = _merge_numbering(
        parts.get("numbering"), (Path(ours) / PARTS["numbering"]).read_bytes(), styles, "ListBullet" in added
    )
    merged = {PARTS[kind]: parts[kind] for kind in ("theme", "fontTable") if kind in parts}
    merged[PARTS["styles"]] = _bytes(in_schema_order(styles))
    merged[PARTS["numbering"]] = _bytes(in_schema_order(etree.fromstring(numbering)))
    page, width = _page(etree.fromstring(main))
    return Reference(merged, bullet, page, width)


def _read(path: Path) -> tuple[bytes, dict[str, bytes]]:
    """The main part's XML and its related parts, by relationship type."""
    from docx.opc.package import OpcPackage

    from uppdrag.check.assets import AssetProblem, check_template

    try:  # inflation bounded before python-docx reads a part (zipfile reads no more than declared)
        check_template(path)
    except AssetProblem as exc:
        raise AssetError(
            _("cannot read the Word template {path}: {error}").format(path=path.name, error=exc), TEMPLATE
        ) from None
    try:
        main = OpcPackage.open(str(path)).main_document_part
        related = {
            rel.reltype.rsplit("/", 1)[-1]: rel.target_part.blob
            for rel in main.rels.values()
            if not rel.is_external
        }
        return main.blob, related
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise AssetError(
            _("cannot read the Word template {path}: {error}").format(path=path.name, error=exc), TEMPLATE
        ) from None


def _bytes(root: _Element) -> bytes:
    from lxml import etree

    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _name(style: _Element) -> str:
    node = style.find(f"{W}name")
    return (node.get(f"{W}val") or "") if node is not None else ""


def _merge_styles(theirs: _Element, ours: _Element, path: Path) -> set[str]:
    """Their styles under uppdrag's ids, uppdrag's where they have none (their ids are returned);
    Swedish as the language."""
    by_name = {_name(style).lower(): style for style in theirs.iterfind(f"{W}style")}
    missing = [name for name in REQUIRED if name.lower() not in by_name]
    if missing:
        raise AssetError(
            _("the Word template {path} lacks the styles uppdrag needs: {names}").format(
                path=path.name, names=", ".join(missing)
            ),
            TEMPLATE,
        )
    _rename(theirs, _renames(by_name, ours, theirs))
    added = _add_missing(theirs, ours)
    _swedish(theirs, ours)
    return added


def _renames(by_name: dict[str, _Element], ours: _Element, theirs: _Element) -> dict[str, str]:
    """Their style id → uppdrag's, for the styles of the same name (given Word's spelling)."""
    rename: dict[str, str] = {}
    for style in ours.iterfind(f"{W}style"):
        match = by_name.get(_name(style).lower())
        if match is not None and match.get(f"{W}type") == style.get(f"{W}type"):
            rename[match.get(f"{W}styleId") or ""] = style.get(f"{W}styleId") or ""
            match.find(f"{W}name").set(f"{W}val", _name(style))  # type: ignore[union-attr]
    taken = set(rename.values())
    for style in theirs.iterfind(f"{W}style"):
        ident = style.get(f"{W}styleId") or ""
        if ident not in rename and ident in taken:  # an unrelated style under one of uppdrag's ids
            rename[ident] = f"{ident}Mall"
    return rename


def _rename(theirs: _Element, rename: dict[str, str]) -> None:
    for style in theirs.iterfind(f"{W}style"):
        ident = style.get(f"{W}styleId") or ""
        style.set(f"{W}styleId", rename.get(ident, ident))
        for ref in ("basedOn", "next", "link"):
            node = style.find(f"{W}{ref}")
            value = node.get(f"{W}val") if node is not None else None
            if node is not None and value in rename:
                node.set(f"{W}val", rename[value or ""])


def _add_missing(theirs: _Element, ours: _Element) -> set[str]:
    """uppdrag's styles that the template lacks, appended (never a second default of a type)."""
    present = {style.get(f"{W}styleId") for style in theirs.iterfind(f"{W}style")}
    defaults = {
        s.get(f"{W}type") for s in theirs.iterfind(f"{W}style") if s.get(f"{W}default") in ("1", "true")
    }
    added: set[str] = set()
    for style in ours.iterfind(f"{W}style"):
        if style.get(f"{W}styleId") not in present:
            extra = copy.deepcopy(style)
            if extra.get(f"{W}type") in defaults:
                extra.attrib.pop(f"{W}default", None)
            theirs.append(extra)
            added.add(style.get(f"{W}styleId") or "")
    return added


def _copy(root: _Element, path: str) -> _Element:
    """A copy of an element of uppdrag's own styles (which has it)."""
    node = root.find(path)
    assert node is not None, path
    return copy.deepcopy(node)


def _swedish(theirs: _Element, ours: _Element) -> None:
    """Swedish as the language of every style (docDefaults), whatever the template says."""
    defaults = theirs.find(f"{W}docDefaults")
    if defaults is None:
        theirs.insert(0, _copy(ours, f"{W}docDefaults"))
        return
    rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
    if rpr is None:
        defaults.insert(0, _copy(ours, f"{W}docDefaults/{W}rPrDefault"))
        return
    lang = rpr.find(f"{W}lang")
    if lang is None:
        lang = _copy(ours, f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        rpr.append(lang)
    lang.set(f"{W}val", "sv-SE")


def _merge_numbering(
    theirs: bytes | None, ours: bytes, styles: _Element, our_bullets: bool
) -> tuple[bytes, int]:
    """Their numbering definitions; the bullets are their List Bullet's, else uppdrag's added."""
    from lxml import etree

    if theirs is None:
        return ours, 1
    root = etree.fromstring(theirs)
    numbers = {num.get(f"{W}numId") for num in root.iterfind(f"{W}num")}
    style_num = styles.find(f"{W}style[@{W}styleId='ListBullet']/{W}pPr/{W}numPr/{W}numId")
    if not our_bullets and style_num is not None and style_num.get(f"{W}val") in numbers:
        return theirs, int(style_num.get(f"{W}val") or 0)
    ours_root = etree.fromstring(ours)
    abstract = copy.deepcopy(ours_root.find(f"{W}abstractNum"))
    num = copy.deepcopy(ours_root.find(f"{W}num"))
    assert abstract is not None and num is not None
    abstract_id = 1 + max(
        (int(a.get(f"{W}abstractNumId") or 0) for a in root.iterfind(f"{W}abstractNum")), default=-1
    )
    num_id = 1 + max((int(n or 0) for n in numbers), default=0)
    abstract.set(f"{W}abstractNumId", str(abstract_id))
    num.set(f"{W}numId", str(num_id))
    num.find(f"{W}abstractNumId").set(f"{W}val", str(abstract_id))  # type: ignore[union-attr]
    first_num = root.find(f"{W}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        root.append(abstract)
    root.append(num)
    if style_num is not None:
        style_num.set(f"{W}val", str(num_id))
    return _bytes(root), num_id


def _page(document: _Element) -> tuple[str, int]:
    """The template's page size and margins, and the text width between the margins."""
    section = document.find(f"{W}body/{W}sectPr")
    size = section.find(f"{W}pgSz") if section is not None else None
    margins = section.find(f"{W}pgMar") if section is not None else None
    if size is None or margins is None:
        return "", 0
    try:
        width = (
            int(size.get(f"{W}w") or 0)
            - int(margins.get(f"{W}left") or 0)
            - int(margins.get(f"{W}right") or 0)
        )
    except ValueError:
        return "", 0
    xml = "".join(
        f"<w:{tag} "
        + " ".join(f'w:{k[len(W) :]}="{v}"' for k, v in _letterhead_room(node).items() if k.startswith(W))
        + "/>"
        for tag, node in (("pgSz", size), ("pgMar", margins))
    )
    return xml, width


# The letterhead's own distances from the page's edge (twips): a template made without headers
# and footers may say 0, which would set the letterhead on the edge of the paper.
LETTERHEAD_ROOM = {f"{W}header": 567, f"{W}footer": 454}


def _letterhead_room(node: _Element) -> dict[str, str]:
    """The attributes of `w:pgSz`/`w:pgMar`, the header and footer at least uppdrag's distance in."""
    attributes = {str(k): str(v) for k, v in node.attrib.items()}
    for name, least in LETTERHEAD_ROOM.items():
        if name in attributes:
            try:
                attributes[name] = str(max(int(attributes[name]), least))
            except ValueError:
                attributes[name] = str(least)
    return attributes
