"""The crash-proof shell: wrap event handlers and actions so an unexpected error opens the error dialog
instead of killing the widget (Textual stops a widget's message loop after an unhandled error)."""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run `fn`; on an exception, hand it to `app.report_error` and return None."""
    if getattr(fn, "_k8sfix_guarded", False):
        return fn

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return await fn(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - the shell's whole point
                _report(self, exc, fn)
                return None

        async_wrapper._k8sfix_guarded = True  # type: ignore[attr-defined]
        return async_wrapper

    @functools.wraps(fn)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            _report(self, exc, fn)
            return None

    wrapper._k8sfix_guarded = True  # type: ignore[attr-defined]
    return wrapper


def _report(node: Any, exc: Exception, fn: Callable[..., Any]) -> None:
    app = getattr(node, "app", None)
    report = getattr(app, "report_error", None)
    if report is None:
        raise exc
    report(exc, where=getattr(fn, "__qualname__", str(fn)))


class Guarded:
    """Mixin: every `on_*` and `action_*` method defined in a subclass is wrapped with `guarded`."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(cls.__dict__.items()):
            if (name.startswith("on_") or name.startswith("action_")) and inspect.isfunction(value):
                setattr(cls, name, guarded(value))
