"""Tracked changes in a redline's headers and footers: the old and the new part merged.

The new document's letterhead parts (first-page and later-page headers and footers, the address
block, the document kind, the layout's labels) are compared with the old document's, each
rendered from its own charter and layout. Paragraphs are aligned, then words; what only the old
part has is a `w:del`, what only the new has a `w:ins`, so accepting every change gives the new
part's text and rejecting every change the old one's. The new part's paragraph properties are
kept (the redline is set in the new layout).
"""

from __future__ import annotations

import copy
import posixpath
import zipfile
from io import BytesIO
from typing import TYPE_CHECKING

from uppdrag.diff.matching import opcodes
from uppdrag.diff.wordruns import Op, mark_paragraph, mark_row, paragraph, parse, tokens, w
from uppdrag.render.zipwriter import Part, zip_parts

if TYPE_CHECKING:
    from lxml.etree import _Element

    from uppdrag.diff.tracked import Tracker
    from uppdrag.diff.wordruns import Token

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_KINDS = ("headerReference", "footerReference")


def _serialise(root: _Element) -> bytes:
    from lxml import etree

    declaration = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return declaration + etree.tostring(root, encoding="UTF-8")


def track_letterhead(new_docx: bytes, old_docx: bytes, track: Tracker) -> bytes:
    """`new_docx` (the redline) with every header and footer merged with `old_docx`'s, tracked."""
    new = _read(new_docx)
    old = _read(old_docx)
    new_parts, old_parts = _letterhead_parts(new), _letterhead_parts(old)
    for key, name in new_parts.items():
        rels = Rels(new, name)
        old_name = old_parts.get(key)
        old_root = parse(old[old_name]) if old_name else None
        if old_root is not None and old_name is not None:
            rels.adopt(old_root, Rels(old, old_name), old)
        merged = merge_part(old_root, parse(new[name]), track)
        new[name] = _serialise(merged)
        rels.store()
    return zip_parts([Part.of(name, content) for name, content in new.items()])


def _read(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _letterhead_parts(package: dict[str, bytes]) -> dict[tuple[str, str], str]:
    """(header|footer, first|default|even) → the part's name, from the last section's references."""
    body = parse(package["word/document.xml"])
    relations = Rels(package, "word/document.xml")
    sections = body.findall(f".//{w('sectPr')}")
    found: dict[tuple[str, str], str] = {}
    for ref in sections[-1] if sections else ():
        kind = str(ref.tag).rsplit("}", 1)[-1]
        target = relations.target(ref.get(f"{{{R}}}id", ""))
        if kind in _KINDS and target is not None and target in package:
            found[(kind, ref.get(w("type"), "default"))] = target
    return found


class Rels:
    """The relationships of one part, read and written back (new ids added for adopted ones)."""

    def __init__(self, package: dict[str, bytes], part: str) -> None:
        folder, name = posixpath.split(part)
        self._package, self._folder = package, folder
        self.name = posixpath.join(folder, "_rels", name + ".rels")
        data = package.get(self.name)
        self.root = parse(data) if data else parse(f'<Relationships xmlns="{PR}"/>'.encode())
        self._changed = False

    def entries(self) -> list[_Element]:
        return list(self.root.iter(f"{{{PR}}}Relationship"))

    def target(self, rid: str) -> str | None:
        """The package path of an internal relationship's target."""
        for rel in self.entries():
            if rel.get("Id") == rid and rel.get("TargetMode") != "External":
                return posixpath.normpath(posixpath.join(self._folder, rel.get("Target", "")))
        return None

    def adopt(self, old_root: _Element, old: Rels, old_package: dict[str, bytes]) -> None:
        """Point the old part's relationship ids at this part's (adding the missing ones)."""
        by_id = {rel.get("Id"): rel for rel in old.entries()}
        mapping: dict[str, str] = {}
        for element in old_root.iter():
            for attribute, rid in element.attrib.items():
                if not str(attribute).startswith(f"{{{R}}}") or rid not in by_id:
                    continue
                if rid not in mapping:
                    mapping[rid] = self._equivalent(by_id[rid], old, old_package)
                element.set(attribute, mapping[rid])

    def _equivalent(self, rel: _Element, old: Rels, old_package: dict[str, bytes]) -> str:
        kind, target, mode = rel.get("Type"), rel.get("Target", ""), rel.get("TargetMode")
        if mode != "External":
            source = posixpath.normpath(posixpath.join(old._folder, target))
            content = old_package.get(source, b"")
            present = self._package.get(posixpath.normpath(posixpath.join(self._folder, target)))
            if present is not None and present != content:  # the new document's own, another picture
                stem, dot, suffix = target.rpartition(".")
                target = f"{stem}-old.{suffix}" if dot else f"{target}-old"
            self._package.setdefault(posixpath.normpath(posixpath.join(self._folder, target)), content)
        for mine in self.entries():
            if (mine.get("Type"), mine.get("Target"), mine.get("TargetMode")) == (kind, target, mode):
                return mine.get("Id", "")
        from lxml import etree

        ids = {mine.get("Id") for mine in self.entries()}
        number = len(ids) + 1
        while f"rIdOld{number}" in ids:
            number += 1
        added = etree.SubElement(self.root, f"{{{PR}}}Relationship", Id=f"rIdOld{number}", Type=kind or "")
        added.set("Target", target)
        if mode:
            added.set("TargetMode", mode)
        self._changed = True
        return f"rIdOld{number}"

    def store(self) -> None:
        if self._changed:
            self._package[self.name] = _serialise(self.root)


# Merging ----------------------------------------------------------------------------------


def merge_part(old: _Element | None, new: _Element, track: Tracker) -> _Element:
    """The new part (`w:hdr`/`w:ftr`) with the old one's text merged in as tracked changes."""
    merged = copy.copy(new)
    for child in list(merged):
        merged.remove(child)
    for block in _merge_blocks(list(old) if old is not None else [], list(new), track):
        merged.append(block)
    return merged


def _blocks(elements: list[_Element]) -> list[_Element]:
    return [e for e in elements if e.tag in (w("p"), w("tbl"))]


def _merge_blocks(old: list[_Element], new: list[_Element], track: Tracker) -> list[_Element]:
    """Paragraphs and tables in merged order: kept ones word-merged, lone ones removed or added."""
    old, new = _blocks(old), _blocks(new)
    old_keys, new_keys = [_block_key(b) for b in old], [_block_key(b) for b in new]
    out: list[_Element] = []
    for _op, i1, i2, j1, j2 in opcodes(old_keys, new_keys):
        for index in range(max(i2 - i1, j2 - j1)):
            before = old[i1 + index] if i1 + index < i2 else None
            after = new[j1 + index] if j1 + index < j2 else None
            if before is not None and after is not None and before.tag == after.tag:
                out.append(_merge_pair(before, after, track))
                continue
            if before is not None:
                out.append(_whole(before, "-", track))
            if after is not None:
                out.append(_whole(after, "+", track))
    return out


def _block_key(block: _Element) -> str:
    if block.tag == w("tbl"):
        return "\x00table"
    return "".join(token.key for token in tokens(block))


def _merge_pair(old: _Element, new: _Element, track: Tracker) -> _Element:
    if old.tag == w("tbl"):
        return _merge_table(old, new, track)
    old_tokens, new_tokens = tokens(old), tokens(new)
    if [t.key for t in old_tokens] == [t.key for t in new_tokens]:
        return copy.deepcopy(new)
    merged: list[tuple[Op, Token]] = []
    for op, i1, i2, j1, j2 in opcodes([t.key for t in old_tokens], [t.key for t in new_tokens]):
        if op == "equal":
            merged += [("=", t) for t in new_tokens[j1:j2]]
            continue
        merged += [("-", t) for t in old_tokens[i1:i2]]
        merged += [("+", t) for t in new_tokens[j1:j2]]
    return paragraph(new, merged, track)


def _whole(block: _Element, op: Op, track: Tracker) -> _Element:
    """A paragraph or table only one side has, all removed (`-`) or all added (`+`)."""
    if block.tag == w("tbl"):
        table = copy.deepcopy(block)
        for row in table.iter(w("tr")):
            for cell in row.findall(w("tc")):
                _replace_content(cell, [_whole(b, op, track) for b in _blocks(list(cell))])
            mark_row(row, op, track)
        return table
    whole = paragraph(block, [(op, t) for t in tokens(block)], track)
    mark_paragraph(whole, op, track)
    return whole


def _merge_table(old: _Element, new: _Element, track: Tracker) -> _Element:
    """Rows and cells paired in order; cells or rows only one side has removed or added."""
    table = copy.deepcopy(new)
    old_rows, rows = old.findall(w("tr")), table.findall(w("tr"))
    for index, row in enumerate(rows):
        cells = row.findall(w("tc"))
        if index >= len(old_rows):
            for cell in cells:
                _replace_content(cell, [_whole(b, "+", track) for b in _blocks(list(cell))])
            mark_row(row, "+", track)
            continue
        old_cells = old_rows[index].findall(w("tc"))
        for number, cell in enumerate(cells):
            # the last cell also takes the old cells beyond the new row's end
            taken = old_cells[number:] if number == len(cells) - 1 else old_cells[number : number + 1]
            old_content = [b for old_cell in taken for b in list(old_cell)]
            _replace_content(cell, _merge_blocks(old_content, list(cell), track))
    for old_row in old_rows[len(rows) :]:
        table.append(_whole_row(old_row, track))
    return table


def _whole_row(row: _Element, track: Tracker) -> _Element:
    removed = copy.deepcopy(row)
    for cell in removed.findall(w("tc")):
        _replace_content(cell, [_whole(b, "-", track) for b in _blocks(list(cell))])
    mark_row(removed, "-", track)
    return removed


def _replace_content(cell: _Element, blocks: list[_Element]) -> None:
    for child in list(cell):
        if child.tag != w("tcPr"):
            cell.remove(child)
    cell.extend(blocks)
