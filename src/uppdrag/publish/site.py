"""The register as a static site: `uppdrag build -f html` → out/html/.

out/html/<slug>.html is each council's page (written by the build like any format, given
`council_page` by publish/register.py); this module adds what spans councils: `index.html` (the
förteckning, with a filter over `register.json`, which it also carries inline so it works from a
file), and `historik/<slug>-<revision>.html`, one page per revision a council has been on with the redline
against the one before, and with `build --git` `historik/<slug>/<tag>.html` per published version
(publish/gitlog.py). A council's history is remade only when its file, a base, a layout or its git
versions (tags and commit ids) changed (`.uppdrag-site.json` keeps the hashes), and a page is
written only when its bytes differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uppdrag.build.manifest import bytes_hash, engine_version, file_hash
from uppdrag.build.statcache import StatCache
from uppdrag.publish.history import HISTORY, GitStep, Step, key_digest, steps
from uppdrag.publish.historypages import history_page, history_pages
from uppdrag.publish.pages import SITE, site_page, timeline
from uppdrag.publish.public import STATEMENT, Facts, public_pages, register_facts
from uppdrag.publish.sitekeys import SPANNING, STATE, SiteKeys, SiteState, page_names, site_check

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from uppdrag.build.manifest import Manifest
    from uppdrag.publish.history import GitHistory, Link
    from uppdrag.source.project import Project

FILES = ("html", "docx", "pdf")


def rows(manifest: Manifest, links: Mapping[str, Sequence[Link]]) -> list[dict[str, Any]]:
    """One row of the register per council built as HTML, with links to its files."""
    found = []
    for slug, entry in sorted(manifest.councils.items()):
        if SITE not in entry.outputs:
            continue
        files = {fmt: _link(entry.outputs[fmt]["file"]) for fmt in FILES if fmt in entry.outputs}
        meta = {key: entry.meta.get(key, "") for key in ("title", "kind", "ansvarsomrade")}
        meta |= {key: entry.meta.get(key, "") for key in ("revision", "datum", "diarienummer", "status")}
        meta |= {"upphor": entry.meta["upphor"]} if "upphor" in entry.meta else {}
        dated = timeline(links.get(slug, ()))  # with --git: the versions, decided and in force
        found.append({"slug": slug, **meta, "files": files, **({"timeline": dated} if dated else {})})
    return found


def _link(file: str) -> str:
    """A file of out/ as linked from out/html/."""
    return file.removeprefix(f"{SITE}/") if file.startswith(f"{SITE}/") else f"../{file}"


def index_pages(
    project: Project,
    manifest: Manifest,
    links: Mapping[str, Sequence[Link]] | None = None,
    statement: str | None = None,
) -> dict[str, bytes]:
    """index.html (linking the accessibility statement when there is one) and register.json (with
    `links`, each council's git versions: its timeline)."""
    found = rows(manifest, links or {})
    data = json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1)
    inline = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = site_page(project, "_index.html.j2", {"rows": found, "data": inline, "statement": statement})
    return {"index.html": page, "register.json": (data + "\n").encode()}


def public(
    project: Project,
    manifest: Manifest,
    folder: Path,
    write: dict[str, bytes],
    facts: Facts | None,
    gone: set[str],
    jobs: int,
    keys: SiteKeys,
) -> dict[str, bytes]:
    """The accessibility statement and the data catalogue (publish/public.py), from every page the
    site will hold: those about to be written, the others as they are in out/html/ (but not `gone`,
    and no symbolic link: nothing is read through one, it could lead out of the project). A page
    on disk is known by its stat-cached hash (`keys`) and read only when its findings are not
    kept (publish/audited.py); the pages not seen before are checked on up to `jobs` processes."""
    from uppdrag.publish.audited import SitePages

    names = set(page_names(folder)) if folder.is_dir() else set()
    names |= {name for name in write if name.endswith(".html")}
    digests = {}
    for name in sorted(names - gone - {STATEMENT}):
        path = f"{folder}/{name}"
        digest = bytes_hash(write[name]) if name in write else keys.file(path)
        if digest is not None:  # else gone since it was listed, or no regular file
            digests[name] = digest

    def read(name: str) -> bytes:
        return write[name] if name in write else (folder / name).read_bytes()

    found = rows(manifest, {})
    return public_pages(project, found, SitePages(digests, read), linked_pdfs(folder, found), facts, jobs)


def linked_pdfs(folder: Path, found: list[dict[str, Any]]) -> dict[str, bytes]:
    """The PDFs the register's rows link, by link, as out/ holds them (a link leading out of
    out/, through a symbolic link, or to no file is left out: nothing is claimed of it)."""
    out = folder.parent.resolve()
    pdfs: dict[str, bytes] = {}
    for row in found:
        href = row["files"].get("pdf")
        path = folder / href if href else None
        if path is None or path.is_symlink() or not path.is_file():
            continue
        if path.resolve().is_relative_to(out):
            pdfs[href] = path.read_bytes()
    return pdfs


@dataclass
class SitePlan:
    """The site's files that must be (re)written, those to remove, and the new state."""

    write: dict[str, bytes]
    stale: list[str]
    remove: list[str]
    state: SiteState
    broken: bool = False  # the old state was discarded
    same: bool = False  # nothing to write, and the state as it was read


def plan(
    project: Project,
    out: Path,
    manifest: Manifest,
    git: GitHistory | None,
    render: bool = True,
    jobs: int = 1,
) -> SitePlan:
    """Compare the site in out/html/ with what the councils make; `render=False` only finds what is
    stale. `jobs`: processes for the history pages (publish/historypages.py).

    `git`: the councils' versions from the tags (`build --git`), None without.
    """
    folder = out / SITE
    salt, stats = engine_version(), StatCache(folder)
    identity = manifest.identity if render and git is None else None
    check = site_check(project, folder, salt, identity) if identity else ""
    if check and stats.holds("site", check, {}):  # as found by a build here: same pages, same inputs
        stats.save()
        return SitePlan({}, [], [], SiteState(), same=True)
    keys = SiteKeys(project, folder, salt, stats)
    result = _compare(project, folder, manifest, git, render, keys, jobs)
    if render:
        if check and result.same and keys.file(folder / STATE) is not None:  # the next no-op only stats
            # the files the build's own check looked at (the pages, the council files) are vouched
            # for by `identity` already: statted once, not twice
            names = stats.seen.difference(manifest.vouched)
            stats.vouch("site", check, {}, names, {str(folder / STATE): result.state.sha})
        keys.save()
    return result


def _compare(
    project: Project,
    folder: Path,
    manifest: Manifest,
    git: GitHistory | None,
    render: bool,
    keys: SiteKeys,
    jobs: int,
) -> SitePlan:
    """`plan` without a check to rely on: every council's key and pages, then the spanning pages'."""
    old, new = SiteState.read(folder), SiteState()
    write: dict[str, bytes] = {}
    stale: list[str] = []
    todo: dict[str, list[Step | GitStep]] = {}  # the councils whose pages are to be made
    links = git.links() if git else {}
    for slug in sorted(manifest.councils):
        key = keys.council(slug, key_digest(git, slug)) if SITE in manifest.councils[slug].outputs else None
        if key is None:  # not built as HTML, or its file is gone
            continue
        before = old.councils.get(slug, {})
        kept = before.get("files", {})
        if before.get("key") == key and all(keys.file(f"{folder}/{name}") == h for name, h in kept.items()):
            new.councils[slug] = before  # the same key: the same steps, and every page as written
            continue
        made: list[Step | GitStep] = [*steps(project, slug), *(git.of(slug) if git else [])]
        files = {s.file: "" for s in made}  # each page's hash once it is made (below)
        stale += list(files)
        todo[slug] = made
        new.councils[slug] = {"key": key, "files": files}
    if render:
        base_steps = {slug: [s for s in made if isinstance(s, Step)] for slug, made in todo.items()}
        revisions = history_pages(project, base_steps, links, jobs)  # on the workers when many
        for slug, made in todo.items():
            for step in made:
                versions = links.get(slug, ())
                page = history_page(project, step, versions) if step.git else revisions[slug][step.file]
                write[step.file] = page
                new.councils[slug]["files"][step.file] = bytes_hash(page)
    wanted = {name for entry in new.councils.values() for name in entry["files"]}
    recorded = {n: h for e in old.councils.values() for n, h in e["files"].items()}
    remove = sorted(n for n in set(recorded) - wanted if _removable(folder, n, recorded[n]))
    found = rows(manifest, links)
    pdfs = sorted(
        (row["files"]["pdf"], keys.file(folder / row["files"]["pdf"]))
        for row in found
        if "pdf" in row["files"]
    )
    council_keys = sorted((slug, entry["key"]) for slug, entry in new.councils.items())
    kept = old.site.get("files", {})
    pages = keys.pages(SPANNING | set(kept) | set(remove), write)  # not the pages made from them
    key = keys.site([found, pages, pdfs, council_keys])
    if old.site.get("key") == key and all(keys.file(folder / name) == h for name, h in kept.items()):
        new.site = old.site  # the index, the statement and the catalogue as they were written
    else:
        spanning = _spanning(project, manifest, folder, write, links, set(remove), jobs, keys)
        for name, content in spanning.items():
            if file_hash(folder / name) != bytes_hash(content):
                write[name], stale = content, [*stale, name]
        new.site = {"key": key, "files": {name: bytes_hash(content) for name, content in spanning.items()}}
    same = not (write or remove or old.broken) and new.councils == old.councils and new.site == old.site
    new.sha = old.sha if same else ""  # the bytes of the state file, when they still say it all
    return SitePlan(write, stale, remove, new, old.broken, same)


def _spanning(
    project: Project,
    manifest: Manifest,
    folder: Path,
    write: dict[str, bytes],
    links: Mapping[str, Sequence[Link]],
    gone: set[str],
    jobs: int,
    keys: SiteKeys,
) -> dict[str, bytes]:
    """The pages spanning councils: the index and register.json, then the statement and the
    catalogue made from every page the site will hold."""
    facts = register_facts(project, [row["slug"] for row in rows(manifest, {})])
    made = index_pages(project, manifest, links, STATEMENT if facts else None)
    return made | public(project, manifest, folder, write | made, facts, gone, jobs, keys)


def _removable(folder: Path, name: str, digest: str) -> bool:
    """A history page no longer made: deleted only inside out/html/ (no linked folder on the
    way) and only while it is as uppdrag wrote it."""
    from uppdrag.confine import output_path
    from uppdrag.errors import WriteError

    try:
        path = output_path(folder, name)
    except WriteError:
        return False
    return path.is_symlink() or (path.exists() and file_hash(path) == digest)


def update_site(
    project: Project, out: Path, manifest: Manifest, git: GitHistory | None, jobs: int = 1
) -> tuple[list[Path], bool]:
    """Bring out/html/ up to date (the history pages on up to `jobs` processes); returns the pages
    removed, and whether the old state was broken (and so discarded)."""
    from uppdrag.confine import output_path
    from uppdrag.write import write_atomic

    folder = output_path(out, f"{SITE}/index.html").parent  # out/html/ itself no link
    result = plan(project, out, manifest, git, jobs=jobs)
    for name, content in result.write.items():
        path = output_path(folder, name)
        if path.is_symlink() or file_hash(path) != bytes_hash(content):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, content)
    for name in result.remove:
        (folder / name).unlink()
        if (folder / name).parent.name not in (HISTORY, SITE) and not any((folder / name).parent.iterdir()):
            (folder / name).parent.rmdir()  # a council's folder of git versions, now empty
    state = b"" if result.same else result.state.dumps()  # as it was: not serialised again
    if not result.same and file_hash(folder / STATE) != bytes_hash(state):
        write_atomic(folder / STATE, state)
    return [folder / name for name in result.remove], result.broken


def check_site(project: Project, out: Path, manifest: Manifest, git: GitHistory | None) -> list[str]:
    """One line per page of out/html/ that a build would write or remove."""
    folder = out / SITE
    result = plan(project, out, manifest, git, render=False)
    from uppdrag.i18n import _

    stale, gone = _("{path}: stale"), _("{path}: no longer made")
    lines = [stale.format(path=folder / name) for name in result.stale]
    return lines + [gone.format(path=folder / name) for name in result.remove]
