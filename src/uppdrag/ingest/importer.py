"""`uppdrag import`: a mandate document in, the smallest council file that reproduces it out.

The document is read into blocks, its kind and base revision recognised by likeness to every
base, its council name found where the base's templates put it, and the overlay made against
that base. The council file is then proved: composed, validated and rendered in memory and
compared word for word with the document. Nothing is written unless the proof holds (or
`force`), and an existing council file is only overwritten with `force`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.errors import UppdragError, UsageError
from uppdrag.i18n import _
from uppdrag.ingest.blocks import Block, words
from uppdrag.ingest.source import IngestError, read_document
from uppdrag.ingest.structure import DATE, Parsed, drop_furniture, parse
from uppdrag.ingest.synth import Synth

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.check.model import Charter
    from uppdrag.source.project import Project

SENTINEL = "Qxqnamnqxq"
FLOOR = 0.35  # below this likeness to every base, a document is no mandate


@dataclass
class Imported:
    """What importing one document gave."""

    source: Path
    slug: str
    path: Path
    text: str
    kind: str
    revision: str
    likeness: float
    summary: list[str] = field(default_factory=list)
    differences: list[tuple[str, str]] = field(default_factory=list)
    old_text: str | None = None
    written: bool = False

    @property
    def proved(self) -> bool:
        return not self.differences

    @property
    def unchanged(self) -> bool:
        return self.old_text == self.text

    def file_diff(self) -> list[str]:
        """The change to an existing council file, as a unified diff."""
        old = (self.old_text or "").splitlines()
        return list(
            difflib.unified_diff(old, self.text.splitlines(), str(self.path), str(self.path), lineterm="")
        )


def open_facts(project: Project, kind: str, revision: str) -> dict[str, Any]:
    """Stand-ins for what the base leaves to the council (a koncerngrupp's datum, beslut …)."""
    import datetime

    from uppdrag.check.model import Charter
    from uppdrag.check.scaffold import COUNCIL_SET, PLACEHOLDER
    from uppdrag.errors import Mark
    from uppdrag.source.compose import load_base

    path = project.base_path(f"{kind}/{revision}")
    base, _ = load_base(project, f"{kind}/{revision}", Mark(path, 1, 1))
    out: dict[str, Any] = {}
    for name, info in Charter.model_fields.items():
        if name in base or name in COUNCIL_SET or not info.is_required():
            continue
        if info.annotation is datetime.date:
            out[name] = "2000-01-01"
        else:
            out[name] = {"namn": PLACEHOLDER, "titel": PLACEHOLDER} if name == "beslut" else PLACEHOLDER
    return out


def council_yaml(
    project: Project, name: str, kind: str, revision: str, extra: dict[str, Any] | None = None
) -> str:
    """A council file on the base with `extra` set (and stand-ins for what the base leaves open)."""
    from uppdrag.ingest.emit import council_file

    return council_file(name, kind, revision, open_facts(project, kind, revision) | dict(extra or {}))


def decided_with_revision(
    project: Project, kind: str, revision: str, overlay: dict[str, Any]
) -> dict[str, Any]:
    """A decision dated as the revision's own is written `beslutad: REV` (docs/reference.md)."""
    from uppdrag.errors import Mark
    from uppdrag.source.compose import load_base

    decision = overlay.get("beslut")
    base, _sources = load_base(
        project, f"{kind}/{revision}", Mark(project.base_path(f"{kind}/{revision}"), 1, 1)
    )
    own = base.get("beslut")
    if not isinstance(decision, dict) or not isinstance(own, dict) or own.get("datum") is None:
        return overlay
    if str(decision.get("datum")) != str(own["datum"]):
        return overlay
    rest = {k: v for k, v in decision.items() if k != "datum"}
    result = {"beslutad": revision, **{k: v for k, v in overlay.items() if k != "beslut"}}
    return result | ({"beslut": rest} if rest else {})


def charter_of(project: Project, slug: str, text: str, whole: bool = True) -> Charter:
    """A council file's text composed, validated and checked in memory."""
    from uppdrag.check.charter import Loaded, check_sections
    from uppdrag.check.validate import validate
    from uppdrag.source.compose import compose_council
    from uppdrag.source.load import load_yaml

    path = project.councils_dir / f"{slug}.yaml"
    composed = compose_council(project, slug, load_yaml(path, text), path)
    loaded = Loaded(validate(composed), composed)
    if whole:
        check_sections(loaded)
    return loaded.charter


def rendered_words(project: Project, charter: Charter) -> list[str]:
    """The words of the charter's document (Markdown, read back; the address footer left out)."""
    from uppdrag.ingest.read_text import read_markdown
    from uppdrag.render.markdown import render_markdown

    blocks = drop_furniture(read_markdown(render_markdown(charter, project.templates_dir)), charter)
    return words("\n".join(b.raw for b in blocks))


def _name_from(parsed: Parsed, sentinel_charter: Charter) -> str | None:
    for fact in ("title", "ansvarsomrade", "uppdragstagare"):
        template = str(getattr(sentinel_charter, fact))
        value = parsed.facts.get(fact)
        if SENTINEL in template and value:
            pattern = "(.+?)".join(re.escape(" ".join(part.split())) for part in template.split(SENTINEL))
            match = re.fullmatch(pattern, " ".join(value.split()), re.I)
            if match:
                return match.group(1).strip()
    return parsed.facts.get("title")


@dataclass
class Candidate:
    kind: str
    revision: str
    name: str
    charter: Charter
    parsed: Parsed
    likeness: float


def recognise(
    project: Project, doc_blocks: list[Block], pdf_like: bool, kind: str | None, revision: str | None
) -> Candidate:
    """The base the document is most like (title, headings, clause texts), with the council's name."""
    kinds = [kind] if kind else project.kinds()
    options = [(k, r) for k in kinds for r in project.base_revisions(k) if revision is None or r == revision]
    if not options:
        raise UsageError(
            _("no base charter {kind}/{revision}").format(kind=kind or "*", revision=revision or "*")
        )
    doc_words = words("\n".join(b.raw for b in doc_blocks))
    best: Candidate | None = None
    for k, r in options:
        probe = charter_of(project, "import", council_yaml(project, SENTINEL, k, r), whole=False)
        parsed = parse(doc_blocks, probe, pdf_like)
        extra = {"datum": parsed.facts["datum"]} if DATE.fullmatch(parsed.facts.get("datum", "")) else {}
        probe = charter_of(project, "import", council_yaml(project, SENTINEL, k, r, extra), whole=False)
        name = _name_from(parse(doc_blocks, probe, pdf_like), probe) or k
        charter = charter_of(project, "import", council_yaml(project, name, k, r), whole=False)
        likeness = _likeness(doc_words, rendered_words(project, charter))
        if best is None or likeness > best.likeness:
            best = Candidate(k, r, name, charter, parse(doc_blocks, charter, pdf_like), likeness)
    assert best is not None
    return best


def _likeness(document: list[str], rendered: list[str]) -> float:
    """difflib's ratio of the word lists, computed only when its cheap upper bounds (length, then
    words in common: both linear) reach FLOOR: a long or unrelated document costs no quadratic work."""
    matcher = difflib.SequenceMatcher(None, document, rendered, autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        likeness = bound()
        if likeness < FLOOR:
            return likeness
    return matcher.ratio()


def slug_of(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:64].strip("-") or "rad"


def found_in(document: Any) -> str:
    """What a document holds, in words: `1 word, no headings`."""
    from uppdrag.i18n import ngettext

    count = len(words("\n".join(b.raw for b in document.blocks)))
    headings = sum(1 for block in document.blocks if block.kind == "heading")
    said = ngettext("{count} word", "{count} words", count).format(count=count)
    if not headings:
        return _("{words}, no headings").format(words=said)
    return ngettext("{words}, {count} heading", "{words}, {count} headings", headings).format(
        words=said, count=headings
    )


def import_document(
    project: Project,
    source: Path,
    slug: str | None = None,
    kind: str | None = None,
    revision: str | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> Imported:
    """Import one document; writes councils/SLUG.yaml only when proved (or forced) and new (or forced)."""
    from uppdrag.diff.align import compare
    from uppdrag.diff.summary import summary
    from uppdrag.ingest.emit import council_file
    from uppdrag.source.project import name_problem
    from uppdrag.write import write_atomic

    if slug and (problem := name_problem(slug)) is not None:  # a given name: checked before reading
        raise UsageError(problem)
    document = read_document(source)
    count = len(words("\n".join(b.raw for b in document.blocks)))
    if count == 0:
        raise IngestError(source, _("no text to import (empty, or only images)"))
    if count < 20:
        message = _("not a mandate (uppdragshandling): {found}")
        raise IngestError(source, message.format(found=found_in(document)))
    found = recognise(project, document.blocks, document.pdf_like, kind, revision)
    if found.likeness < FLOOR and kind is None:
        message = _("not a mandate (uppdragshandling): {found}; at most {percent} % like any base charter")
        percent = round(found.likeness * 100)
        raise IngestError(source, message.format(found=found_in(document), percent=percent))
    slug = slug or slug_of(found.name)
    problem = name_problem(slug)
    if problem is not None:
        raise UsageError(problem)
    parsed = found.parsed
    extra: dict[str, Any] = {k: parsed.facts[k] for k in ("datum", "diarienummer") if k in parsed.facts}
    if "datum" in extra and not DATE.fullmatch(extra["datum"]):
        del extra["datum"]
    base_then = charter_of(
        project, slug, council_yaml(project, found.name, found.kind, found.revision, extra), whole=False
    )
    overlay = {k: v for k, v in extra.items() if words(v) != words(str(getattr(found.charter, k)))} | Synth(
        parse(document.blocks, base_then, document.pdf_like), base_then
    ).overlay()
    overlay = decided_with_revision(project, found.kind, found.revision, overlay)
    text = council_file(found.name, found.kind, found.revision, overlay)
    path = project.councils_dir / f"{slug}.yaml"
    result = Imported(source, slug, path, text, found.kind, found.revision, found.likeness)
    existing = path.is_symlink() or path.exists()  # the file it would replace, read as any input is
    result.old_text = project.read_bytes(path).decode("utf-8", "replace") if existing else None
    try:
        charter = charter_of(project, slug, text)
    except UppdragError as exc:
        raise IngestError(
            source,
            _("the council file made from it does not validate: {error}").format(error=exc.diagnostics[0]),
        ) from None
    result.differences = differences(
        words("\n".join(b.raw for b in parsed.kept)), rendered_words(project, charter)
    )
    result.summary = summary(compare(found.charter, charter))
    may_write = (result.proved or force) and (result.old_text is None or force) and not result.unchanged
    if may_write and not dry_run:
        write_atomic(path, text.encode("utf-8"))
        result.written = True
    return result


def differences(source: list[str], rendered: list[str], limit: int = 5) -> list[tuple[str, str]]:
    """Where the rendered words part from the document's: (document's words, rendered words)."""
    if source == rendered:
        return []
    found = []
    matcher = difflib.SequenceMatcher(None, source, rendered, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            found.append(
                (" ".join(source[max(0, i1 - 3) : i2 + 3]), " ".join(rendered[max(0, j1 - 3) : j2 + 3]))
            )
    return found[:limit] or [("", "")]
