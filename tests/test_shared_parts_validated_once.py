"""The shared parts of charters validated once (check/validate.py `Validated`): every council of
the synthetic set gets the same `Charter` as when each is validated on its own."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import REPO
from uppdrag.check import validate as validation
from uppdrag.check.charter import load_charter
from uppdrag.errors import SchemaError
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from pathlib import Path

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import make


def test_every_synthetic_council_gets_the_charter_it_gets_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make(tmp_path / "synthetic", 500)
    shared = validation.Validated()
    monkeypatch.setattr(validation, "VALIDATED", shared)
    project = Project(root)
    kept = [load_charter(project, slug).charter for slug in project.slugs()]
    assert len(kept) == 500 and len(shared.parts) > 0
    reused = 0
    for slug, charter in zip(project.slugs(), kept, strict=True):
        monkeypatch.setattr(validation, "VALIDATED", validation.Validated())  # nothing kept: all validated
        alone = load_charter(Project(root), slug).charter
        assert charter == alone, slug
        assert charter.model_dump_json() == alone.model_dump_json(), slug
        reused += sum(section is other for section in charter.sections for other in kept[0].sections)
    assert reused > 1000  # the sections were shared, not validated again


def test_a_shared_part_changed_by_an_overlay_is_validated_anew(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """urologi's own (bad) paragraph fails at its own line, though the section was kept before."""
    shared = validation.Validated()
    monkeypatch.setattr(validation, "VALIDATED", shared)
    for slug in ("urologi", "ortopedi"):
        load_charter(Project(project), slug)
    assert shared.parts
    council = project / "councils/urologi.yaml"
    council.write_text(
        council.read_text(encoding="utf-8")
        + "sections:\n  - id: kommunikation\n    blocks:\n      - id: rutin\n        text: ' '\n",
        encoding="utf-8",
    )
    with pytest.raises(SchemaError) as error:
        load_charter(Project(project), "urologi")
    message = str(error.value)
    assert "urologi.yaml:11:15:" in message and "must not be empty" in message, message
    assert load_charter(Project(project), "ortopedi").charter.slug == "ortopedi"  # the others as they were
