"""A council's effective charter: the validated charter and every layer of its chain."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from uppdrag.origin.layers import Address, Layer, Origin, layers, origins

if TYPE_CHECKING:
    from uppdrag.check.model import Charter
    from uppdrag.source.load import YMap
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class Effective:
    """A council's charter after its whole chain, with every layer it was made from."""

    project: Project
    slug: str
    charter: Charter
    layers: tuple[Layer, ...]

    @property
    def revision(self) -> str:
        return self.charter.revision

    @property
    def tree(self) -> YMap:
        return self.layers[-1].tree

    @property
    def base(self) -> YMap:
        return self.layers[-2].tree

    @cached_property
    def origins(self) -> dict[Address, Origin]:
        return origins(list(self.layers))


def effective(project: Project, slug: str, revision: str | None = None) -> Effective:
    """The council's charter at `revision` (default its own), checked first."""
    from uppdrag.check.charter import load_charter

    loaded = load_charter(project, slug, revision)
    return Effective(project, slug, loaded.charter, tuple(layers(project, slug, revision)))
