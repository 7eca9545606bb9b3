"""Who keeps what: a file-derived value is read again when one of its files changed (modification
time in ns or size) and kept while none did (uppdrag.filecache); a pinned value stays; what a run
compiles ends with its session (uppdrag.session)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from uppdrag.filecache import FileCache

if TYPE_CHECKING:
    from pathlib import Path


def test_made_again_only_when_one_of_its_files_changed(tmp_path: Path) -> None:
    image, svg = tmp_path / "logo.png", tmp_path / "logo.svg"
    image.write_bytes(b"png")
    svg.write_bytes(b"<svg/>")
    cache: FileCache[bytes] = FileCache()
    reads: list[int] = []

    def read() -> bytes:
        reads.append(1)
        return image.read_bytes() + svg.read_bytes()

    assert cache.made_from("logo", [image, svg], read) == b"png<svg/>"
    assert cache.made_from("logo", [image, svg], read) == b"png<svg/>" and len(reads) == 1
    svg.write_bytes(b"<svg />")  # the second file alone, same second: size differs
    assert cache.made_from("logo", [image, svg], read) == b"png<svg />" and len(reads) == 2
    stat = image.stat()
    image.write_bytes(b"PNG")  # same size: the modification time in ns tells
    os.utime(image, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    assert cache.made_from("logo", [image, svg], read) == b"PNG<svg />" and len(reads) == 3


def test_a_pinned_value_outlives_its_files(tmp_path: Path) -> None:
    image = tmp_path / "logo.png"
    image.write_bytes(b"png")
    cache: FileCache[bytes] = FileCache()
    cache.pin("logo", cache.made_from("logo", [image], image.read_bytes))
    image.unlink()  # a git revision's temporary copy, gone
    assert cache.made_from("logo", [image], image.read_bytes) == b"png"


def test_what_a_run_keeps_ends_with_its_session(tmp_path: Path) -> None:
    """Layout environments belong to the run (uppdrag.session), not to the process."""
    from uppdrag.render import markdown
    from uppdrag.session import render_session

    folder = str(tmp_path)
    with render_session():
        first = markdown._environment(folder)
        assert markdown._environment(folder) is first  # kept within the run
    with render_session():
        assert markdown._environment(folder) is not first  # a new run compiles its own


def test_compiled_template_texts_end_with_their_session() -> None:
    """`!template` texts and their sandbox belong to the run too, as the layouts' environments."""
    from uppdrag.check import data_templates
    from uppdrag.session import render_session

    with render_session():
        first = data_templates._compiled("{{ council.name }}")
        assert data_templates._compiled("{{ council.name }}") is first
        sandbox = data_templates._sandbox()
    with render_session():
        assert data_templates._compiled("{{ council.name }}") is not first
        assert data_templates._sandbox() is not sandbox


def test_within_a_build_chunk_a_file_is_looked_at_once_and_afresh_after(tmp_path: Path) -> None:
    """`steady()` (a build's chunk): the shared files are stat-ed once, so a change during the
    chunk is seen by the next chunk or run, not halfway through this one (serve runs outside it)."""
    from uppdrag.filecache import FileCache, looked_once, steady

    path = tmp_path / "base.yaml"
    path.write_text("one", encoding="utf-8")
    cache: FileCache[str] = FileCache()

    def read(p: Path) -> str:
        return p.read_text(encoding="utf-8")

    with steady():
        assert cache.get(path, read) == "one"
        path.write_text("two!", encoding="utf-8")
        assert cache.get(path, read) == "one"
        assert looked_once("k", lambda: 1) == 1
        assert looked_once("k", lambda: 2) == 1
    assert cache.get(path, read) == "two!"
    assert looked_once("k", lambda: 3) == 3
