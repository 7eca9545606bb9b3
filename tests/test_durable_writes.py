"""Written files survive a power cut: the data and the rename that put it in place are synced."""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from uppdrag.write import Batch, write_atomic

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def synced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each fsync synced from now on: 'file' or 'folder'."""
    found: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        found.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    return found


def test_a_file_written_alone_syncs_its_data_then_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = synced(monkeypatch)
    write_atomic(tmp_path / "a.md", b"new")
    assert (tmp_path / "a.md").read_bytes() == b"new"
    assert calls == ["file", "folder"]


def test_a_batch_syncs_each_folder_after_its_renames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = synced(monkeypatch)
    batch = Batch()
    batch.add(tmp_path / "a.md", b"a")
    batch.add(tmp_path / "sub" / "b.md", b"b")
    batch.commit()
    assert (tmp_path / "sub" / "b.md").read_bytes() == b"b"
    assert calls[-2:] == ["folder", "folder"]
