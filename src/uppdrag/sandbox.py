"""The one Jinja2 sandbox every template runs in: layout templates and `!template` texts alike.

A template in a pull request is code in CI, so no template is trusted. `Sandbox` is Jinja2's
ImmutableSandboxedEnvironment (no `__globals__`, `__class__`, `mro`, import machinery, no
changing lists or dicts) with bounds on what a template can spend: a range holds at most
100 000 numbers; `*`, `**`, `+`, `%`, string methods and the size-making filters refuse a text
over MAX_TEXT characters and count what they make against a budget per render; a render's
output is capped, it may run TIME_LIMIT seconds (POSIX, main thread), and runaway recursion,
overflow or exhausted memory end it. `{% include %}`/`{% import %}` load only files inside the
project's templates/ (a symbolic link leading out is refused), each at most MAX_TEMPLATE_BYTES.
Every breach is a jinja2 SecurityError, so callers report it at the template's file and line.
"""

from __future__ import annotations

import re
import signal
import threading
import types
import weakref
from contextlib import contextmanager
from functools import update_wrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jinja2 import FileSystemLoader, Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from uppdrag.filecache import fresh_once
from uppdrag.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterator

MAX_TEXT = 1_000_000  # characters (or items) of one value a template makes
BUDGET = 20_000_000  # characters all values made by operators and filters in one render may add up to
MAX_OUTPUT = 20_000_000  # characters one render may produce
MAX_NUMBER = 1_000_000  # a number passed to a method or filter (a width, a count)
TIME_LIMIT = 10.0  # seconds one render may take
MAX_TEMPLATE_BYTES = 1_000_000
_WIDTH = re.compile(r"\d{7,}")  # a format width like {:>9999999} or %9999999s
_SEQUENCES = (str, list, tuple)  # values whose size a template pays for
_METHODS = (types.MethodType, types.BuiltinMethodType)  # what jinja2's wrap_str_format looks at
_METHOD_TYPES, _NONE, _DICT_NAMES = frozenset(_METHODS), frozenset[str](), frozenset(dir(dict))
_SIZED = ("center", "indent", "wordwrap", "truncate", "format", "replace", "join", "batch", "slice", "list")
_UNUSED = ("lipsum", "cycler", "joiner")  # Jinja globals no template needs (lipsum makes text)


class Bounded(SecurityError):
    """A template tried to spend more than the sandbox allows."""


class TimedOut(Bounded):
    """A template ran past TIME_LIMIT; remembered, so the same template fails at once next time."""


# Templates that ran out of time in this process: a loop in a base is paid for once, not once per
# council (the !template texts and layouts are compiled once per source, so the object is the key).
_timed_out: weakref.WeakKeyDictionary[Template, str] = weakref.WeakKeyDictionary()


class _Spent(threading.local):
    chars = 0


_spent = _Spent()


def _charge_size(size: int, limit: int = MAX_TEXT) -> None:
    if size > limit:
        raise Bounded(
            _("a template made a value of {size} characters (at most {limit})").format(size=size, limit=limit)
        )


def _charge(value: Any, limit: int = MAX_TEXT) -> Any:
    if isinstance(value, _SEQUENCES):
        _charge_size(len(value), limit)
        _spent.chars += len(value)
        if _spent.chars > BUDGET:
            raise Bounded(_("a template made more than {limit} characters of text").format(limit=BUDGET))
    return value


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise Bounded(
                _("the number {value} is too large for a template (at most {limit})").format(
                    value=value, limit=MAX_NUMBER
                )
            )
        if isinstance(value, str) and len(value) < 10_000 and _WIDTH.search(value) and "%" in value:
            raise Bounded(_("a format width or number over six digits in a format string"))


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _WIDTH.search(text):
        raise Bounded(_("a format width or number over six digits in a format string"))


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_arguments(args, kwargs)
        if name == "format" and args:
            _check_format(args[0])
        if name == "replace" and len(args) >= 3 and all(isinstance(a, str) for a in args[-3:]):
            text, old, new = (str(a) for a in args[-3:])
            if (text.count(old) if old else len(text) + 1) * len(new) > MAX_TEXT:
                raise Bounded(_("replace would make a text over {limit} characters").format(limit=MAX_TEXT))
        return _charge(function(*args, **kwargs))

    return update_wrapper(bounded, function)  # keeps Jinja's pass_context/pass_eval_context marks


class Sandbox(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with size bounds on operators, calls and filters.

    The checks cost almost nothing on the templates' hot path, with the same confinement:
    `is_safe_attribute` depends only on the object's type and the attribute's name (Jinja2's
    rules and ours: names, internal attributes of functions/frames/…, mutating methods of known
    containers), so a safe answer is kept per type and name in `safe_attributes`; jinja2's
    `str.format` wrapping is asked only of bound methods, the only values it applies to. Macros
    and the functions in `trusted` (uppdrag's own globals) are called without inspecting their
    arguments: what a macro does with them passes through these same checks, and a macro's
    result is still counted. A subclass that overrides `is_safe_attribute` must keep it a
    function of (type, attribute).
    """

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in _SIZED:
            self.filters[name] = _bounded_filter(name, self.filters[name])
        for name in _UNUSED:
            self.globals.pop(name, None)
        self.safe_attributes: dict[type, set[str]] = {}  # names known safe, per type
        self.trusted: set[Callable[..., Any]] = set()

    def _checked(self, obj: Any, attribute: Any, value: Any) -> Any:
        """jinja2's checks of an attribute's value: str.format wrapped, unsafe names undefined."""
        formatter = self.wrap_str_format(value)
        if formatter is not None:
            return formatter
        known = self.safe_attributes.get(type(obj))
        if known is None or attribute not in known:
            if not self.is_safe_attribute(obj, attribute, value):
                return self.unsafe_undefined(obj, attribute)
            self.safe_attributes.setdefault(type(obj), set()).add(attribute)
        return value

    def getattr(self, obj: Any, attribute: str) -> Any:
        """jinja2's `SandboxedEnvironment.getattr`, the known-safe case first."""
        if type(obj) is dict and attribute not in _DICT_NAMES:  # a row's `d.title`: an item, at once
            return obj[attribute] if attribute in obj else self.undefined(obj=obj, name=attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        # One set lookup and one type test: method types cannot be subclassed, so `type(value) in`
        # is `isinstance` (several times cheaper on the templates' hottest path).
        if attribute in self.safe_attributes.get(type(obj), _NONE) and type(value) not in _METHOD_TYPES:
            return value
        return self._checked(obj, attribute, value)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """jinja2's `SandboxedEnvironment.getitem` (an item first, then an attribute, checked)."""
        try:
            return obj[argument]
        except (TypeError, LookupError):
            if not isinstance(argument, str):
                return self.undefined(obj=obj, name=argument)
        try:
            value = getattr(obj, str(argument))
        except AttributeError:
            return self.undefined(obj=obj, name=argument)
        return self._checked(obj, argument, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "+" and type(left) is int and type(right) is int:
            return left + right  # `loop.index + 1`: nothing to bound
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, _SEQUENCES) and isinstance(times, int):
                    _charge_size(len(seq) * times)
        elif operator == "**":
            huge = isinstance(left, int) and isinstance(right, int) and abs(left) > 1
            if huge and right * abs(left).bit_length() > 10_000:
                raise Bounded(
                    _("{left} ** {right} is too large a number for a template").format(left=left, right=right)
                )
        elif operator == "%":
            _check_format(left)
        return _charge(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if (
            type(__obj) is Macro
        ):  # its text is output (the register's table of 2,000 councils): bounded as output
            return _charge(_direct(__context, __obj, args, kwargs), MAX_OUTPUT)
        if type(__obj) is types.FunctionType and __obj in __self.trusted:
            return _charge(_direct(__context, __obj, args, kwargs))
        _check_arguments(args, kwargs)
        _check_format(getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None))
        return _charge(super().call(__context, __obj, *args, **kwargs))


def _direct(context: Any, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """jinja2's `context.call` for a macro or trusted function (neither takes the context), unasked."""
    kwargs.pop("_block_vars", None)
    kwargs.pop("_loop_vars", None)
    try:
        return function(*args, **kwargs)
    except StopIteration:
        return context.environment.undefined("value was undefined because a callable raised StopIteration")


class ConfinedLoader(FileSystemLoader):
    """Templates from one folder; a file whose real path lies outside `root` is refused."""

    def __init__(self, folder: str, root: Path) -> None:
        super().__init__(folder)
        self.root = root.resolve()

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not real.is_relative_to(self.root):
            raise SecurityError(
                _("template '{name}' leads outside {folder}/ (to {path})").format(
                    name=template, folder=self.root.name, path=real
                )
            )
        if len(source) > MAX_TEMPLATE_BYTES:
            raise SecurityError(
                _("template '{name}' is larger than {limit} bytes").format(
                    name=template, limit=MAX_TEMPLATE_BYTES
                )
            )
        return source, filename, lambda: fresh_once(("template", filename), uptodate)


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """SIGALRM after `seconds`, raised as Bounded where the template is (POSIX main thread only)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TimedOut(_("a template ran longer than {seconds:g} s").format(seconds=seconds))

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(template: Template, context: dict[str, Any]) -> str:
    """`template.render(context)` within the bounds: output size, time, recursion, memory."""
    known = _timed_out.get(template)
    if known is not None:
        raise TimedOut(known)
    _spent.chars = 0
    chunks: list[str] = []
    size = 0
    try:
        with _deadline(TIME_LIMIT):
            generator = cast("Generator[str, None, None]", template.generate(context))
            for chunk in generator:
                size += len(chunk)
                if size > MAX_OUTPUT:
                    generator.throw(
                        Bounded(
                            _("a template produced more than {limit} characters").format(limit=MAX_OUTPUT)
                        )
                    )
                chunks.append(chunk)
    except TimedOut as exc:
        _timed_out[template] = str(exc)
        raise
    except RecursionError as exc:
        raise Bounded(_("templates call each other without end (recursion)")).with_traceback(
            exc.__traceback__
        ) from None
    except (ArithmeticError, MemoryError) as exc:
        reason = _("out of memory") if isinstance(exc, MemoryError) else str(exc)
        raise Bounded(_("a template went out of bounds: {reason}").format(reason=reason)).with_traceback(
            exc.__traceback__
        ) from None
    return str(template.environment.concat(chunks))
