"""Charters kept in the private cache (build/charters.py): the same charter as `load_charter`
makes, never one whose files changed, never from a tampered entry, never past an input check."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import REPO
from uppdrag.build import charters
from uppdrag.check import charter as charter_module
from uppdrag.check.charter import load_charter
from uppdrag.errors import UppdragError
from uppdrag.source.project import Project

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import make


def _no_fresh_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("loaded afresh, not from the cache")

    monkeypatch.setattr(charter_module, "load_charter", refuse)


def _fresh(root: Path) -> Project:
    """A new Project (as a new command makes): only the cache is shared."""
    return Project(root)


def test_every_synthetic_council_comes_back_from_the_cache_as_load_charter_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make(tmp_path / "synthetic", 60)
    project = _fresh(root)
    made = {slug: charters.load_kept(project, slug) for slug in project.slugs()}
    entries = sorted(p.name for p in charters_folder().glob("*.charter"))
    assert len(entries) >= 60
    with monkeypatch.context() as patched:
        _no_fresh_load(patched)
        project = _fresh(root)
        again = {slug: charters.load_kept(project, slug) for slug in project.slugs()}
    for slug, kept in again.items():
        alone = load_charter(Project(root), slug)
        assert kept.charter == alone.charter == made[slug].charter, slug
        assert kept.charter.model_dump_json() == alone.charter.model_dump_json(), slug
        assert kept.sources == alone.composed.sources and kept.assets == alone.assets, slug


def test_every_council_at_every_revision_comes_back_as_load_charter_makes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register's redlines take each council at each revision of its base from the cache: the
    charter of that revision, never the council's own kept under another key."""
    from uppdrag.publish.history import revisions

    root = make(tmp_path / "synthetic", 30)
    project = _fresh(root)
    asked = [(slug, rev) for slug in project.slugs() for rev in revisions(project, slug)]
    assert {rev for _slug, rev in asked} >= {"2024", "2026"}
    for slug, rev in asked:
        charters.load_kept(project, slug)  # its own revision kept first, under its own key
        charters.load_kept(project, slug, rev)
    with monkeypatch.context() as patched:
        _no_fresh_load(patched)
        project = _fresh(root)
        again = {(slug, rev): charters.load_kept(project, slug, rev) for slug, rev in asked}
    for (slug, rev), kept in again.items():
        alone = load_charter(Project(root), slug, rev)
        assert kept.charter == alone.charter and kept.charter.revision == rev, (slug, rev)
        assert kept.charter.model_dump_json() == alone.charter.model_dump_json(), (slug, rev)
        assert kept.sources == alone.composed.sources and kept.revision == rev, (slug, rev)
    for slug in project.slugs():  # the history pages take the own revision's from the build's key
        own = load_charter(Project(root), slug).charter
        assert load_charter(Project(root), slug, own.revision).charter == own, slug


def charters_folder() -> Path:
    from uppdrag.cachedir import cache_folder

    folder = cache_folder("charters")
    assert folder is not None
    return folder


def test_a_changed_base_is_read_again(tmp_path: Path) -> None:
    root = make(tmp_path / "synthetic", 3)
    project = _fresh(root)
    slug = next(s for s in project.slugs() if load_charter(project, s).charter.revision == "2026")
    before = charters.load_kept(project, slug).charter
    base = root / "councils/bases/samordningsrad/2026.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace("Hälso- och sjukvård", "Vård och hälsa"), "utf-8"
    )
    after = charters.load_kept(_fresh(root), slug).charter
    assert after != before
    assert after == load_charter(Project(root), slug).charter
    assert "Vård och hälsa" in after.ansvarsomrade


def test_a_tampered_entry_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make(tmp_path / "synthetic", 2)
    slug = "rad-0000"
    charters.load_kept(_fresh(root), slug)
    for entry in charters_folder().glob("*.charter"):
        data = bytearray(entry.read_bytes())
        data[-20] ^= 0xFF
        entry.write_bytes(bytes(data))
    with monkeypatch.context() as patched:
        _no_fresh_load(patched)
        with pytest.raises(AssertionError, match="afresh"):
            charters.load_kept(_fresh(root), slug)
    assert charters.load_kept(_fresh(root), slug).charter == load_charter(Project(root), slug).charter


def test_a_base_that_now_leads_out_of_the_project_is_refused_as_on_a_fresh_load(tmp_path: Path) -> None:
    """Same bytes outside the project, linked in: not taken from the cache on the hash alone."""
    root = make(tmp_path / "synthetic", 2)
    slug = "rad-0000"
    charters.load_kept(_fresh(root), slug)
    base = root / "councils/bases/vgr.yaml"
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(base.read_bytes())
    base.unlink()
    base.symlink_to(outside)
    with pytest.raises(UppdragError) as cached:
        charters.load_kept(_fresh(root), slug)
    with pytest.raises(UppdragError) as fresh:
        load_charter(Project(root), slug)
    assert str(cached.value.diagnostics[0]) == str(fresh.value.diagnostics[0])
    assert "project" in str(fresh.value.diagnostics[0])


def test_a_build_after_a_layout_change_renders_from_kept_charters_what_a_fresh_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uppdrag: Invoke
) -> None:
    """The case the cache is for: every council rendered again, no charter changed."""
    root = make(tmp_path / "synthetic", 12)
    monkeypatch.chdir(root)
    assert uppdrag("build", "-f", "md,docx").exit_code == 0
    before = (root / "out/rad-0000.md").read_text(encoding="utf-8")
    layout = root / "templates/md/vgr-2026.md.j2"
    layout.write_text(
        layout.read_text(encoding="utf-8").replace("{{ c.parties(charter) | safe }}", ""), "utf-8"
    )
    with monkeypatch.context() as patched:
        _no_fresh_load(patched)  # every charter from the cache
        assert uppdrag("build", "-f", "md,docx").exit_code == 0
    from_cache = {p.name: p.read_bytes() for p in (root / "out").glob("*.*")}
    assert from_cache["rad-0000.md"].decode("utf-8") != before
    for entry in charters_folder().glob("*.charter"):
        entry.unlink()
    assert uppdrag("build", "-f", "md,docx", "--force").exit_code == 0
    assert {p.name: p.read_bytes() for p in (root / "out").glob("*.*")} == from_cache


def test_a_council_with_a_logo_larger_than_a_yaml_file_is_kept_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs are hashed up to the largest asset, not the YAML limit (1 MB)."""
    root = make(tmp_path / "synthetic", 2)
    logo = root / "councils/bases/logotyp-platshallare.png"
    logo.write_bytes(logo.read_bytes() + bytes(1_500_000))  # after IEND: still the same picture
    slug = "rad-0000"
    made = charters.load_kept(_fresh(root), slug)
    with monkeypatch.context() as patched:
        _no_fresh_load(patched)
        assert charters.load_kept(_fresh(root), slug).charter == made.charter
