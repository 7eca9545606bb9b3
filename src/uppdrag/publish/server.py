"""The preview's HTTP server: standard library only, on 127.0.0.1, nothing written to disk."""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from uppdrag.i18n import _
from uppdrag.publish import preview

if TYPE_CHECKING:
    from uppdrag.errors import Diagnostic
    from uppdrag.source.project import Project

HOST = "127.0.0.1"
WATCH_SECONDS = 0.25
Report = Callable[[str, tuple["Diagnostic", ...], bool], None]  # (council, its problems, after a save)


class PreviewServer(ThreadingHTTPServer):
    """Serves the councils' pages; a watcher re-renders the watched councils on every save."""

    daemon_threads = True

    def __init__(self, project: Project, slug: str | None, port: int, report: Report) -> None:
        self.project, self.slug, self.report = project, slug, report
        self.lock = threading.Lock()  # one render at a time: the project's caches are shared
        self.stopping = threading.Event()
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/{self.slug + '.html' if self.slug else ''}"

    def page(self, path: str) -> preview.Page:
        name = unquote(urlsplit(path).path).strip("/")
        with self.lock:
            if name in ("", "index.html"):
                return preview.listing(self.project)
            if name.endswith(".html") and "/" not in name:
                slug = name.removesuffix(".html")
                page = preview.council(self.project, slug)
                if page.status != 404:
                    self.report(slug, page.problems, False)
                return page
            return preview.Page(404, "<!DOCTYPE html><title>404</title><p>404</p>")

    def version(self) -> str:
        with self.lock:
            return preview.version(self.project)

    def watch(self) -> None:
        """Every save: render the watched councils again and say what became of them."""
        seen = self.version()
        while not self.stopping.wait(WATCH_SECONDS):
            now = self.version()
            if now == seen:
                continue
            seen = now
            for slug in [self.slug] if self.slug else self.project.slugs():
                with self.lock:
                    page = preview.council(self.project, slug)
                    self.report(slug, page.problems, True)

    def serve(self) -> None:
        """Serve until interrupted (Ctrl-C), then close the socket."""
        watcher = threading.Thread(target=self.watch, daemon=True)
        watcher.start()
        try:
            self.serve_forever(poll_interval=0.2)
        finally:
            self.stopping.set()
            self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        if self.path.split("?")[0] == preview.VERSION_PATH:
            self._send(200, self.server.version(), "text/plain")
            return
        page = self.server.page(self.path)
        self._send(page.status, page.html, "text/html")

    def _send(self, status: int, body: str, kind: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for the councils' errors, not for every request."""


def start(project: Project, slug: str | None, port: int, report: Report) -> PreviewServer:
    """A server bound to 127.0.0.1:port (0: any free port); port in use and no councils are usage errors."""
    from uppdrag.errors import UsageError

    if not project.slugs():
        raise UsageError(_("no councils to preview in {folder}").format(folder=project.councils_dir))
    if slug is not None:
        project.council_path(slug)  # an unknown council is an error before the server starts
    try:
        return PreviewServer(project, slug, port, report)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                _("port {port} is already in use; choose another with --port").format(port=port)
            ) from None
        raise UsageError(
            _("cannot listen on {host}:{port}: {reason}").format(host=HOST, port=port, reason=exc.strerror)
        ) from None
