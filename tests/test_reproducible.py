"""Every document is what the code makes of the data: a template cache never changes a byte,
and `build --check` compares the bytes it would write with those on disk."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.helpers import REPO, SLUGS, Invoke

if TYPE_CHECKING:
    from pathlib import Path

DOCUMENTS = sorted(f"{s}.{ext}" for s in SLUGS for ext in ("md", "docx"))
# A process that renders every council after changing one setting of the layout environments
# (or pretending to be another uppdrag): what it leaves in the cache must never be used by us.
FOREIGN = """
import sys
import uppdrag.render.environment as environment
import uppdrag.fingerprint as fingerprint
if sys.argv[1] == "setting":
    environment.OPTIONS["keep_trailing_newline"] = False
else:
    fingerprint.code_hash = lambda: "another uppdrag"
from uppdrag.cli import app
sys.argv = ["uppdrag", "render", "--all", "--out", sys.argv[2]]
app()
"""


def render_all(project: Path, cache: Path, out: Path, foreign: str | None = None) -> dict[str, bytes]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("UPPDRAG_NO_CACHE", None)
    command = [sys.executable, "-c", FOREIGN, foreign, str(out)] if foreign else [
        sys.executable, "-m", "uppdrag", "render", "--all", "--out", str(out)
    ]  # fmt: skip
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return {name: (out / name).read_bytes() for name in DOCUMENTS}


@pytest.mark.parametrize("foreign", ["setting", "code"])
def test_cold_warm_and_foreign_caches_render_the_committed_bytes(
    project: Path, tmp_path: Path, foreign: str
) -> None:
    cache = tmp_path / "cache"
    committed = {name: (REPO / "out" / name).read_bytes() for name in DOCUMENTS}
    cold = render_all(project, cache, tmp_path / "cold")
    assert any((cache / "uppdrag" / "jinja").iterdir()), "the cache was not written"
    warm = render_all(project, cache, tmp_path / "warm")
    other = render_all(project, cache, tmp_path / "foreign", foreign)
    if foreign == "setting":  # the setting matters: otherwise this test could not fail
        assert other["urologi.docx"] != cold["urologi.docx"]
    after = render_all(project, cache, tmp_path / "after")
    assert cold == warm == after == committed


def test_check_renders_and_names_a_corrupted_output(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    assert uppdrag("build", "--check").stdout == "out: fresh\n"
    docx = project / "out" / "ortopedi.docx"
    data = bytearray(docx.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte, manifest and modification time left as they were
    stat = docx.stat()
    docx.write_bytes(bytes(data))
    os.utime(docx, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    result = uppdrag("build", "--check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"{docx}: differs from what uppdrag renders", "out: stale"]


def test_check_sees_an_output_the_manifest_calls_fresh(project: Path, uppdrag: Invoke) -> None:
    """The manifest says fresh, but the code would write other bytes (e.g. after a cache bug)."""
    assert uppdrag("build").exit_code == 0
    md = project / "out" / "urologi.md"
    md.write_bytes(md.read_bytes().rstrip(b"\n"))
    manifest = project / "out" / ".uppdrag-manifest.json"
    import hashlib

    text = manifest.read_text(encoding="utf-8")
    old, new = (
        hashlib.sha256(md.read_bytes() + b"\n").hexdigest(),
        hashlib.sha256(md.read_bytes()).hexdigest(),
    )
    assert old in text
    manifest.write_text(text.replace(old, new), encoding="utf-8")
    result = uppdrag("build", "--check")
    assert result.exit_code == 1
    assert f"{md}: differs from what uppdrag renders" in result.stdout.splitlines()
