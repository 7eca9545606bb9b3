"""Shadowed changes: a council's own text that hides what a newer base revision changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.errors import Diagnostic
from uppdrag.i18n import _
from uppdrag.origin.layers import Layer, field_name, index, layers, shown_path

if TYPE_CHECKING:
    from uppdrag.source.project import Project


def shadowed(project: Project, slug: str, revision: str | None = None) -> list[Diagnostic]:
    """A warning on each council value that overrides a value a later revision of its base changed.

    "Later revision" is a base of the chain that revises an earlier one of its kind (2026 over
    2024). Without that warning a council's override would silently skip the revision.
    """
    chain = layers(project, slug, revision)
    indexes = [index(layer.tree) for layer in chain]
    council = chain[-1]
    found: list[Diagnostic] = []
    for address, node in indexes[-1].items():
        if node.item or node.mark.path != council.path:
            continue
        for number in range(len(chain) - 2, 0, -1):
            layer: Layer = chain[number]
            new, old = indexes[number].get(address), indexes[number - 1].get(address)
            if not layer.revises or new is None or old is None or new.mark.path != layer.path:
                continue
            if new.value == old.value or node.value == new.value:
                continue
            from uppdrag.origin.explain import plain, word_diff_text

            message = _(
                "the council's own text hides what revision {revision} changed here ({where}): {diff}"
            ).format(
                revision=layer.revision,
                where=f"{shown_path(project, new.key_mark.path)}:{new.key_mark.line}",
                diff=word_diff_text(plain(old.value), plain(new.value)),
            )
            field = field_name(address, council.tree)
            found.append(Diagnostic(message, node.mark, field, "warning"))
            break
    return found
