"""Shell completion of what the project holds: council names, clause ids, revisions, kinds and
formats (`uppdrag --install-completion` installs it). Each completer reads the project quietly:
any problem completes nothing rather than printing into the shell."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uppdrag.source.project import Project


def _project(ctx: Any) -> Project | None:
    from uppdrag.source.project import find_project

    root = ctx.find_root().params.get("root") if ctx is not None else None
    try:
        return find_project(Path(root) if root else None)
    except Exception:  # completion must never fail loudly
        return None


def _starting(names: list[str], incomplete: str) -> list[str]:
    return [name for name in names if name.startswith(incomplete or "")]


def councils(ctx: Any, incomplete: str) -> list[str]:
    """The councils' names."""
    project = _project(ctx)
    return _starting(project.slugs(), incomplete) if project else []


def revisions(ctx: Any, incomplete: str) -> list[str]:
    """Every base revision of every kind (2024, 2026, …)."""
    project = _project(ctx)
    if project is None:
        return []
    found = {revision for kind in project.kinds() for revision in project.base_revisions(kind)}
    return _starting(sorted(found), incomplete)


def kinds(ctx: Any, incomplete: str) -> list[str]:
    """The kinds of charter (samordningsrad, koncerngrupp)."""
    project = _project(ctx)
    return _starting(project.kinds(), incomplete) if project else []


def formats(incomplete: str) -> list[str]:
    """A format, or another after the commas already given (`md,do` → `md,docx`)."""
    from uppdrag.render.formats import FORMATS

    given, _comma, last = (incomplete or "").rpartition(",")
    lead = f"{given}," if given else ""
    chosen = set(given.split(",")) if given else set()
    return [lead + name for name in FORMATS if name.startswith(last) and name not in chosen]


def revisions_or_councils(ctx: Any, incomplete: str) -> list[str]:
    """`diff`'s words: revisions, or with --git the councils."""
    if ctx is not None and ctx.params.get("git"):
        return councils(ctx, incomplete)
    return revisions(ctx, incomplete)


def clauses(ctx: Any, incomplete: str) -> list[str]:
    """The ids of the council's charter (for `explain SLUG CLAUSE`)."""
    project = _project(ctx)
    slug = ctx.params.get("slug") if ctx is not None else None
    if project is None or not isinstance(slug, str):
        return []
    try:
        from uppdrag.origin.layers import index
        from uppdrag.source.compose import compose

        name = Path(slug).stem if slug.endswith((".yaml", ".yml")) else slug  # councils/x.yaml → x
        tree = compose(project, name).tree
        ids = sorted({address[-1] for address, node in index(tree).items() if node.item})
    except Exception:  # a broken council completes nothing
        return []
    return _starting(ids, incomplete)
