"""The accessibility checks' findings kept in the private cache by each page's bytes.

The statement is made from every page of the site, so any change (one council edited) had every
page parsed again. A page's findings depend only on its bytes and uppdrag's code: they are kept,
for the pages the site holds now and no others, in one HMAC-sealed file per project folder in the
user's cache (`uppdrag.cachedir`, as the kept charters), and only the pages not seen before are
parsed. Nothing of it is in out/: a pull request cannot say what a page was found to be. A file
that does not unseal, is too large or is not of the shape written is ignored (the pages are
parsed).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeGuard

from uppdrag.publish.a11y import page_failures, results

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from uppdrag.publish.a11y import Result

FORMAT = 1  # what a file holds; raised when that changes
PAGES_A_WORKER = 50  # pages to parse for each worker started: fewer are parsed here
MAX_FILE = 64_000_000  # bytes of a kept file read back (a site of a few thousand pages is ≈ 1 MB)


@dataclass(frozen=True)
class SitePages:
    """The site's pages by name: each one's sha256 (a page on disk by its stat, build/statcache.py)
    and how to read it, which is done only for a page whose findings are not kept."""

    digests: dict[str, str]
    read: Callable[[str], bytes]


def audited(root: Path, pages: SitePages, jobs: int = 1) -> list[Result]:
    """`a11y.audit` of the site's pages, reading and parsing only those whose findings are not
    kept (on up to `jobs` processes when there are many). A page that cannot be read is left out."""
    from uppdrag.cachedir import cache_folder

    digests = dict(pages.digests)
    folder = cache_folder("audit")
    path = folder / _file_name(root) if folder is not None else None
    known = _read(path) if path is not None else {}
    findings = {digest: known[digest] for digest in digests.values() if digest in known}
    unseen: dict[str, bytes] = {}
    for name, digest in list(digests.items()):
        if digest in findings:
            continue
        try:
            content = pages.read(name)
        except OSError:  # gone since it was listed
            del digests[name]
            continue
        digests[name] = hashlib.sha256(content).hexdigest()  # the bytes parsed, whatever the stat said
        unseen[digests[name]] = content
    findings |= _parsed(unseen, jobs)
    current = {digest: findings[digest] for digest in set(digests.values())}  # the site's pages only
    if path is not None and current != known:
        _write(path, current)
    return results({name: findings[digest] for name, digest in digests.items()})


def _parsed(pages: dict[str, bytes], jobs: int) -> dict[str, dict[str, str]]:
    """Each page's failures by its digest (digest → bytes), on the workers when there are many."""
    from uppdrag.build.council import chunks
    from uppdrag.build.workers import run_parallel, workers_for

    workers = workers_for(jobs, len(pages) // PAGES_A_WORKER)
    if workers == 1:
        return _failures(list(pages.items()))
    found: dict[str, dict[str, str]] = {}
    tasks = [([(digest, pages[digest]) for digest in chunk],) for chunk in chunks(list(pages), workers)]
    run_parallel(_failures, tasks, min(workers, len(tasks)), found.update)
    return found


def _failures(pages: list[tuple[str, bytes]]) -> dict[str, dict[str, str]]:
    return {digest: page_failures(content) for digest, content in pages}


def _file_name(root: Path) -> str:
    from uppdrag.fingerprint import code_hash

    text = f"{FORMAT}\0{code_hash()}\0{root}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest() + ".audit"


def _read(path: Path) -> dict[str, dict[str, str]]:
    from uppdrag.cachedir import read_sealed, used

    data = read_sealed(path, MAX_FILE)
    try:
        found: object = json.loads(data) if data is not None else None
    except ValueError:
        return {}
    if not _shaped(found):
        return {}
    used(path)
    return found


def _shaped(found: object) -> TypeGuard[dict[str, dict[str, str]]]:
    """Whether `found` is what `_write` writes: digest → {check id: what was found}."""
    return isinstance(found, dict) and all(
        isinstance(digest, str)
        and isinstance(failed, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in failed.items())
        for digest, failed in found.items()
    )


def _write(path: Path, findings: dict[str, dict[str, str]]) -> None:
    from uppdrag.cachedir import write_sealed

    write_sealed(path, json.dumps(findings, sort_keys=True).encode(), "*.audit", MAX_FILE)
