"""A build killed (SIGKILL) at any moment leaves every document either as it was or as it should
become, each one whole; the next build finishes the job and leaves no temporary file behind."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from typing import TYPE_CHECKING

import docx
import pytest

from tests.conftest import REPO

if TYPE_CHECKING:
    from pathlib import Path

COUNCILS = 40


def uppdrag(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "uppdrag", "--root", str(root), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".md", ".docx")}


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL and process groups are POSIX")
def test_killing_a_build_at_random_moments_never_leaves_a_broken_file(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    for number in range(COUNCILS):
        shutil.copy(root / "councils/urologi.yaml", root / f"councils/rad-{number:02d}.yaml")
    assert uppdrag(root, "build", "-j", "2").wait() == 0
    old = contents(root / "out")
    pristine = tmp_path / "old-out"
    shutil.copytree(root / "out", pristine)

    # the change every document sees; the documents it should give, built apart
    base = root / "councils/bases/vgr.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace("Regionens Hus", "Regionens hus"), encoding="utf-8"
    )
    started = time.perf_counter()
    assert uppdrag(root, "build", "-j", "2", "--out", str(tmp_path / "new-out")).wait() == 0
    duration = time.perf_counter() - started
    new = contents(tmp_path / "new-out")
    assert [name for name in new if old[name] == new[name]] == ["README.md"]  # the index lists the same

    chance = random.Random(20261123)
    for _ in range(6):
        shutil.rmtree(root / "out")
        shutil.copytree(pristine, root / "out")
        process = uppdrag(root, "build", "-j", "2")
        time.sleep(chance.uniform(0.05, duration))
        os.killpg(process.pid, signal.SIGKILL)  # the build and its worker processes
        process.wait()
        for path in sorted((root / "out").iterdir()):
            if path.name.endswith(".uppdrag-tmp"):
                continue  # a killed build cannot clean up: the next one does
            data = path.read_bytes()
            if path.name in new:
                assert data in (old[path.name], new[path.name]), f"{path.name} is neither old nor new"
                if path.suffix == ".docx":
                    docx.Document(str(path))  # opens
            elif path.name == ".uppdrag-manifest.json":
                json.loads(data)
        assert uppdrag(root, "build", "-j", "2").wait() == 0
        assert contents(root / "out") == new
        assert not [p.name for p in (root / "out").iterdir() if p.name.endswith(".uppdrag-tmp")]
