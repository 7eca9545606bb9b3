"""A parallel build's slices of work, and who makes them durable: the workers stage, the main
process syncs and puts each chunk in place (so a worker never waits for a sync)."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from uppdrag.build import workers
from uppdrag.build.council import CHUNK, TAIL, chunks

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

    from tests.helpers import Invoke


@given(st.integers(0, 3000), st.integers(1, 16))
def test_chunks_cover_every_council_once_in_order(count: int, jobs: int) -> None:
    slugs = [f"rad-{n:04d}" for n in range(count)]
    found = chunks(slugs, jobs)
    assert [slug for chunk in found for slug in chunk] == slugs
    assert all(0 < len(chunk) <= CHUNK for chunk in found)


@given(st.integers(1, 3000), st.integers(2, 16))
def test_with_several_workers_the_last_chunks_shrink(count: int, jobs: int) -> None:
    sizes = [len(chunk) for chunk in chunks(list(map(str, range(count))), jobs)]
    assert sizes == sorted(sizes, reverse=True)  # never a larger slice after a smaller one
    assert sizes[-1] <= TAIL  # the last one a worker takes is short: the others are not kept waiting


def test_the_syncs_stay_few() -> None:
    """500 councils on two workers: the tail adds a few slices, not one per council."""
    one, two = chunks(list(map(str, range(500))), 1), chunks(list(map(str, range(500))), 2)
    assert [len(chunk) for chunk in one] == [50] * 10  # one process: as many councils a sync as before
    assert len(two) <= 24
    assert len(two[-1]) <= TAIL


def test_one_worker_gets_even_chunks() -> None:
    assert [len(c) for c in chunks(list(map(str, range(120))), 1)] == [15] * 8


def test_the_main_process_commits_what_the_workers_staged(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sync that fails in the main process fails each council of the chunk, leaves nothing in
    place and no temporary file behind; the next build writes them all."""
    from uppdrag import write

    monkeypatch.setattr(workers, "cores", lambda: 2)
    for number in range(12):
        shutil.copy(project / "councils/urologi.yaml", project / f"councils/extra-{number:02d}.yaml")
    main, real = os.getpid(), write._sync

    def broken(temporaries: list[Path], folders: set[Path]) -> None:
        assert os.getpid() == main  # never in a worker
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "_sync", broken)
    result = uppdrag("build", "--jobs", "2")
    assert result.exit_code != 0
    assert "No space left on device" in result.stderr
    out = project / "out"
    left = [p.name for p in out.iterdir() if p.suffix == ".docx" or p.name.endswith(".uppdrag-tmp")]
    assert not left
    assert sorted(p.name for p in out.glob("*.md")) == ["README.md"]  # the index: written alone
    monkeypatch.setattr(write, "_sync", real)
    again = uppdrag("build", "--jobs", "2")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert len([p for p in out.iterdir() if p.suffix == ".docx"]) == 17
