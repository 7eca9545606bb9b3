"""What the renders of one run share: layout environments, compiled `!template` texts, memos.

A command runs inside one `Session` (the CLI's funnel opens it, as copier's Worker owns its
`jinja_env`); a build's forked workers carry their parent's, spawned ones start their own. What a
run keeps is the session's, not the process's: two runs in one process (the tests, an editor
integration) never share a compiled template or a letterhead memo, and what a run kept ends with
it. Code that renders outside any session gets one for its context (thread) on first use.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator

P = ParamSpec("P")
T = TypeVar("T")


class Session:
    """The values kept for one run, by key."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, Any] = {}

    def keep(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()` once per session for `key`."""
        try:
            value: T = self._kept[key]
        except KeyError:
            value = self._kept[key] = make()
        return value

    def clear(self) -> None:
        """Forget what was kept (a benchmark switching the environment class)."""
        self._kept.clear()


_current: ContextVar[Session | None] = ContextVar("uppdrag_session", default=None)


def current() -> Session:
    """The session of this run (one for this context when none was opened)."""
    session = _current.get()
    if session is None:
        session = Session()
        _current.set(session)
    return session


@contextmanager
def render_session() -> Iterator[Session]:
    """A new session for the block: what renders keep within it ends with it."""
    token = _current.set(Session())
    try:
        yield _current.get() or Session()
    finally:
        _current.reset(token)


def per_session(function: Callable[P, T]) -> Callable[P, T]:
    """Like `functools.cache`, but the values belong to the current session (hashable arguments)."""

    @functools.wraps(function)
    def kept(*args: P.args, **kwargs: P.kwargs) -> T:
        key = (function.__module__, function.__qualname__, args, tuple(sorted(kwargs.items())))
        return current().keep(key, lambda: function(*args, **kwargs))

    return kept
