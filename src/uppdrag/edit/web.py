"""The editing pages behind `uppdrag serve --edit`: a GET shows a council's forms, a POST edits.

Every POST carries the page's token (a page of another site cannot know it) and the hash of the
file the page was made from: a file changed on disk since is never overwritten. An edit that does
not validate writes nothing and comes back with its problems beside the field, the typed text kept.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from uppdrag.edit.actions import Edit
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from uppdrag.check.model import Charter
    from uppdrag.edit.council import Council, Proposal
    from uppdrag.errors import Diagnostic
    from uppdrag.source.project import Project


@dataclass(frozen=True)
class Response:
    status: int
    body: str
    location: str | None = None


class Editor:
    """One project's editing pages; `token` is the server's secret for its forms."""

    def __init__(self, project: Project, token: str) -> None:
        self.project, self.token = project, token

    def get(self, slug: str, query: Mapping[str, str]) -> Response:
        from uppdrag.edit.council import open_council

        council = open_council(self.project, slug)
        saved = query.get("saved")
        return self._page(
            council, self._charter(council.text, slug), saved=saved, focus=query.get("focus", "")
        )

    def post(self, slug: str, query: Mapping[str, str], form: Mapping[str, str]) -> Response:
        from uppdrag.edit.council import Conflict, open_council, propose, save

        if not hmac.compare_digest(form.get("token", ""), self.token):
            return Response(403, _plain(_("the form is out of date or from elsewhere; reload the page")))
        council = open_council(self.project, slug)
        edit = _edit(form)
        key = f"{form['target']}#{edit.field}" if form.get("target") else edit.field
        proposal = propose(council, edit)
        if proposal.problems:
            errors = {key: [_problem(d) for d in proposal.problems]}
            page = self._page(
                council, self._charter(council.text, slug), errors=errors, focus=key, typed=(key, edit.text)
            )
            return Response(422, page.body)
        if proposal.text == council.text:
            return Response(303, "", self._location(slug, _("no changes"), key))
        if query.get("preview"):
            return self._page(council, proposal.charter, pending=(edit, proposal), focus=key)
        if form.get("as") == "proposal":
            return self._proposal(council, edit, proposal, key)
        try:
            save(council, proposal, form.get("etag", ""))
        except Conflict as conflict:
            return Response(409, self._conflict(council, conflict.on_disk, conflict.proposed).body)
        return Response(303, "", self._location(slug, key.rsplit("/", 1)[-1].replace("#", " "), key))

    def _proposal(self, council: Council, edit: Edit, proposal: Proposal, key: str) -> Response:
        """The edit committed on a new branch (git only); the file on disk stays as it is."""
        from uppdrag.edit.proposal import propose_branch

        what = key.split("#")[0].rsplit("/", 1)[-1] or key
        message = _("{slug}: {op} {what} (uppdrag serve --edit)").format(
            slug=council.slug, op=edit.op, what=what
        )
        branch = propose_branch(self.project, council.slug, proposal.text, message)
        done = _("proposal saved on branch {branch}").format(branch=branch)
        return Response(303, "", self._location(council.slug, done, key))

    def _location(self, slug: str, saved: str, key: str) -> str:
        anchor = key.replace("/", ".").replace("#", ".")
        return f"/edit/{slug}.html?saved={quote(saved)}&focus={quote(key)}#f-{anchor}"

    def _charter(self, text: str, slug: str) -> Charter:
        from uppdrag.ingest.importer import charter_of

        return charter_of(self.project, slug, text)

    def _page(
        self,
        council: Council,
        charter: Charter | None,
        saved: str | None = None,
        errors: dict[str, list[str]] | None = None,
        focus: str = "",
        typed: tuple[str, str] | None = None,
        pending: tuple[Edit, Proposal] | None = None,
    ) -> Response:
        from uppdrag.diff.align import compare
        from uppdrag.diff.outputs import REDLINE_FILTERS
        from uppdrag.edit.page import committed_text, context
        from uppdrag.errors import UppdragError
        from uppdrag.render.html import render_page

        shown = charter or self._charter(council.text, council.slug)
        data = context(council, shown)
        if typed is not None:
            _keep_typed(data, *typed)
        old_text, against = committed_text(self.project, council)
        try:
            old = (
                self._charter(old_text, council.slug)
                if old_text is not None
                else self._charter(council.text, council.slug)
            )
            redline = compare(old, shown)
        except UppdragError:
            redline = None
        edit = pending[0] if pending else None
        data |= {
            "token": self.token,
            "etag": council.etag,
            "action": f"/edit/{council.slug}",
            "page": f"/edit/{council.slug}.html",
            "file": council.path.name,
            "saved": saved,
            "errors": errors or {},
            "focus": focus,
            "against": against,
            "redline": redline,
            "warnings": self._warnings(council.slug, focus),
            "pending": {"op": edit.op, "target": edit.target, "field": edit.field, "text": edit.text}
            if edit
            else None,
            "proposed": pending[1].text if pending else None,
            "git": against != "filen på disk",
        }
        return Response(200, render_page(self.project.templates_dir, "_edit.html.j2", data, REDLINE_FILTERS))

    def _warnings(self, slug: str, focus: str) -> list[str]:
        """The shadowed-base warnings of the clause being edited."""
        from uppdrag.errors import UppdragError
        from uppdrag.origin.shadow import shadowed

        wanted = focus.split("#")[0].rsplit("/", 1)[-1]
        if not wanted:
            return []
        try:
            found = shadowed(self.project, slug)
        except UppdragError:
            return []
        return [d.message for d in found if d.field and wanted in d.field]

    def _conflict(self, council: Council, on_disk: str, proposed: str) -> Response:
        from uppdrag.render.html import render_page

        data = {"slug": council.slug, "file": council.path.name, "on_disk": on_disk, "proposed": proposed}
        return Response(409, render_page(self.project.templates_dir, "_edit-conflict.html.j2", data))


def _edit(form: Mapping[str, str]) -> Edit:
    op = form.get("op", "")
    text = form.get("new", "") if op == "add" else form.get("text", "")
    values = tuple((k, form.get(k, "")) for k in ("datum", "namn", "titel") if k in form)
    target = form.get("target", "")
    return Edit(op, "" if target == "beslut" else target, form.get("field", "text"), text, values)


def _keep_typed(data: dict[str, Any], key: str, text: str) -> None:
    clauses = [*data["facts"], *data["sandlista"]]
    for section in data["sections"]:
        clauses += [*section["clauses"], *([section["heading_clause"]] if section["heading_clause"] else [])]
    for clause in clauses:
        if (f"{clause['target']}#{clause['field']}" if clause["target"] else clause["field"]) == key:
            clause["typed"] = text


def _problem(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.field}: {diagnostic.message}" if diagnostic.field else diagnostic.message


def _plain(message: str) -> str:
    from markupsafe import escape

    page = '<!DOCTYPE html><html lang="sv"><title>uppdrag</title><main><p role="alert">{}</p></main></html>'
    return page.format(escape(message))
