"""The core API the CLI calls: load charters, check them, render them to files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.check.validate import locate, validate
from uppdrag.errors import Mark, SchemaError, UppdragError
from uppdrag.source.compose import Composed, compose

if TYPE_CHECKING:
    from collections.abc import Iterator

    from uppdrag.check.model import Charter
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


def check_layout(project: Project, loaded: Loaded) -> None:
    """The layout the charter names has its templates (else: an error at `layout:`)."""
    from uppdrag.render.formats import FORMATS

    layout = loaded.charter.layout
    needed = dict.fromkeys(name for fmt in FORMATS.values() for name in fmt.layout_files)
    missing = [
        name.format(layout) for name in needed if not (project.templates_dir / name.format(layout)).is_file()
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


def overview(project: Project) -> tuple[list[tuple[str, ...]], list[UppdragError]]:
    """`uppdrag list`: a header row and one row per council (a broken one marked), and the errors."""
    from uppdrag.i18n import _

    rows: list[tuple[str, ...]] = [
        (_("slug"), _("kind"), _("title"), _("revision"), _("datum"), _("diarienummer"), _("status"))
    ]
    failed: list[UppdragError] = list(project.name_problems())
    for outcome in load_many(project, project.slugs()):
        if outcome.loaded is None:
            assert outcome.error is not None
            failed.append(outcome.error)
            rows.append((outcome.slug, "", "", "", "", "", _("fel")))
            continue
        c = outcome.loaded.charter
        rows.append((c.slug, c.kind, c.title, c.revision, str(c.datum), c.diarienummer, c.status))
    return rows, failed
