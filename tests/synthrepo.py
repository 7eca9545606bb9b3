"""A synthetic councils repository with a life: bases decided and in force later, councils moving
to 2026 at different times, an own decision, a start not yet set, a mandate ended.

Tags, oldest first (untagged work in progress between v2 and v3):

- v1  base 2024 decided 2024-05-31, in force 2024-09-01; urologi, ortopedi, vuxenpsykiatri and
      onkologi decided with it; utveckling with its own decision of 2024-05-31; no 2026 base yet.
- v2  onkologi's own decision 2025-02-10, in force 2025-03-01, meeting six times a year.
- (wip) urologi's syfte edited, not published.
- v3  base 2026 added (decided 2026-06-17, in force 2026-07-01); urologi moves to it.
- v4  ortopedi moves to 2026.
- v5  vuxenpsykiatri moves to 2026; a new council, hud, decided 2026-09-01, its start not yet set.
- v6  hud's start set to 2027-01-01.
- v7  utveckling ended from 2026-12-31 (RS 2026-01111).
- v8  onkologi moves to 2026 with its own decision 2026-10-01; a new council, njure, decided
      2026-11-01 with its start not yet set.
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from tests.helpers import edit

if TYPE_CHECKING:
    from pathlib import Path

TAGS = [f"v{n}" for n in range(1, 9)]


def git(root: Path, *args: str) -> str:
    who = ["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", "-C", str(root), *who, *args], check=True, capture_output=True)
    return done.stdout.decode()


def commit(root: Path, message: str, tag: str | None = None) -> None:
    git(root, "add", "-A", "councils", "templates")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    if tag:
        git(root, "tag", tag)


def council(root: Path, slug: str, text: str) -> None:
    (root / "councils" / f"{slug}.yaml").write_text(text, encoding="utf-8")


def samordningsrad(name: str, revision: str, extra: str = "") -> str:
    return f'name: {name}\nbase: samordningsrad\nrevision: "{revision}"\n{extra}'


def build(root: Path) -> Path:
    """Turn the project copy at `root` into the repository described above."""
    bases = root / "councils" / "bases" / "samordningsrad"
    base_2026 = (bases / "2026.yaml").read_text(encoding="utf-8")
    (bases / "2026.yaml").unlink()
    edit(
        bases / "2024.yaml",
        "beslut:\n  datum:\n",
        "beslut:\n  datum: 2024-05-31\n  galler_fran: 2024-09-01\n",
    )
    for slug in ("urologi", "ortopedi", "vuxenpsykiatri", "onkologi"):
        council(root, slug, samordningsrad(slug, "2024", 'beslutad: "2024"\n'))
    git(root, "init", "-q")
    commit(root, "v1", "v1")
    own = (
        "beslut:\n  datum: 2025-02-10\n  galler_fran: 2025-03-01\ndiarienummer: RS 2025-00210\n"
        "sections:\n  - id: arbetsorganisation\n    blocks:\n      - id: motesfrekvens\n"
        "        text: Sex gånger per år.\n"
    )
    council(root, "onkologi", samordningsrad("onkologi", "2024", own))
    commit(root, "v2", "v2")
    wip = "sections:\n  - id: syfte\n    blocks:\n      - id: syfte\n        text: Utkast, ej publicerat.\n"
    council(root, "urologi", samordningsrad("urologi", "2024", 'beslutad: "2024"\n' + wip))
    commit(root, "wip")
    base_2026 = base_2026.replace(
        "beslut:\n  datum: 2026-06-17\n", "beslut:\n  datum: 2026-06-17\n  galler_fran: 2026-07-01\n"
    )
    (bases / "2026.yaml").write_text(base_2026, encoding="utf-8")
    council(root, "urologi", samordningsrad("urologi", "2026", 'beslutad: "2026"\n'))
    commit(root, "v3", "v3")
    council(root, "ortopedi", samordningsrad("ortopedi", "2026", 'beslutad: "2026"\n'))
    commit(root, "v4", "v4")
    council(root, "vuxenpsykiatri", samordningsrad("vuxenpsykiatri", "2026", 'beslutad: "2026"\n'))
    hud = "beslut:\n  datum: 2026-09-01\n  galler_fran: ej fastställt\ndiarienummer: RS 2026-00901\n"
    council(root, "hud", samordningsrad("hud", "2026", hud))
    commit(root, "v5", "v5")
    council(root, "hud", samordningsrad("hud", "2026", hud.replace("ej fastställt", "2027-01-01")))
    commit(root, "v6", "v6")
    utveckling = root / "councils" / "utveckling.yaml"
    utveckling.write_text(
        utveckling.read_text(encoding="utf-8") + "\nupphor:\n  datum: 2026-12-31\n  beslut: RS 2026-01111\n",
        encoding="utf-8",
    )
    commit(root, "v7", "v7")
    own_2026 = own.replace("2025-02-10", "2026-10-01").replace("  galler_fran: 2025-03-01\n", "")
    council(root, "onkologi", samordningsrad("onkologi", "2026", own_2026))
    njure = "beslut:\n  datum: 2026-11-01\n  galler_fran: ej fastställt\ndiarienummer: RS 2026-01101\n"
    council(root, "njure", samordningsrad("njure", "2026", njure))
    commit(root, "v8", "v8")
    return root
