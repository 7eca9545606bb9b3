"""Worker processes for `build`: never more than the cores, stopped cleanly by Ctrl-C or SIGTERM.

While a build runs, SIGINT and SIGTERM raise `Stopped` in the main process; the workers ignore
Ctrl-C (the terminal sends it to them too) and are terminated by the main process, which then
removes their temporary files and records what was finished. Each output is written atomically,
so whatever moment the signal comes, a file is the old one or the new one.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

T = TypeVar("T")
STOPPING = (signal.SIGINT, signal.SIGTERM)
# How workers start. Whatever a worker needs is passed to it (pickled): nothing is inherited from
# the main process, so `spawn` builds what `fork` does (tests/test_html_git.py checks).
START_METHOD = "fork" if os.name == "posix" else "spawn"


class Stopped(BaseException):
    """A signal asked the build to stop (a BaseException: no `except Exception` swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1  # pragma: no cover - not Linux


def workers_for(jobs: int, tasks: int) -> int:
    """Processes for `tasks` councils when `jobs` were asked for: at most the tasks and the cores."""
    return max(1, min(jobs, tasks, cores()))


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def stop_on_signals(ignore_after: bool = False) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise `Stopped` (main thread only).

    With `ignore_after` (a command whose work is done and only reports remain) they are ignored
    after the block instead of restored: a signal in between cannot reach a default handler.
    """
    if not _in_main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(signum)

    previous = {number: signal.signal(number, stop) for number in STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_IGN if ignore_after else handler)


@contextmanager
def shielded() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM are ignored: cleaning up is not itself interrupted."""
    if not _in_main_thread():
        yield
        return
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _call(task: tuple[Callable[..., T], tuple[Any, ...]]) -> T:
    function, arguments = task
    return function(*arguments)


def run_parallel(
    function: Callable[..., T],
    arguments: Iterable[tuple[Any, ...]],
    workers: int,
    on_result: Callable[[T], None],
) -> None:
    """`function(*args)` for each of `arguments` on `workers` processes, results as they come.

    On any exception or signal the workers are terminated before it propagates.
    """
    import multiprocessing

    context = multiprocessing.get_context(START_METHOD)
    pool = context.Pool(workers, initializer=_worker_start)
    try:
        for result in pool.imap_unordered(_call, [(function, args) for args in arguments]):
            on_result(result)
        pool.close()
    except BaseException:
        with shielded():
            pool.terminate()
        raise
    finally:
        with shielded():
            pool.join()
