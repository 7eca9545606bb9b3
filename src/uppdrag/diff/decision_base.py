"""Which decision `uppdrag beslut OLD NEW` writes: one council's, or the base's for every council
on it — naming the councils, and for each council whose own text hides a change (as
`uppdrag diff --impact` finds it), that the council's own wording stands."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from uppdrag.diff.decision import Decision, OwnWording, decide, ref_phrase, subject
from uppdrag.diff.places import SANDLISTA, Ref, index

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import date

    from uppdrag.check.model import Charter
    from uppdrag.diff.amendment import Amendment
    from uppdrag.diff.idiom import Idiom
    from uppdrag.diff.impact import Shadowed
    from uppdrag.source.project import Project


@contextmanager
def decision_between_days(
    project: Project, slug: str, old_day: date, new_day: date, all_commits: bool = False
) -> Iterator[Decision]:
    """`uppdrag beslut --as-of A B -c SLUG`: the decision from the council's version in force on
    A to the one in force on B (both checkouts stay while the context lasts: Word reads the logo)."""
    from uppdrag.diff.idiom import load_idiom
    from uppdrag.diff.pointintime import between_days

    with between_days(project, slug, old_day, new_day, all_commits) as redline:
        yield decide(load_idiom(project), redline.old, redline.new)


def decision_at_git(project: Project, ref: str, council: str) -> Decision:
    """`uppdrag beslut --git REF -c SLUG`: the decision from the council's document at git
    revision REF to its document now."""
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.idiom import load_idiom
    from uppdrag.diff.targets import project_at
    from uppdrag.errors import UppdragError, UsageError
    from uppdrag.i18n import _

    now = load_charter(project, council).charter
    with project_at(project, ref) as then:
        try:
            old = load_charter(then, council).charter
        except UppdragError as exc:
            message = _("{slug} at {ref} does not validate: {message}")
            raise UsageError(
                message.format(slug=council, ref=ref, message=exc.diagnostics[0].message)
            ) from None
        return decide(load_idiom(project), old, now)  # while its files (the logo) are there


def decision_for(project: Project, old: str, new: str, council: str | None) -> Decision:
    """`uppdrag beslut OLD NEW [-c SLUG]`: one council's decision, or the base's for every council
    that follows it (the council's name shown as the idiom's placeholder)."""
    from uppdrag.check.charter import load_charter
    from uppdrag.diff.idiom import load_idiom

    idiom = load_idiom(project)
    if council is not None:
        return decide(
            idiom, load_charter(project, council, old).charter, load_charter(project, council, new).charter
        )
    kind = _kind_with(project, old, new)
    placeholder = idiom.phrases["words"]["council_name"]
    before, after = (_base(project, kind, rev, placeholder) for rev in (old, new))
    slugs = followers(project, kind, (old, new))
    subjects = [subject(idiom, load_charter(project, slug, old).charter.title) for slug in slugs]
    decision = decide(idiom, _undated(before), _undated(after), subjects or [subject(idiom, before.title)])
    # A council takes a revision's decision date only when it records being decided with it
    # (`beslutad`), so the date is the decision's own, not a change of the councils' documents.
    decision.datum = str(after.beslut.datum or after.datum)
    decision.charter = after
    named = dict(zip(slugs, subjects, strict=True))
    decision.own = own_wordings(project, idiom, decision, before, kind, (old, new), named)
    return decision


def own_wordings(
    project: Project,
    idiom: Idiom,
    decision: Decision,
    before: Charter,
    kind: str,
    revisions: tuple[str, str],
    subjects: dict[str, str],
) -> list[OwnWording]:
    """For each council, the decision's clauses its own text hides: its own wording stands."""
    from uppdrag.diff.impact import shadowed

    paths = {c.ref: c.path for c in index(before).clauses.values()}
    own: list[OwnWording] = []
    for slug, name in subjects.items():
        found = shadowed(project, slug, kind, *revisions)
        hidden = [(_hidden(s), s.key in ("remove", "replace")) for s in found]
        for a in decision.amendments:
            where = _where(a, paths)
            if where is not None and any(_covers(h, whole, where) for h, whole in hidden):
                target = idiom.phrase("fields", a.field) if a.field else ref_phrase(idiom, _named(a))
                own.append(OwnWording(slug, idiom.say("clauses", "own_wording", council=name, target=target)))
    return own


def _named(a: Amendment) -> Ref:
    assert a.target is not None
    return a.target


def _where(a: Amendment, paths: dict[Ref, tuple[str, ...]]) -> tuple[str, ...] | None:
    """What an amendment changes: a field's name, or the path of its clause."""
    if a.field:
        return ("@field", a.field)
    if a.target is None:
        return None
    ref = Ref("section", a.target.scope) if a.target.kind == "heading" else a.target
    return paths.get(ref)


def _hidden(s: Shadowed) -> tuple[str, ...]:
    """A shadowed change's path in the terms of `_where`."""
    where = s.where
    if where[0] == "sections" and len(where) > 1:
        ids = [where[1]]
        if len(where) > 3 and where[2] == "blocks":
            ids.append(where[3])
        if len(where) > 5 and where[4] == "items":
            ids.append(where[5])
        return tuple(ids)
    if where[0] == "sandlista" and len(where) > 1:
        return (SANDLISTA, "sandlista", where[1])
    return ("@field", ".".join(where))


def _covers(hidden: tuple[str, ...], whole: bool, where: tuple[str, ...]) -> bool:
    """A council's own clause hides the change of that clause; a clause it removes or replaces
    whole hides every change inside it too."""
    return where[: len(hidden)] == hidden if whole else where == hidden


def _undated(charter: Charter) -> Charter:
    return charter.model_copy(update={"beslut": charter.beslut.model_copy(update={"datum": None})})


def followers(project: Project, kind: str, revisions: tuple[str, ...]) -> list[str]:
    """The councils of `kind` on one of `revisions`: those a base decision applies to."""
    found = []
    for slug in project.slugs():
        council = project.load(project.council_path(slug))
        if council.get("base") == kind and council.get("revision") in revisions:
            found.append(slug)
    return found


def _kind_with(project: Project, old: str, new: str) -> str:
    from uppdrag.errors import UsageError
    from uppdrag.i18n import _

    kinds = [k for k in project.kinds() if {old, new} <= set(project.base_revisions(k))]
    if len(kinds) != 1:
        known = "; ".join(f"{k}: {', '.join(project.base_revisions(k))}" for k in project.kinds())
        raise UsageError(
            _("name one council with -c, or two revisions that one kind of charter has ({known})").format(
                known=known
            )
        )
    return kinds[0]


def _base(project: Project, kind: str, revision: str, placeholder: str) -> Charter:
    from uppdrag.check.validate import validate
    from uppdrag.source.compose import compose_base
    from uppdrag.source.overlay import copy_map

    composed = compose_base(project, kind, revision)
    tree = copy_map(composed.tree)
    tree.put("name", placeholder, tree.mark, tree.mark)
    return validate(type(composed)(composed.slug, composed.revision, tree, composed.sources))
