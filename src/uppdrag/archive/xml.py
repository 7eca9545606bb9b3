"""A small XML writer: attributes in the order given, text escaped, two-space indents, no clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

NS = {
    "mets": "http://www.loc.gov/METS/",
    "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS",
    "sip": "https://DILCIS.eu/XML/METS/SIPExtensionMETS",
    "xlink": "http://www.w3.org/1999/xlink",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "premis": "http://www.loc.gov/premis/v3",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}


@dataclass
class Element:
    """An element with prefixed names (`mets:file`), its attributes, text and children."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    children: list[Element] = field(default_factory=list)

    def add(self, tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None) -> Element:
        """Append a child (attributes whose value is None are left out) and return it."""
        child = Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None}, text)
        self.children.append(child)
        return child

    def lines(self, depth: int = 0) -> list[str]:
        pad = "  " * depth
        attrs = "".join(f" {name}={quoteattr(value)}" for name, value in self.attrs.items())
        if not self.children:
            body = "" if self.text is None else escape(self.text)
            return [
                f"{pad}<{self.tag}{attrs}/>"
                if self.text is None
                else f"{pad}<{self.tag}{attrs}>{body}</{self.tag}>"
            ]
        inner = [line for child in self.children for line in child.lines(depth + 1)]
        return [f"{pad}<{self.tag}{attrs}>", *inner, f"{pad}</{self.tag}>"]


def document(root: Element, prefixes: tuple[str, ...], locations: str = "") -> bytes:
    """The UTF-8 document with `root` declaring the namespaces of `prefixes`."""
    declared = {f"xmlns:{prefix}": NS[prefix] for prefix in prefixes}
    if locations:
        declared["xsi:schemaLocation"] = locations
    top = Element(root.tag, {**declared, **root.attrs}, root.text, root.children)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(top.lines()) + "\n").encode("utf-8")
