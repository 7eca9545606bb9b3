"""The charter schema (pydantic v2, `extra="forbid"` throughout)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from uppdrag.i18n import _

# Characters XML 1.0 cannot hold: they would make a DOCX Word refuses to open.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Invisible direction overrides: they make a text read otherwise than it is written ("Trojan Source").
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _clean(value: str) -> str:
    bad = _ILLEGAL.search(value)
    if bad:
        raise ValueError(_("contains the control character U+{code:04X}").format(code=ord(bad.group())))
    bidi = _BIDI.search(value)
    if bidi:
        raise ValueError(
            _("contains the invisible direction control U+{code:04X}").format(code=ord(bidi.group()))
        )
    if not value.strip() or value.strip() == "None":
        raise ValueError(_("must not be empty"))
    return value


Text = Annotated[str, AfterValidator(_clean)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Url = Annotated[str, Field(pattern=r"^(https?://|mailto:)\S+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Link(Strict):
    """A hyperlink inside a text: `{link: shown text, url: https://…}`."""

    link: Text
    url: Url


class Bold(Strict):
    """Bold text inside a text: `{bold: text}`."""

    bold: Text


def _span_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "bold-span" if "bold" in value and "link" not in value else "link-span"
    return "text-span" if isinstance(value, str) else type(value).__name__.lower()


# Tags unlike any key, so an error's location maps back into the YAML unambiguously.
Span = Annotated[
    Annotated[Text, Tag("text-span")] | Annotated[Link, Tag("link-span")] | Annotated[Bold, Tag("bold-span")],
    Discriminator(_span_kind),
]
Inline = Text | Annotated[list[Span], Field(min_length=1)]


class Paragraph(Strict):
    """A paragraph, optionally led by a bold label ("Ordförande:")."""

    kind: Literal["paragraph"] = "paragraph"
    id: Id
    label: Text | None = None
    text: Inline | None = None

    @model_validator(mode="after")
    def _has_content(self) -> Paragraph:
        if self.label is None and self.text is None:
            raise ValueError(_("a paragraph needs text (or a label)"))
        return self


class Item(Strict):
    """One bullet of a list."""

    id: Id
    text: Inline


class BulletList(Strict):
    """A bulleted list."""

    kind: Literal["list"] = "list"
    id: Id
    items: Annotated[list[Item], Field(min_length=1)]


def _block_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "list" if "items" in value else "paragraph"
    return getattr(value, "kind", "paragraph")


Block = Annotated[
    Annotated[Paragraph, Tag("paragraph")] | Annotated[BulletList, Tag("list")],
    Discriminator(_block_kind),
]


class Section(Strict):
    """A heading (or none, for the opening text) and its blocks; level 1 or 2."""

    id: Id
    heading: Text | None = None
    level: Annotated[int, Field(ge=1, le=3)] = 1
    blocks: list[Block] = []


class Decision(Strict):
    """Who decides, and when: no `datum` means the charter is still a draft."""

    datum: date | None = None
    namn: Text
    titel: Text


class Labels(Strict):
    """The fixed words of the document, as they stand in it."""

    document: Text
    datum: Text
    diarienummer: Text
    ansvarsomrade: Text
    uppdragsgivare: Text
    uppdragstagare: Text
    beslutsdatum: Text
    beslutsdatum_hint: Text | None = None
    sandlista: Text
    utkast: Text
    sida: Text


class FooterEntry(Strict):
    """One part of the letterhead footer: a label and its lines."""

    id: Id
    label: Text
    lines: Annotated[list[Inline], Field(min_length=1)]


class Logo(Strict):
    """The organisation's logo in the first-page letterhead: a PNG (and an SVG shown where
    Word can), paths relative to the file that names them, with its alternative text."""

    image: Annotated[str, Field(pattern=r"(?i)\.png$")]
    svg: Annotated[str, Field(pattern=r"(?i)\.svg$")] | None = None
    alt: Text


class Quirk(Strict):
    """A known oddity of the official text, kept on purpose; `validate` points it out."""

    id: Id
    text: Text
    note: Text


class Charter(Strict):
    """One council's whole, composed charter."""

    slug: str
    name: Text
    kind: Text
    revision: Text
    layout: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    organisation: Text
    unit: Text | None = None
    labels: Labels
    title: Text
    datum: date
    diarienummer: Text
    ansvarsomrade: Text
    uppdragsgivare: Text
    uppdragstagare: Text
    sections: Annotated[list[Section], Field(min_length=1)]
    beslut: Decision
    sandlista: Annotated[list[Item], Field(min_length=1)]
    footer: list[FooterEntry] = []
    logo: Logo | None = None
    template: Annotated[str, Field(pattern=r"(?i)\.(docx|dotx)$")] | None = None
    quirks: list[Quirk] = []

    @property
    def status(self) -> str:
        return "beslutad" if self.beslut.datum else "utkast"


class TemplateContext(BaseModel):
    """What `!template` texts may refer to (validated before the templates run)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    slug: str
    name: Text
    kind: str
    revision: str
    datum: date
    diarienummer: Text | None = None
