"""The core API the CLI calls: load charters, check them, render them to files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from uppdrag.check.lifecycle import check_dates
from uppdrag.check.validate import locate, validate
from uppdrag.errors import AssetError, Mark, SchemaError, UppdragError, UsageError
from uppdrag.i18n import _
from uppdrag.source.compose import Composed, compose

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class Loaded:
    """A validated charter and the composed tree it came from (for pointing into the YAML)."""

    charter: Charter
    composed: Composed
    assets: tuple[Path, ...] = ()  # files the charter names (logo, organisation template)

    def mark(self, loc: tuple[int | str, ...]) -> tuple[Mark, str]:
        return locate(self.composed.tree, loc)

    def at_field(self, exc: AssetError) -> UppdragError:
        """An asset's error at the YAML line of the field that names the file (as it was, when
        the command line named the file: `--reference-doc`)."""
        if exc.loc[0] not in self.composed.tree:
            return exc
        mark, field = self.mark(exc.loc)
        return SchemaError(exc.diagnostics[0].message, mark, field)


def load_charter(project: Project, slug: str, revision: str | None = None) -> Loaded:
    """Compose and validate one council's charter."""
    composed = compose(project, slug, revision)
    loaded = Loaded(validate(composed), composed)
    check_sections(loaded)
    check_dates(loaded.charter, loaded.mark)
    check_layout(project, loaded)
    return with_assets(project, loaded)


def _asset(project: Project, loaded: Loaded, loc: tuple[str, ...], value: str) -> Path:
    """A file the charter names, relative to the project folder (as `uppdrag show` copies it
    anywhere): a regular file inside the project (links followed), checked by its content
    (check/assets.py); else an error at the field that names it."""
    from uppdrag.check.assets import asset_problem
    from uppdrag.confine import input_file
    from uppdrag.errors import DataError

    mark, field = loaded.mark(loc)
    try:
        path = input_file(project.root / value, project.root, mark, field)
    except DataError as exc:
        reason = exc.diagnostics[0].message
        raise SchemaError(_("{path}: {reason}").format(path=value, reason=reason), mark, field) from None
    problem = asset_problem(path)
    if problem is not None:
        raise SchemaError(_("{path}: {reason}").format(path=value, reason=problem), mark, field)
    return path


def with_assets(project: Project, loaded: Loaded) -> Loaded:
    """The charter with its logo and organisation template as absolute paths that exist."""
    charter = loaded.charter
    update: dict[str, object] = {}
    found: list[Path] = []
    if charter.logo is not None:
        image = _asset(project, loaded, ("logo", "image"), charter.logo.image)
        svg = charter.logo.svg and _asset(project, loaded, ("logo", "svg"), charter.logo.svg)
        update["logo"] = charter.logo.model_copy(update={"image": str(image), "svg": svg and str(svg)})
        found += [image, *([svg] if svg else [])]
    if charter.template is not None:
        template = _asset(project, loaded, ("template",), charter.template)
        update["template"] = str(template)
        found.append(template)
    if not update:
        return loaded
    return Loaded(charter.model_copy(update=update), loaded.composed, tuple(found))


def check_layout(project: Project, loaded: Loaded) -> None:
    """The layout the charter names has its templates (else: an error at `layout:`)."""
    from uppdrag.check.layouts import needed_files

    layout = loaded.charter.layout
    missing = [name for name in needed_files(layout) if not (project.templates_dir / name).is_file()]
    if missing:
        mark, field = loaded.mark(("layout",))
        known = sorted(
            p.name.removesuffix(".md.j2") for p in (project.templates_dir / "md").glob("[!_]*.md.j2")
        )
        listing = ", ".join(known)
        raise SchemaError(
            _("no layout '{layout}' (templates/{value} missing; layouts: {listing})").format(
                layout=layout, value=missing[0], listing=listing
            ),
            mark,
            field,
        )


def check_sections(loaded: Loaded) -> None:
    """A section needs text, unless sub-sections follow it (as "Beslutsordning")."""
    sections = loaded.charter.sections
    for index, section in enumerate(sections):
        following = sections[index + 1] if index + 1 < len(sections) else None
        if not section.blocks and not (following and following.level > section.level):
            mark, field = loaded.mark(("sections", index))
            raise SchemaError(
                _("has no text: give it blocks (this is where the council's own text goes)"), mark, field
            )


def with_reference(loaded: Loaded, path: Path) -> Loaded:
    """The charter with `path` as its organisation template (`--reference-doc`, before the data's)."""
    from uppdrag.check.assets import asset_problem

    if not path.is_file() or path.suffix.lower() not in (".docx", ".dotx"):
        raise UsageError(_("--reference-doc needs a .docx or .dotx file: {path}").format(path=path))
    resolved = path.resolve()
    problem = asset_problem(resolved)
    if problem is not None:
        raise UsageError(_("{path}: {reason}").format(path=path, reason=problem))
    charter = loaded.charter.model_copy(update={"template": str(resolved)})
    return Loaded(charter, loaded.composed, (*loaded.assets, resolved))


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
            rows.append((outcome.slug, "", "", "", "", "", _("error")))
            continue
        c = outcome.loaded.charter
        rows.append((c.slug, c.kind, c.title, c.revision, str(c.datum), c.diarienummer, c.status))
    return rows, failed
