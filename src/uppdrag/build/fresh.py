"""`render` of councils whose documents the project's out/ already holds, fresh: copied, not made.

The build manifest (build/manifest.py) records, per council, the sha256 of every file its
documents were made from, of each format's templates and of each output, and which uppdrag made
them. When all of that still holds, rendering the council again would give those very bytes, so
`render SLUG` copies them (or, rendering into out/ itself, finds them there): no YAML, pydantic
or Jinja2 is imported. Anything short of that — another uppdrag, an edited input or output, a
format whose build output is not the format's own (the register's pages), a file reached through
a symbolic link or that is no regular file, an output no build on this machine made (one that
came with a checkout or a pull request: build/made.py) — and the council is rendered as usual.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag.build.manifest import NAME, SLUG, bytes_hash, engine_version, file_hash, read_entries

if TYPE_CHECKING:
    from uppdrag.build.manifest import Entry
    from uppdrag.source.project import Project

MAX_OUTPUT = 256_000_000  # bytes of one output copied (a PDF with large pictures)


def fresh_outputs(project: Project, slugs: list[str], formats: list[str]) -> dict[str, list[bytes]] | None:
    """Each council's outputs in `formats` (in that order) as the project's out/ holds them,
    when every one of them is fresh; None as soon as one is not."""
    from uppdrag.render.formats import get

    if not all(get(fmt).output_file("s") == f"s.{get(fmt).suffix}" for fmt in formats):
        return None  # built as another file than render writes (html: the register's page)
    root = os.path.realpath(project.root)
    out = f"{root}/out"  # strings, compared with realpath: a link anywhere on the way shows
    if os.path.realpath(out) != out or not all(SLUG.fullmatch(slug) for slug in slugs):
        return None
    version, entries = read_entries(project.root / "out" / NAME, slugs)
    if len(entries) != len(slugs) or version != engine_version():  # the code hash only when needed
        return None
    from uppdrag.build.made import made_here
    from uppdrag.build.manifest import templates_hash

    templates = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    made = made_here(Path(out))  # not the manifest's word alone: it may come with a pull request
    found = {}
    for slug in slugs:
        outputs = _fresh(entries[slug], root, out, formats, templates, made)
        if outputs is None:
            return None
        found[slug] = outputs
    return found


def _fresh(
    entry: Entry, root: str, out: str, formats: list[str], templates: dict[str, str], made: dict[str, str]
) -> list[bytes] | None:
    """The council's outputs, when its inputs, templates and outputs are as the manifest says and
    a build here made those outputs (`made`: see build/made.py)."""
    for name, digest in entry.inputs.items():
        path = f"{root}/{name}"
        if os.path.realpath(path) != path or file_hash(Path(path)) != digest:
            return None
    outputs = []
    for fmt in formats:
        output = entry.outputs.get(fmt)
        if output is None or entry.templates.get(fmt) != templates[fmt]:
            return None
        if made.get(output["file"]) != output["sha256"]:
            return None
        content = _regular(f"{out}/{output['file']}")
        if content is None or bytes_hash(content) != output["sha256"]:
            return None
        outputs.append(content)
    return outputs


def _regular(path: str) -> bytes | None:
    """The bytes of a regular file reached through no symbolic link (None otherwise)."""
    if os.path.realpath(path) != path:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_OUTPUT:
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)
