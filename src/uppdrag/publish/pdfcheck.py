"""The checks the register's build runs on every PDF it links: what PDF/UA-1 asks a file to say
of itself, read with pikepdf (no viewer). A PDF failing one is a known exception in the
accessibility statement, named with the check; a PDF the build could not read fails them all.

- `tagged`: a structure tree and `/MarkInfo /Marked true` (ISO 14289-1 §7.1);
- `pdfua`: the XMP's `pdfuaid:part` is 1 (§5);
- `lang`: the catalog's `/Lang` (§7.2, WCAG 3.1.1);
- `title`: a `dc:title` shown in the window (`/DisplayDocTitle`, §7.1, WCAG 2.4.2);
- `alt`: every `Figure` element has alternative text, `/Alt` or `/ActualText` (§7.3, WCAG 1.1.1).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

CHECKS = ("tagged", "pdfua", "lang", "title", "alt")


def pdf_problems(data: bytes) -> list[str]:
    """The checks `data` fails, in the order of CHECKS."""
    import pikepdf

    try:
        with pikepdf.open(BytesIO(data)) as pdf:
            failed = _failed(pdf)
    except (pikepdf.PdfError, ValueError, TypeError, AttributeError, KeyError, RuntimeError):
        return list(CHECKS)
    return [check for check in CHECKS if check in failed]


def _failed(pdf: Any) -> set[str]:
    root, meta = pdf.Root, pdf.open_metadata()
    tree, mark = root.get("/StructTreeRoot"), root.get("/MarkInfo")
    prefs = root.get("/ViewerPreferences")
    failed = set()
    if tree is None or mark is None or not bool(mark.get("/Marked", False)):
        failed.add("tagged")
    if str(meta.get("pdfuaid:part", "")).strip() != "1":
        failed.add("pdfua")
    if not str(root.get("/Lang", "")).strip():
        failed.add("lang")
    shown = prefs is not None and bool(prefs.get("/DisplayDocTitle", False))
    if not str(meta.get("dc:title", "")).strip() or not shown:
        failed.add("title")
    if tree is None or _figure_without_alt(tree):
        failed.add("alt")
    return failed


def _figure_without_alt(tree: Any) -> bool:
    """Whether a Figure in the structure tree lacks /Alt (each element visited once)."""
    import pikepdf

    seen: set[tuple[int, int]] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, pikepdf.Array):
            todo.extend(node)
            continue
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        text = str(node.get("/Alt", "")).strip() or str(node.get("/ActualText", "")).strip()
        if node.get("/S") == pikepdf.Name.Figure and not text:
            return True
        kids = node.get("/K")
        if kids is not None:
            todo.append(kids)
    return False
