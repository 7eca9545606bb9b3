"""A pull request against the councils' repository, as CI builds it (issue 21).

The repository's main branch is built and committed with out/; a pull request commit then adds
the attacks of a hostile contributor at once: a site state that deletes files beside the
project, a manifest entry reaching a base through a linked folder in out/, a logo that is
/proc/self/environ, a logo and a Word template outside the project, an SVG with an external
entity, a Jinja bytecode cache restored from a CI cache with a pickle that runs a command, a
relative XDG_CACHE_HOME. CI runs `uppdrag build -f md,docx,html` with a secret in its
environment: the secret is in no file, no canary beside the project changed, no command ran,
every base and template is as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

SECRET = "ghp_CANARY_pull_request_3c9"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )


def uppdrag(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "UPPDRAG_LANG": "en", "CI_SECRET_TOKEN": SECRET, **env}
    environment.pop("UPPDRAG_NO_CACHE", None)
    return subprocess.run(
        [sys.executable, "-m", "uppdrag", *args], cwd=root, env=environment, capture_output=True, text=True
    )


class Payload:
    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.target}",))


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def pull_request(root: Path, cache: Path) -> None:
    """Every attack of one hostile pull request, committed."""
    beside = root.parent
    state = root / "out/html/.uppdrag-site.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["councils"]["urologi"]["files"] |= {"../../../victim.txt": "", "../../councils/bases/vgr.yaml": ""}
    state.write_text(json.dumps(data), encoding="utf-8")
    (root / "out/link").symlink_to("../councils")
    manifest = root / "out/.uppdrag-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    entry = json.loads(json.dumps(data["councils"]["urologi"]))
    digest = hashlib.sha256((root / "councils/bases/vgr.yaml").read_bytes()).hexdigest()
    entry["outputs"] = {"md": {"file": "link/bases/vgr.yaml", "sha256": digest}}
    data["councils"]["vgr"] = entry
    manifest.write_text(json.dumps(data), encoding="utf-8")
    (root / "councils/bases/logo.svg").symlink_to("/proc/self/environ")
    (root / "councils/bases/entity.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///proc/self/environ">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        encoding="utf-8",
    )
    logos = {
        "urologi": "svg: councils/bases/logo.svg",
        "ortopedi": "svg: ../outside/secret.svg",
        "onkologi": "svg: councils/bases/entity.svg",
    }
    for slug, svg in logos.items():
        with (root / f"councils/{slug}.yaml").open("a", encoding="utf-8") as council:
            council.write(f"logo: {{image: councils/bases/logotyp-platshallare.png, {svg}, alt: x}}\n")
    with (root / "councils/utveckling.yaml").open("a", encoding="utf-8") as council:
        council.write("template: ../outside/mall.docx\n")
    poison = pickle.dumps(Payload(beside / "pwned"))
    for entry_file in (cache / "uppdrag/jinja").glob("*.cache"):
        entry_file.write_bytes(poison)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Pull request")


def test_a_hostile_pull_request_built_in_ci(project: Path) -> None:
    beside, cache = project.parent, project.parent / "ci-cache"
    (beside / "victim.txt").write_text("victim\n", encoding="utf-8")
    (beside / "outside").mkdir()
    (beside / "outside/secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><title>{SECRET}</title></svg>', encoding="utf-8"
    )
    (beside / "outside/mall.docx").write_bytes(b"PK\x03\x04" + SECRET.encode())
    git(project, "init", "-q")
    assert uppdrag(project, "build", "-f", "md,docx,html", XDG_CACHE_HOME=str(cache)).returncode == 0
    git(project, "add", "-A")
    git(project, "commit", "-qm", "main")
    canaries = {k: v for k, v in hashes(beside).items() if not k.startswith(("project/", "ci-cache/"))}
    pull_request(project, cache)
    sources = {k: v for k, v in hashes(project).items() if k.startswith(("councils/", "templates/"))}
    done = uppdrag(project, "build", "-f", "md,docx,html", XDG_CACHE_HOME=str(cache))
    assert done.returncode == 1, done.stderr  # the councils with hostile logos fail, one line each
    assert "Traceback" not in done.stderr
    for slug in ("urologi", "ortopedi", "onkologi", "utveckling"):
        assert (
            len([line for line in done.stderr.splitlines() if line.startswith(f"councils/{slug}.yaml:")]) == 1
        )
    assert not (beside / "pwned").exists()  # no command ran
    assert {
        k: v for k, v in hashes(beside).items() if not k.startswith(("project/", "ci-cache/"))
    } == canaries
    now = hashes(project)
    assert all(now.get(k) == v for k, v in sources.items())  # no base, council or template lost
    for path in project.rglob("*"):
        if path.is_file() and not path.is_symlink() and ".git" not in path.parts:
            assert SECRET.encode() not in path.read_bytes(), path
    # a relative XDG_CACHE_HOME from the pull request's CI file puts no cache in the project
    uppdrag(project, "build", "-f", "md", XDG_CACHE_HOME="cache", HOME=str(beside / "home"))
    assert not (project / "cache").exists()
