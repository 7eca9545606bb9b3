"""WordprocessingML children put back in the order the schema (ECMA-376, wml.xsd) prescribes.

Templates saved by other programs (pandoc's reference.docx, older converters) may list a style's
or a property's children out of order; Word opens them, but a validator counts each as an error
and uppdrag would copy them into every document. Only the order changes, never the content; an
element the sequence does not name (an extension) keeps its place after the ones it names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_RPR = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"
)
_PPR = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
    "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
_TBLPR = (
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
)
_TCPR = (
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
    "hideMark headers cellIns cellDel cellMerge tcPrChange"
)
_BORDERS = "top left start bottom right end insideH insideV tl2br tr2bl between bar"
_MARGINS = "top left start bottom right end"
ORDER: dict[str, tuple[str, ...]] = {
    "styles": ("docDefaults", "latentStyles", "style"),
    "docDefaults": ("rPrDefault", "pPrDefault"),
    "style": tuple(
        [
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ]
    ),
    "tblStylePr": ("pPr", "rPr", "tblPr", "trPr", "tcPr"),
    "rPr": ("ins", "del", "moveFrom", "moveTo", *_RPR.split()),
    "pPr": tuple(_PPR.split()),
    "tblPr": tuple(_TBLPR.split()),
    "tcPr": tuple(_TCPR.split()),
    "pBdr": tuple(_BORDERS.split()),
    "tblBorders": tuple(_BORDERS.split()),
    "tcBorders": tuple(_BORDERS.split()),
    "tblCellMar": tuple(_MARGINS.split()),
    "tcMar": tuple(_MARGINS.split()),
    "numbering": ("numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"),
    "abstractNum": ("nsid", "multiLevelType", "tmpl", "name", "styleLink", "numStyleLink", "lvl"),
    "lvl": tuple(
        [
            "start",
            "numFmt",
            "lvlRestart",
            "pStyle",
            "isLgl",
            "suff",
            "lvlText",
            "lvlPicBulletId",
            "legacy",
            "lvlJc",
            "pPr",
            "rPr",
        ]
    ),
    "num": ("abstractNumId", "lvlOverride"),
}


def in_schema_order(root: _Element) -> _Element:
    """`root`, the children of every element under it whose sequence is known reordered in place."""
    for element in root.iter(*(f"{W}{name}" for name in ORDER)):
        order = {f"{W}{name}": rank for rank, name in enumerate(ORDER[str(element.tag)[len(W) :]])}
        children = list(element)
        if not children:
            continue
        last = len(order)
        ranked = sorted(range(len(children)), key=lambda i: (order.get(str(children[i].tag), last), i))
        if ranked == list(range(len(children))):
            continue
        tail = element[-1].tail
        for child in children:
            element.remove(child)
        for index in ranked:
            element.append(children[index])
        element[-1].tail = tail
    return root
