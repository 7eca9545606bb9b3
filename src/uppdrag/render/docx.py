"""DOCX from a charter: Jinja2 renders the WordprocessingML parts, the fixed parts are reused.

Layout lives in `templates/docx/`: `document.xml.j2` (the body), `header-first.<layout>.xml.j2`
(the letterhead), the other headers and footers, and the fixed parts (styles, numbering,
settings) that every document shares. Text is XML-escaped data; nothing here is prose.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from uppdrag.check.inline import plain_text, runs
from uppdrag.errors import TemplateError
from uppdrag.filecache import FileCache
from uppdrag.i18n import _
from uppdrag.render.environment import layout_environment
from uppdrag.render.letterhead import Facts, PartMemo, freeze
from uppdrag.render.picture import Picture, drawing, logo_picture
from uppdrag.render.wordml import Links, text_xml
from uppdrag.render.zipwriter import Part, zip_parts
from uppdrag.session import per_session

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from jinja2 import Environment
    from markupsafe import Markup

    from uppdrag.check.model import Charter, FooterEntry, Span

Filters = tuple[tuple[str, "Callable[..., Any]"], ...]  # more filters for a body of its own (the redline's)

FIXED_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/theme/theme1.xml",
)
DOCUMENT_RELATIONSHIPS = (
    ("rIdStyles", "styles", "styles.xml"),
    ("rIdNumbering", "numbering", "numbering.xml"),
    ("rIdSettings", "settings", "settings.xml"),
    ("rIdFontTable", "fontTable", "fontTable.xml"),
    ("rIdTheme", "theme", "theme/theme1.xml"),
    ("rIdHeader1", "header", "header1.xml"),
    ("rIdHeader2", "header", "header2.xml"),
    ("rIdFooter1", "footer", "footer1.xml"),
    ("rIdFooter2", "footer", "footer2.xml"),
)


def runs_xml(value: str | list[Span] | None, links: Links, bold: bool = False) -> Markup:
    """Runs (`w:r`) and hyperlinks (`w:hyperlink`) for an inline text."""
    if isinstance(value, str) and "@" not in value:  # no link, so `links` is not used
        return _plain_runs(value, bold)
    return _runs_xml(value, links, bold)


@lru_cache(maxsize=8192)
def _plain_runs(text: str, bold: bool) -> Markup:
    """The runs of a text without links: a pure function of it, kept for the shared sentences."""
    return _runs_xml(text, Links(), bold)


def _runs_xml(value: str | list[Span] | None, links: Links, bold: bool) -> Markup:
    from markupsafe import Markup

    out = []
    for run in runs(value):
        strong = "<w:b/><w:bCs/>" if bold or run.bold else ""
        if run.url:
            rid = links.rid(run.url)
            props = f'<w:rPr><w:rStyle w:val="Hyperlink"/>{strong}</w:rPr>'
            run_xml = f"<w:r>{props}{text_xml(run.text, props)}</w:r>"
            out.append(f'<w:hyperlink r:id="{rid}" w:history="1">{run_xml}</w:hyperlink>')
        else:
            props = f"<w:rPr>{strong}</w:rPr>" if strong else ""
            out.append(f"<w:r>{props}{text_xml(run.text, props)}</w:r>")
    return Markup("".join(out))


def text_elements(value: object, props: str = "") -> Markup:
    """The `w:t` elements of a value printed inside a template's `w:r`, whose run properties
    (`w:rPr` inner XML) the template passes when it has any: a word joiner splits the run."""
    from markupsafe import Markup

    # `a ~ b` in an autoescaped template is already escaped markup: back to the text first
    text = value.unescape() if isinstance(value, Markup) else str(value)
    return Markup(text_xml(text, f"<w:rPr>{props}</w:rPr>" if props else ""))


def column_widths(entries: list[FooterEntry], total: int) -> list[int]:
    """Widths (twips) for the letterhead footer's columns, in proportion to their longest line."""
    longest = [max(len(plain_text(text)) for text in (entry.label, *entry.lines)) + 4 for entry in entries]
    widths = [total * size // sum(longest) for size in longest]
    widths[-1] += total - sum(widths)
    return widths


def picture_xml(picture: Picture, height_mm: float) -> Any:
    """The letterhead logo as an inline picture `height_mm` high (relationships of header1)."""
    from markupsafe import Markup

    return Markup(drawing(picture, "rIdLogo", "rIdLogoSvg", height_mm))


def _media(picture: Picture | None) -> tuple[tuple[tuple[str, str, str], ...], dict[str, bytes]]:
    """The first-page header's image relationships and media parts."""
    if picture is None:
        return (), {}
    rels = [("rIdLogo", "image", "media/logo.png")]
    media = {"word/media/logo.png": picture.png}
    if picture.svg is not None:
        rels.append(("rIdLogoSvg", "image", "media/logo.svg"))
        media["word/media/logo.svg"] = picture.svg
    return tuple(rels), media


def _finalize(value: Any) -> Any:
    if value is None:
        raise ValueError(_("a template printed an empty value (None)"))
    return value


@per_session
def _environment(folder: str, extra: Filters = ()) -> Environment:
    filters = {
        "runs": runs_xml,
        "column_widths": column_widths,
        "drawing": picture_xml,
        "wt": text_elements,
        **dict(extra),
    }
    env = layout_environment(folder, autoescape=True, finalize=_finalize, filters=filters)
    return env


@per_session
def _memo(env: Environment) -> PartMemo:
    return PartMemo(env)


def _replay(items: tuple[tuple[str, str], ...]) -> Links:
    """Links holding `items` again (ids are given in order of first use)."""
    links = Links()
    for _rid, url in items:
        links.rid(url)
    return links


def _media_part(memo: PartMemo | None, name: str, content: bytes) -> Part:
    """A logo image, stored (PNG) or deflated (SVG), once per picture."""

    def make() -> Part:
        return Part.of(name, content, level=0 if name.endswith(".png") else 6)

    return make() if memo is None else memo.get((name, content), None, make)


_fixed_parts: FileCache[Part] = FileCache()


def _fixed(folder: Path, name: str) -> Part:
    """A fixed part, deflated once per process (again only when its file changes)."""
    path = folder / name
    try:
        return _fixed_parts.get(path, lambda p: Part.of(name, p.read_bytes()))
    except FileNotFoundError:
        raise TemplateError(_("DOCX part {path} not found").format(path=path)) from None


def render_docx(
    charter: Charter,
    templates: Path,
    body: str = "document.xml.j2",
    facts: Any = None,
    filters: Filters = (),
    **extra: Any,
) -> bytes:
    """The charter as a DOCX package (byte-identical for identical input).

    `body` names the template of word/document.xml (the redline has its own, diff/word.py);
    `extra` is passed to it, `filters` added for it; `facts` stands for the charter in the
    headers and footers (the redline's).
    """
    from markupsafe import Markup

    from uppdrag.render.reference import load_reference
    from uppdrag.render.template import render_template

    folder = templates / "docx"
    env = _environment(str(folder), filters)
    body_links = Links()
    reference = load_reference(charter.template, folder) if charter.template else None
    text_width = reference.text_width if reference else 0
    context = {
        "charter": charter,
        "labels": charter.labels,
        "bullet": reference.bullet if reference else 1,
        "page": Markup(reference.page) if reference else "",
        "text_width": text_width,
    }

    def render(name: str, values: dict[str, Any]) -> bytes:
        return render_template(env, folder, name, values).encode("utf-8")

    document = render(body, {**context, "links": body_links, **extra})
    core = render("docProps/core.xml.j2", context)
    picture = logo_picture(charter.logo) if charter.logo else None
    memo = _memo(env) if facts is None else None  # a redline's tracked ids run on: never shared
    if memo is not None:
        memo.refresh()
    letterhead = Facts(facts if facts is not None else charter, env)
    shown = {"labels": charter.labels, "logo": picture, "text_width": text_width}
    shared = (freeze(charter.labels), freeze(picture), text_width)

    def part(name: str, template: str) -> tuple[Part, tuple[tuple[str, str], ...]]:
        """A header or footer with the links it used (the restricted context, memoised)."""

        def make() -> tuple[Part, tuple[tuple[str, str], ...]]:
            links = Links()
            content = render(template, {"charter": letterhead, "links": links, **shown})
            return Part.of(name, content), tuple(links.items())

        return make() if memo is None else memo.get((name, template, shared), letterhead, make)

    def rels(name: str, fixed: tuple[tuple[str, str, str], ...], links: tuple[tuple[str, str], ...]) -> Part:
        def make() -> Part:
            return Part.of(name, render("rels.xml.j2", {"fixed": fixed, "links": _replay(links)}))

        return make() if memo is None else memo.get((name, fixed, links), None, make)

    header1, _links = part("word/header1.xml", f"header-first.{charter.layout}.xml.j2")
    header1_rels, media = _media(picture)
    footer1, footer_links = part("word/footer1.xml", "footer-first.xml.j2")
    generated = [
        Part.of("docProps/core.xml", core),
        Part.of("word/document.xml", document),
        rels("word/_rels/document.xml.rels", DOCUMENT_RELATIONSHIPS, tuple(body_links.items())),
        header1,
        *([rels("word/_rels/header1.xml.rels", header1_rels, ())] if media else []),
        part("word/header2.xml", "header.xml.j2")[0],
        footer1,
        rels("word/_rels/footer1.xml.rels", (), footer_links),
        part("word/footer2.xml", "footer.xml.j2")[0],
    ]
    replaced = reference.parts if reference else {}
    parts = [
        Part.of(name, replaced[name]) if name in replaced else _fixed(folder, name) for name in FIXED_PARTS
    ]
    parts += generated
    parts += [_media_part(memo, name, content) for name, content in media.items()]
    return zip_parts(parts)
