"""The council listing (one `scandir` of councils/) finds what `Path.glob("*.yaml")`,
`is_file` and `suffix` found before, for any file names: the same slugs, the same problems."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from uppdrag.errors import DataError, Mark
from uppdrag.i18n import _
from uppdrag.source.project import Project

NAMES = st.text(alphabet="aAyYmMlL._-å", min_size=1, max_size=9).filter(lambda n: n not in (".", ".."))


def _reference(project: Project) -> tuple[list[str], list[str]]:
    """The listing and its problems as pathlib made them (the code before the scandir)."""
    folder = project.councils_dir
    stems = sorted(p.stem for p in folder.glob("*.yaml") if p.is_file())
    problems = [
        DataError(_("file name: a folder, not a council file"), Mark(path, 1, 1))
        if path.is_dir()
        else DataError(
            _("file name: a special file (FIFO, device or socket), not a council file"), Mark(path, 1, 1)
        )
        for path in sorted(folder.glob("*.yaml"))
        if not path.is_file() and path.exists()
    ]
    problems += [
        DataError(
            _("file name: council files end in .yaml, in lower case; this one is not read"), Mark(path, 1, 1)
        )
        for path in sorted(folder.iterdir())
        if path.suffix.lower() in (".yaml", ".yml") and path.suffix != ".yaml"
    ]
    return stems, [str(d) for p in problems for d in p.diagnostics]


def _listed(project: Project) -> tuple[list[str], list[str]]:
    """The same from the project, without the problems of names as such (not changed here)."""
    kinds = {
        _("file name: a folder, not a council file"),
        _("file name: a special file (FIFO, device or socket), not a council file"),
        _("file name: council files end in .yaml, in lower case; this one is not read"),
    }
    found = [d for p in project.name_problems() for d in p.diagnostics if d.message in kinds]
    return project._stems(), [str(d) for d in found]


@settings(max_examples=60, deadline=None)
@given(files=st.lists(NAMES, max_size=12, unique=True), folders=st.lists(NAMES, max_size=3, unique=True))
def test_the_listing_finds_what_pathlib_found(files: list[str], folders: list[str]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        councils = root / "councils"
        councils.mkdir()
        for name in folders:
            (councils / name).mkdir(exist_ok=True)
        for name in files:
            if not (councils / name).exists():
                (councils / name).write_text("name: x\n", encoding="utf-8")
        os.mkfifo(councils / "fifo.yaml")
        (councils / "dangling.yaml").symlink_to(root / "nowhere")
        (councils / "linked.yaml").symlink_to(councils / "fifo.yaml")
        project = Project(root)
        assert _listed(project) == _reference(project)
