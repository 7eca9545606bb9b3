"""The build manifest: what each output was made from, so unchanged outputs are left alone.

`out/.uppdrag-manifest.json` records, per council, the content hash of every input (the council
file and each base in its chain), of the templates of each format, of each output, and the facts
the index needs. Paths are relative and keys sorted, so the manifest can be committed with out/.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uppdrag import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

NAME = ".uppdrag-manifest.json"


@lru_cache(maxsize=1)
def engine_version() -> str:
    """uppdrag's version and a hash of its own code: a changed renderer makes every output stale."""
    from uppdrag.fingerprint import code_hash

    return f"{__version__}+{code_hash()[:12]}"


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def bytes_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def templates_hash(templates: Path, fmt: str) -> str:
    """One hash over every file of a format's templates (names and contents)."""
    from uppdrag.fingerprint import hash_files
    from uppdrag.render.formats import get

    folder = templates / get(fmt).templates
    return hash_files(folder.rglob("*"), folder)


@dataclass
class Entry:
    """One council's record."""

    inputs: dict[str, str]  # path relative to the project → sha256
    templates: dict[str, str]  # format → templates hash
    outputs: dict[str, dict[str, str]]  # format → {"file": name, "sha256": …}
    meta: dict[str, str]  # title, kind, revision, datum, diarienummer, status

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "templates": self.templates,
            "outputs": self.outputs,
            "meta": self.meta,
        }


@dataclass
class Manifest:
    version: str = ""
    councils: dict[str, Entry] = field(default_factory=dict)
    index: str = ""  # sha256 of out/README.md as last written

    @classmethod
    def read(cls, out: Path) -> Manifest:
        """The manifest in `out`, or an empty one (missing, unreadable or from another version)."""
        try:
            data = json.loads((out / NAME).read_text(encoding="utf-8"))
            councils = {slug: _entry(slug, entry) for slug, entry in data["councils"].items()}
            return cls(str(data["uppdrag"]), councils, str(data.get("index", "")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()  # a corrupt or hand-edited manifest: everything is rebuilt, nothing deleted

    def dumps(self) -> str:
        """JSON with one council per line: quick to write, and a change shows as one line in git."""

        def compact(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

        entries = ",\n".join(
            f"  {compact(s)}: {compact(e.to_json())}" for s, e in sorted(self.councils.items())
        )
        head = f'{{"uppdrag": {compact(self.version)}, "index": {compact(self.index)}, "councils": {{\n'
        return head + entries + "\n}}\n"


def held_formats(out: Path) -> list[str]:
    """The formats out/ holds, as its manifest records them (in the registry's order); none
    without a manifest. A plain `build` or `build --check` works on these."""
    from uppdrag.render.formats import FORMATS

    held = {fmt for entry in Manifest.read(out).councils.values() for fmt in entry.outputs}
    return [fmt for fmt in FORMATS if fmt in held]


def _plain(name: Any) -> bool:
    """A path inside out/ as uppdrag writes it (`urologi.md`, `html/urologi.html`): relative, no
    `..`, no hidden part, no backslash."""
    if not isinstance(name, str) or not name or "\\" in name or name.startswith("/"):
        return False
    return all(part and not part.startswith(".") for part in name.split("/"))


def _entry(slug: str, data: Any) -> Entry:
    """One council's record, checked: a manifest is data anyone can edit, never a list of paths to
    delete or read outside the project."""
    entry = Entry(**data)
    inputs_ok = all(
        isinstance(k, str) and isinstance(v, str) and ".." not in Path(k).parts and not Path(k).is_absolute()
        for k, v in entry.inputs.items()
    )
    outputs_ok = all(
        isinstance(o, dict) and _plain(o.get("file")) and isinstance(o.get("sha256"), str)
        for o in entry.outputs.values()
    )
    shapes_ok = isinstance(entry.templates, dict) and isinstance(entry.meta, dict)
    if not (_plain(slug) and inputs_ok and outputs_ok and shapes_ok):
        raise ValueError(f"manifest entry {slug!r} is not as uppdrag writes it")
    return entry


def stale_reasons(
    entry: Entry | None,
    root: Path,
    out: Path,
    formats: list[str],
    template_hashes: dict[str, str],
    seen: dict[str, str | None] | None = None,
    hasher: Callable[[Path], str | None] = file_hash,
) -> list[str]:
    """Why a council's outputs must be remade (empty when they are fresh), uppdrag itself unchanged.

    `seen` remembers input hashes across councils: hundreds of them share the same few bases;
    `hasher` hashes a file (a `StatCache` reads only files whose stat changed).
    """
    if entry is None:
        return ["never built"]
    seen = {} if seen is None else seen
    for name in entry.inputs:
        if name not in seen:
            seen[name] = hasher(root / name)
    changed = [name for name, digest in entry.inputs.items() if seen[name] != digest]
    if changed:
        return [f"{name} changed" for name in changed]
    reasons = []
    for fmt in formats:
        output = entry.outputs.get(fmt)
        if output is None or entry.templates.get(fmt) != template_hashes[fmt]:
            reasons.append(f"{fmt}: {'templates changed' if output else 'not built'}")
        elif hasher(out / output["file"]) != output["sha256"]:
            reasons.append(f"{output['file']} missing or edited")
    return reasons
