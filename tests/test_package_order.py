"""The pipeline's packages in one order: a module imports at run time only from packages below its own.

source < check < render < diff < build < publish < {origin, ingest} < edit < cli; the modules directly in
uppdrag/ (errors, i18n, write, sandbox, …) are below them all, `__main__` is the CLI. An import
under `if TYPE_CHECKING:` is for the type checker only and may point anywhere (as python-docx marks
them); any other import, at module level or inside a function, is a run-time import.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from tests.helpers import REPO

if TYPE_CHECKING:
    from pathlib import Path

PACKAGE = REPO / "src" / "uppdrag"
ORDER = (
    "",
    "source",
    "check",
    "render",
    "diff",
    "build",
    "publish",
    ("origin", "ingest", "archive"),
    "edit",
    "cli",
)
RANK = {
    name: rank for rank, names in enumerate(ORDER) for name in ((names,) if isinstance(names, str) else names)
}


def layer(module: str) -> str:
    """The package of `uppdrag.x.y` ('' for the modules directly in uppdrag/, 'cli' for __main__)."""
    parts = module.split(".")
    if module == "uppdrag.__main__":
        return "cli"
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (PACKAGE / parts[1]).is_dir()) else ""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes inside `if TYPE_CHECKING:` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def runtime_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every run-time import of an uppdrag module in `source`."""
    tree = ast.parse(source)
    skip = _type_only(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("uppdrag"):
            module = node.module or ""
            if module == "uppdrag":  # `from uppdrag import sandbox`: the module imported is uppdrag.sandbox
                found += [(node.lineno, f"uppdrag.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "uppdrag"]
    return found


def wrong_imports(sources: dict[str, str]) -> list[str]:
    """`module:line imports target (package → package)` for each import not downward."""
    wrong = []
    for module, source in sorted(sources.items()):
        own = layer(module)
        for line, target in runtime_imports(source):
            theirs = layer(target)
            if theirs != own and RANK[theirs] >= RANK[own]:
                wrong.append(f"{module}:{line} imports {target} ({own or 'uppdrag'} → {theirs or 'uppdrag'})")
    return wrong


def real_sources() -> dict[str, str]:
    return {module_name(path): path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def test_every_package_has_its_place_in_the_order() -> None:
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == set(RANK) - {""}


def test_packages_import_only_downward_at_run_time() -> None:
    assert wrong_imports(real_sources()) == []


def test_an_upward_import_is_caught() -> None:
    """The check can fail: made-up upward imports are reported, a type-only one is not."""
    sources = {
        **real_sources(),
        "uppdrag.render.made_up": "from uppdrag.publish.pages import SITE\n",
        "uppdrag.check.made_up": "def f():\n    import uppdrag.render.html\n",
        "uppdrag.origin.made_up": "from uppdrag.ingest import importer\n",  # siblings: neither below
        "uppdrag.errors_made_up": "from uppdrag import cli\n",
        "uppdrag.diff.typed": "if TYPE_CHECKING:\n    from uppdrag.cli import app\n",
    }
    assert wrong_imports(sources) == [
        "uppdrag.check.made_up:2 imports uppdrag.render.html (check → render)",
        "uppdrag.errors_made_up:1 imports uppdrag.cli (uppdrag → cli)",
        "uppdrag.origin.made_up:1 imports uppdrag.ingest (origin → ingest)",
        "uppdrag.render.made_up:1 imports uppdrag.publish.pages (render → publish)",
    ]
