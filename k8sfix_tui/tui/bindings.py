"""Refresh the footer only when what it shows changes.

Every `refresh_bindings()` makes Textual's Footer recompose (unmount and mount one widget per key, then lay
the screen out again): ~30 ms and two extra frames. A decision calls it after every key press, yet the
enabled/disabled state of the keys rarely changes, so screens call `refresh_bindings_if_changed(screen)`,
which compares what `check_action` answers for the screen's and the app's bindings with what the footer was
last asked to show. Screens mix in `FooterState` so that every refresh (Textual's own too: focus changes,
screen resumes) records that state.
"""

from __future__ import annotations

from typing import Any

_ATTR = "_k8sfix_bindings_state"


def _action_name(action: str) -> tuple[str, tuple[object, ...]]:
    """`"phase('analysis')"` -> ("phase", ("analysis",)); a plain name has no parameters."""
    name, _, rest = action.partition("(")
    if not rest:
        return name.strip(), ()
    return name.strip(), (rest.rstrip(")").strip(),)


def bindings_state(screen: Any) -> tuple[Any, ...]:
    """What `check_action` says about every binding of the screen and the app (the footer's input)."""
    state: list[Any] = []
    for node in (screen, getattr(screen, "app", None)):
        if node is None:
            continue
        for binding in getattr(node, "BINDINGS", ()):
            action = getattr(binding, "action", None)
            if action is None and isinstance(binding, tuple) and len(binding) > 1:
                action = binding[1]
            if not isinstance(action, str):
                continue
            name, params = _action_name(action)
            try:
                state.append((id(node), action, node.check_action(name, params)))
            except Exception:  # noqa: BLE001 - a failing check must not stop the refresh
                state.append((id(node), action, "error"))
    return tuple(state)


def refresh_bindings_if_changed(screen: Any) -> bool:
    """Call `screen.refresh_bindings()` when a binding's state changed since the last refresh; True if so."""
    state = bindings_state(screen)
    if getattr(screen, _ATTR, None) == state:
        return False
    setattr(screen, _ATTR, state)
    screen.refresh_bindings()
    return True


class FooterState:
    """Screen mixin: remember the binding state at every footer refresh, whoever asked for it."""

    def refresh_bindings(self) -> None:
        setattr(self, _ATTR, bindings_state(self))
        super().refresh_bindings()  # type: ignore[misc]
