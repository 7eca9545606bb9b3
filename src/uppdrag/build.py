"""`uppdrag build`: every council in every format into out/, remaking only what changed."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .charters import load_charter
from .errors import Diagnostic, UppdragError, UsageError
from .formats import render_format
from .manifest import NAME, Entry, Manifest, bytes_hash, file_hash, stale_reasons, templates_hash
from .project import Project
from .write import write_atomic

PARALLEL_FROM = 8  # below this many councils, starting processes costs more than it saves


@dataclass(frozen=True)
class Built:
    """One council's result: its manifest entry, or what stopped it."""

    slug: str
    entry: Entry | None = None
    errors: tuple[Diagnostic, ...] = ()
    written: tuple[Path, ...] = ()


@dataclass
class Report:
    built: list[Built] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    index_written: bool = False

    @property
    def failed(self) -> list[Built]:
        return [b for b in self.built if b.errors]


def _relative(path: Path, root: Path) -> str:
    return path.resolve().relative_to(root.resolve()).as_posix()


def build_one(project: Project, slug: str, formats: list[str], out: Path, hashes: dict[str, str]) -> Built:
    """Render one council; write only the files whose bytes differ from what is there."""
    try:
        loaded = load_charter(project, slug)
        rendered = {fmt: render_format(fmt, loaded.charter, project) for fmt in formats}
    except UppdragError as exc:
        return Built(slug, errors=tuple(exc.diagnostics))
    written, outputs = [], {}
    for fmt, content in rendered.items():
        path = out / f"{slug}.{fmt}"
        digest = bytes_hash(content)
        if file_hash(path) != digest:
            write_atomic(path, content)
            written.append(path)
        outputs[fmt] = {"file": path.name, "sha256": digest}
    c = loaded.charter
    entry = Entry(
        inputs={_relative(p, project.root): file_hash(p) or "" for p in loaded.composed.sources},
        templates={fmt: hashes[fmt] for fmt in formats},
        outputs=outputs,
        meta={"title": c.title, "kind": c.kind, "revision": c.revision, "datum": str(c.datum),
              "diarienummer": c.diarienummer, "status": c.status},
    )  # fmt: skip
    return Built(slug, entry, written=tuple(written))


_worker_projects: dict[str, Project] = {}


def _build_in_worker(root: str, slug: str, formats: list[str], out: str, hashes: dict[str, str]) -> Built:
    project = _worker_projects.setdefault(root, Project(Path(root)))  # bases parsed once per process
    return build_one(project, slug, formats, Path(out), hashes)


def plan(
    project: Project, out: Path, formats: list[str], force: bool
) -> tuple[dict[str, list[str]], Manifest]:
    """Each council that must be remade, with the reasons; and the manifest as it stands."""
    manifest = Manifest.read(out)
    hashes = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    todo = {}
    for slug in project.slugs():
        reasons = ["--force"] if force else stale_reasons(
            manifest.councils.get(slug), project.root, out, formats, hashes, manifest.version)  # fmt: skip
        if reasons:
            todo[slug] = reasons
    return todo, manifest


def check_formats(formats: list[str]) -> None:
    if "pdf" in formats:
        from .pdf import INSTALL_HINT, soffice

        if soffice() is None:
            raise UsageError(INSTALL_HINT)


def build(
    project: Project, out: Path, formats: list[str], jobs: int, force: bool = False,
    on_done: Callable[[Built | str], None] = lambda _: None,
) -> Report:  # fmt: skip
    """Remake what is stale, remove outputs of councils that are gone, rewrite the index."""
    check_formats(formats)
    for slug in project.slugs():
        project.council_path(slug)  # a file name that is no council name stops the build early
    todo, manifest = plan(project, out, formats, force)
    hashes = {fmt: templates_hash(project.templates_dir, fmt) for fmt in formats}
    report = Report(unchanged=[s for s in project.slugs() if s not in todo])
    for slug in report.unchanged:
        on_done(slug)
    if jobs > 1 and len(todo) >= PARALLEL_FROM:
        import multiprocessing

        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = [
                pool.submit(_build_in_worker, str(project.root), s, formats, str(out), hashes) for s in todo
            ]
            for future in as_completed(futures):
                report.built.append(future.result())
                on_done(report.built[-1])
        report.built.sort(key=lambda b: b.slug)
    else:
        for slug in todo:
            report.built.append(build_one(project, slug, formats, out, hashes))
            on_done(report.built[-1])
    for built in report.built:
        if built.entry is not None:
            manifest.councils[built.slug] = built.entry
    report.removed = _remove_gone(project, out, manifest)
    manifest.version = __import__("uppdrag").__version__
    report.index_written = _write_if_changed(out / "README.md", index_text(project, manifest).encode())
    _write_if_changed(out / NAME, manifest.dumps().encode())
    return report


def _remove_gone(project: Project, out: Path, manifest: Manifest) -> list[Path]:
    """Delete the outputs of councils that no longer exist (only files the manifest says we made)."""
    removed = []
    for slug in sorted(set(manifest.councils) - set(project.slugs())):
        for output in manifest.councils.pop(slug).outputs.values():
            path = out / output["file"]
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(path)
    return removed


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.is_file() and path.read_bytes() == content:
        return False
    write_atomic(path, content)
    return True


def index_text(project: Project, manifest: Manifest) -> str:
    """out/README.md: every document with its facts and links to its files."""
    from .markdown import environment

    order = ["md", "docx", "pdf"]
    rows = []
    for slug, entry in sorted(manifest.councils.items()):
        if slug in project.slugs():
            files = [entry.outputs[fmt]["file"] for fmt in order if fmt in entry.outputs]
            rows.append({"slug": slug, **entry.meta, "files": files})
    template = environment(project.templates_dir, "index").get_template("README.md.j2")
    return str(template.render(documents=rows))


def check(project: Project, out: Path, formats: list[str]) -> list[str]:
    """What `build` would change, one line per file; nothing is written."""
    todo, manifest = plan(project, out, formats, force=False)
    lines = []
    for slug, reasons in todo.items():
        for fmt in formats:
            lines.append(f"{out / f'{slug}.{fmt}'}: stale ({'; '.join(reasons)})")
    for slug in sorted(set(manifest.councils) - set(project.slugs())):
        for output in manifest.councils[slug].outputs.values():
            if (out / output["file"]).exists():
                lines.append(f"{out / output['file']}: council {slug} no longer exists")
    if not todo:
        index = out / "README.md"
        for gone in set(manifest.councils) - set(project.slugs()):
            manifest.councils.pop(gone)
        if file_hash(index) != bytes_hash(index_text(project, manifest).encode()):
            lines.append(f"{index}: stale")
    return lines
