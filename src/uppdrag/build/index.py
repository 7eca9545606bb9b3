"""out/README.md, the förteckning: every document the manifest records, with its facts and files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from uppdrag.build.manifest import bytes_hash

if TYPE_CHECKING:
    from pathlib import Path

    from uppdrag.build.manifest import Manifest
    from uppdrag.source.project import Project


def index_text(project: Project, manifest: Manifest) -> str:
    """out/README.md: every document in the manifest, with its facts and links to its files."""
    from uppdrag.render.formats import FORMATS
    from uppdrag.render.markdown import environment
    from uppdrag.render.template import render_template

    rows = []
    for slug, entry in sorted(manifest.councils.items()):
        files = [entry.outputs[fmt]["file"] for fmt in FORMATS if fmt in entry.outputs]
        rows.append({"slug": slug, **entry.meta, "files": files})
    env, folder = environment(project.templates_dir, "index"), project.templates_dir / "index"
    return render_template(env, folder, "README.md.j2", {"documents": rows})


def may_write_index(index: Path, recorded: str, content: bytes) -> bool:
    """Whether out/README.md may be written: absent, a symbolic link (replaced, not followed), as
    uppdrag last wrote it, or an index of uppdrag's (its first line); never a user's own file."""
    if index.is_symlink() or not index.exists():
        return True
    if not index.is_file():
        return False
    data = index.read_bytes()
    return bytes_hash(data) == recorded or data.split(b"\n", 1)[0] == content.split(b"\n", 1)[0]
