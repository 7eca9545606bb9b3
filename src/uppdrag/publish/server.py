"""The preview's HTTP server: standard library only, on 127.0.0.1, nothing written to disk.

Pages are rendered in worker processes (publish/worker.py), so a council whose template loops
reports its time limit while every other page and `/__version` go on answering. A request whose
Host header is not this server's own address (or localhost) is refused: a web page elsewhere
cannot read the preview through DNS rebinding.
"""

from __future__ import annotations

import errno
import re
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, unquote, urlsplit

from uppdrag.i18n import _, strerror
from uppdrag.publish import preview

if TYPE_CHECKING:
    from uppdrag.errors import Diagnostic
    from uppdrag.publish.worker import Answer, EditPages
    from uppdrag.source.project import Project

HOST = "127.0.0.1"
WATCH_SECONDS = 0.25
MAX_BODY = 256 * 1024  # a form of a whole council is far smaller
EDIT_PAGE = re.compile(r"/edit/([a-z0-9][a-z0-9_-]*)(\.html)?")
Report = Callable[[str, tuple["Diagnostic", ...], bool], None]  # (council, its problems, after a save)


class PreviewServer(ThreadingHTTPServer):
    """Serves the councils' pages; a watcher re-renders the watched councils on every save."""

    daemon_threads = True

    def __init__(
        self, project: Project, slug: str | None, port: int, report: Report, editor: EditPages | None = None
    ) -> None:
        from uppdrag.publish.worker import Pool

        self.project, self.slug, self.report, self.editor = project, slug, report, editor
        self.lock = threading.Lock()  # one edit at a time (pages render in the workers)
        self.stopping = threading.Event()
        super().__init__((HOST, port), Handler)
        self.pool = Pool(str(project.root), editor=editor)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        start = (
            f"edit/{self.slug}.html"
            if self.editor and self.slug
            else f"{self.slug}.html"
            if self.slug
            else ""
        )
        return f"http://{host!s}:{port}/{start}"

    def allowed_hosts(self) -> set[str]:
        """The Host headers a request may carry: this server by its address or `localhost`."""
        port = self.server_address[1]
        return {f"{HOST}:{port}", f"localhost:{port}"}

    def edit(self, method: str, path: str, form: Mapping[str, str]) -> Answer | preview.Page | None:
        """An editing page or an edit, or None when `path` is none of the editor's."""
        parts = urlsplit(path)
        match = EDIT_PAGE.fullmatch(unquote(parts.path))
        if self.editor is None or match is None or (method == "GET") != bool(match.group(2)):
            return None
        query = dict(parse_qsl(parts.query))
        if method == "GET":  # made in a worker, where a looping template meets its time limit
            return self.pool.edit(method, match.group(1), query, form)
        with self.lock:  # one save at a time
            return self.pool.edit(method, match.group(1), query, form)

    def page(self, path: str) -> preview.Page:
        name = unquote(urlsplit(path).path).strip("/")
        if name in ("", "index.html"):
            return self.pool.page("listing", "edit" if self.editor is not None else "")
        if name.endswith(".html") and "/" not in name:
            slug = name.removesuffix(".html")
            page = self.pool.page("council", slug)
            if page.status != 404:
                self.report(slug, page.problems, False)
            return page
        return preview.Page(404, "<!DOCTYPE html><title>404</title><p>404</p>")

    def version(self) -> str:
        return preview.version(self.project)  # stats only, no template: answered in this thread

    def watch(self) -> None:
        """Every save: render the watched councils again and say what became of them."""
        seen = self.version()
        while not self.stopping.wait(WATCH_SECONDS):
            now = self.version()
            if now == seen:
                continue
            seen = now
            for slug in [self.slug] if self.slug else self.project.slugs():
                if self.stopping.is_set():
                    return
                page = self.pool.page("council", slug)
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
            self.pool.close()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        if self.path.split("?")[0] == preview.VERSION_PATH:
            self._send(200, self.server.version(), "text/plain")
            return
        edited = self.server.edit("GET", self.path, {})
        if edited is not None:
            self._answer(edited)
            return
        page = self.server.page(self.path)
        self._send(page.status, page.html, "text/html")

    def do_POST(self) -> None:
        """An edit: same-origin form posts only, of a bounded size, carrying the page's token."""
        if not self._host_ok():
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in self.server.allowed_hosts():
            self._send(403, _("a page of another site cannot edit councils"), "text/plain")
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit():
            self._send(411, _("the request has no length"), "text/plain")
            return
        if int(length) > MAX_BODY:
            self._send(413, _("the request is too large"), "text/plain")
            self.close_connection = True
            return
        body = self.rfile.read(int(length))
        kind = self.headers.get("Content-Type", "").split(";")[0].strip()
        if kind != "application/x-www-form-urlencoded":
            self._send(415, _("only forms can be sent"), "text/plain")
            return
        try:
            form = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=64))
        except (UnicodeDecodeError, ValueError):
            self._send(400, _("the form could not be read"), "text/plain")
            return
        edited = self.server.edit("POST", self.path, form)
        if edited is None:
            self._send(404, "404", "text/plain")
            return
        self._answer(edited)

    def _host_ok(self) -> bool:
        """A page asked for by another name (DNS rebinding) is refused."""
        if self.headers.get("Host", "") in self.server.allowed_hosts():
            return True
        self._send(421, _("this preview answers only to {host}").format(host=f"{HOST}"), "text/plain")
        return False

    def _answer(self, answer: Answer | preview.Page) -> None:
        if isinstance(answer, preview.Page):
            self._send(answer.status, answer.html, "text/html")
        elif answer.location:
            self.send_response(answer.status)
            self.send_header("Location", answer.location)
            self.send_header("Content-Length", "0")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
        else:
            self._send(answer.status, answer.body, "text/html")

    def _send(self, status: int, body: str, kind: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if kind == "text/html":  # no framing by another site, no scripts but the page's own
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal is for the councils' errors, not for every request."""


def start(
    project: Project, slug: str | None, port: int, report: Report, editor: EditPages | None = None
) -> PreviewServer:
    """A server bound to 127.0.0.1:port (0: any free port); port in use and no councils are usage errors."""
    from uppdrag.errors import UsageError

    if not project.slugs():
        raise UsageError(_("no councils to preview in {folder}").format(folder=project.councils_dir))
    if slug is not None:
        project.council_path(slug)  # an unknown council is an error before the server starts
    try:
        return PreviewServer(project, slug, port, report, editor)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                _("port {port} is already in use; choose another with --port").format(port=port)
            ) from None
        raise UsageError(
            _("cannot listen on {host}:{port}: {reason}").format(host=HOST, port=port, reason=strerror(exc))
        ) from None
