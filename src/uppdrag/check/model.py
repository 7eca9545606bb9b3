"""The charter schema (pydantic v2, `extra="forbid"` throughout)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
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
# No space or character an IRI cannot hold (RFC 3987): a URL goes into HTML, Turtle and JSON-LD as is.
Url = Annotated[str, Field(pattern=r'^(https?://|mailto:)[^\s<>"{}|\\^`]+$')]


class Strict(BaseModel):
    # defer_build: a class's validator is made on its first use, not when the module is imported;
    # a command validates `Charter` (whose validator holds every model it nests), so the models'
    # own validators, which nothing else uses in a render, are never made.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


# `galler_fran: ej fastställt`: decided, but the day it takes effect is not yet set.
NOT_SET = "ej fastställt"


def _not_set(value: Any) -> Any:
    return NOT_SET if isinstance(value, str) and " ".join(value.split()).lower() == NOT_SET else value


Start = Annotated[date | Literal["ej fastställt"], BeforeValidator(_not_set)]


class Decision(Strict):
    """Who decides, and when: no `datum` means the charter is still a draft. `galler_fran` is
    the day the decision takes effect (the decision date when not given; `ej fastställt` when
    decided but not yet set)."""

    datum: date | None = None
    galler_fran: Start | None = None
    namn: Text
    titel: Text

    @property
    def start(self) -> date | None:
        """The day this decision takes effect; None for a draft or a start not yet set."""
        if self.datum is None or self.galler_fran == NOT_SET:
            return None
        return self.galler_fran if isinstance(self.galler_fran, date) else self.datum


class Ending(Strict):
    """`upphor`: the mandate is upphävd from `datum`, by the decision `beslut` (e.g. its diarienummer)."""

    datum: date
    beslut: Text


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
    upphavd: Text | None = None  # the mark of an ended mandate (as `utkast` is a draft's)
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


class Agent(Strict):
    """An organisation in the archive package: its name and, where it has one, its identity
    (organisationsnummer, an archive's code)."""

    namn: Text
    id: Text | None = None


class Archive(Strict):
    """The archive's profile of the E-ARK/FGS package (`uppdrag archive`): who created the
    records, who submits them, who keeps them, and under which agreement."""

    arkivbildare: Agent  # the archival creator (METS agent ARCHIVIST)
    levererande: Agent | None = None  # the submitting organisation, when not the creator
    arkivinstitution: Agent  # the archive that preserves the package (PRESERVATION)
    leveransoverenskommelse: Text  # the submission agreement (altRecordID SUBMISSIONAGREEMENT)
    referenskod: Text | None = None  # where in the archive's hierarchy (REFERENCECODE)


class Contact(Strict):
    """Who answers questions about the register: a name, an e-mail address, a telephone number."""

    namn: Text
    epost: Annotated[str, Field(pattern=r'^[^@\s<>"{}|\\^`]+@[^@\s<>"{}|\\^`]+\.[^@\s<>"{}|\\^`]+$')]
    telefon: Text | None = None


class Register(Strict):
    """The register as published (`build -f html`): what the accessibility statement and the open
    data catalogue (DCAT-AP-SE) say about it; `adress` is where it is published, when known."""

    namn: Text
    beskrivning: Text
    kontakt: Contact
    svarstid: Text  # how soon a request is answered, as the statement says it
    licens: Url  # the licence of the register's data
    nyckelord: list[Text] = []  # keywords of the dataset in the catalogue
    adress: Url | None = None


class Charter(Strict):
    """One council's whole, composed charter."""

    slug: str
    name: Text
    kind: Text
    revision: Text
    layout: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    organisation: Text
    # The organisation's code in Akoma Ntoso URIs (FRBRcountry), e.g. se-vgr: ISO 3166 and a local part.
    organisationskod: Annotated[str, Field(pattern=r"^[a-z]{2}(-[a-z0-9]+)*$")] | None = None
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
    upphor: Ending | None = None
    arkiv: Archive | None = None
    forteckning: Register | None = None  # the register site (build -f html)

    @property
    def status(self) -> str:
        if self.upphor is not None:
            return "upphävd"
        return "beslutad" if self.beslut.datum else "utkast"


class TemplateContext(BaseModel):
    """What `!template` texts may refer to (validated before the templates run)."""

    model_config = ConfigDict(extra="ignore", frozen=True, defer_build=True)

    slug: str
    name: Text
    kind: str
    revision: str
    datum: date
    diarienummer: Text | None = None
