"""The Jinja2 environments of the layout templates, made one way, with compiled templates kept.

Every layout environment: StrictUndefined (a misspelt name is an error, never an empty string),
blocks trimmed, and a bytecode cache so a process does not recompile the layouts each run
(measured: the first MD + DOCX render of a process takes ≈ 10 ms with a warm cache, ≈ 45 ms
without). A compiled template depends on more than its source, so the cache key covers
everything that shapes it: uppdrag's code hash, the Jinja2 and Python versions, the
environment's class and options (trim_blocks, keep_trailing_newline, finalize, autoescape, …),
the template's name and file, and its source. A cache written by another uppdrag or another
setting is therefore never used. It lives in uppdrag's private cache folder (uppdrag/cachedir.py:
$XDG_CACHE_HOME/uppdrag/jinja, 0700, HMAC-sealed entries: a cache file is pickled code, so one
nobody but this user's uppdrag wrote is never loaded), and UPPDRAG_NO_CACHE=1 turns it off. A
cache that cannot be written is no error: templates are then compiled as usual.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uppdrag.errors import Mark, TemplateError
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import BytecodeCache, Environment
    from jinja2.bccache import Bucket

# The options every layout environment is made with (one place, so the cache key sees them all).
OPTIONS: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
# The environment attributes that change the code Jinja2 compiles from a template.
SHAPING = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "autoescape",
    "finalize",
    "undefined",
)


def _describe(value: Any) -> str:
    """A stable description of an option: callables by module and name, never by address."""
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return repr(value)


def environment_key(environment: Environment) -> str:
    """Everything besides the template itself that shapes its compiled code."""
    import hashlib
    import sys

    import jinja2

    from uppdrag.fingerprint import code_hash

    parts = [
        code_hash(),
        jinja2.__version__,
        sys.version,
        _describe(type(environment)),
        *(f"{name}={_describe(getattr(environment, name, None))}" for name in SHAPING),
        *sorted(environment.extensions),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


MAX_BYTECODE = 16_000_000  # bytes of one compiled template in the cache


@lru_cache(maxsize=1)
def bytecode_cache() -> BytecodeCache | None:
    """The compiled templates kept across processes, or None when caching is off or unsafe.

    Jinja2 unpickles what its file cache finds, so a cache file is code: it is read only from
    uppdrag's private folder (0700, ours: uppdrag/cachedir.py) and only when its HMAC under the
    folder's key matches; anything else is ignored and the template compiled as usual.
    """
    from uppdrag.cachedir import cache_folder

    folder = cache_folder("jinja")
    return None if folder is None else _sealed_cache(folder)


def _sealed_cache(folder: Path) -> BytecodeCache:
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket

    from uppdrag.cachedir import read_sealed, used, write_sealed

    class SealedCache(BytecodeCache):
        """Keyed on the environment, uppdrag's code, the name and the file's path (compiled code
        carries its file's name, which error messages show); entries HMAC-sealed, and those unused
        for a month removed, so the folders of old projects and temporary copies do not pile up."""

        def get_bucket(
            self, environment: Environment, name: str, filename: str | None, source: str
        ) -> Bucket:
            key = self.get_cache_key(f"{environment_key(environment)}\0{name}", filename)
            bucket = Bucket(environment, key, self.get_source_checksum(source))
            self.load_bytecode(bucket)
            return bucket

        def load_bytecode(self, bucket: Bucket) -> None:
            data = read_sealed(folder / f"{bucket.key}.cache", MAX_BYTECODE)
            if data is not None:  # written by this user's uppdrag, unchanged since
                bucket.bytecode_from_string(data)
                used(folder / f"{bucket.key}.cache")

        def dump_bytecode(self, bucket: Bucket) -> None:
            write_sealed(folder / f"{bucket.key}.cache", bucket.bytecode_to_string(), "*.cache")

    return SealedCache()


def layout_environment(
    folder: str,
    *,
    autoescape: bool,
    finalize: Callable[[Any], Any] | None,
    filters: dict[str, Any],
    functions: dict[str, Callable[..., Any]] | None = None,
) -> Environment:
    """A sandboxed Jinja2 environment for the templates in `folder` (see uppdrag.sandbox);
    `functions` are uppdrag's own globals, called without inspecting their arguments."""
    from jinja2 import StrictUndefined

    from uppdrag.sandbox import ConfinedLoader, Sandbox

    env = Sandbox(
        loader=ConfinedLoader(folder, Path(folder).parent),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        bytecode_cache=bytecode_cache(),
        **OPTIONS,
    )
    env.filters.update(filters)
    env.globals.update(functions or {})
    # called directly, so never one that asks for the context (jinja2's pass_context and kin)
    env.trusted.update(f for f in (functions or {}).values() if not hasattr(f, "jinja_pass_arg"))
    return env


def template_error(exc: BaseException, folder: Path, name: str) -> TemplateError:
    """A layout template's error at its file and line (innermost template frame of a runtime error)."""
    import jinja2

    from uppdrag.foreign import jinja

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(
            jinja(exc.message or "") or _("syntax error"),
            Mark(Path(exc.filename or folder / name), exc.lineno, 1),
        )
    mark = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            mark = Mark(Path(filename), tb.tb_lineno, 1)
        tb = tb.tb_next
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(_("layout template {path} not found").format(path=folder / str(exc.name)), mark)
    return TemplateError(jinja(str(exc)), mark or Mark(folder / name, 1, 1))
