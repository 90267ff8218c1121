"""Suite-wide settings: deterministic Hypothesis runs and no writes outside temporary folders."""

import os
import tempfile
from pathlib import Path

from hypothesis import settings

# Same examples on every run and machine: a failure in CI reproduces locally.
settings.register_profile("k8sfix", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "k8sfix"))

# Caches (rendered overlays and the like) go to a throwaway folder, never to the user's home.
os.environ.setdefault("K8SFIX_CACHE_DIR", tempfile.mkdtemp(prefix="k8sfix-test-cache-"))


def _shared_dir() -> str:
    """The read-only reference data (Helm conformance goldens, real-world corpus): next to the checkout
    when it sits in the workplace, else the workplace's own copy; tests that need it skip without it."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (os.environ.get("K8SFIX_SHARED"), here.parent / "shared", "/work/shared"):
        if candidate and (Path(candidate) / "conformance").is_dir():
            return str(Path(candidate).resolve())
    return str(here / "no-shared-reference-data")


os.environ["K8SFIX_SHARED"] = _shared_dir()
