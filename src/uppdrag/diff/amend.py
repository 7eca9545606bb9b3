"""From two charters, the amendment clauses that turn the old one into the new one.

Built on the clause diff (`align`: clauses matched by id, moves found) and named for a reader of
the old document (`places`). An inserted or moved clause is placed next to a clause that stays
where it was: after it when it comes alone, else before the next such clause (so clauses placed
one after another before the same clause end up in order), else last in its list or section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.check.inline import plain_text
from uppdrag.check.model import BulletList, Paragraph
from uppdrag.diff.align import align
from uppdrag.diff.amendment import DECISION_FIELDS, FIELDS, Amendment, Place, field_value
from uppdrag.diff.places import SANDLISTA, Index, Ref, Scope, index, normal, paragraph_text
from uppdrag.errors import UsageError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from uppdrag.check.model import Charter, Item, Section


def amendments(old: Charter, new: Charter) -> list[Amendment]:
    """The clauses of the decision that makes `new` of `old`, in the order of the document."""
    _unsupported(old, new)
    writer = _Writer(index(old))
    writer.fields(old, new, FIELDS)
    writer.sections(old.sections, new.sections)
    writer.fields(old, new, DECISION_FIELDS)
    from uppdrag.check.model import BulletList as List_

    old_list, new_list = (
        List_(id="sandlista", items=old.sandlista),
        List_(id="sandlista", items=new.sandlista),
    )
    writer.items(SANDLISTA, old_list, new_list)
    return writer.out


def _unsupported(old: Charter, new: Charter) -> None:
    """Changes no clause of a decision expresses yet (the logo and template by their content:
    the same file in another folder, as at a git revision, is no change)."""
    looks = {
        "footer": (old.footer, new.footer),
        "logo": (_logo(old), _logo(new)),
        "template": (_content(old.template), _content(new.template)),
    }
    for name, (before, after) in looks.items():
        if before != after:
            raise UsageError(_("a decision cannot yet express a change of the {what}").format(what=name))


def _content(path: str | None) -> bytes | None:
    from pathlib import Path

    return Path(path).read_bytes() if path and Path(path).is_file() else None


def _logo(charter: Charter) -> tuple[str, bytes | None, bytes | None] | None:
    logo = charter.logo
    return None if logo is None else (logo.alt, _content(logo.image), _content(logo.svg))


def _place(
    new_ids: Sequence[str], position: int, stable: set[str], anchor: Callable[[str], Ref], last: Place
) -> Place:
    """Where the clause at `position` of the new order goes, next to clauses that stay put."""
    start = position
    while start > 0 and new_ids[start - 1] not in stable:
        start -= 1
    end = position
    while end < len(new_ids) - 1 and new_ids[end + 1] not in stable:
        end += 1
    before = new_ids[start - 1] if start > 0 else None
    after = new_ids[end + 1] if end + 1 < len(new_ids) else None
    if before is not None and start == end:
        return Place("after", anchor(before))
    if after is not None:
        return Place("before", anchor(after))
    return last


def _same(value: str) -> str:
    return value


def _block_key(block: Paragraph | BulletList) -> str:
    return f"{block.kind}:{block.id}"  # a paragraph that becomes a list is another block


def _pairs(old_ids: list[str], new_ids: list[str]) -> list[tuple[str | None, str | None, bool]]:
    pairs = align(old_ids, new_ids, _same)
    return list(pairs)


class _Writer:
    def __init__(self, old: Index) -> None:
        self.old = old
        self.out: list[Amendment] = []

    def add(self, amendment: Amendment) -> None:
        self.out.append(amendment)

    def fields(self, old: Charter, new: Charter, names: Sequence[str]) -> None:
        for name in names:
            before, after = field_value(old, name), field_value(new, name)
            if before == after:
                continue
            if after is None:
                self.add(Amendment("field_remove", field=name, old_text=before))
            else:
                self.add(Amendment("field", field=name, wording=after, old_text=before, new_text=after))

    def sections(self, old: list[Section], new: list[Section]) -> None:
        old_by_id = {s.id: s for s in old}
        old_ids, new_ids = [s.id for s in old], [s.id for s in new]
        stable = {o for o, n, m in _pairs(old_ids, new_ids) if o and n and not m}
        new_headings = [s.heading for s in new if s.id not in old_by_id]
        for old_id, new_id, moved in _pairs(old_ids, new_ids):
            if old_id is not None and new_id is None:
                if not moved:
                    self.add(Amendment("remove", self.old.ref((old_id,)), old_text=old_by_id[old_id].heading))
                continue
            assert new_id is not None
            section = new[new_ids.index(new_id)]
            if old_id is not None or moved:
                if moved:
                    place = _place(
                        new_ids, new_ids.index(new_id), stable, self._section_ref, Place("last_document")
                    )
                    self.add(Amendment("move", self._section_ref(new_id), place))
                self.section(old_by_id[new_id], section)
                continue
            if section.heading is None or new_headings.count(section.heading) > 1:
                raise UsageError(_("a decision cannot yet insert a section without a heading of its own"))
            place = _place(new_ids, new_ids.index(new_id), stable, self._section_ref, Place("last_document"))
            self.add(
                Amendment(
                    "insert_section",
                    place=place,
                    heading=section.heading,
                    level=section.level,
                    new_text=section.heading,
                )
            )
            scope = Scope(section.heading, 0, new=True)
            for block in section.blocks:
                self.insert_block(block, Place("last", scope=scope))

    def _section_ref(self, section_id: str) -> Ref:
        return self.old.ref((section_id,))

    def section(self, old: Section, new: Section) -> None:
        heading = Ref("heading", self.old.ref((old.id,)).scope)
        if old.heading != new.heading:
            if old.heading is None or new.heading is None:
                raise UsageError(_("a decision cannot yet add or take away a section's heading"))
            self.add(
                Amendment("heading", heading, heading=new.heading, old_text=old.heading, new_text=new.heading)
            )
        if old.level != new.level:
            self.add(Amendment("level", heading, level=new.level, old_text=old.heading, new_text=new.heading))
        self.blocks(old.id, old.blocks, new.blocks)

    def blocks(
        self, section: str, old: Sequence[Paragraph | BulletList], new: Sequence[Paragraph | BulletList]
    ) -> None:
        old_by_key = {_block_key(b): b for b in old}
        old_ids, new_ids = [_block_key(b) for b in old], [_block_key(b) for b in new]
        stable = {o for o, n, m in _pairs(old_ids, new_ids) if o and n and not m}
        scope = self.old.scopes[section]

        def anchor(block_key: str) -> Ref:
            return self.old.ref((section, old_by_key[block_key].id))

        for old_key, new_key, moved in _pairs(old_ids, new_ids):
            if old_key is not None and new_key is None:
                if not moved:
                    gone = old_by_key[old_key]
                    text = (
                        "\n".join(normal(plain_text(i.text)) for i in gone.items)
                        if isinstance(gone, BulletList)
                        else self._text((section, gone.id))
                    )
                    self.add(Amendment("remove", anchor(old_key), old_text=text))
                continue
            assert new_key is not None
            block = new[new_ids.index(new_key)]
            place = _place(new_ids, new_ids.index(new_key), stable, anchor, Place("last", scope=scope))
            if old_key is None and not moved:
                self.insert_block(block, place)
                continue
            before = old_by_key[new_key]
            if isinstance(before, BulletList) and isinstance(block, BulletList):
                if moved:
                    self.add(Amendment("move", anchor(new_key), place))
                self.items(section, before, block)
            elif isinstance(before, Paragraph) and isinstance(block, Paragraph):
                self.paragraph(section, before, block, place if moved else None)

    def _text(self, path: tuple[str, ...]) -> str:
        return self.old.clauses[path].text

    def insert_block(self, block: Paragraph | BulletList, place: Place) -> None:
        if isinstance(block, BulletList):
            texts = [normal(plain_text(i.text)) for i in block.items]
            self.add(
                Amendment(
                    "insert_list",
                    place=place,
                    wording=[i.text for i in block.items],
                    new_text="\n".join(texts),
                )
            )
        elif block.label:
            self.add(
                Amendment(
                    "insert_fact",
                    place=place,
                    label=block.label,
                    wording=block.text,
                    new_text=paragraph_text(block),
                )
            )
        else:
            self.add(
                Amendment("insert_paragraph", place=place, wording=block.text, new_text=paragraph_text(block))
            )

    def paragraph(self, section: str, old: Paragraph, new: Paragraph, place: Place | None) -> None:
        ref = self.old.ref((section, old.id))
        old_text, new_text = paragraph_text(old), paragraph_text(new)
        text_changed = old.text != new.text
        if old.label != new.label:
            if new.label is None or new.text is None:
                raise UsageError(_("a decision cannot yet take away a paragraph's label"))
            if place is not None:
                self.add(Amendment("move", ref, place, old_text=old_text, new_text=old_text))
            self.add(Amendment("label", ref, label=new.label, old_text=old_text, new_text=new_text))
            if text_changed:
                self.add(Amendment("fact", ref, wording=new.text, old_text=old_text, new_text=new_text))
            return
        if new.text is None and text_changed:
            raise UsageError(_("a decision cannot yet take away a paragraph's text"))
        if place is not None:
            action = "move_replace" if text_changed and ref.kind != "fact" else "move"
            wording = new.text if action == "move_replace" else None
            self.add(Amendment(action, ref, place, wording=wording, old_text=old_text, new_text=new_text))
            if action == "move_replace" or not text_changed:
                return
        if text_changed:
            action = "fact" if ref.kind == "fact" else "replace"
            self.add(Amendment(action, ref, wording=new.text, old_text=old_text, new_text=new_text))

    def items(self, section: str, old: BulletList, new: BulletList) -> None:
        old_by_id: dict[str, Item] = {i.id: i for i in old.items}
        old_ids, new_ids = [i.id for i in old.items], [i.id for i in new.items]
        stable = {o for o, n, m in _pairs(old_ids, new_ids) if o and n and not m}
        listing = self.old.ref((section, old.id))

        def anchor(item_id: str) -> Ref:
            return self.old.ref((section, old.id, item_id))

        for old_id, new_id, moved in _pairs(old_ids, new_ids):
            if old_id is not None and new_id is None:
                if not moved:
                    text = self._text((section, old.id, old_id))
                    self.add(Amendment("remove", anchor(old_id), old_text=text))
                continue
            assert new_id is not None
            item = new.items[new_ids.index(new_id)]
            new_text = normal(plain_text(item.text))
            place = _place(new_ids, new_ids.index(new_id), stable, anchor, Place("last_in", listing))
            if old_id is None and not moved:
                self.add(Amendment("insert_point", place=place, wording=item.text, new_text=new_text))
                continue
            before = old_by_id[new_id]
            old_text = normal(plain_text(before.text))
            changed = before.text != item.text
            if moved:
                action = "move_replace" if changed else "move"
                wording = item.text if changed else None
                self.add(
                    Amendment(
                        action, anchor(new_id), place, wording=wording, old_text=old_text, new_text=new_text
                    )
                )
            elif changed:
                self.add(
                    Amendment(
                        "replace", anchor(new_id), wording=item.text, old_text=old_text, new_text=new_text
                    )
                )
