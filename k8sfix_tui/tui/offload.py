"""Run `Session.analyse` in a child Python process so the app's UI thread never competes with the
analysis for the GIL. No textual import: the child is a plain interpreter.

`analyse_in_subprocess(repo, docs, config, on_progress, cancelled) -> Session` streams progress
callbacks and returns the analysed Session (pickled by the child). It raises the child's K8sfixError
(same class and message) for user errors and `OffloadFailed` when the child cannot do the job (cannot
start, crashed, result not picklable): the caller then runs the analysis in-process, which reports the
real error with its real traceback.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Any, BinaryIO, Callable

from .. import errors as _errors

_HEADER = struct.Struct(">I")
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)


_LIVE: set[subprocess.Popen] = set()


def kill_all() -> None:
    """Stop every analysis child still running (the app calls this when it closes)."""
    for proc in list(_LIVE):
        if proc.poll() is None:
            proc.kill()


class OffloadFailed(Exception):
    """The child process could not produce a result; run the analysis in-process instead."""


def _send(out: BinaryIO, kind: str, payload: Any) -> None:
    data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(data)))
    out.write(data)
    out.flush()


def _recv(inp: BinaryIO) -> tuple[str, Any] | None:
    head = inp.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    data = inp.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)  # noqa: S301 - our own child process, over our own pipe


def child_main() -> int:
    """Entry point of the child: read (repo, docs, config, kube_version) from stdin, stream frames to stdout."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the frame stream
    try:
        repo, docs, config, kube_version = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
        from ..engine import Session

        session = Session(repo, docs, config, kube_version)

        def progress(stage: str, done: int | None = None, total: int | None = None, *_rest: Any) -> None:
            _send(out, "progress", (str(stage), done, total))

        session.analyse(progress)
        try:
            blob = pickle.dumps(session, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001
            _send(out, "unpicklable", f"{type(exc).__name__}: {exc}")
            return 0
        _send(out, "done", blob)
    except _errors.K8sfixError as exc:
        _send(out, "error", (type(exc).__name__, exc.message, None if exc.location is None else str(exc.location)))
    except BaseException:  # noqa: BLE001 - reported to the parent, which reruns in-process
        _send(out, "crash", traceback.format_exc())
    return 0


def analyse_in_subprocess(repo: str, docs: list[str] | None, config: Any,
                          on_progress: Callable[[str, int | None, int | None], None],
                          cancelled: Callable[[], bool] = lambda: False, kube_version: str | None = None) -> Any:
    """Analyse in a child interpreter; see the module docstring."""
    try:
        request = pickle.dumps((repo, docs, config, kube_version))
    except Exception as exc:  # noqa: BLE001 - an odd config object
        raise OffloadFailed(f"cannot send the request: {exc}") from None
    env = dict(os.environ)
    env["PYTHONPATH"] = _PACKAGE_PARENT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    code = "import sys; from k8sfix_tui.tui.offload import child_main; sys.exit(child_main())"
    try:
        proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=env, cwd=repo)
    except OSError as exc:
        raise OffloadFailed(f"cannot start the analysis process: {exc}") from None
    assert proc.stdin is not None and proc.stdout is not None
    _LIVE.add(proc)
    try:
        try:
            proc.stdin.write(request)
            proc.stdin.close()
        except OSError as exc:
            raise OffloadFailed(f"cannot talk to the analysis process: {exc}") from None
        while True:
            if cancelled():
                raise OffloadFailed("cancelled")
            frame = _recv(proc.stdout)
            if frame is None:
                raise OffloadFailed(f"the analysis process ended without a result (exit {proc.wait()})")
            kind, payload = frame
            if kind == "progress":
                on_progress(*payload)
            elif kind == "done":
                return pickle.loads(payload)  # noqa: S301
            elif kind == "error":
                name, message, location = payload
                cls = getattr(_errors, name, _errors.K8sfixError)
                if not (isinstance(cls, type) and issubclass(cls, _errors.K8sfixError)):
                    cls = _errors.K8sfixError
                raise cls(message, location)
            else:  # unpicklable | crash
                raise OffloadFailed(str(payload).strip().splitlines()[-1] if payload else kind)
    finally:
        _LIVE.discard(proc)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()
