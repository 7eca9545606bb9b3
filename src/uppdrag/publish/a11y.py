"""The accessibility checks the register's build runs on every page it publishes.

Each check reads the page's HTML (standard library parser, no browser) and names a WCAG 2.1
success criterion it tests part of. The accessibility statement (`tillganglighet.html`) is made
from these results, so it says what was checked, on how many pages, and what failed — never more.
What needs a browser or a person (contrast, keyboard use, focus, plain language) is not among
them, and the statement says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

# (id, WCAG 2.1 success criterion): the words describing each are in the statement's template.
CHECKS = (
    ("lang", "3.1.1"),
    ("title", "2.4.2"),
    ("headings", "1.3.1"),
    ("alt", "1.1.1"),
    ("links", "2.4.4"),
    ("labels", "3.3.2"),
    ("tables", "1.3.1"),
    ("ids", "4.1.1"),
    ("zoom", "1.4.4"),
)
_FIELDS = {"input", "select", "textarea"}


@dataclass
class _Page(HTMLParser):
    """One page's facts, gathered in one pass."""

    lang: str = ""
    title: str = ""
    headings: list[int] = field(default_factory=list)
    images_without_alt: int = 0
    links: list[str] = field(default_factory=list)  # each link's accessible name
    fields: list[tuple[str, bool]] = field(default_factory=list)  # (id, named by aria-label)
    labelled: set[str] = field(default_factory=set)
    header_cells: list[bool] = field(default_factory=list)  # th: has scope (or a caption names the table)
    ids: list[str] = field(default_factory=list)
    zoom_blocked: bool = False
    _open: list[str] = field(default_factory=list)  # tags whose text is being gathered
    _link: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "html":
            self.lang = found.get("lang", "")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images_without_alt += "alt" not in found
            if self._link is not None:
                self._link.append(found.get("alt", ""))
        elif tag == "a" and "href" in found:
            self._link = [found.get("aria-label", "")]
        else:
            self._form_and_table(tag, found)
        if tag == "title":
            self._open.append(tag)

    def _form_and_table(self, tag: str, found: dict[str, str]) -> None:
        if tag in _FIELDS and found.get("type") != "hidden":
            self.fields.append((found.get("id", ""), bool(found.get("aria-label"))))
        elif tag == "label" and "for" in found:
            self.labelled.add(found["for"])
        elif tag == "th":
            self.header_cells.append("scope" in found)
        elif tag == "meta" and found.get("name") == "viewport":
            content = found.get("content", "").replace(" ", "")
            self.zoom_blocked = "user-scalable=no" in content or "maximum-scale=1" in content

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append(" ".join(part for part in self._link if part).strip())
            self._link = None
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data.strip())
        if self._open and self._open[-1] == "title":
            self.title += data

    def failures(self) -> dict[str, str]:
        """The checks this page fails, each with what was found."""
        found: dict[str, str] = {}
        if not self.lang.strip():
            found["lang"] = "html lang"
        if not self.title.strip():
            found["title"] = "title"
        ones = self.headings.count(1)
        skips = [f"h{a}→h{b}" for a, b in zip(self.headings, self.headings[1:], strict=False) if b > a + 1]
        if ones != 1 or skips or (self.headings and self.headings[0] != 1):
            found["headings"] = ", ".join([f"h1 × {ones}", *skips])
        if self.images_without_alt:
            found["alt"] = f"img × {self.images_without_alt}"
        empty = sum(1 for name in self.links if not name)
        if empty:
            found["links"] = f"a × {empty}"
        unnamed = [ident or "?" for ident, aria in self.fields if not aria and ident not in self.labelled]
        if unnamed:
            found["labels"] = ", ".join(unnamed)
        if not all(self.header_cells):
            found["tables"] = f"th × {self.header_cells.count(False)}"
        twice = sorted(ident for ident, count in Counter(self.ids).items() if count > 1)  # linear
        if twice:
            found["ids"] = ", ".join(twice)
        if self.zoom_blocked:
            found["zoom"] = "viewport"
        return found


@dataclass(frozen=True)
class Result:
    """One check over the site: its criterion, the pages it read and those that failed it."""

    check: str
    criterion: str
    pages: int
    failed: tuple[tuple[str, str], ...]  # (page, what was found)


def page_failures(html: bytes) -> dict[str, str]:
    """The checks one page fails (by id), each with what was found."""
    page = _Page()
    page.feed(html.decode("utf-8", errors="replace"))
    page.close()
    return page.failures()


def audit(pages: Mapping[str, bytes]) -> list[Result]:
    """Every check over every page (name → bytes), in the order of CHECKS."""
    return results({name: page_failures(content) for name, content in pages.items()})


def results(found: Mapping[str, dict[str, str]]) -> list[Result]:
    """Every check over the pages whose failures are `found` (page name → failures), in the order
    of CHECKS (publish/audited.py keeps each page's failures)."""
    failures: dict[str, list[tuple[str, str]]] = {check: [] for check, _ in CHECKS}
    for name in sorted(found):
        for check, what in found[name].items():
            failures[check].append((name, what))
    return [Result(check, criterion, len(found), tuple(failures[check])) for check, criterion in CHECKS]
