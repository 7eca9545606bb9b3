"""The preview's renders run in worker processes that can be stopped.

A council's `!template` or a layout may loop: the sandbox's time limit is a SIGALRM, which only a
process's main thread receives, so the server's handler threads could never stop one. Here every
page is rendered in the main thread of a worker process (the CLI's limits hold there as in a
build), one request per worker at a time; a busy worker never delays another page (a new worker
is started, up to MAX_WORKERS), and a worker that does not answer within DEADLINE seconds is
killed and replaced. Workers are started with `spawn`, so they share no lock with the server's
threads, and keep their project's caches warm between requests. The editing pages of `serve
--edit` run there too (the editor is handed to each worker), so a council whose template loops
blocks no other council's editing page either.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any, Protocol

from uppdrag.i18n import _
from uppdrag.publish import preview

if TYPE_CHECKING:
    from collections.abc import Mapping
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from uppdrag.source.project import Project

MAX_WORKERS = 4
DEADLINE = 15.0  # seconds: the sandbox's TIME_LIMIT (10 s) and the rest of a render


class Answer(Protocol):
    """An editing page (`body`) or, after an edit, where to go next (`location`)."""

    @property
    def status(self) -> int: ...

    @property
    def body(self) -> str: ...

    @property
    def location(self) -> str | None: ...


class EditPages(Protocol):
    """The editing pages (`serve --edit`), given to the server by the command that starts it."""

    def get(self, slug: str, query: Mapping[str, str]) -> Answer: ...

    def post(self, slug: str, query: Mapping[str, str], form: Mapping[str, str]) -> Answer: ...


def serve_requests(root: str, connection: Connection, editor: EditPages | None = None) -> None:
    """A worker's loop: (kind, argument) in, its answer out, until the server closes the pipe."""
    from pathlib import Path

    import uppdrag.check.charter
    import uppdrag.render.html  # noqa: F401 - imported before the first request, not during it
    from uppdrag.source.project import Project

    project = Project(Path(root))
    while True:
        try:
            kind, argument = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(answer(project, editor, kind, argument))


def answer(project: Project, editor: EditPages | None, kind: str, argument: Any) -> Any:
    """A page: the listing (`argument` "edit" when it links the editing pages), a council's
    preview, or an editing page or edit (`argument`: method, slug, query, form)."""
    from uppdrag.errors import UppdragError

    if kind == "listing":
        return preview.listing(project, argument == "edit")
    if kind == "council":
        return preview.council(project, argument)
    method, slug, query, form = argument
    assert editor is not None
    try:
        return editor.get(slug, query) if method == "GET" else editor.post(slug, query, form)
    except UppdragError as exc:
        return preview.problem_page(project, slug, exc)


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, root: str, editor: EditPages | None = None) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=serve_requests, args=(root, theirs, editor), daemon=True, name="uppdrag-preview"
        )
        self.process.start()
        theirs.close()

    def ask(self, request: tuple[str, Any], deadline: float) -> Any:
        """The worker's answer, or None when it took longer than `deadline` seconds (then it is dead)."""
        self.connection.send(request)
        if self.connection.poll(deadline):
            with contextlib.suppress(EOFError, OSError):
                return self.connection.recv()
        self.stop()
        return None

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
            self.process.join(1)
            self.connection.close()


class Pool:
    """Idle workers, handed out one request at a time."""

    def __init__(self, root: str, size: int = 2, editor: EditPages | None = None) -> None:
        self.root, self.editor = root, editor
        self.idle = [Worker(root, editor) for _ in range(size)]
        self.busy = 0
        self.lock = threading.Condition()

    def page(self, kind: str, slug: str = "") -> preview.Page:
        """A rendered page: the listing (`kind` "listing") or a council's."""
        page = self._ask((kind, slug))
        assert isinstance(page, preview.Page)
        return page

    def edit(
        self, method: str, slug: str, query: Mapping[str, str], form: Mapping[str, str]
    ) -> Answer | preview.Page:
        """An editing page (GET) or an edit (POST), made by the editor in a worker."""
        answered: Answer | preview.Page = self._ask(("edit", (method, slug, dict(query), dict(form))))
        return answered

    def _ask(self, request: tuple[str, Any]) -> Any:
        """A worker's answer, or a 503 page when it took longer than DEADLINE (it is replaced)."""
        worker = self._take()
        answer = None
        try:
            answer = worker.ask(request, DEADLINE)
        except (OSError, ValueError):
            worker.stop()
        finally:
            self._give(worker, alive=answer is not None)
        if answer is None:
            message = _("rendering took longer than {seconds:g} s and was stopped (a template that loops?)")
            return preview.Page(503, _plain(message.format(seconds=DEADLINE)))
        return answer

    def _take(self) -> Worker:
        with self.lock:
            while not self.idle and self.busy >= MAX_WORKERS:
                self.lock.wait()
            self.busy += 1
            if self.idle:
                return self.idle.pop(0)  # the one idle longest: every worker's caches kept warm
        try:
            return Worker(self.root, self.editor)  # started outside the lock: the others go on meanwhile
        except BaseException:
            with self.lock:
                self.busy -= 1
                self.lock.notify()
            raise

    def _give(self, worker: Worker, alive: bool) -> None:
        with self.lock:
            self.busy -= 1
            if alive and worker.process.is_alive():
                self.idle.append(worker)
            self.lock.notify()

    def close(self) -> None:
        with self.lock:
            for worker in self.idle:
                worker.stop()
            self.idle = []


def _plain(message: str) -> str:
    from html import escape

    return (
        f"<!DOCTYPE html><html lang=sv><title>uppdrag</title><p>{escape(message)}</p>{preview.RELOAD}</html>"
    )
