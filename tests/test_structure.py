"""The shape of the code: modules without import cycles (the package order: test_package_order.py),
small modules, one registry."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.helpers import REPO, Invoke, edit, git

if TYPE_CHECKING:
    from collections.abc import Iterator

    from uppdrag.check.model import Charter
    from uppdrag.render.formats import Format
    from uppdrag.source.project import Project

PACKAGE = REPO / "src" / "uppdrag"
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) for every `from uppdrag… import names` and `import uppdrag…`, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("uppdrag"):
            found.append((node.module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name.startswith("uppdrag")]
    return found


def graph() -> dict[str, set[str]]:
    """Module → the uppdrag modules it imports (a name imported from a package that is a module counts)."""
    names = {module_name(path) for path in MODULES}
    edges: dict[str, set[str]] = {}
    for path in MODULES:
        targets = set()
        for module, imported in imports(path):
            subs = [f"{module}.{name}" for name in imported if f"{module}.{name}" in names]
            targets.update(subs or [module])
        edges[module_name(path)] = targets - {module_name(path)}
    return edges


def test_no_import_cycles() -> None:
    edges = graph()
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycle = [*trail[trail.index(node) :], node]
            pytest.fail("import cycle: " + " → ".join(cycle))
        if node in done:
            return
        for target in sorted(edges.get(node, ())):
            visit(target, [*trail, node])
        done.add(node)

    for node in sorted(edges):
        visit(node, [])


def test_the_cycle_check_finds_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: a made-up back edge is reported."""
    real = graph()
    monkeypatch.setitem(globals(), "graph", lambda: {**real, "uppdrag.errors": {"uppdrag.cli"}})
    with pytest.raises(pytest.fail.Exception, match="import cycle"):
        test_no_import_cycles()


def test_pipeline_packages_exist_and_modules_are_small() -> None:
    for package in ("source", "check", "render", "diff", "build", "cli"):
        assert (PACKAGE / package / "__init__.py").is_file(), package
    too_long = {
        str(path.relative_to(PACKAGE)): n
        for path in MODULES
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert not too_long


def test_no_private_name_is_imported_across_modules() -> None:
    private = [
        f"{path.relative_to(PACKAGE)}: {module}.{name}"
        for path in MODULES
        for module, names in imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__") and name != "_"  # `_` is gettext's
    ]
    assert not private


def test_commands_do_not_import_back_from_the_cli_package() -> None:
    """Command modules import `cli.common` only; `cli/__init__` registers them."""
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.name == "__init__.py":
            continue
        assert all(module != "uppdrag.cli" for module, _ in imports(path)), path.name


def test_layout_templates_render_one_way() -> None:
    """Every format, the index and the diff outputs render through `render_template` (sandbox and
    file:line errors in one place); only `!template` texts of the data have their own way."""
    import re

    own_way = re.compile(
        r"\bsandbox\.render\(|from uppdrag\.sandbox import [^\n]*\brender\b|\btemplate_error\("
    )
    allowed = {"uppdrag.render.template", "uppdrag.render.environment", "uppdrag.check.data_templates"}
    found = [
        module_name(path)
        for path in MODULES
        if module_name(path) not in allowed and own_way.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# One registry of formats --------------------------------------------------------------------


@pytest.fixture
def toy_format(project: Path) -> Iterator[Format]:
    """A plain-text format: one registry entry and one template per layout."""
    from uppdrag.render import formats

    def render(charter: Charter, project: Project) -> bytes:
        from jinja2 import Environment, FileSystemLoader

        folder = Path(project.templates_dir) / "toy"
        layout = charter.layout
        template = Environment(loader=FileSystemLoader(folder)).get_template(f"{layout}.txt.j2")
        return template.render(charter=charter).encode()

    folder = project / "templates" / "toy"
    folder.mkdir()
    for layout in ("vgr-2024", "vgr-2026", "vgr-grupp-2024"):
        (folder / f"{layout}.txt.j2").write_text("{{ charter.title }} ({{ charter.revision }})\n", "utf-8")
    fmt = formats.register(formats.Format("toy", "txt", "toy", ("toy/{}.txt.j2",), render, "a test format"))
    yield fmt
    formats.unregister("toy")


def test_a_registered_format_builds_checks_and_cleans(
    project: Path, uppdrag: Invoke, toy_format: Format
) -> None:
    built = uppdrag("build", "-f", "toy", "-o", "site")
    assert built.exit_code == 0, built.stderr
    assert (
        (project / "site/urologi.txt")
        .read_text("utf-8")
        .startswith("Uppdragshandling för samordningsråd urologi")
    )
    assert "urologi.txt" in (project / "site/README.md").read_text("utf-8")
    assert uppdrag("build", "-f", "toy", "-o", "site", "--check").exit_code == 0
    edit(project / "templates/toy/vgr-2026.txt.j2", "({{", "- {{")
    stale = uppdrag("build", "-f", "toy", "-o", "site", "--check")
    assert stale.exit_code == 1 and "urologi.txt" in stale.stdout
    assert uppdrag("build", "-f", "toy", "-o", "site").exit_code == 0
    assert " - 2026" in (project / "site/urologi.txt").read_text("utf-8")
    (project / "councils/urologi.yaml").unlink()
    assert uppdrag("build", "-f", "toy", "-o", "site").exit_code == 0
    assert not (project / "site/urologi.txt").exists()
    unknown = uppdrag("build", "-f", "odt")  # the registry is read when a command runs
    assert unknown.exit_code == 2 and "html, akn, toy)" in unknown.stderr


def test_a_layout_without_the_formats_template_is_an_error(
    project: Path, uppdrag: Invoke, toy_format: Format
) -> None:
    (project / "templates/toy/vgr-2026.txt.j2").unlink()
    result = uppdrag("validate", "urologi")
    assert result.exit_code == 1 and "toy/vgr-2026.txt.j2" in result.stderr


def test_unknown_formats_name_the_registered_ones(project: Path, uppdrag: Invoke) -> None:
    result = uppdrag("build", "-f", "odt")
    assert result.exit_code == 2 and "md, docx, pdf" in result.stderr


# The notes of a git diff in every output ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "html", "md", "unified", "term"])
def test_git_diff_notes_reach_every_format(project: Path, uppdrag: Invoke, fmt: str) -> None:
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start")
    (project / "councils/hjarta.yaml").write_text(
        'name: hjärta\nbase: samordningsrad\nrevision: "2026"\n', "utf-8"
    )
    result = uppdrag("diff", "--git", "HEAD", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    assert "hjarta" in result.stdout
    if fmt == "json":
        assert json.loads(result.stdout)[0] == {"note": "ny: hjarta"}


# Tests share helpers through tests/helpers.py, never through a test file or conftest.py -------


def imported_test_modules(source: str) -> list[str]:
    """The tests/test_*.py modules and conftest.py that `source` imports, at any depth (absolute
    or relative)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = ".".join(part for part in ("tests" if node.level else "", node.module or "") if part)
            names += [module, *(f"{module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    stems = {name.removeprefix("tests.").split(".")[0] for name in names}
    return sorted(f"tests.{stem}" for stem in stems if stem.startswith("test_") or stem == "conftest")


def test_no_test_file_imports_another() -> None:
    """Shared helpers live in tests/helpers.py (or a named helper module such as cdp.py): a helper
    kept in a test file is hard to find, and every file importing it breaks when that file changes.
    conftest.py holds fixtures and hooks, which pytest hands to the tests itself."""
    found = {
        path.name: imported
        for path in sorted((REPO / "tests").glob("*.py"))
        if (imported := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert found == {}, f"import these from tests.helpers instead: {found}"


def test_the_test_import_check_finds_each_form() -> None:
    assert imported_test_modules("from tests.test_clients import need, run\n") == ["tests.test_clients"]
    assert imported_test_modules("from tests import synthrepo, test_diff\n") == ["tests.test_diff"]
    assert imported_test_modules("from .test_build import statuses\n") == ["tests.test_build"]
    assert imported_test_modules("from tests.conftest import REPO\n") == ["tests.conftest"]
    assert imported_test_modules("def f() -> None:\n    import tests.test_bad_input\n") == [
        "tests.test_bad_input"
    ]
    shared = "from tests.helpers import need\nfrom tests import synthrepo\nfrom tests.cdp import Browser\n"
    assert imported_test_modules(shared) == []


def reads_the_clients_switch(source: str) -> bool:
    """Whether code (not prose) names UPPDRAG_REQUIRE_CLIENTS, the switch of the missing-client rule."""
    return any(
        isinstance(node, ast.Constant) and node.value == "UPPDRAG_REQUIRE_CLIENTS"
        for node in ast.walk(ast.parse(source))
    )


def test_one_rule_for_a_missing_client_program() -> None:
    """Skip, or fail in CI, is decided in one place (helpers.missing / helpers.need): a test file
    with its own copy of the rule drifts (another message, no failure in CI)."""
    own = [
        path.name
        for path in sorted((REPO / "tests").glob("*.py"))
        if path.name not in ("helpers.py", "test_structure.py")  # the rule, and this check
        and reads_the_clients_switch(path.read_text(encoding="utf-8"))
    ]
    assert own == [], f"use tests.helpers.need or missing instead: {own}"


def test_the_clients_check_finds_a_copy_of_the_rule() -> None:
    assert reads_the_clients_switch('import os\nif os.environ.get("UPPDRAG_REQUIRE_CLIENTS"):\n    pass\n')
    assert not reads_the_clients_switch('"""Skipped, a failure in CI (UPPDRAG_REQUIRE_CLIENTS)."""\n')
