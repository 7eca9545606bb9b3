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

from tests.helpers import REPO

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


def project_with(tmp_path: Path, councils: int) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "councils", root / "councils")
    shutil.copytree(REPO / "templates", root / "templates")
    for number in range(councils):
        shutil.copy(root / "councils/urologi.yaml", root / f"councils/rad-{number:02d}.yaml")
    return root


def run(root: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "UPPDRAG_LANG": "en"}
    return subprocess.Popen(
        [sys.executable, "-m", "uppdrag", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=env,
    )


def manifest_is_consistent(out: Path) -> None:
    """Every output the manifest records is on disk with the recorded bytes, or the council is
    stale by its inputs (the next build remakes it); no temporary file is left."""
    assert not [p.name for p in out.iterdir() if p.name.endswith(".uppdrag-tmp")]
    assert not (out / ".uppdrag-lock").exists()
    data = json.loads((out / ".uppdrag-manifest.json").read_text(encoding="utf-8"))
    for entry in data["councils"].values():
        for output in entry["outputs"].values():
            assert (out / output["file"]).is_file()


@pytest.mark.skipif(os.name != "posix", reason="signals and process groups are POSIX")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_stops_a_build_cleanly(tmp_path: Path, signum: int) -> None:
    root = project_with(tmp_path, COUNCILS)
    assert run(root, "build", "-j", "2").wait() == 0
    old = contents(root / "out")
    pristine = tmp_path / "old-out"
    shutil.copytree(root / "out", pristine)
    base = root / "councils/bases/vgr.yaml"
    base.write_text(
        base.read_text(encoding="utf-8").replace("Regionens Hus", "Regionens hus"), encoding="utf-8"
    )
    started = time.perf_counter()
    assert run(root, "build", "-j", "2", "--out", str(tmp_path / "new-out")).wait() == 0
    duration = time.perf_counter() - started
    new = contents(tmp_path / "new-out")

    chance = random.Random(signum)
    stopped = 0
    for _ in range(4):
        shutil.rmtree(root / "out")
        shutil.copytree(pristine, root / "out")
        process = run(root, "build", "-j", "2")
        assert process.stdout is not None
        process.stdout.readline()  # the first council is done: the build is under way
        time.sleep(chance.uniform(0, 0.6 * duration))
        # Ctrl-C reaches the whole foreground group; SIGTERM (a CI runner's cancel) the build
        os.killpg(process.pid, signum) if signum == signal.SIGINT else process.send_signal(signum)
        _stdout, stderr = process.communicate(timeout=60)
        lines = stderr.decode().splitlines()
        assert "Traceback" not in stderr.decode(), stderr.decode()
        if process.returncode == -signum:  # came while Python started, before uppdrag could listen
            stopped += 1
        elif process.returncode == 128 + signum:
            stopped += 1
            assert len(lines) == 1, lines  # one line, and it says how far the build came
            assert lines[0].startswith("interrupted — ") and lines[0].endswith(f" of {COUNCILS + 5} done")
        else:
            assert process.returncode == 0, stderr.decode()  # finished before the signal came
        for path in (root / "out").iterdir():
            if path.name in new:
                assert path.read_bytes() in (old[path.name], new[path.name]), path.name
        manifest_is_consistent(root / "out")
        assert run(root, "build", "-j", "2").wait() == 0
        assert contents(root / "out") == new
    assert stopped, "no signal came while a build ran"


@pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")
def test_two_builds_at_once_give_the_same_out_as_one(tmp_path: Path) -> None:
    root = project_with(tmp_path, 12)
    assert run(root, "build", "--out", str(tmp_path / "single")).wait() == 0
    first, second = run(root, "build"), run(root, "build")
    results = [(p.wait(timeout=120), p.communicate()) for p in (first, second)]
    assert [code for code, _ in results] == [0, 0], results  # one built, the other waited, found it fresh
    outputs = [out.decode() for _, (out, _err) in results]
    assert any("built 0," in out for out in outputs) and any("built 17," in out for out in outputs), outputs
    single = {p.name: p.read_bytes() for p in (tmp_path / "single").iterdir()}
    assert {p.name: p.read_bytes() for p in (root / "out").iterdir()} == single


@pytest.mark.skipif(os.name != "posix", reason="flock is POSIX")
def test_a_held_lock_makes_a_second_build_say_who_holds_it(tmp_path: Path) -> None:
    import fcntl

    root = project_with(tmp_path, 0)
    (root / "out").mkdir()
    with (root / "out/.uppdrag-lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242 12:00:00\n")
        lock.flush()
        started = time.perf_counter()
        process = run(root, "build")
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 1
        assert "another uppdrag is writing here (pid 4242 since 12:00:00)" in stderr.decode()
        assert time.perf_counter() - started >= 5  # it waited before giving up
        assert not (root / "out/urologi.md").exists()
        assert run(root, "build", "--check").wait() == 1  # --check needs no lock: it answers at once
    # the holder died (its lock went with it): the pid left in the file does not matter
    assert (root / "out/.uppdrag-lock").read_text() == "4242 12:00:00\n"
    assert run(root, "build").wait() == 0
    assert not (root / "out/.uppdrag-lock").exists()


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux")
def test_jobs_is_capped_at_the_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 100000: on 5 councils no worker process at all; on 40, never more than the cores."""
    import multiprocessing.context

    from uppdrag.build.batch import build
    from uppdrag.source.project import Project

    started: list[int] = []
    real = multiprocessing.context.ForkContext.Pool

    def pool(self: object, processes: int, *args: object, **kwargs: object) -> object:
        started.append(processes)
        return real(self, processes, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", pool)
    root = project_with(tmp_path, 0)
    report = build(Project(root), root / "out", ["md"], jobs=100000)
    assert len(report.built) == 5 and started == []
    root = project_with(tmp_path / "many", 40)
    report = build(Project(root), root / "out", ["md"], jobs=100000)
    assert len(report.built) == 45 and not report.failed
    assert started == [min(45, len(os.sched_getaffinity(0)))]


def test_an_interrupted_build_says_how_far_it_came(monkeypatch: pytest.MonkeyPatch) -> None:
    """One message wherever a build is stopped (among the councils, or in the register after them)."""
    from uppdrag.errors import Interrupted

    stopped = Interrupted(3, 7, signal.SIGTERM)
    assert (str(stopped), stopped.exit_code, stopped.done, stopped.total) == (
        "interrupted — 3 of 7 done",
        143,
        3,
        7,
    )
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    assert (str(Interrupted(7, 7, signal.SIGINT)), Interrupted(7, 7, signal.SIGINT).exit_code) == (
        "avbrutet — 7 av 7 klara",
        130,
    )
