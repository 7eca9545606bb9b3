"""The build manifest: what each output was made from, so unchanged outputs are left alone.

`out/.uppdrag-manifest.json` records, per council, the content hash of every input (the council
file and each base in its chain), of the templates of each format, of each output, and the facts
the index needs. Paths are relative and keys sorted, so the manifest can be committed with out/.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from uppdrag import __version__
from uppdrag.build.statcache import file_hash as file_hash  # here too: every record's hash

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

NAME = ".uppdrag-manifest.json"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # as source.project.SLUG, matched whole


@lru_cache(maxsize=1)
def engine_version() -> str:
    """uppdrag's version and a hash of its own code: a changed renderer makes every output stale."""
    from uppdrag.fingerprint import code_hash

    return f"{__version__}+{code_hash()[:12]}"


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
    broken: bool = False  # there was one, but not as uppdrag writes it: discarded
    # Set when a build found this very manifest and out/ fresh and vouched for it (build/statcache.py):
    # what a later stage (the register) may key its own no-op on instead of the entries.
    identity: str | None = field(default=None, compare=False)
    vouched: list[str] = field(default_factory=list, compare=False)  # the files that check looked at
    sha: str = field(default="", compare=False)  # of the file as read (a check vouches for those bytes)

    @classmethod
    def later(cls, out: Path, identity: str, vouched: list[str]) -> Manifest:
        """The manifest in `out`, read only when an entry or field is first asked for: a build that
        found out/ as it vouched for needs none of them."""
        return _Later(out, identity, vouched)

    @classmethod
    def read(cls, out: Path) -> Manifest:
        """The manifest in `out`, or an empty one (missing, unreadable, too large or deep, or with
        an entry not as uppdrag writes it: `broken`, so everything is rebuilt and nothing deleted)."""
        from uppdrag.confine import BROKEN, read_state_hashed

        data, sha = read_state_hashed(out / NAME)
        if data is None:
            return cls()
        try:
            if data is BROKEN:
                raise ValueError(NAME)
            plain: set[str] = set()  # the names found plain already: councils share their bases
            councils = {slug: _entry(slug, entry, plain) for slug, entry in data["councils"].items()}
            index = data.get("index", "")
            if not isinstance(data["uppdrag"], str) or not isinstance(index, str):
                raise ValueError(NAME)
            return cls(data["uppdrag"], councils, index, sha=sha)
        except (ValueError, KeyError, TypeError, AttributeError):
            return cls(broken=True)

    def dumps(self) -> str:
        """JSON with one council per line: quick to write, and a change shows as one line in git."""

        def compact(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

        entries = ",\n".join(
            f"  {compact(s)}: {compact(e.to_json())}" for s, e in sorted(self.councils.items())
        )
        head = f'{{"uppdrag": {compact(self.version)}, "index": {compact(self.index)}, "councils": {{\n'
        return head + entries + "\n}}\n"


class _Later(Manifest):
    """`Manifest.later`: the fields are read from the file on first use."""

    def __init__(self, out: Path, identity: str, vouched: list[str]) -> None:  # fields: see __getattr__
        self._out = out
        self.identity, self.vouched = identity, vouched

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet: the fields
        if name.startswith("_"):
            raise AttributeError(name)
        read = Manifest.read(self._out)
        self.version, self.councils, self.index = read.version, read.councils, read.index
        self.broken, self.sha = read.broken, read.sha
        return getattr(self, name)


def held_formats(out: Path) -> list[str]:
    """The formats out/ holds, as its manifest records them (in the registry's order); none
    without a manifest. A plain `build` or `build --check` works on these."""
    from uppdrag.build.statcache import StatCache
    from uppdrag.render.formats import FORMATS

    stats, name = StatCache(out), str(out / NAME)  # the manifest as last found: the formats it held
    check = stats.holds("held", name, {})
    if check is not None:
        return [fmt for fmt in FORMATS if fmt in check["parts"]]
    manifest = Manifest.read(out)
    held = {fmt for entry in manifest.councils.values() for fmt in entry.outputs}
    if manifest.sha and stats.hash(name) is not None:
        stats.vouch("held", name, dict.fromkeys(held, ""), [name], {name: manifest.sha})
        stats.save()
    return [fmt for fmt in FORMATS if fmt in held]


def _strings(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _plain_names(names: dict[str, str], known: set[str]) -> bool:
    """Whether every name is plain (`confine.plain_name`); those found so are added to `known`."""
    from uppdrag.confine import plain_name

    for name in names:
        if name not in known:
            if not plain_name(name):
                return False
            known.add(name)
    return True


def _entry(slug: str, data: Any, plain: set[str] | None = None) -> Entry:
    """One council's record, checked: a manifest is data anyone can edit, never a list of paths to
    delete or read outside the project. `plain`: input names already found plain (and added to)."""
    from uppdrag.confine import plain_name

    entry = Entry(**data)
    inputs_ok = _strings(entry.inputs) and _plain_names(entry.inputs, set() if plain is None else plain)
    outputs_ok = isinstance(entry.outputs, dict) and all(
        _strings(o) and plain_name(o.get("file")) and _output_of(o["file"], slug)
        for o in entry.outputs.values()
    )
    shapes_ok = _strings(entry.templates) and _strings(entry.meta)
    if not (SLUG.fullmatch(slug) and inputs_ok and outputs_ok and shapes_ok):
        raise ValueError(f"manifest entry {slug!r} is not as uppdrag writes it")
    return entry


def _output_of(file: str, slug: str) -> bool:
    """Whether an output's file is the council's: its name up to the first dot is the slug (strings
    only: a no-op build checks thousands of entries)."""
    name = file.rpartition("/")[2]
    return name.partition(".")[0] == slug and name != slug


def read_entries(path: Path, slugs: list[str]) -> tuple[str, dict[str, Entry]]:
    """The manifest's uppdrag version and the entries of `slugs` only, each checked as `read`
    checks it (those missing or not as uppdrag writes them left out); ("", {}) without one."""
    from uppdrag.confine import read_state

    data = read_state(path)
    version = data.get("uppdrag") if isinstance(data, dict) else None
    councils = data.get("councils") if isinstance(data, dict) else None
    if not isinstance(version, str) or not isinstance(councils, dict):
        return "", {}
    entries = {}
    for slug in slugs:
        try:
            entries[slug] = _entry(slug, councils[slug])
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return version, entries


def stale_reasons(
    entry: Entry | None,
    root: Path,
    out: Path,
    formats: list[str],
    template_hashes: dict[str, str],
    seen: dict[str, str | None] | None = None,
    hasher: Callable[[str], str | None] = file_hash,
    made: dict[str, str] | None = None,
) -> list[str]:
    """Why a council's outputs must be remade (empty when they are fresh), uppdrag itself unchanged.

    `seen` remembers input hashes across councils: hundreds of them share the same few bases;
    `hasher` hashes a file (a `StatCache` reads only files whose stat changed). Paths are joined
    as strings (as `str(root / name)` gives them): a no-op build makes no Path per entry. `made`:
    the outputs builds here wrote (build/made.py); one that only the manifest vouches for (it
    came with a checkout, perhaps a stranger's) is made again.
    """
    if entry is None:
        return ["never built"]
    seen = {} if seen is None else seen
    for name in entry.inputs:
        if name not in seen:
            seen[name] = hasher(f"{root}/{name}")
    changed = [name for name, digest in entry.inputs.items() if seen[name] != digest]
    if changed:
        return [f"{name} changed" for name in changed]
    reasons = []
    for fmt in formats:
        output = entry.outputs.get(fmt)
        if output is None or entry.templates.get(fmt) != template_hashes[fmt]:
            reasons.append(f"{fmt}: {'templates changed' if output else 'not built'}")
        elif hasher(f"{out}/{output['file']}") != output["sha256"]:
            reasons.append(f"{output['file']} missing or edited")
        elif made is not None and made.get(output["file"]) != output["sha256"]:
            reasons.append(f"{output['file']} not made by a build here")
    return reasons
