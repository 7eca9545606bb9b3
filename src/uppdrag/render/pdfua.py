"""PDF/UA-1 where LibreOffice's tagged PDF falls short, mended with pikepdf after the export.

LibreOffice marks every header and footer as an artifact, so on the first page the letterhead
(document kind, Datum, Diarienummer, the organisation, the address) never reaches a screen
reader; it leaves the rules it draws (paragraph borders) untagged, the first page's footer links
outside Link elements, pages with links without a tab order, and the draft's watermark a Figure
without alternative text. This module:

- tags the first page's letterhead text as paragraphs (`P` in a `Div` before the body, the
  address after it); later pages' running header and footer stay pagination artifacts, as
  ISO 14289-1 §7.8 allows;
- marks every path painted outside any marked content as an artifact (decoration);
- puts each untagged link annotation in a `Link` element (with its `OBJR`) and a description;
- sets `/Tabs /S` on pages with annotations;
- gives a `Figure` without `/Alt` the watermark's text (the only picture without one).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

TEXT = {"Tj", "TJ", "'", '"'}
PATH = {"m", "l", "c", "v", "y", "h", "re"}
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


def mend(data: bytes, watermark: str | None) -> bytes:
    """The PDF with its letterhead tagged, decoration as artifacts, links in Link elements."""
    import pikepdf

    with pikepdf.open(BytesIO(data)) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        if tree is None:
            return data  # not tagged: nothing to mend here (the claim is checked by the caller)
        document = _document(tree)
        for number, page in enumerate(pdf.pages):
            operations = pikepdf.parse_content_stream(page)
            operations = _paths_as_artifacts(operations)
            if number == 0:
                operations = _tag_letterhead(pdf, page, operations, tree, document)
            if watermark:
                _watermark_figures(page, operations, tree, watermark)
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
            _link_elements(pdf, page, tree, document)
            if "/Annots" in page.obj:
                page.obj.Tabs = pikepdf.Name.S
        if watermark:
            _watermark_alt(tree, watermark)
        out = BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _document(tree: Any) -> Any:
    """The structure tree's top element (LibreOffice's `Document`)."""
    import pikepdf

    kids = tree.get("/K")
    if isinstance(kids, pikepdf.Array):
        return kids[0]
    return kids


def _kids(element: Any) -> Any:
    """An element's `/K` as an array (made one when it was a single kid)."""
    import pikepdf

    kids = element.get("/K")
    if not isinstance(kids, pikepdf.Array):
        kids = pikepdf.Array([kids] if kids is not None else [])
        element.K = kids
    return element.K


def _paths_as_artifacts(operations: list[Any]) -> list[Any]:
    """Every path painted outside marked content wrapped as `/Artifact BMC … EMC`."""
    import pikepdf

    depth, start = 0, None
    spans: list[tuple[int, int]] = []
    for index, (_operands, operator) in enumerate(operations):
        name = str(operator)
        if name in ("BMC", "BDC"):
            depth += 1
        elif name == "EMC":
            depth -= 1
        if depth:
            start = None
        elif name in PATH:
            start = index if start is None else start
        elif name in PAINT and start is not None:
            spans.append((start, index))
            start = None
        else:
            start = None
    out = list(operations)
    for first, last in reversed(spans):
        out.insert(last + 1, pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
        out.insert(first, pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
    return out


def _blocks(operations: list[Any]) -> list[tuple[int, int, bool]]:
    """Top-level marked-content sequences: (start, end, is an artifact showing text)."""
    blocks, depth, start = [], 0, 0
    for index, (_operands, operator) in enumerate(operations):
        name = str(operator)
        if name in ("BMC", "BDC"):
            if depth == 0:
                start = index
            depth += 1
        elif name == "EMC" and depth:
            depth -= 1
            if depth == 0:
                opening = operations[start]
                artifact = str(opening.operator) == "BMC" and str(opening.operands[0]) == "/Artifact"
                text = _shows_text(operations[start:index])
                blocks.append((start, index, artifact and text))
    return blocks


def _tag_letterhead(pdf: Any, page: Any, operations: list[Any], tree: Any, document: Any) -> list[Any]:
    """The first page's header and footer text as paragraphs (they were artifacts)."""
    import pikepdf

    tagged = [b for b in _blocks(operations) if b[2]]
    if not tagged:
        return operations
    mcids = _page_mcids(tree, page)
    parents = mcids if mcids is not None else pikepdf.Array()
    middle = float(page.mediabox[1] + page.mediabox[3]) / 2
    header = _div(pdf, document)
    footer = _div(pdf, document)
    next_id = len(parents)
    for start, end, _text in tagged:
        group = header if _height(operations[start:end], middle) >= middle else footer
        paragraph = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem, S=pikepdf.Name.P, P=group, Pg=page.obj, K=next_id
            )
        )
        _kids(group).append(paragraph)
        operations[start] = pikepdf.ContentStreamInstruction(
            [pikepdf.Name.P, pikepdf.Dictionary(MCID=next_id)], pikepdf.Operator("BDC")
        )
        parents.append(paragraph)
        next_id += 1
    kids = _kids(document)
    if len(_kids(header)):
        kids.insert(0, header)
    if len(_kids(footer)):
        kids.append(footer)
    if mcids is None:
        _set_parents(pdf, tree, page, parents)
    return operations


def _height(operations: list[Any], default: float) -> float:
    """Where a block's text starts on the page (its first text position), from the bottom."""
    for instruction in operations:
        name = str(instruction.operator)
        if name == "Td":
            return float(instruction.operands[1])
        if name == "Tm":
            return float(instruction.operands[5])
    return default


def _shows_text(operations: list[Any]) -> bool:
    return any(str(op.operator) in TEXT for op in operations)


def _is_content(instruction: Any) -> bool:
    """A marked-content sequence of the body (a structure element's, with an MCID)."""
    operands = instruction.operands
    return str(instruction.operator) == "BDC" and len(operands) > 1 and "/MCID" in operands[1]


def _div(pdf: Any, document: Any) -> Any:
    import pikepdf

    return pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Div, P=document, K=pikepdf.Array())
    )


def _nums(tree: Any) -> Any:
    """The parent tree's flat `/Nums` array (LibreOffice writes a single leaf)."""
    import pikepdf

    parent_tree = tree.get("/ParentTree")
    if parent_tree is None:
        tree.ParentTree = parent_tree = pikepdf.Dictionary(Nums=pikepdf.Array())
    if "/Nums" not in parent_tree:
        parent_tree.Nums = pikepdf.Array()
    return parent_tree.Nums


def _page_mcids(tree: Any, page: Any) -> Any:
    """The array of structure elements by MCID of a page (from the parent tree)."""
    key = page.obj.get("/StructParents")
    if key is None:
        return None
    nums = _nums(tree)
    for index in range(0, len(nums) - 1, 2):
        if int(nums[index]) == int(key):
            return nums[index + 1]
    return None


def _next_key(tree: Any) -> int:
    nums = _nums(tree)
    keys = [int(nums[i]) for i in range(0, len(nums) - 1, 2)]
    key = max([*keys, int(tree.get("/ParentTreeNextKey", 0)) - 1, -1]) + 1
    tree.ParentTreeNextKey = key + 1
    return key


def _set_parents(pdf: Any, tree: Any, page: Any, parents: Any) -> None:
    key = _next_key(tree)
    page.obj.StructParents = key
    _nums(tree).extend([key, pdf.make_indirect(parents)])


def _link_elements(pdf: Any, page: Any, tree: Any, document: Any) -> None:
    """Each link annotation without a structure parent in a `Link` element of its own."""
    import pikepdf

    for annotation in page.obj.get("/Annots", pikepdf.Array()):
        if annotation.get("/Subtype") != pikepdf.Name.Link or "/StructParent" in annotation:
            continue
        target = annotation.get("/A", {}).get("/URI")
        if "/Contents" not in annotation and target is not None:
            annotation.Contents = pikepdf.String(str(target))
        reference = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page.obj)
        link = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.StructElem,
                S=pikepdf.Name.Link,
                P=document,
                Pg=page.obj,
                K=pikepdf.Array([reference]),
            )
        )
        if target is not None:
            link.Alt = pikepdf.String(str(target))
        _kids(document).append(link)
        key = _next_key(tree)
        annotation.StructParent = key
        _nums(tree).extend([key, link])


def _watermark_figures(page: Any, operations: list[Any], tree: Any, text: str) -> None:
    """A picture without text that LibreOffice tagged as a `Div` (the draft's watermark on some
    pages) becomes a `Figure` with the watermark's word, in the content and in the tree."""
    import pikepdf

    elements = _page_mcids(tree, page)
    for start, end, _text in _blocks(operations):
        opening = operations[start]
        block = operations[start:end]
        if not _is_content(opening) or str(opening.operands[0]) != "/Div" or _shows_text(block):
            continue
        if not any(str(op.operator) == "Do" for op in block):
            continue
        mcid = int(opening.operands[1].MCID)
        operations[start] = pikepdf.ContentStreamInstruction(
            [pikepdf.Name.Figure, opening.operands[1]], pikepdf.Operator("BDC")
        )
        element = elements[mcid] if elements is not None and mcid < len(elements) else None
        if isinstance(element, pikepdf.Dictionary):
            element.S = pikepdf.Name.Figure
            element.Alt = pikepdf.String(text)


def _watermark_alt(tree: Any, text: str) -> None:
    """A Figure without alternative text is the watermark (the logo has its own): its word."""
    import pikepdf

    stack = [tree]
    seen: set[tuple[int, int]] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if node.get("/S") == pikepdf.Name.Figure and "/Alt" not in node and "/ActualText" not in node:
                node.Alt = pikepdf.String(text)
            kids = node.get("/K")
            if kids is not None and "/Type" in node and node.Type == pikepdf.Name.OBJR:
                continue
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
