"""The preview's renders run in worker processes that can be stopped.

A council's `!template` or a layout may loop: the sandbox's time limit is a SIGALRM, which only a
process's main thread receives, so the server's handler threads could never stop one. Here every
page is rendered in the main thread of a worker process (the CLI's limits hold there as in a
build), one request per worker at a time; a busy worker never delays another page (a new worker
is started, up to MAX_WORKERS), and a worker that does not answer within DEADLINE seconds is
killed and replaced. Workers are started with `spawn`, so they share no lock with the server's
threads, and keep their project's caches warm between requests.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

from uppdrag.i18n import _
from uppdrag.publish import preview

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

MAX_WORKERS = 4
DEADLINE = 15.0  # seconds: the sandbox's TIME_LIMIT (10 s) and the rest of a render


def serve_requests(root: str, connection: Connection) -> None:
    """A worker's loop: (kind, slug) in, a Page out, until the server closes the pipe (for the
    listing, `slug` is "edit" when the pages link their editing pages)."""
    from pathlib import Path

    import uppdrag.check.charter
    import uppdrag.render.html  # noqa: F401 - imported before the first request, not during it
    from uppdrag.source.project import Project

    project = Project(Path(root))
    while True:
        try:
            kind, slug = connection.recv()
        except (EOFError, OSError):
            return
        page = (
            preview.listing(project, slug == "edit") if kind == "listing" else preview.council(project, slug)
        )
        connection.send(page)


class Worker:
    """One worker process and the pipe to it."""

    def __init__(self, root: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process: BaseProcess = context.Process(
            target=serve_requests, args=(root, theirs), daemon=True, name="uppdrag-preview"
        )
        self.process.start()
        theirs.close()

    def ask(self, request: tuple[str, str], deadline: float) -> Any:
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

    def __init__(self, root: str, size: int = 2) -> None:
        self.root = root
        self.idle = [Worker(root) for _ in range(size)]
        self.busy = 0
        self.lock = threading.Condition()

    def page(self, kind: str, slug: str = "") -> preview.Page:
        """A rendered page: the listing (`kind` "listing") or a council's."""
        worker = self._take()
        answer = None
        try:
            answer = worker.ask((kind, slug), DEADLINE)
        except (OSError, ValueError):
            worker.stop()
        finally:
            self._give(worker, alive=answer is not None)
        if answer is None:
            message = _("rendering took longer than {seconds:g} s and was stopped (a template that loops?)")
            return preview.Page(503, _plain(message.format(seconds=DEADLINE)))
        assert isinstance(answer, preview.Page)
        return answer

    def _take(self) -> Worker:
        with self.lock:
            while not self.idle and self.busy >= MAX_WORKERS:
                self.lock.wait()
            self.busy += 1
            if self.idle:
                return self.idle.pop(0)  # the one idle longest: every worker's caches kept warm
        try:
            return Worker(self.root)  # started outside the lock: the others go on meanwhile
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
