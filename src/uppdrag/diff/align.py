"""Compare two charters clause by clause (aligned by id) and word by word (diff/matching.py).

The result is one merged document — rows in reading order, each with its old and new words —
that every diff format renders from, and a list of structural changes for the summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from uppdrag.check.inline import plain_text, runs
from uppdrag.check.model import BulletList, Charter, FooterEntry, Item, Paragraph, Section
from uppdrag.diff.matching import opcodes as matched
from uppdrag.diff.words import Seg, word_diff

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

T = TypeVar("T")
RowKind = Literal["title", "field", "heading", "paragraph", "item", "signature"]
RowStatus = Literal["same", "changed", "added", "removed"]
ChangeKind = Literal["added", "removed", "changed", "moved"]


@dataclass(frozen=True)
class Row:
    """One paragraph of the merged document."""

    kind: RowKind
    status: RowStatus
    segments: tuple[Seg, ...]
    label: tuple[Seg, ...] = ()
    level: int = 0
    moved: bool = False
    section: str = ""
    hyperlinks: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = ((), ())  # old, new


@dataclass(frozen=True)
class Change:
    """One clause that differs, for the summary and `--format json`."""

    section: str
    clause: str
    noun: str  # stycke | punkt | rubrik | fält
    change: ChangeKind
    old: str | None
    new: str | None


@dataclass
class Redline:
    """Two charters merged: the rows to show and the changes to summarise."""

    old_name: str
    new_name: str
    old: Charter
    new: Charter
    facts: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return bool(self.changes)


def align(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], str]
) -> Iterator[tuple[T | None, T | None, bool]]:
    """Pairs (old, new) in merged order by id; a lone side is removed or added; True when moved."""
    old_ids, new_ids = [key(x) for x in old], [key(x) for x in new]
    opcodes = matched(old_ids, new_ids)
    deleted = {
        old_ids[i] for op, i1, i2, _, _ in opcodes if op in ("delete", "replace") for i in range(i1, i2)
    }
    inserted = {
        new_ids[j] for op, _, _, j1, j2 in opcodes if op in ("insert", "replace") for j in range(j1, j2)
    }
    moved = deleted & inserted
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                yield old[i], new[j], False
            continue
        for i in range(i1, i2):
            yield old[i], None, old_ids[i] in moved
        for j in range(j1, j2):
            yield None, new[j], new_ids[j] in moved


class _Builder:
    def __init__(self, old: Charter, new: Charter) -> None:
        self.redline = Redline(_name(old), _name(new), old, new)

    def text_row(
        self,
        kind: RowKind,
        section: str,
        clause: str,
        noun: str,
        old: str | None,
        new: str | None,
        label: tuple[str | None, str | None] = (None, None),
        level: int = 0,
        moved: bool = False,
        links: tuple[str, str] = ("", ""),
        hyperlinks: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = ((), ()),
    ) -> None:
        old_label, new_label = label
        status: RowStatus
        if old is None:
            status, segs, lab = "added", word_diff("", new or ""), word_diff("", new_label or "")
        elif new is None:
            status, segs, lab = "removed", word_diff(old, ""), word_diff(old_label or "", "")
        else:
            segs, lab = word_diff(old, new), word_diff(old_label or "", new_label or "")
            status = "same" if (old, old_label, links[0]) == (new, new_label, links[1]) else "changed"
        self.redline.rows.append(Row(kind, status, segs, lab, level, moved, section, hyperlinks))
        if status == "same":
            return
        change: ChangeKind = "moved" if moved else status
        if moved and old is None:
            return  # a move is one change: counted where the clause went from
        before = " ".join(filter(None, (old_label, old, links[0]))) if old is not None else None
        after = " ".join(filter(None, (new_label, new, links[1]))) if new is not None else None
        self.redline.changes.append(Change(section, clause, noun, change, before, after))

    def fact(
        self,
        name: str,
        label: str,
        old: str,
        new: str,
        section: str = "Uppgifter",
        old_label: str | None = None,
    ) -> None:
        """A letterhead fact; its label may differ between the two (a footer entry's)."""
        old_label = label if old_label is None else old_label
        status: RowStatus = "same" if (old_label, old) == (label, new) else "changed"
        row = Row("field", status, word_diff(old, new), word_diff(old_label, label), section=section)
        self.redline.facts.append(row)
        if status == "changed":
            before, after = " ".join(filter(None, (old_label, old))), " ".join(filter(None, (label, new)))
            self.redline.changes.append(Change(section, name, "fält", "changed", before, after))


def _name(charter: Charter) -> str:
    return f"{charter.slug} {charter.revision}"


def _section_name(old: Section | None, new: Section | None) -> str:
    section = new or old
    assert section is not None
    return section.heading or (old.heading if old and old.heading else section.id.capitalize())


def _block_text(block: Paragraph | None) -> tuple[str | None, str | None]:
    if block is None:
        return None, None
    return block.label, plain_text(block.text) if block.text is not None else ""


def link_targets(value: Any) -> str:
    """The links of a text as `[text](url)`: a changed link is a change even when the words are not."""
    return " ".join(
        f"[{run.text}]({run.url})" for run in runs(value) if run.url and not run.url.startswith("mailto:")
    )


def hyperlinks(value: Any) -> tuple[tuple[str, str], ...]:
    """Every linked stretch of a text as (words, url), e-mail addresses included (for the redline)."""
    return tuple((run.text, run.url) for run in runs(value) if run.url)


def compare(old: Charter, new: Charter) -> Redline:
    """The merged redline of two charters."""
    b = _Builder(old, new)
    _letterhead(b, old, new)
    for name in ("datum", "diarienummer"):
        b.fact(name, getattr(new.labels, name), str(getattr(old, name)), str(getattr(new, name)))
    b.text_row("title", "Uppgifter", "title", "fält", old.title, new.title, level=1)
    for name in ("ansvarsomrade", "uppdragsgivare", "uppdragstagare"):
        labels = (getattr(old.labels, name), getattr(new.labels, name))
        b.text_row("field", "Uppgifter", name, "fält", getattr(old, name), getattr(new, name), labels)
    for old_s, new_s, moved in align(old.sections, new.sections, lambda s: s.id):
        _section(b, old_s, new_s, moved)
    _decision(b, old, new)
    heading = "Uppdraget skickas till"
    b.text_row("heading", heading, "sandlista", "rubrik", old.labels.sandlista, new.labels.sandlista, level=2)
    for old_i, new_i, moved in align(old.sandlista, new.sandlista, lambda i: i.id):
        _item(b, new.labels.sandlista, old_i, new_i, moved)
    return b.redline


def _letterhead(b: _Builder, old: Charter, new: Charter) -> None:
    """The organisation and unit at the top, and the address footer: facts, shown when they change."""
    from uppdrag.i18n import _

    b.fact("organisation", _("Organisation"), old.organisation, new.organisation)
    b.fact("unit", _("Enhet"), old.unit or "", new.unit or "")
    old_footer = {entry.id: entry for entry in old.footer}
    new_footer = {entry.id: entry for entry in new.footer}
    for entry_id in dict.fromkeys([*old_footer, *new_footer]):
        before, after = old_footer.get(entry_id), new_footer.get(entry_id)
        label = after.label if after else ""
        old_label = before.label if before else ""
        text = _footer_text(before), _footer_text(after)
        b.fact(f"footer.{entry_id}", label, *text, _("Sidfot"), old_label=old_label)


def _footer_text(entry: FooterEntry | None) -> str:
    """A footer entry's lines (its label is the fact's label, shown once)."""
    if entry is None:
        return ""
    return " ".join(plain_text(line) for line in entry.lines)


def _section(b: _Builder, old: Section | None, new: Section | None, moved: bool) -> None:
    name = _section_name(old, new)
    either = new or old
    assert either is not None
    if (old and old.heading) or (new and new.heading):
        old_h = (old.heading or "") if old else None
        new_h = (new.heading or "") if new else None
        b.text_row("heading", name, either.id, "rubrik", old_h, new_h, level=either.level + 1, moved=moved)
    old_blocks = old.blocks if old else []
    new_blocks = new.blocks if new else []
    for old_b, new_b, block_moved in align(old_blocks, new_blocks, _block_key):
        if isinstance(old_b, BulletList) or isinstance(new_b, BulletList):
            old_items = old_b.items if isinstance(old_b, BulletList) else []
            new_items = new_b.items if isinstance(new_b, BulletList) else []
            for old_i, new_i, item_moved in align(old_items, new_items, lambda i: i.id):
                _item(b, name, old_i, new_i, item_moved or block_moved)
        else:
            old_label, old_text_ = _block_text(old_b)
            new_label, new_text_ = _block_text(new_b)
            clause = (new_b or old_b).id  # type: ignore[union-attr]
            links = (link_targets(old_b.text if old_b else None), link_targets(new_b.text if new_b else None))
            b.text_row(
                "paragraph",
                name,
                clause,
                "stycke",
                old_text_,
                new_text_,
                (old_label, new_label),
                moved=block_moved,
                links=links,
                hyperlinks=(
                    hyperlinks(old_b.text if old_b else None),
                    hyperlinks(new_b.text if new_b else None),
                ),
            )


def _block_key(block: Any) -> str:
    return f"{block.kind}:{block.id}"  # a paragraph that becomes a list is removed and added


def _item(b: _Builder, section: str, old: Item | None, new: Item | None, moved: bool) -> None:
    clause = (new or old).id  # type: ignore[union-attr]
    old_text_ = plain_text(old.text) if old else None
    new_text_ = plain_text(new.text) if new else None
    links = (link_targets(old.text if old else None), link_targets(new.text if new else None))
    pairs = (hyperlinks(old.text if old else None), hyperlinks(new.text if new else None))
    b.text_row(
        "item", section, clause, "punkt", old_text_, new_text_, moved=moved, links=links, hyperlinks=pairs
    )


def _decision_text(charter: Charter) -> str:
    parts = [str(charter.beslut.datum) if charter.beslut.datum else None, charter.labels.beslutsdatum_hint]
    return " ".join(p for p in parts if p)


def _decision(b: _Builder, old: Charter, new: Charter) -> None:
    section = "Beslut"
    labels = (old.labels.beslutsdatum, new.labels.beslutsdatum)
    b.text_row("field", section, "beslut.datum", "fält", _decision_text(old), _decision_text(new), labels)
    b.text_row("signature", section, "beslut.namn", "fält", old.beslut.namn, new.beslut.namn)
    b.text_row("signature", section, "beslut.titel", "fält", old.beslut.titel, new.beslut.titel)
    ended = [f"{c.upphor.datum}, {c.upphor.beslut}" if c.upphor else None for c in (old, new)]
    if any(ended):  # an ended mandate's line: added when it ends, changed with its date or decision
        marks = (old.labels.upphavd, new.labels.upphavd)
        b.text_row("field", section, "upphor", "fält", ended[0], ended[1], marks)
