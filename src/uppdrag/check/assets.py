"""Files the data names (the logo's PNG and SVG, the organisation's Word template), checked by
content before anything of them reaches a document.

A pull request may point `logo.svg` at /proc/self/environ or at a 1.5 GB sparse file, or give a
PNG whose header claims 4294967295 pixels: each is confined to the project (uppdrag/confine.py),
bounded in bytes, and read as what it claims to be. A PNG by its signature and header, with sane
dimensions; an SVG parsed as XML without a DTD (so no entity is ever expanded), with no script,
event handler, foreign object or reference outside the file; a Word template as a ZIP whose parts
are bounded in size and in inflation, read before python-docx ever opens it.
"""

from __future__ import annotations

import struct
import zipfile
from typing import TYPE_CHECKING

from uppdrag.errors import DataError
from uppdrag.filecache import FileCache
from uppdrag.i18n import _, strerror

if TYPE_CHECKING:
    from pathlib import Path

    from lxml.etree import _Element

MAX_PNG = 5_000_000  # bytes of a logo PNG (VGR's is 9 KB)
MAX_SVG = 1_000_000  # bytes of a logo SVG
MAX_SIDE = 10_000  # pixels a logo may be wide or high
MAX_TEMPLATE = 30_000_000  # bytes of a Word template on disk
MAX_PART = 20_000_000  # bytes one part of a Word template may inflate to
MAX_UNPACKED = 60_000_000  # bytes all parts together may inflate to
MAX_RATIO = 100  # inflated : compressed, for parts larger than RATIO_FROM
RATIO_FROM = 1_000_000
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
REFUSED = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"}


class AssetProblem(ValueError):
    """What is wrong with an asset's content, as one line."""


def png_size(data: bytes) -> tuple[int, int]:
    """A PNG's pixel size from its header, when it is a PNG of sane dimensions."""
    if data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR" or len(data) < 24:
        raise AssetProblem(_("not a PNG image"))
    width, height = struct.unpack(">II", data[16:24])
    if not width or not height:
        raise AssetProblem(_("not a PNG image"))
    if width > MAX_SIDE or height > MAX_SIDE:
        raise AssetProblem(
            _("a PNG of {width}×{height} pixels; a logo may be at most {side} pixels wide and high").format(
                width=width, height=height, side=MAX_SIDE
            )
        )
    return width, height


def check_svg(data: bytes) -> None:
    """An SVG that is plain, self-contained XML (else AssetProblem saying what is not)."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise AssetProblem(_("not an SVG image: {reason}").format(reason=reason)) from None
    if root.getroottree().docinfo.internalDTD is not None or b"<!ENTITY" in data:
        raise AssetProblem(_("an SVG with a DTD or entities; save it without them"))
    if root.tag != f"{SVG}svg":
        raise AssetProblem(_("not an SVG image (its root is no <svg>)"))
    for element in root.iter():
        _check_element(element)


def _check_element(element: _Element) -> None:
    """No script, handler, foreign content or reference to anything outside the SVG."""
    if not isinstance(element.tag, str):  # a processing instruction or entity reference
        raise AssetProblem(_("an SVG with processing instructions or entity references"))
    name = element.tag.rpartition("}")[2]
    if name in REFUSED:
        message = _("an SVG with a <{name}> element; a logo is a picture only")
        raise AssetProblem(message.format(name=name))
    outside = _("an SVG referring to another file or address ({value})")
    for attribute, value in element.attrib.items():
        local = attribute.rpartition("}")[2]
        if local.lower().startswith("on"):
            raise AssetProblem(_("an SVG with an event handler ({name})").format(name=local))
        if (attribute == XLINK_HREF or local == "href") and not value.strip().startswith("#"):
            raise AssetProblem(outside.format(value=value[:80]))
        if _outside_url(value):
            raise AssetProblem(outside.format(value=value[:80]))
    if name == "style" and ("@import" in (element.text or "") or _outside_url(element.text or "")):
        raise AssetProblem(_("an SVG whose style refers to another file or address"))


def _outside_url(css: str) -> bool:
    compact = css.replace(" ", "")
    return compact.count("url(") > compact.count("url(#")


def check_template(path: Path) -> None:
    """A Word template whose parts inflate within bounds (the ZIP directory read, nothing inflated)."""
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise AssetProblem(_("not a Word file (damaged, or not a ZIP package)")) from None
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART or (info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            message = _("part {name} inflates to {size} bytes ({ratio}× its packed size); too large")
            raise AssetProblem(
                message.format(name=info.filename[:80], size=info.file_size, ratio=round(ratio))
            )
    if total > MAX_UNPACKED:
        raise AssetProblem(_("unpacks to {size} bytes, more than a template can hold").format(size=total))


LIMITS = {".png": MAX_PNG, ".svg": MAX_SVG, ".docx": MAX_TEMPLATE, ".dotx": MAX_TEMPLATE}
_checked: FileCache[str | None] = FileCache()


def asset_problem(path: Path) -> str | None:
    """What is wrong with a (confined, regular) asset file as its suffix says it is, or None;
    found once per process while the file is unchanged (every council names the same logo)."""
    return _checked.get(path, _problem)


def _problem(path: Path) -> str | None:
    from uppdrag.confine import read_limited

    suffix = path.suffix.lower()
    try:
        if suffix in (".docx", ".dotx"):  # only the head and the ZIP directory are read here
            size = path.stat().st_size
            if size > MAX_TEMPLATE:
                raise AssetProblem(
                    _("file is too large ({size} bytes; at most {limit})").format(
                        size=size, limit=MAX_TEMPLATE
                    )
                )
            with path.open("rb") as handle:  # a regular file: confine.input_file checked it
                head = handle.read(4)
            if head != b"PK\x03\x04":
                raise AssetProblem(_("not a Word file (damaged, or not a ZIP package)"))
            check_template(path)
            return None
        data = read_limited(path, LIMITS.get(suffix, MAX_SVG))
        if suffix == ".png":
            png_size(data)
        elif suffix == ".svg":
            check_svg(data)
        else:
            raise AssetProblem(_("not a PNG, SVG, DOCX or DOTX file"))
    except AssetProblem as exc:
        return str(exc)
    except DataError as exc:
        return exc.diagnostics[0].message
    except OSError as exc:
        return _("cannot read file: {reason}").format(reason=strerror(exc))
    return None
