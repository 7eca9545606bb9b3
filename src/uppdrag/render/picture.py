"""Pictures in a DOCX: the letterhead logo as an inline DrawingML picture with its alt text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag.errors import DataError
from uppdrag.filecache import FileCache
from uppdrag.i18n import _

if TYPE_CHECKING:
    from uppdrag.check.model import Logo

EMU_PER_MM = 36000


@dataclass(frozen=True)
class Picture:
    """An image to embed: its bytes (PNG, optionally an SVG beside it), pixel size and alt text."""

    png: bytes
    width: int
    height: int
    alt: str
    svg: bytes | None = None

    def extent(self, height_mm: float) -> tuple[int, int]:
        """Width and height in EMU when shown `height_mm` high (the aspect ratio kept)."""
        cy = round(height_mm * EMU_PER_MM)
        return round(cy * self.width / self.height), cy


def png_size(data: bytes, name: str) -> tuple[int, int]:
    """The pixel size from a PNG's header (sane dimensions); anything else is an error naming the file."""
    from uppdrag.check.assets import AssetProblem
    from uppdrag.check.assets import png_size as size

    try:
        return size(data)
    except AssetProblem as exc:
        raise DataError(_("{name}: {reason}").format(name=name, reason=exc)) from None


def logo_picture(logo: Logo) -> Picture:
    """The charter's logo (its paths already resolved and checked when the charter was loaded)."""
    return cached_picture(logo.image, logo.svg, logo.alt)


_pictures: FileCache[Picture] = FileCache()


def pin_picture(logo: Logo) -> None:
    """Read a logo now and keep it for the process: its file is about to go (a git revision's
    temporary copy that `diff --git` renders the old document from after it is removed)."""
    _pictures.pin((logo.image, logo.svg, logo.alt), cached_picture(logo.image, logo.svg, logo.alt))


def cached_picture(image: str, svg: str | None, alt: str) -> Picture:
    """A picture read once per process (again when a file changes: uppdrag.filecache's rule)."""
    paths = [Path(image), *([Path(svg)] if svg else [])]

    def read() -> Picture:
        from uppdrag.check.assets import MAX_PNG, MAX_SVG
        from uppdrag.confine import read_limited

        png = read_limited(paths[0], MAX_PNG)  # checked when the charter was loaded; bounded again
        width, height = png_size(png, paths[0].name)
        return Picture(png, width, height, alt, read_limited(paths[1], MAX_SVG) if svg else None)

    return _pictures.made_from((image, svg, alt), paths, read)


def drawing(picture: Picture, rid: str, svg_rid: str, height_mm: float, shape_id: int = 1) -> str:
    """`w:drawing` with an inline picture; `descr` carries the alt text (escaped here)."""
    cx, cy = picture.extent(height_mm)
    alt = picture.alt.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    frame = (
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/>'
        "</wp:cNvGraphicFramePr>"
    )
    fill = (
        f'<pic:blipFill><a:blip r:embed="{rid}">{{}}</a:blip>'
        "<a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
    )
    svg = (
        '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
        '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
        f'r:embed="{svg_rid}"/></a:ext></a:extLst>'
        if picture.svg
        else ""
    )
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    return (
        f'<w:drawing><wp:inline xmlns:wp="{wp}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Logo" descr="{alt}"/>{frame}'
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        f'<pic:nvPicPr><pic:cNvPr id="0" name="logo.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>'
        + fill.format(svg)
        + f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing>"
    )
