"""A no-op build that a build here vouched for (build/statcache.py) only stats the files that check
looked at: it reads no manifest, no site state and no record, and still sees every change."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import edit, statuses

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.helpers import Invoke

FORMATS = ("build", "-f", "md,docx,html")


def settle() -> None:
    time.sleep(0.1)  # files are trusted by their stat once it is 50 ms old


def vouched(project: Path, uppdrag: Invoke) -> None:
    """Built, settled and found fresh once (so vouched for): the next no-op reads nothing."""
    assert uppdrag(*FORMATS).exit_code == 0
    settle()
    assert set(statuses(uppdrag(*FORMATS).stdout).values()) == {"unchanged"}


@pytest.fixture
def nothing_read(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make reading the manifest, the site's state or the stat records fail the test."""

    def forbid() -> None:
        from uppdrag.build import manifest, statcache
        from uppdrag.publish import sitekeys

        def read(*_args: object) -> None:
            raise AssertionError("read on a vouched no-op")

        monkeypatch.setattr(manifest.Manifest, "read", classmethod(read))
        monkeypatch.setattr(sitekeys.SiteState, "read", classmethod(read))
        monkeypatch.setattr(statcache, "_load", read)

    return forbid


def test_a_vouched_noop_reads_no_manifest_state_or_record(
    project: Path, uppdrag: Invoke, nothing_read: Callable[[], None]
) -> None:
    vouched(project, uppdrag)
    assert uppdrag("build").exit_code == 0  # the formats out/ holds, found once in the manifest
    settle()
    before = {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*") if p.is_file()}
    nothing_read()
    for formats in (["-f", "md,docx,html"], ["-f", "md,docx"], ["-f", "md"], []):  # fewer formats too
        result = uppdrag("build", *formats)
        assert result.exit_code == 0, result.stderr
        assert set(statuses(result.stdout).values()) == {"unchanged"}, result.stdout
    assert before == {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*") if p.is_file()}


def set_back(path: Path, change: Callable[[bytes], bytes]) -> None:
    """Change a file's bytes keeping its size and mtime (only its ctime moves)."""
    info, data = path.stat(), path.read_bytes()
    changed = change(data)
    assert len(changed) == len(data) and changed != data
    path.write_bytes(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def swap_case(data: bytes) -> bytes:
    return data.replace(b"Syfte", b"SYFTE", 1)


def doctor_manifest(project: Path) -> None:
    """A committed out/ with a doctored document and a manifest to match (a pull request's)."""
    output = project / "out/urologi.md"
    output.write_bytes(output.read_bytes().replace(b"Syfte", b"Falskt", 1))
    manifest = project / "out/.uppdrag-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    import hashlib

    data["councils"]["urologi"]["outputs"]["md"]["sha256"] = hashlib.sha256(output.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def forget_made() -> None:
    """The record of what builds here made is gone (a cleared cache): nothing in out/ is trusted."""
    records = list(Path(os.environ["XDG_CACHE_HOME"]).glob("uppdrag/made/*.json"))
    assert records
    for record in records:
        record.unlink()


CHANGES: dict[str, Callable[[Path], None]] = {
    "council edited": lambda p: edit(p / "councils/urologi.yaml", "name: urologi", "name: urologin"),
    "output edited, mtime set back": lambda p: set_back(p / "out/urologi.md", swap_case),
    "output removed": lambda p: (p / "out/urologi.docx").unlink(),
    "page edited, mtime set back": lambda p: set_back(
        p / "out/html/urologi.html", lambda d: d.replace(b"<html", b"<HTML", 1)
    ),
    "template edited": lambda p: append(p / "templates/md/_charter.md.j2", "{# edited #}"),
    "doctored out/ with a manifest to match": doctor_manifest,
    "made-record gone": lambda p: forget_made(),
}


@pytest.mark.skipif(os.name != "posix", reason="ctime semantics of POSIX")
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_after_a_vouched_noop_is_rebuilt(project: Path, uppdrag: Invoke, change: str) -> None:
    vouched(project, uppdrag)
    good = (project / "out/urologi.md").read_bytes()
    CHANGES[change](project)
    result = uppdrag(*FORMATS)
    assert result.exit_code == 0, result.stderr
    assert statuses(result.stdout)["urologi"].startswith("built"), result.stdout
    if change != "council edited":
        assert (project / "out/urologi.md").read_bytes() == good
    assert uppdrag(*FORMATS, "--check").exit_code == 0


def test_a_site_change_after_a_vouched_noop_is_made_again(project: Path, uppdrag: Invoke) -> None:
    vouched(project, uppdrag)
    history = sorted((project / "out/html/historik").glob("*.html"))[0]
    page = history.read_bytes()
    set_back(history, lambda d: d.replace(b"<html", b"<HTML", 1))
    assert uppdrag(*FORMATS).exit_code == 0 and history.read_bytes() == page
    settle()
    assert uppdrag(*FORMATS).exit_code == 0  # vouched for again
    (project / "out/html/extra.html").write_text("<!DOCTYPE html><title>x</title>", encoding="utf-8")
    assert uppdrag(*FORMATS).exit_code == 0
    assert b"extra.html" in (project / "out/html/tillganglighet.html").read_bytes()


def test_a_hostile_state_file_after_a_vouched_noop_is_discarded(project: Path, uppdrag: Invoke) -> None:
    vouched(project, uppdrag)
    victim = project.parent / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    state = project / "out/html/.uppdrag-site.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["councils"]["urologi"]["files"]["../../../victim.txt"] = ""
    state.write_text(json.dumps(data), encoding="utf-8")
    result = uppdrag(*FORMATS)
    assert result.exit_code == 0 and "discarded" in result.stderr, result.stderr
    assert victim.read_text(encoding="utf-8") == "keep"


def test_a_forged_check_is_ignored(project: Path, uppdrag: Invoke) -> None:
    """A check file not sealed by uppdrag (a restored CI cache, a hand edit) vouches for nothing."""
    vouched(project, uppdrag)
    edit(project / "councils/urologi.yaml", "name: urologi", "name: urologin")
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "uppdrag/stat"
    for checks in cache.glob("*.fresh"):
        mac, _sep, data = checks.read_bytes().partition(b"\n")
        entries = json.loads(data)
        council = str(project / "councils/urologi.yaml")
        for entry in entries:  # drop the edited council from what was looked at
            entry["files"] = [f for f in entry["files"] if f != council]
        checks.write_bytes(mac + b"\n" + json.dumps(entries).encode())
    result = uppdrag(*FORMATS)
    assert statuses(result.stdout)["urologi"].startswith("built"), result.stdout
    for checks in cache.glob("*.fresh"):
        checks.write_bytes(b"[" * 100_000)
    assert uppdrag(*FORMATS).exit_code == 0
