"""Make a project with N synthetic councils from the real bases (for benchmarks).

    python benchmarks/synthetic.py DIR [--councils 500]

Councils are spread over the real kinds and revisions, and many carry small real overlays
(a changed paragraph, an inserted bullet, their own decision date), as real councils do.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OVERLAYS = [
    "",
    """sections:
  - id: arbetsorganisation
    blocks:
      - id: motesfrekvens
        text: Sex gånger per år, varav ett heldagsmöte.
""",
    """sections:
  - id: uppdragsbeskrivning
    blocks:
      - id: uppgifter
        items:
          - id: egen-uppgift
            after: styrning
            text: Följa upp väntetider inom området och rapportera dem två gånger per år.
""",
    """revisions:
  "2026":
    beslut:
      datum: 2026-09-01
""",
]


def make(target: Path, councils: int, seed: int = 2026) -> Path:
    """A copy of the project's bases and templates with `councils` generated council files."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "councils" / "bases", target / "councils" / "bases")
    shutil.copytree(ROOT / "templates", target / "templates")
    shutil.copy(ROOT / "councils" / "utveckling.yaml", target / "councils" / "utveckling.yaml")
    chance = random.Random(seed)
    for number in range(councils - 1):
        revision = "2026" if chance.random() < 0.8 else "2024"
        overlay = chance.choice(OVERLAYS) if revision == "2026" else ""
        text = f'name: område {number}\nbase: samordningsrad\nrevision: "{revision}"\n{overlay}'
        (target / "councils" / f"rad-{number:04d}.yaml").write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--councils", type=int, default=500)
    args = parser.parse_args()
    print(make(args.folder, args.councils))
