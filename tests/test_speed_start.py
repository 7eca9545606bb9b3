"""What a command builds at start-up: typer builds the command that runs (its module imported
alone), the models make their validators on first use, pydantic looks for no plugins in
uppdrag's own process, and the rest of the app is as it was (help, typos, completion)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

from tests.helpers import REPO

if TYPE_CHECKING:
    from pathlib import Path

    from tests.helpers import Invoke

COMMAND_MODULES = ("archive", "beslut", "build", "diff", "documents", "ingest", "serve", "show")
PROBE = """
import os, sys
import importlib.metadata
scans = []
real = importlib.metadata.entry_points
importlib.metadata.entry_points = lambda **kw: scans.append(kw) or real(**kw)
from uppdrag.cli import main
try:
    main()
except SystemExit as exc:
    assert exc.code in (0, None), exc.code
loaded = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("uppdrag.cli."))
print("modules:", " ".join(loaded))
print("plugin scans:", len([kw for kw in scans if kw.get("group") == "pydantic"]))
print("variable:", os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
"""


def started(project: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """`uppdrag ARGS` through the console entry point, in a process of its own: the command
    modules it imported, how often pydantic looked for plugins, and the variable it read."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    found = {}
    for line in result.stdout.splitlines()[-3:]:
        name, _, value = line.partition(":")
        found[name] = value.strip()
    return found


def test_render_imports_its_own_command_module_alone(project: Path) -> None:
    found = started(project, "render", "urologi", "-f", "md", "-o", "elsewhere")
    commands = [name for name in found["modules"].split() if name in COMMAND_MODULES]
    assert commands == ["documents"], found
    assert (project / "elsewhere/urologi.md").is_file()


def test_help_lists_every_command_in_order(project: Path, uppdrag: Invoke) -> None:
    from uppdrag.cli import COMMANDS

    result = uppdrag("--help")
    assert result.exit_code == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert listed == [name for name, _target, _help in COMMANDS]
    assert set(started(project, "--help")["modules"].split()) >= set(COMMAND_MODULES)  # --help builds all


def test_listing_the_commands_builds_none() -> None:
    from typer._click import Context
    from typer.main import get_command

    from uppdrag.cli import COMMANDS, app
    from uppdrag.cli.lean import Commands, LeanGroup

    group = get_command(app)
    assert isinstance(group, LeanGroup)
    commands = group.commands
    assert isinstance(commands, Commands)
    assert group.list_commands(Context(group)) == [name for name, _target, _help in COMMANDS]
    assert commands.built == {}
    render = commands["render"]
    assert render.name == "render" and list(commands.built) == ["render"]
    assert commands["render"] is render  # built once per group
    assert "nosuch" not in commands and commands.get("nosuch") is None


def test_a_mistyped_command_is_still_answered_with_the_commands_there_are(uppdrag: Invoke) -> None:
    result = uppdrag("rendr")
    assert result.exit_code == 2
    assert "'rendr'" in result.stderr and "'render'" in result.stderr


def test_each_command_help_is_its_own(uppdrag: Invoke) -> None:
    from uppdrag.cli import COMMANDS

    for name, _target, summary in COMMANDS:
        result = uppdrag(name, "--help")
        assert result.exit_code == 0, (name, result.stderr)
        assert " ".join(summary.split())[:40] in " ".join(result.stdout.split()), name


def test_uppdrags_process_looks_for_no_pydantic_plugins(project: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    found = subprocess.run(
        [sys.executable, "-c", PROBE, "render", "urologi", "-f", "md", "-o", "a"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    assert "plugin scans: 0" in found and "variable: __all__" in found
    kept = started(  # another council: urologi's validated charter is kept now, and needs no validator
        project, "render", "onkologi", "-f", "md", "-o", "b", env={"PYDANTIC_DISABLE_PLUGINS": "x"}
    )
    assert kept["variable"] == "x"  # the user's value stands (pydantic then looks, minus plugin x)
    assert kept["plugin scans"] == "1"


def test_importing_uppdrag_leaves_the_environment_alone() -> None:
    code = "import os, uppdrag.cli, uppdrag.check.charter; print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))"
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True, env=environment
    )
    assert result.stdout.strip() == "None"


def test_the_models_make_their_validators_on_first_use(project: Path) -> None:
    """A render validates `Charter` (its validator holds the models it nests): the nested models'
    own validators are not made, and the charter is the one the models describe."""
    code = """
from uppdrag.check import model
assert not model.Charter.__pydantic_complete__ and not model.Section.__pydantic_complete__
from uppdrag.check.charter import load_charter
from uppdrag.source.project import Project
charter = load_charter(Project(__import__("pathlib").Path(".")), "urologi").charter
assert model.Charter.__pydantic_complete__ and not model.Section.__pydantic_complete__
assert isinstance(charter.sections[0], model.Section)
section = model.Section.model_validate(charter.sections[0].model_dump())  # made now, on use
assert section == charter.sections[0]
print("ok")
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
