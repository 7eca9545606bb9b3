"""DOCX from a charter: Jinja2 renders the WordprocessingML parts, the fixed parts are reused.

Layout lives in `templates/docx/`: `document.xml.j2` (the body), `header-first.<layout>.xml.j2`
(the letterhead), the other headers and footers, and the fixed parts (styles, numbering,
settings) that every document shares. Text is XML-escaped data; nothing here is prose.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from uppdrag.errors import TemplateError
from uppdrag.filecache import FileCache
from uppdrag.i18n import _
from uppdrag.render.environment import layout_environment
from uppdrag.render.inline import plain_text, runs
from uppdrag.render.picture import Picture, drawing, logo_picture
from uppdrag.render.tracked import TrackedFacts, Tracker, paragraph_mark, tracked_runs
from uppdrag.render.wordml import Links, text_xml
from uppdrag.render.zipwriter import Part, zip_parts

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment
    from markupsafe import Markup

    from uppdrag.check.model import Charter, FooterEntry, Span
    from uppdrag.diff.align import Redline

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
    from markupsafe import Markup

    out = []
    for run in runs(value):
        strong = "<w:b/><w:bCs/>" if bold or run.bold else ""
        if run.url:
            rid = links.rid(run.url)
            props = f'<w:rPr><w:rStyle w:val="Hyperlink"/>{strong}</w:rPr>'
            run_xml = f"<w:r>{props}{text_xml(run.text)}</w:r>"
            out.append(f'<w:hyperlink r:id="{rid}" w:history="1">{run_xml}</w:hyperlink>')
        else:
            props = f"<w:rPr>{strong}</w:rPr>" if strong else ""
            out.append(f"<w:r>{props}{text_xml(run.text)}</w:r>")
    return Markup("".join(out))


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


@lru_cache(maxsize=4)
def _environment(folder: str) -> Environment:
    filters = {
        "runs": runs_xml,
        "tracked": tracked_runs,
        "mark": paragraph_mark,
        "column_widths": column_widths,
        "drawing": picture_xml,
    }
    env = layout_environment(folder, autoescape=True, finalize=_finalize, filters=filters)
    return env


_fixed_parts: FileCache[Part] = FileCache()


def _fixed(folder: Path, name: str) -> Part:
    """A fixed part, deflated once per process (again only when its file changes)."""
    path = folder / name
    try:
        return _fixed_parts.get(path, lambda p: Part.of(name, p.read_bytes()))
    except FileNotFoundError:
        raise TemplateError(_("DOCX part {path} not found").format(path=path)) from None


def render_docx(
    charter: Charter, templates: Path, body: str = "document.xml.j2", facts: Any = None, **extra: Any
) -> bytes:
    """The charter as a DOCX package (byte-identical for identical input).

    `body` names the template of word/document.xml (the redline has its own); `extra` is
    passed to it; `facts` stands for the charter in the headers and footers (the redline's).
    """
    import jinja2
    from markupsafe import Markup

    from uppdrag import sandbox
    from uppdrag.render.environment import template_error
    from uppdrag.render.reference import load_reference

    folder = templates / "docx"
    env = _environment(str(folder))
    body_links, footer_links = Links(), Links()
    reference = load_reference(charter.template, folder) if charter.template else None
    context = {
        "charter": charter,
        "labels": charter.labels,
        "bullet": reference.bullet if reference else 1,
        "page": Markup(reference.page) if reference else "",
        "text_width": reference.text_width if reference else 0,
    }

    def render(name: str, **extra: Any) -> bytes:
        try:
            return sandbox.render(env.get_template(name), {**context, **extra}).encode("utf-8")
        except (jinja2.TemplateError, ValueError, TypeError) as exc:
            raise template_error(exc, folder, name) from None

    document = render(body, links=body_links, **extra)
    core = render("docProps/core.xml.j2")
    if facts is not None:
        context["charter"] = facts
    picture = logo_picture(charter.logo) if charter.logo else None
    header1 = render(f"header-first.{charter.layout}.xml.j2", links=Links(), logo=picture)
    header1_rels, media = _media(picture)
    footer1 = render("footer-first.xml.j2", links=footer_links)
    generated = {
        "docProps/core.xml": core,
        "word/document.xml": document,
        "word/_rels/document.xml.rels": render("rels.xml.j2", fixed=DOCUMENT_RELATIONSHIPS, links=body_links),
        "word/header1.xml": header1,
        **(
            {"word/_rels/header1.xml.rels": render("rels.xml.j2", fixed=header1_rels, links=Links())}
            if media
            else {}
        ),
        "word/header2.xml": render("header.xml.j2", links=Links()),
        "word/footer1.xml": footer1,
        "word/_rels/footer1.xml.rels": render("rels.xml.j2", fixed=(), links=footer_links),
        "word/footer2.xml": render("footer.xml.j2", links=Links()),
    }
    replaced = reference.parts if reference else {}
    parts = [
        Part.of(name, replaced[name]) if name in replaced else _fixed(folder, name) for name in FIXED_PARTS
    ]
    parts += [Part.of(name, content) for name, content in generated.items()]
    parts += [
        Part.of(name, content, level=0 if name.endswith(".png") else 6) for name, content in media.items()
    ]
    return zip_parts(parts)


def render_redline(redline: Redline, templates: Path) -> bytes:
    """The redline as a DOCX with tracked changes, in the new document's letterhead."""
    new = redline.new
    when = str(new.beslut.datum or new.datum)
    track = Tracker(when)
    facts = TrackedFacts(redline.old, new, track)
    return render_docx(new, templates, body="redline.xml.j2", facts=facts, redline=redline, track=track)
