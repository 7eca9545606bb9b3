"""The core API the CLI calls: load charters, check them, render them to files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from uppdrag.check.model import Charter
from uppdrag.check.validate import locate, validate
from uppdrag.errors import Diagnostic, Mark, SchemaError, UppdragError
from uppdrag.render.inline import plain_text
from uppdrag.source.compose import Composed, compose
from uppdrag.source.project import Project


@dataclass(frozen=True)
class Loaded:
    """A validated charter and the composed tree it came from (for pointing into the YAML)."""

    charter: Charter
    composed: Composed

    def mark(self, loc: tuple[int | str, ...]) -> tuple[Mark, str]:
        return locate(self.composed.tree, loc)


def load_charter(project: Project, slug: str, revision: str | None = None) -> Loaded:
    """Compose and validate one council's charter."""
    composed = compose(project, slug, revision)
    loaded = Loaded(validate(composed), composed)
    check_sections(loaded)
    check_layout(project, loaded)
    return loaded


LAYOUT_FILES = ("md/{}.md.j2", "docx/header-first.{}.xml.j2")


def check_layout(project: Project, loaded: Loaded) -> None:
    """The layout the charter names has its templates (else: an error at `layout:`)."""
    layout = loaded.charter.layout
    missing = [
        name.format(layout)
        for name in LAYOUT_FILES
        if not (project.templates_dir / name.format(layout)).is_file()
    ]
    if missing:
        mark, field = loaded.mark(("layout",))
        known = sorted(
            p.name.removesuffix(".md.j2") for p in (project.templates_dir / "md").glob("[!_]*.md.j2")
        )
        listing = ", ".join(known)
        raise SchemaError(
            f"no layout '{layout}' (templates/{missing[0]} missing; layouts: {listing})", mark, field
        )


def check_sections(loaded: Loaded) -> None:
    """A section needs text, unless sub-sections follow it (as "Beslutsordning")."""
    sections = loaded.charter.sections
    for index, section in enumerate(sections):
        following = sections[index + 1] if index + 1 < len(sections) else None
        if not section.blocks and not (following and following.level > section.level):
            mark, field = loaded.mark(("sections", index))
            raise SchemaError(
                "has no text: give it blocks (this is where the council's own text goes)", mark, field
            )


@dataclass(frozen=True)
class Outcome:
    """One council of a batch: loaded, or the error that stopped it."""

    slug: str
    loaded: Loaded | None = None
    error: UppdragError | None = None


def load_many(project: Project, slugs: list[str], revision: str | None = None) -> Iterator[Outcome]:
    """Every council in turn; a broken one is reported and the others go on."""
    for slug in slugs:
        try:
            yield Outcome(slug, loaded=load_charter(project, slug, revision))
        except UppdragError as exc:
            yield Outcome(slug, error=exc)


def texts(charter: Charter) -> Iterator[tuple[tuple[int | str, ...], str]]:
    """Every text of the document with its place in the charter, in reading order."""
    for key in ("title", "ansvarsomrade", "uppdragsgivare", "uppdragstagare"):
        yield (key,), str(getattr(charter, key))
    for s, section in enumerate(charter.sections):
        if section.heading:
            yield ("sections", s, "heading"), section.heading
        for b, block in enumerate(section.blocks):
            if block.kind == "list":
                for i, item in enumerate(block.items):
                    yield ("sections", s, "blocks", b, "items", i, "text"), plain_text(item.text)
            else:
                if block.label:
                    yield ("sections", s, "blocks", b, "label"), block.label
                if block.text:
                    yield ("sections", s, "blocks", b, "text"), plain_text(block.text)
    for i, item in enumerate(charter.sandlista):
        yield ("sandlista", i, "text"), plain_text(item.text)


STRAIGHT, CURLY = '"', "”"


def warnings(loaded: Loaded) -> list[Diagnostic]:
    """Oddities of the text kept on purpose: declared quirks, and mixed quotation marks."""
    found: list[Diagnostic] = []
    all_texts = list(texts(loaded.charter))
    for quirk in loaded.charter.quirks:
        for loc, text in all_texts:
            if quirk.text in text:
                mark, field = loaded.mark(loc)
                found.append(Diagnostic(f'"{quirk.text}": {quirk.note}', mark, field, "warning"))
    straight = [(loc, t) for loc, t in all_texts if STRAIGHT in t]
    curly = [(loc, t) for loc, t in all_texts if CURLY in t]
    if straight and curly:
        mark, field = loaded.mark(straight[0][0])
        first_curly, _ = loaded.mark(curly[0][0])
        found.append(
            Diagnostic(
                f'quotation marks "…" here, but ”…” on line {first_curly.line} of '
                f"{first_curly.path.name}; the document mixes both",
                mark,
                field,
                "warning",
            )
        )
    return found


def output_stem(loaded: Loaded, council_revision: str | None) -> str:
    """`slug`, or `slug-REV` when rendered at a revision other than the council's own."""
    charter = loaded.charter
    if council_revision is None or charter.revision == council_revision:
        return charter.slug
    return f"{charter.slug}-{charter.revision}"


def council_revision(project: Project, slug: str) -> str | None:
    """The revision the council file names (None when it names none)."""
    value = project.load(project.council_path(slug)).get("revision")
    return value if isinstance(value, str) else None


def render_files(project: Project, loaded: Loaded, formats: list[str], out: Path) -> list[Path]:
    """Render one charter in every format, then write each file atomically."""
    from uppdrag.render.formats import render_format
    from uppdrag.write import write_atomic

    stem = output_stem(loaded, council_revision(project, loaded.charter.slug))
    rendered = [(out / f"{stem}.{fmt}", render_format(fmt, loaded.charter, project)) for fmt in formats]
    for path, content in rendered:
        write_atomic(path, content)
    return [path for path, _ in rendered]
