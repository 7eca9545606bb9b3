"""What the register's pages are made from, as keys a no-op build checks by stats alone.

A council's history pages are made from its file, every base and the html and diff layouts;
the pages that span councils (index.html, register.json, the accessibility statement and the
data catalogue) from the register's rows, those inputs, every other page of the site and the
PDFs it links. Each key is a sha256 over the hashes of those files, taken through a stat cache
of the site folder (build/statcache.py: a file is read only when its stat moved), so a build
that changed nothing renders no page, loads no charter and imports no Jinja2.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uppdrag.build.manifest import engine_version
from uppdrag.build.statcache import StatCache
from uppdrag.confine import plain_name
from uppdrag.publish.history import HISTORY
from uppdrag.publish.pages import SITE
from uppdrag.publish.public import STATEMENT

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from collections.abc import Set as AbstractSet
    from pathlib import Path

    from uppdrag.publish.history import Link
    from uppdrag.source.project import Project

LAYOUTS = ("html", "diff")  # the template folders the site's own pages are made with
STATE = ".uppdrag-site.json"
SPANNING = frozenset({"index.html", STATEMENT})  # pages made from every page (with those the state names)


class SiteKeys:
    """The keys of one build of the site in `folder`; `save` keeps the stats for the next build."""

    def __init__(self, project: Project, folder: Path, salt: str, stats: StatCache | None = None) -> None:
        self.project, self.folder = project, folder
        self.stats = StatCache(folder) if stats is None else stats
        self._looked: dict[str, str | None] = {}
        named = sorted(
            (p.relative_to(project.root).as_posix(), self.stats.hash(p)) for p in shared_files(project)
        )
        self.shared = _digest([salt, [(name, digest) for name, digest in named if digest is not None]])

    def file(self, path: Path | str) -> str | None:
        """A file's sha256 (None when it is no regular file), read only when its stat changed;
        looked at once a build (the keys and the statement ask for the same pages)."""
        name = str(path)
        if name not in self._looked:
            self._looked[name] = self.stats.hash(name)
        return self._looked[name]

    def council(self, slug: str, salt: str) -> str | None:
        """The key of a council's history pages (None when its file is gone)."""
        digest = self.file(f"{self.project.councils_dir}/{slug}.yaml")
        return None if digest is None else _hash(f"{self.shared}\0{salt}\0{digest}".encode())

    def pages(self, skip: AbstractSet[str], written: dict[str, bytes]) -> list[tuple[str, str]]:
        """Every .html page of the site by name with its hash (pages about to be `written` by
        their new bytes; not the ones in `skip`), found without following folder links."""
        found = {name: _hash(content) for name, content in written.items() if name.endswith(".html")}
        top = str(self.folder)
        for relative in page_names(self.folder):
            if relative not in found:
                digest = self.file(f"{top}/{relative}")
                if digest is not None:
                    found[relative] = digest
        return sorted((name, digest) for name, digest in found.items() if name not in skip)

    def site(self, parts: list[Any]) -> str:
        """The key of the pages that span councils, over `parts` (rows, pages, PDFs, council keys)."""
        return _digest([self.shared, *parts])

    def save(self) -> None:
        self.stats.save()


def shared_files(project: Project) -> list[Path]:
    """What every page of the site is made from: the bases and the html and diff layouts."""
    files = [*project.bases_dir.rglob("*.yaml")]
    files += [p for name in LAYOUTS for p in (project.templates_dir / name).rglob("*")]
    return [p for p in files if not p.is_dir()]  # a folder has no hash: never part of a key


def page_names(folder: Path) -> list[str]:
    """Every .html page under `folder` by relative name, found without following links: a
    symbolic link (to a file or a folder) is no page of the site, since what it leads to may lie
    outside the project (and without a stat: the kind of each entry comes with the listing)."""
    found: list[str] = []
    places = [(str(folder), "")]
    while places:
        place, prefix = places.pop()
        try:
            entries = list(os.scandir(place))
        except OSError:  # as os.walk: a folder that cannot be listed holds no pages
            continue
        for entry in entries:
            name = f"{prefix}{entry.name}"
            if entry.is_symlink():
                continue
            if entry.is_dir():
                places.append((entry.path, f"{name}/"))
            elif entry.name.endswith(".html"):
                found.append(name)
    return found


def site_check(project: Project, folder: Path, salt: str, identity: str) -> str:
    """The key a no-op of the site vouches under (build/statcache.py): this uppdrag, the manifest
    as the build vouched for it (`identity`), and which pages and shared inputs there are; the
    contents of those are the files vouched for."""
    shared = sorted(p.relative_to(project.root).as_posix() for p in shared_files(project))
    return _digest(["site", salt, identity, sorted(page_names(folder)), shared])


def relinked_check(salt: str, slugs: list[str]) -> str:
    """The key `relinked` vouches under when it found no council relinked (without git versions):
    then only the state file can change that."""
    return _digest(["relinked", salt, slugs])


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _digest(parts: list[Any]) -> str:
    return _hash(json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


@dataclass
class SiteState:
    """What the site was made from: per council, a key over its inputs and its history pages."""

    councils: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug → {key, files}
    site: dict[str, Any] = field(default_factory=dict)  # the pages spanning councils: {key, files}
    broken: bool = False  # there was one, but not as uppdrag writes it: discarded
    sha: str = field(default="", compare=False)  # of the file as read (a check vouches for those bytes)

    @classmethod
    def read(cls, folder: Path) -> SiteState:
        """The state in `folder`; empty when missing, and `broken` when not as uppdrag writes it
        (too large or deep, or naming a file that is no history page: never a list to delete)."""
        from uppdrag.confine import read_state_hashed

        data, sha = read_state_hashed(folder / STATE)
        if data is None:
            return cls()
        councils = data.get("councils") if isinstance(data, dict) else None
        if not isinstance(councils, dict) or not all(_council_state(s, c) for s, c in councils.items()):
            return cls(broken=True)
        site = data.get("site", {})
        return cls(councils, site, sha=sha) if _site_state(site) else cls(broken=True)

    def dumps(self) -> bytes:
        state = {"councils": self.councils, **({"site": self.site} if self.site else {})}
        return (json.dumps(state, sort_keys=True, indent=1) + "\n").encode()


def _site_state(state: object) -> bool:
    """The record of the pages spanning councils as uppdrag writes it (or none yet)."""
    if state == {}:
        return True
    if not isinstance(state, dict) or set(state) != {"key", "files"} or not isinstance(state["key"], str):
        return False
    files = state["files"]
    return isinstance(files, dict) and all(
        plain_name(n) and not n.startswith(f"{HISTORY}/") and isinstance(h, str) for n, h in files.items()
    )


def _council_state(slug: object, state: object) -> bool:
    """One council's record as uppdrag writes it: a key and history pages with their hashes."""
    if not isinstance(slug, str) or not isinstance(state, dict) or set(state) != {"key", "files"}:
        return False
    files = state["files"]
    return (
        isinstance(state["key"], str)
        and isinstance(files, dict)
        and all(_history_page(name) and isinstance(digest, str) for name, digest in files.items())
    )


def _history_page(name: str) -> bool:
    return plain_name(name) and name.startswith(f"{HISTORY}/") and name.endswith(".html")


def relinked(out: Path, slugs: list[str], links: Mapping[str, Sequence[Link]]) -> list[str]:
    """Councils whose page links other git versions than the site holds (a new tag, or --git given or not)."""
    folder = out / SITE
    stats, check = StatCache(folder), relinked_check(engine_version(), slugs) if not links else ""
    if check and stats.holds("relinked", check, {}):  # the state file as when no council was found relinked
        return []
    old = SiteState.read(folder)
    found = []
    for slug in slugs:
        had = {name for name in old.councils.get(slug, {}).get("files", {}) if name.count("/") > 1}
        if had != {s.file for s in links.get(slug, ())}:
            found.append(slug)
    state = str(folder / STATE)
    if check and not (found or old.broken) and stats.hash(state) is not None:
        stats.vouch("relinked", check, {}, [state], {state: old.sha})
        stats.save()
    return found
