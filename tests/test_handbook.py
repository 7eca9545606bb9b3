"""A newcomer with only docs/handbok.md (issue 23): its steps, run in order as written in a fresh
copy of the project (a git repository, as a clone is) with UPPDRAG_LANG=sv, each end with the
outcome the handbook states.

The handbook's code blocks are the script:
- a ```sh block's lines are run, in order, in one bash session (so activating .venv holds);
- a ```text block after it is what the handbook says those commands answer: each of its lines
  must be in the output, `…` standing for anything;
- a ```yaml block starting `# lägg till sist i FILE` is appended to FILE, and one starting
  `# i FILE, ändra` … `# till` … replaces the first part with the second in FILE: the edits the
  handbook asks the reader to make. Other yaml blocks are illustrations.
A ```console block shows commands that need what a fresh copy lacks (published versions, git
tags) and is not run. `uppdrag serve` runs until Ctrl-C: it is given a free port and stopped
after a few seconds.
The project's own .venv stands in for the one `make run` would create on a fresh machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HANDBOOK = REPO / "docs" / "handbok.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
MARK = "@@uppdrag-handbook-step@@"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("make") is None or not (REPO / ".venv").is_dir(),
    reason="the newcomer test needs git, make and the project's .venv",
)


@dataclass
class Step:
    """Commands (or an edit) and what the handbook says they answer."""

    commands: list[str] = field(default_factory=list)
    edit: tuple[str, str, str] | None = None  # (file, old or "" to append, new)
    expected: list[str] = field(default_factory=list)


def steps(text: str) -> list[Step]:
    """The handbook's runnable blocks, in order."""
    found: list[Step] = []
    for kind, body in BLOCK.findall(text):
        lines = body.rstrip("\n").split("\n")
        if kind == "sh":
            found.append(Step(commands=[line for line in lines if line.strip() and not line.startswith("#")]))
        elif kind == "text" and found and found[-1].commands:
            found[-1].expected += [line for line in lines if line.strip()]
        elif kind == "yaml" and lines[0].startswith("# lägg till sist i "):
            found.append(
                Step(edit=(lines[0].removeprefix("# lägg till sist i ").strip(), "", body.split("\n", 1)[1]))
            )
        elif kind == "yaml" and re.match(r"^# i (\S+), ändra$", lines[0]):
            target = re.match(r"^# i (\S+), ändra$", lines[0])[1]  # type: ignore[index]
            old, _sep, new = body.split("\n", 1)[1].partition("# till\n")
            found.append(Step(edit=(target, old.rstrip("\n"), new.rstrip("\n"))))
    return found


def fresh_copy(tmp_path: Path) -> Path:
    """The repository's files as a clone has them (mtimes kept, so make finds .venv current)."""
    root = tmp_path / "uppdrag"
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True)
    for name in listed.stdout.decode().split("\0"):
        if not name or not (REPO / name).is_file():
            continue
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    git = ["git", "-C", str(root), "-c", "user.name=Ny", "-c", "user.email=ny@example.org"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "a clone"], check=True)
    return root


def script(found: list[Step], start: int, end: int) -> str:
    """Steps `start`…`end - 1` as one bash script, a marker line before each step's output."""
    lines = ["set -e", "exec 2>&1"]
    for number in range(start, end):
        lines.append(f"echo '{MARK} {number}'")
        for command in found[number].commands:
            if command.startswith("uppdrag serve"):  # until Ctrl-C: a free port, stopped after a while
                command = f"timeout -s INT 4 {command} --port 0 || true"
            lines.append(command)
    return "\n".join(lines) + "\n"


def run_steps(root: Path, found: list[Step]) -> dict[int, str]:
    """Run the steps in order (the test makes the edits between bash runs; the session's
    activation of .venv is kept across them); the output of each step by its number."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("UPPDRAG_", "VIRTUAL_ENV"))}
    env["UPPDRAG_LANG"] = "sv"
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if Path(p) != Path(sys.executable).parent
    )
    outputs: dict[int, str] = {}
    start = 0
    while start < len(found):
        end = next((i for i in range(start, len(found)) if found[i].edit is not None), len(found))
        if end > start:
            activation = ". .venv/bin/activate\n" if start else ""
            done = subprocess.run(
                ["bash", "-c", activation + script(found, start, end)],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert done.returncode == 0, f"a handbook step failed:\n{done.stdout}{done.stderr}"
            for part in done.stdout.split(f"{MARK} ")[1:]:
                number, _newline, rest = part.partition("\n")
                outputs[int(number)] = rest
        if end < len(found):
            target, old, new = found[end].edit  # type: ignore[misc]
            path = root / target
            text = path.read_text(encoding="utf-8")
            if old:
                assert old in text, f"the handbook asks to change a text that {target} does not hold:\n{old}"
                path.write_text(text.replace(old, new, 1), encoding="utf-8")
            else:
                path.write_text(text + new, encoding="utf-8")
        start = end + 1
    return outputs


def said(expected: str, output: str) -> bool:
    """Whether a line of the output holds the expected line's pieces, in order (`…` is anything)."""
    pieces = [piece.strip() for piece in expected.split("…") if piece.strip()]
    for line in output.splitlines():
        position = 0
        for piece in pieces:
            found = line.find(piece, position)
            if found < 0:
                break
            position = found + len(piece)
        else:
            return True
    return False


def test_the_handbook_has_the_steps_a_newcomer_needs() -> None:
    found = steps(HANDBOOK.read_text(encoding="utf-8"))
    commands = [command for step in found for command in step.commands]
    assert commands[0].startswith("make run") and ". .venv/bin/activate" in commands[0]
    for needed in (
        "uppdrag new",
        "--impact",
        "diff --git HEAD",
        "-o jamforelse.docx",
        "uppdrag beslut --git HEAD",
        "uppdrag import",
        "uppdrag explain",
        "uppdrag serve",
    ):
        assert any(needed in command for command in commands), needed
    assert all(step.expected for step in found if step.commands), "every command block says what it answers"


def test_a_newcomer_follows_the_handbook(tmp_path: Path) -> None:
    root = fresh_copy(tmp_path)
    found = steps(HANDBOOK.read_text(encoding="utf-8"))
    outputs = run_steps(root, found)
    missing = []
    for number, step in enumerate(found):
        for expected in step.expected:
            if not said(expected, outputs.get(number, "")):
                missing.append(f"{step.commands}: {expected!r} not in\n{outputs.get(number, '')}")
    assert missing == []
    assert (root / "jamforelse.docx").is_file()
    assert (root / "beslut.docx").is_file()
    assert "Sex gånger per år." in (root / "out/hud.md").read_text(encoding="utf-8")
