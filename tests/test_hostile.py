"""Hostile input, table-driven (beyond tests/test_bad_input.py): YAML tricks, invisible and
confusable characters, paths and links that lead out, template bombs and escapes, a hostile out/.
Each row: the exit code, a message naming file (and line), no traceback, and nothing written or
lost: out/ as it was, no temporary file, no file outside out/ touched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.english import english_in
from tests.helpers import Invoke, change, edit, error_lines, git, raw

if TYPE_CHECKING:
    from collections.abc import Callable

COUNCIL = "councils/urologi.yaml"
BASE = "councils/bases/samordningsrad/2026.yaml"
LAYOUT = "templates/md/vgr-2026.md.j2"
HEAD = 'name: urologi\nbase: samordningsrad\nrevision: "2026"\n'
MANIFEST = "out/.uppdrag-manifest.json"


def council(body: str) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / COUNCIL).write_text(HEAD + body, encoding="utf-8")

    return write


def text(value: str) -> Callable[[Path], None]:
    """urologi's uppdragsgivare (line 4) set to `value`, written as a YAML double-quoted string."""
    return council(f"uppdragsgivare: {json.dumps(value)}\n")


def link(url: str) -> Callable[[Path], None]:
    """A link to `url` in urologi's kommunikation/rutin (line 8)."""
    return council(
        "sections:\n  - id: kommunikation\n    blocks:\n      - id: rutin\n"
        f"        text: [{{link: a, url: {json.dumps(url)}}}]\n"
    )


def template(source: str) -> Callable[[Path], None]:
    """urologi's uppdragsgivare (line 4) as a `!template` text."""
    return council(f"uppdragsgivare: !template {json.dumps(source)}\n")


def layout_line(line: str) -> Callable[[Path], None]:
    """A line put into the Markdown layout as its line 3."""

    def damage(root: Path) -> None:
        path = root / LAYOUT
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join([*lines[:2], line + "\n", *lines[2:]]), encoding="utf-8")

    return damage


def symlink(path: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        (root / path).unlink(missing_ok=True)
        (root / path).symlink_to(target(root))

    return damage


def outside(root: Path) -> Path:
    """A valid council file outside the project."""
    elsewhere = root.parent / "elsewhere.yaml"
    elsewhere.write_text(HEAD, encoding="utf-8")
    return elsewhere


def manifest(edit_data: Callable[[dict[str, object]], None]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        path = root / MANIFEST
        data = json.loads(path.read_text(encoding="utf-8"))
        edit_data(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return damage


def _remove_urologi_pointing_out(data: dict[str, object]) -> None:
    councils = data["councils"]
    assert isinstance(councils, dict)
    entry = councils["urologi"]
    entry["outputs"]["md"]["file"] = "../councils/bases/vgr.yaml"
    councils["gone"] = entry  # a council that no longer exists, whose "output" is a base file


def git_repository(root: Path) -> None:
    import subprocess

    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@dataclass(frozen=True)
class Case:
    name: str
    damage: Callable[[Path], None]
    file: str | None  # the file the message must name (None: no message expected)
    line: int | None  # its line, or None when any line will do
    says: str  # words the message must contain
    code: int = 1
    args: tuple[str, ...] = ("build",)


CASES = [
    # YAML's own tricks
    Case("merge key", council("beslut:\n  <<: {namn: X}\n"), COUNCIL, 5, "<<"),
    Case("complex key", council("? [a, b]\n: x\n"), COUNCIL, 4, "keys must be plain text"),
    Case("multi-document", council("---\nname: x\n"), COUNCIL, 4, "single document"),
    Case("empty file", raw(COUNCIL, b""), COUNCIL, 1, "missing"),
    Case("comment-only file", raw(COUNCIL, b"# nothing here\n# at all\n"), COUNCIL, 1, "missing"),
    Case("top-level list", raw(COUNCIL, b"- name: urologi\n"), COUNCIL, 1, "mapping"),
    Case("top-level text", raw(COUNCIL, b"urologi\n"), COUNCIL, 1, "mapping"),
    Case(
        "CRLF keeps lines",
        raw(COUNCIL, (HEAD + "titel: X\n").replace("\n", "\r\n").encode()),
        COUNCIL,
        4,
        "titel",
    ),
    Case("UTF-16 with BOM", raw(COUNCIL, HEAD.encode("utf-16")), COUNCIL, 1, "not UTF-8"),
    Case("UTF-16 without BOM", raw(COUNCIL, HEAD.encode("utf-16-le")), COUNCIL, None, "U+0000"),
    Case("raw NUL byte", raw(COUNCIL, (HEAD + "uppdragsgivare: a\0b\n").encode()), COUNCIL, 4, "U+0000"),
    Case("binary tag", council("uppdragsgivare: !!binary aGVq\n"), COUNCIL, 4, "not allowed"),
    Case("int tag", council("uppdragsgivare: !!int 5\n"), COUNCIL, 4, "not allowed"),
    Case("tagged key", council("!template title: x\n"), COUNCIL, 4, "keys must be plain text"),
    # invisible, confusable and duplicate
    Case("RTL override", text("Karin \u202eLooström"), COUNCIL, 4, "U+202E"),
    Case("bidi isolate", text("Karin \u2066Looström\u2069"), COUNCIL, 4, "U+2066"),
    Case(
        "zero-width space in id",
        council("sections:\n  - id: syf\u200bte\n    heading: X\n"),
        COUNCIL,
        5,
        "zero-width space",
    ),
    Case(
        "Cyrillic a in id",
        council("sections:\n  - id: syfte\n    heading: X\n  - id: \u0430ny\n    heading: Y\n    at: end\n"),
        COUNCIL,
        None,
        "sections",
    ),
    Case(
        "duplicate ids in one list",
        change(
            "councils/bases/samordningsrad/2024.yaml",
            "  - id: koordinator\n    text: Koordinator samordningsråd\n",
            "  - id: ordforande\n    text: Koordinator samordningsråd\n",
        ),
        "councils/bases/samordningsrad/2024.yaml",
        220,
        "duplicate id 'ordforande' (first on line 218)",
    ),
    # where files lead
    Case(
        "self-extension",
        change("councils/bases/vgr.yaml", "\n", "\nextends: vgr\n"),
        "councils/bases/vgr.yaml",
        None,
        "cycle",
    ),
    Case(
        "extends outside councils/",
        change(BASE, "extends: samordningsrad/2024", "extends: ../../../etc/passwd"),
        BASE,
        None,
        "not a base name",
    ),
    Case(
        "base outside councils/",
        change(COUNCIL, "base: samordningsrad", "base: ../../x"),
        COUNCIL,
        4,
        "not a base name",
    ),
    Case(
        "absolute base", change(COUNCIL, "base: samordningsrad", "base: /etc"), COUNCIL, 4, "not a base name"
    ),
    Case(
        "council file is a folder",
        lambda root: (root / "councils/mapp.yaml").mkdir(),
        "councils/mapp.yaml",
        1,
        "a folder",
    ),
    Case(
        "council symlinked out of the project",
        symlink("councils/extern.yaml", outside),
        "councils/extern.yaml",
        1,
        "out of the project",
    ),
    Case(
        "base symlinked out of the project",
        symlink("councils/bases/vgr.yaml", outside),
        "councils/bases/vgr.yaml",
        1,
        "out of the project",
    ),
    # template bombs in data
    Case("range bomb", template("{% for i in range(10**9) %}x{% endfor %}"), COUNCIL, 4, "too large"),
    Case("string bomb", template("{{ 'x' * 10**9 }}"), COUNCIL, 4, "at most"),
    Case("list bomb", template("{{ [1] * 10**8 }}"), COUNCIL, 4, "at most"),
    Case("power bomb", template("{{ 9 ** 9999999 }}"), COUNCIL, 4, "too large"),
    Case("format width bomb", template("{{ '%999999999s' % 'x' }}"), COUNCIL, 4, "format width"),
    Case("str.format width bomb", template("{{ '{:>999999999}'.format(1) }}"), COUNCIL, 4, "format width"),
    Case("center bomb", template("{{ 'x' | center(999999999) }}"), COUNCIL, 4, "too large"),
    Case(
        "replace bomb",
        template("{{ (council.name * 100000) | replace('', 'yyyyyyyyyy') }}"),
        COUNCIL,
        4,
        "replace",
    ),
    Case(
        "budget bomb",
        template("{% for i in range(100) %}{{ ('x' * 900000) | length }}{% endfor %}"),
        COUNCIL,
        4,
        "more than",
    ),
    Case(
        "macro recursion",
        template("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
        COUNCIL,
        4,
        "recursion",
    ),
    Case("data escape via mro", template("{{ council.__class__.__mro__ }}"), COUNCIL, 4, "unsafe"),
    Case("data escape via globals", template("{{ range.__globals__ }}"), COUNCIL, 4, "unsafe"),
    # layout templates
    Case(
        "layout runs code",
        layout_line('{{ cycler.__init__.__globals__.os.system("id > pwned") }}'),
        LAYOUT,
        3,
        "unsafe",
    ),
    Case("layout reaches a class", layout_line("{{ charter.__class__.__mro__ }}"), LAYOUT, 3, "unsafe"),
    Case("layout changes a list", layout_line("{{ charter.sections.append(1) }}"), LAYOUT, 3, "unsafe"),
    Case("layout includes itself", layout_line('{% include "vgr-2026.md.j2" %}'), LAYOUT, None, "recursion"),
    Case(
        "layout includes ../",
        layout_line('{% include "../../councils/urologi.yaml" %}'),
        LAYOUT,
        3,
        "not found",
    ),
    Case(
        "layout includes a link out",
        symlink("templates/md/_charter.md.j2", outside),
        LAYOUT,
        None,
        "leads outside",
    ),
    Case("layout range bomb", layout_line("{% for i in range(10**9) %}{% endfor %}"), LAYOUT, 3, "too large"),
    Case(
        "layout output bomb",
        layout_line("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}"),
        LAYOUT,
        3,
        "more than",
    ),
    Case("huge layout", layout_line("{# " + "x" * 1_100_000 + " #}"), LAYOUT, None, "larger than"),
    Case(
        "huge base",
        raw("councils/bases/vgr.yaml", b"# " + b"x" * 1_100_000 + b"\n"),
        "councils/bases/vgr.yaml",
        1,
        "larger than",
    ),
    Case(
        "deep base",
        change("councils/bases/vgr.yaml", "\n", "\nx: " + "[" * 60 + "]" * 60 + "\n"),
        "councils/bases/vgr.yaml",
        None,
        "nesting deeper",
    ),
    # links and markup that must stay text
    Case(
        "file: link",
        link("file:///etc/passwd"),
        COUNCIL,
        8,
        "url",
    ),
    Case(
        "JaVaScRiPt: link",
        link("JaVaScRiPt:alert(1)"),
        COUNCIL,
        8,
        "url",
    ),
    Case(
        "data: link",
        link("data:text/html,<script>alert(1)</script>"),
        COUNCIL,
        8,
        "url",
    ),
    Case(
        "link with a space",
        link("https://x.se javascript:alert(1)"),
        COUNCIL,
        8,
        "url",
    ),
    # the command line
    Case("--jobs 0", lambda root: None, None, None, "", code=2, args=("build", "--jobs", "0")),
    Case("--jobs -3", lambda root: None, None, None, "", code=2, args=("build", "-j", "-3")),
    Case(
        "diff --git option as ref",
        git_repository,
        None,
        None,
        "no revision",
        code=2,
        args=("diff", "--git", "--output=pwned"),
    ),
    Case(
        "diff -o over a council",
        lambda root: None,
        None,
        None,
        "holds the sources",
        code=2,
        args=("diff", "2024", "2026", "-f", "md", "-o", COUNCIL),
    ),
    Case(
        "diff -o over a template",
        lambda root: None,
        None,
        None,
        "holds the sources",
        code=2,
        args=("diff", "2024", "2026", "-f", "html", "-o", LAYOUT),
    ),
    Case(
        "render --out templates/",
        lambda root: None,
        None,
        None,
        "holds the sources",
        code=2,
        args=("render", "urologi", "--out", "templates/md"),
    ),
    Case(
        "build --out councils/bases",
        lambda root: None,
        None,
        None,
        "holds the sources",
        code=2,
        args=("build", "--out", "councils/bases"),
    ),
]


def tree(root: Path) -> dict[str, str]:
    """Every file of the project (out/'s manifest aside: it may record what did build)."""
    files = [
        p
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != ".uppdrag-manifest.json"
    ]
    return {p.relative_to(root).as_posix(): _digest(p) for p in files}


def _digest(path: Path) -> str:
    """A file's sha256 (a huge sparse file by its size: it is only ever made, never changed)."""
    size = path.stat().st_size
    return f"size {size}" if size > 50_000_000 else hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(project: Path, uppdrag: Invoke, case: Case) -> None:
    assert uppdrag("build").exit_code == 0
    case.damage(project)
    before = tree(project)
    result = uppdrag(*case.args)
    assert result.exit_code == case.code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    errors = error_lines(result.stderr)
    if case.file is not None:
        named = [line for line in errors if line.startswith(case.file + ":")]
        assert named, f"no error names {case.file}: {errors}"
        assert len(named[0].splitlines()) == 1 and case.says in named[0], named[0]
        if case.line is not None:
            assert int(named[0].split(":")[1]) == case.line, named[0]
    else:
        assert errors and case.says in errors[-1], errors
    assert tree(project) == before  # nothing written, nothing lost
    assert not list(project.rglob("*.uppdrag-tmp")) and not (project / "pwned").exists()
    json.loads((project / MANIFEST).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_in_swedish(
    project: Path, uppdrag: Invoke, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No English inside Swedish (issue 23): each refusal's message under UPPDRAG_LANG=sv."""
    monkeypatch.setenv("UPPDRAG_LANG", "sv")
    case.damage(project)
    result = uppdrag(*case.args)
    assert "Traceback" not in result.stderr
    assert english_in(result.stderr) == [], result.stderr


# out/ and the manifest: the rows where out/ itself is what is hostile


def test_a_corrupt_manifest_rebuilds_everything_and_deletes_nothing(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    documents = tree(project / "out")
    for damage in (
        b'{"uppdrag": "0.1", "councils": {"uro',
        b"[]",
        b"\0\0\0",
        b'{"uppdrag": 1, "councils": {"x": []}}',
    ):
        (project / MANIFEST).write_bytes(damage)
        result = uppdrag("build")
        assert result.exit_code == 0 and "Traceback" not in result.stderr, result.stderr
        assert tree(project / "out") == documents


def test_a_hand_edited_manifest_cannot_delete_outside_out(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    manifest(_remove_urologi_pointing_out)(project)
    before = tree(project)
    result = uppdrag("build")
    assert result.exit_code == 0, result.stderr
    assert (project / "councils/bases/vgr.yaml").is_file()
    assert {k: v for k, v in tree(project).items() if not k.startswith("out/")} == {
        k: v for k, v in before.items() if not k.startswith("out/")
    }


def test_a_users_own_files_in_out_survive_every_build(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    (project / "out/notes.txt").write_text("mine", encoding="utf-8")
    (project / "out/extra.md").write_text("mine too", encoding="utf-8")
    (project / "out/README.md").write_text("# My own README\n", encoding="utf-8")
    result = uppdrag("build", "--force")
    assert result.exit_code == 1
    assert result.stderr.startswith("out/README.md:1:1: not written by uppdrag"), result.stderr
    assert (project / "out/README.md").read_text(encoding="utf-8") == "# My own README\n"
    assert (project / "out/notes.txt").read_text(encoding="utf-8") == "mine"
    assert (project / "out/extra.md").read_text(encoding="utf-8") == "mine too"
    (project / "out/README.md").unlink()
    assert uppdrag("build").exit_code == 0 and (project / "out/README.md").is_file()


def test_an_edited_output_of_a_removed_council_is_kept(project: Path, uppdrag: Invoke) -> None:
    assert uppdrag("build").exit_code == 0
    (project / "out/urologi.md").write_text("my notes on urologi", encoding="utf-8")
    (project / COUNCIL).unlink()
    result = uppdrag("build")
    assert result.exit_code == 0, result.stderr
    assert "kept out/urologi.md" in result.stdout
    assert (project / "out/urologi.md").read_text(encoding="utf-8") == "my notes on urologi"
    assert not (project / "out/urologi.docx").exists()  # as uppdrag wrote it: removed


def test_out_being_a_file(project: Path, uppdrag: Invoke) -> None:
    (project / "out").write_text("not a folder", encoding="utf-8")
    for args in (("build",), ("render", "urologi")):
        result = uppdrag(*args)
        assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
        assert "out" in result.stderr.splitlines()[0]
        assert (project / "out").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize("errno_name", ["EACCES", "ENOSPC", "EROFS"])
def test_an_unwritable_out_is_one_line_per_file(
    project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch, errno_name: str
) -> None:
    """Read-only or full (simulated: as root, permissions do not stop a write; the real full disk
    is test_a_full_disk below): each council fails on one line, old files intact, no temp file."""
    import errno
    import tempfile

    assert uppdrag("build").exit_code == 0
    edit(project / "councils/bases/vgr.yaml", "Regionens Hus", "Regionens hus")
    before = tree(project / "out")
    real = tempfile.mkstemp

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        number = getattr(errno, errno_name)
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = uppdrag("build")
    monkeypatch.setattr(tempfile, "mkstemp", real)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("cannot write out/") for line in lines), lines
    assert os.strerror(getattr(errno, errno_name)) in lines[0]
    assert tree(project / "out") == before
    assert uppdrag("build").exit_code == 0  # and the next build finishes the job


def test_an_unreadable_council_file(project: Path, uppdrag: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated (root reads any file): reading urologi.yaml fails with EACCES."""
    import errno

    assert uppdrag("build").exit_code == 0
    before = tree(project / "out")
    real = os.open

    def refuse(path: str | Path, *args: int, **kwargs: int) -> int:
        if Path(path).name == "urologi.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    result = uppdrag("build", "--force")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{COUNCIL}:1:1: cannot read file: Permission denied"), result.stderr
    assert tree(project / "out") == before


@pytest.mark.skipif(
    os.geteuid() != 0 if hasattr(os, "geteuid") else True, reason="mounting a tmpfs needs root"
)
def test_a_full_disk(project: Path, uppdrag: Invoke) -> None:
    """out/ on a real 256 KiB tmpfs, filled to the last byte: the rebuild fails file by file with
    ENOSPC, every old document stays whole, no temporary file stays behind."""
    import subprocess

    out = project / "out"
    out.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(out)], check=False).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        assert uppdrag("build").exit_code == 0
        edit(project / "councils/bases/vgr.yaml", "Regionens Hus", "Regionens hus")
        before = tree(out)
        fd = os.open(out / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 512):
                pass
        except OSError:
            pass  # the disk is full
        finally:
            os.close(fd)
        result = uppdrag("build")
        assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
        assert "No space left on device" in result.stderr.splitlines()[0], result.stderr
        assert {k: v for k, v in tree(out).items() if k != "filler"} == before
        assert not list(out.glob("*.uppdrag-tmp"))
        (out / "filler").unlink()
        assert uppdrag("build").exit_code == 0
    finally:
        subprocess.run(["umount", "-l", str(out)], check=False)


def test_xml_and_markup_in_text_stay_text(project: Path, uppdrag: Invoke) -> None:
    import docx

    hostile = "</w:t></w:r><w:p/>]]>&amp;&#0;<![CDATA[x]]> <script>alert(1)</script>"
    text(hostile)(project)
    assert uppdrag("render", "urologi").exit_code == 0
    assert hostile in "\n".join(p.text for p in docx.Document(str(project / "out/urologi.docx")).paragraphs)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_script_in_text_is_escaped_in_the_html_diff(project: Path, uppdrag: Invoke) -> None:
    """Both HTML diffs, of two revisions and against a published version (a repository with the
    tags v1, as shipped, and v2, with the script in the 2026 base's text)."""
    git(project, "init", "-q")
    commit = ("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam")
    git(project, "add", "-A")
    git(project, *commit, "v1")
    git(project, "tag", "v1")
    edit(project / BASE, "Verka för spridning", "<script>alert(1)</script> Verka för spridning")
    git(project, *commit, "v2")
    git(project, "tag", "v2")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for command in (("2024", "2026", "-c", "urologi"), ("--git", "v1")):
        result = uppdrag("diff", *command, "-f", "html")
        assert result.exit_code == 0, result.stderr
        assert "<script>" not in result.stdout and escaped in result.stdout, command


def test_script_in_text_is_escaped_in_every_html_output(project: Path, uppdrag: Invoke) -> None:
    text("<script>alert(1)</script> & <img src=x onerror=alert(2)>")(project)
    assert uppdrag("render", "urologi", "-f", "html").exit_code == 0
    assert uppdrag("build", "-f", "md,docx,html").exit_code == 0
    pages = [project / "out/urologi.html", *sorted((project / "out/html").rglob("*.html"))]
    assert len(pages) > 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0].read_text(encoding="utf-8")


# A pull request against the councils' repository (issue 21): each row an attack with files
# outside the project as canaries. The row's exit code, one line saying what was refused, the
# canaries untouched, and the project as it was (out/ aside where a broken state file is rebuilt).

SECRET = "ghp_CANARY_5f1e"


def canaries(root: Path) -> dict[str, str]:
    """Every file beside the project (the canaries), by hash."""
    return {
        p.relative_to(root.parent).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.parent.rglob("*"))
        if p.is_file() and not p.is_symlink() and not p.is_relative_to(root)
    }


def plant(root: Path) -> None:
    """The canaries: a file beside the project, an SVG and a Word template in a folder outside."""
    (root.parent / "victim.txt").write_text("victim\n", encoding="utf-8")
    (root.parent / "outside").mkdir(exist_ok=True)
    (root.parent / "outside/secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><title>{SECRET}</title></svg>', encoding="utf-8"
    )
    (root.parent / "outside/t.docx").write_bytes(b"PK\x03\x04" + SECRET.encode())


def site_state(edit_files: Callable[[dict[str, str], Path], None]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        path = root / "out/html/.uppdrag-site.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        edit_files(data["councils"]["urologi"]["files"], root)
        path.write_text(json.dumps(data), encoding="utf-8")

    return damage


def linked_folder_entry(root: Path) -> None:
    """out/link → ../councils, and a manifest entry of a removed council `vgr` whose output is
    link/bases/vgr.yaml with that file's right hash."""
    (root / "out/link").symlink_to("../councils")
    path = root / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    entry = json.loads(json.dumps(data["councils"]["urologi"]))
    digest = hashlib.sha256((root / "councils/bases/vgr.yaml").read_bytes()).hexdigest()
    entry["outputs"] = {"md": {"file": "link/bases/vgr.yaml", "sha256": digest}}
    data["councils"]["vgr"] = entry
    path.write_text(json.dumps(data), encoding="utf-8")


def deep(path: str) -> Callable[[Path], None]:
    return raw(path, b"[" * 200_000 + b"]" * 200_000)


def replaced(path: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        (root / path).unlink(missing_ok=True)
        make(root / path)

    return damage


def out_linked_to(target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        import shutil

        shutil.rmtree(root / "out")
        (root / "out").symlink_to(target(root))

    return damage


def logo(
    svg: str | None = None, image: str = "councils/bases/logotyp-platshallare.png"
) -> Callable[[Path], None]:
    """urologi's logo (line 4) naming `image` and `svg`."""
    extra = f", svg: {svg}" if svg else ""
    return council(f"logo: {{image: {image}{extra}, alt: x}}\n")


def file(
    path: str, data: bytes | Callable[[], bytes], then: Callable[[Path], None]
) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        (root / path).write_bytes(data() if callable(data) else data)
        then(root)

    return damage


def png(width: int, height: int) -> bytes:
    import struct

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + b"\0" * 4


def inflating_docx(part: str = "word/styles.xml", size: int = 25_000_000) -> bytes:
    """A Word file whose `part` inflates to `size` bytes from a few KB."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, b"<w:x>" + b" " * size + b"</w:x>")
    return buffer.getvalue()


def sparse(path: str, size: int) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        with (root / path).open("wb") as handle:
            handle.truncate(size)

    return damage


def both(*damages: Callable[[Path], object]) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        for step in damages:
            step(root)

    return damage


HTML = ("build", "-f", "md,docx,html")
DOCX = ("render", "urologi", "-f", "docx")
# Without the register: a plain `build` makes the formats out/ holds (HTML too after HTML), and the
# register's history pages then show a base that cannot be read as an error on the page
MD_DOCX = ("build", "-f", "md,docx")
SVG_OK = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'


@dataclass(frozen=True)
class Attack:
    name: str
    damage: Callable[[Path], object]
    says: str  # words of the one line that says what was refused (a warning for a state file)
    code: int = 1
    args: tuple[str, ...] = HTML
    rebuilds_out: bool = False  # a broken state file is discarded and out/ made again


ATTACKS = [
    # 1. build deletes any file
    Attack(
        "site state deletes a file beside the project",
        site_state(lambda files, root: files.update({"../../../victim.txt": ""})),
        "discarded",
        code=0,
        rebuilds_out=True,
    ),
    Attack(
        "site state deletes by absolute path",
        site_state(lambda files, root: files.update({str(root.parent / "victim.txt"): ""})),
        "discarded",
        code=0,
        rebuilds_out=True,
    ),
    Attack(
        "site state deletes a base",
        site_state(lambda files, root: files.update({"../../councils/bases/vgr.yaml": ""})),
        "discarded",
        code=0,
        rebuilds_out=True,
    ),
    Attack("manifest entry through a linked folder", linked_folder_entry, "", code=0, rebuilds_out=True),
    Attack("deep manifest", deep(MANIFEST), "discarded", code=0, rebuilds_out=True),
    Attack("deep site state", deep("out/html/.uppdrag-site.json"), "discarded", code=0, rebuilds_out=True),
    Attack(
        "manifest is /dev/zero",
        replaced(MANIFEST, lambda p: p.symlink_to("/dev/zero")),
        "discarded",
        code=0,
        rebuilds_out=True,
    ),
    Attack(
        "manifest is a FIFO",
        replaced(MANIFEST, lambda p: os.mkfifo(p)),
        "discarded",
        code=0,
        rebuilds_out=True,
    ),
    # 6. writes outside out/
    Attack(
        "out/html linked to templates/html",
        both(
            lambda root: __import__("shutil").rmtree(root / "out/html"),
            lambda root: (root / "out/html").symlink_to("../templates/html"),
        ),
        "symbolic link",
    ),
    Attack(
        "out linked outside", out_linked_to(lambda root: root.parent / "outside"), "symbolic link", code=2
    ),
    Attack("out linked to the project", out_linked_to(lambda root: Path()), "symbolic link", code=2),
    # 2. secrets into the documents
    Attack(
        "logo.svg links /proc/self/environ",
        both(
            symlink("councils/bases/logo.svg", lambda root: Path("/proc/self/environ")),
            logo("councils/bases/logo.svg"),
        ),
        "out of the project",
        args=DOCX,
    ),
    Attack(
        "diff --git redline with logo.svg linking /proc/self/environ",
        both(
            symlink("councils/bases/logo.svg", lambda root: Path("/proc/self/environ")),
            logo("councils/bases/logo.svg"),
            git_repository,
        ),
        "out of the project",
        code=2,
        args=("diff", "--git", "HEAD", "urologi", "-f", "docx", "-o", "red.docx"),
    ),
    Attack("logo.svg outside the project", logo("../outside/secret.svg"), "out of the project", args=DOCX),
    Attack("logo.image outside the project", logo(image="../x.png"), "out of the project", args=DOCX),
    Attack(
        "template outside the project",
        council("template: ../outside/t.docx\n"),
        "out of the project",
        args=DOCX,
    ),
    Attack(
        "logo.svg is a FIFO",
        both(lambda root: os.mkfifo(root / "councils/bases/f.svg"), logo("councils/bases/f.svg")),
        "special file",
        args=DOCX,
    ),
    Attack(
        "SVG with an external entity",
        file(
            "councils/bases/e.svg",
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + SVG_OK.format("<text>&x;</text>").encode(),
            logo("councils/bases/e.svg"),
        ),
        "DTD",
        args=DOCX,
    ),
    Attack(
        "SVG with a billion laughs",
        file(
            "councils/bases/e.svg",
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + SVG_OK.format("<text>&b;</text>").encode(),
            logo("councils/bases/e.svg"),
        ),
        "DTD",
        args=DOCX,
    ),
    Attack(
        "SVG referring to a file",
        file(
            "councils/bases/e.svg",
            SVG_OK.format('<image xlink:href="file:///etc/passwd"/>').encode(),
            logo("councils/bases/e.svg"),
        ),
        "another file",
        args=DOCX,
    ),
    Attack(
        "SVG with a script",
        file(
            "councils/bases/e.svg",
            SVG_OK.format("<script>alert(1)</script>").encode(),
            logo("councils/bases/e.svg"),
        ),
        "<script>",
        args=DOCX,
    ),
    Attack(
        "SVG with an event handler",
        file(
            "councils/bases/e.svg",
            SVG_OK.format('<rect onload="alert(1)"/>').encode(),
            logo("councils/bases/e.svg"),
        ),
        "event handler",
        args=DOCX,
    ),
    Attack(
        "SVG that is the environment's text",
        file("councils/bases/e.svg", b"PATH=/bin\0HOME=/root\0", logo("councils/bases/e.svg")),
        "not an SVG",
        args=DOCX,
    ),
    # 5. cost far beyond the input
    Attack(
        "PNG claiming 4294967295 pixels",
        file("councils/bases/big.png", png(4294967295, 1), logo(image="councils/bases/big.png")),
        "at most 10000 pixels",
        args=DOCX,
    ),
    Attack(
        "sparse 1.5 GB PNG",
        both(sparse("councils/bases/big.png", 1_500_000_000), logo(image="councils/bases/big.png")),
        "too large",
        args=DOCX,
    ),
    Attack(
        "template inflating 25 MB",
        file("councils/bases/bomb.docx", inflating_docx, council("template: councils/bases/bomb.docx\n")),
        "inflates",
        args=DOCX,
    ),
    Attack(
        "base is a FIFO",
        replaced("councils/bases/vgr.yaml", lambda p: os.mkfifo(p)),
        "special file",
        args=MD_DOCX,
    ),
    Attack(
        "council file is a FIFO",
        lambda root: os.mkfifo(root / "councils/fifo.yaml"),
        "special file",
        args=MD_DOCX,
    ),
    Attack(
        "import a FIFO",
        lambda root: os.mkfifo(root / "doc.md"),
        "special file",
        args=("import", "doc.md", "--slug", "hud"),
    ),
    Attack(
        "import a DOCX whose document.xml inflates 30 MB",
        lambda root: (root / "doc.docx").write_bytes(inflating_docx("word/document.xml", 30_000_000)),
        "unpacks to",
        args=("import", "doc.docx", "--slug", "hud"),
    ),
    Attack(
        "import over a council file linking out of the project",
        both(
            lambda root: (root / "doc.md").write_bytes((root / "out/urologi.md").read_bytes()),
            symlink("councils/hud.yaml", lambda root: root.parent / "outside/secret.svg"),
        ),
        "out of the project",
        args=("import", "doc.md", "--slug", "hud"),
    ),
    Attack(
        "import /dev/zero",
        lambda root: (root / "doc.md").symlink_to("/dev/zero"),
        "special file",
        args=("import", "doc.md", "--slug", "hud"),
    ),
]


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_pull_request_attack(
    project: Path, uppdrag: Invoke, attack: Attack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_SECRET_TOKEN", SECRET)
    assert uppdrag(*HTML).exit_code == 0
    plant(project)
    attack.damage(project)
    outside, before = canaries(project), tree(project)
    result = uppdrag(*attack.args)
    assert result.exit_code == attack.code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert SECRET not in result.stderr + result.stdout  # nothing outside is read, nor shown
    lines = [line for line in result.stderr.splitlines() if attack.says in line]
    if attack.says:
        assert len(lines) == 1, result.stderr
    assert canaries(project) == outside
    after = tree(project)
    if attack.rebuilds_out:
        before = {k: v for k, v in before.items() if not k.startswith("out/")}
        after = {k: v for k, v in after.items() if not k.startswith("out/")}
    assert after == before
    for path in project.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= 50_000_000:
            assert SECRET.encode() not in path.read_bytes(), path


def tagged(*tags: str) -> Callable[[Path], None]:
    def damage(root: Path) -> None:
        import subprocess

        git_repository(root)
        for tag in tags:
            subprocess.run(["git", "-C", str(root), "tag", tag], check=True, capture_output=True)

    return damage


def zip_without_styles(root: Path) -> None:
    import zipfile

    with zipfile.ZipFile(root / "councils/bases/mall.docx", "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")


NAMES = [
    # 7. names
    Attack(
        "council file name with a newline",
        lambda root: (root / "councils/evil\n.yaml").write_text(HEAD, encoding="utf-8"),
        "'evil\\n' is not a council name",
    ),
    Attack(
        "import --slug with a newline",
        lambda root: (root / "doc.md").write_text("# Hud\n\nText.\n", encoding="utf-8"),
        "is not a council name",
        code=2,
        args=("import", "doc.md", "--slug", "hud\n"),
    ),
    Attack(
        "council file ending in .YAML",
        lambda root: (root / "councils/hud.YAML").write_text(HEAD, encoding="utf-8"),
        "in lower case",
        args=("build",),
    ),
    Attack(
        "git tags differing only in case",
        tagged("v1.0", "V1.0"),
        "V1.0 and v1.0 differ only in case",
        code=2,
        args=("build", "-f", "md,docx,html", "--git"),
    ),
    Attack(
        "lone surrogate",
        council('uppdragsgivare: "Karin \\ud800 Muth"\n'),
        "\\ud800 is a lone surrogate",
        args=("validate", "urologi"),
    ),
    Attack(
        "Word template without styles",
        both(zip_without_styles, council("template: councils/bases/mall.docx\n")),
        f"{COUNCIL}:4:11: template: cannot read the Word template mall.docx",
        args=DOCX,
    ),
]


@pytest.mark.parametrize("attack", NAMES, ids=[a.name for a in NAMES])
def test_hostile_name(project: Path, uppdrag: Invoke, attack: Attack) -> None:
    assert uppdrag(*HTML).exit_code == 0
    plant(project)
    attack.damage(project)
    outside, before = canaries(project), tree(project)
    result = uppdrag(*attack.args)
    assert result.exit_code == attack.code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert len([line for line in result.stderr.splitlines() if attack.says in line]) == 1, result.stderr
    assert canaries(project) == outside
    assert tree(project) == before


@pytest.mark.parametrize("name", ["Hud: hår och naglar", "# x", "null", "'quoted'", 'a "b" c', "- x", "true"])
def test_new_writes_any_name_as_yaml_text(project: Path, uppdrag: Invoke, name: str) -> None:
    import yaml

    result = uppdrag("new", "hud", "--name", name)
    assert result.exit_code == 0, result.stderr
    text = (project / "councils/hud.yaml").read_text(encoding="utf-8")
    (line,) = [line for line in text.splitlines() if line.startswith("name: ")]
    assert yaml.safe_load(line) == {"name": name}
    assert uppdrag("validate", "hud").exit_code == 0


@pytest.mark.parametrize("name", ["Hud\nhår", "Hud\ud800", " ", "\t"])
def test_new_refuses_a_name_that_is_no_line_of_text(project: Path, uppdrag: Invoke, name: str) -> None:
    result = uppdrag("new", "hud", "--name", name)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "--name" in result.stderr and not (project / "councils/hud.yaml").exists()


# 3. no code from a cache


def run(root: Path, *args: str, **env: str) -> tuple[int, str]:
    """`uppdrag ARGS` in a process of its own (the caches are per process)."""
    import subprocess
    import sys

    environment = {**os.environ, "UPPDRAG_LANG": "en", **env}
    environment.pop("UPPDRAG_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-m", "uppdrag", *args], cwd=root, env=environment, capture_output=True, text=True
    )
    return done.returncode, done.stderr


class Payload:
    """A pickle that runs a command when loaded."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.target}",))


def test_a_planted_template_cache_runs_nothing(project: Path) -> None:
    import pickle

    cache = project.parent / "cache"
    assert run(project, "render", "urologi", XDG_CACHE_HOME=str(cache))[0] == 0
    entries = list((cache / "uppdrag/jinja").glob("*.cache"))
    assert entries, "the bytecode cache is in use"
    pwned = project.parent / "pwned"
    poison = pickle.dumps(Payload(pwned))
    for entry in entries:  # raw pickles, and pickles behind a made-up HMAC
        entry.write_bytes(poison if entry.stat().st_size % 2 else b"0" * 64 + b"\n" + poison)
    code, stderr = run(project, "render", "urologi", XDG_CACHE_HOME=str(cache))
    assert code == 0, stderr
    assert not pwned.exists()


def test_a_cache_folder_of_someone_else_is_not_used(project: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a folder away needs root")
    cache = project.parent / "cache"
    (cache / "uppdrag/jinja").mkdir(parents=True)
    for folder in (cache / "uppdrag", cache / "uppdrag/jinja"):
        os.chown(folder, 65534, 65534)
        folder.chmod(0o777)
    code, stderr = run(project, "build", XDG_CACHE_HOME=str(cache))
    assert code == 0, stderr
    assert not list((cache / "uppdrag").rglob("*.cache")) and not (cache / "uppdrag/stat").exists()


def test_a_relative_cache_home_is_ignored(project: Path) -> None:
    code, stderr = run(project, "build", XDG_CACHE_HOME="cache", HOME=str(project.parent / "home"))
    assert code == 0, stderr
    assert not (project / "cache").exists()
    assert (project.parent / "home/.cache/uppdrag/stat").is_dir()


def test_an_edited_stat_cache_cannot_skip_a_changed_council(project: Path) -> None:
    cache = project.parent / "cache"
    assert run(project, "build", XDG_CACHE_HOME=str(cache))[0] == 0
    edit(project / COUNCIL, 'revision: "2026"', 'revision: "2026"\nuppdragsgivare: Ny')
    (stat_file,) = (cache / "uppdrag/stat").glob("*.json")
    mac, _sep, data = stat_file.read_bytes().partition(b"\n")
    records = json.loads(data)
    council_file = str(project / COUNCIL)
    info = (project / COUNCIL).stat()
    old = records[council_file][4] if council_file in records else "0" * 64
    records[council_file] = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, old]
    for forged, now in (
        (mac + b"\n" + json.dumps(records).encode(), "Ny"),
        (json.dumps(records).encode(), "Nyss"),
    ):
        stat_file.write_bytes(forged)
        code, stderr = run(project, "build", "--check", XDG_CACHE_HOME=str(cache))
        assert code == 1  # urologi is stale
        code, stderr = run(project, "build", XDG_CACHE_HOME=str(cache))
        assert code == 0, stderr
        assert f"{now}\n" in (project / "out/urologi.md").read_text(encoding="utf-8")
        edit(project / COUNCIL, "uppdragsgivare: Ny", "uppdragsgivare: Nyss")
    for broken in (b"[" * 100_000, b"\0\0", b"x" * 65):
        stat_file.write_bytes(broken)
        code, stderr = run(project, "build", XDG_CACHE_HOME=str(cache))
        assert code == 0 and "Traceback" not in stderr, stderr


def test_a_template_that_ran_out_of_time_fails_at_once_the_next_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A loop in a base is paid for once per process, not once per council."""
    from uppdrag import sandbox

    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)
    ticks: list[int] = []

    def tick() -> str:
        ticks.append(1)
        return ""

    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{{ tick() }}{% endfor %}{% endfor %}"
    template = sandbox.Sandbox().from_string(loop)
    with pytest.raises(sandbox.TimedOut):
        sandbox.render(template, {"tick": tick})
    ran = len(ticks)
    assert ran > 0
    with pytest.raises(sandbox.TimedOut, match="longer than"):
        sandbox.render(template, {"tick": tick})
    assert len(ticks) == ran  # not run again
