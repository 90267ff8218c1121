"""Suite-wide settings: deterministic Hypothesis runs and no writes outside temporary folders."""

import os
import tempfile

from hypothesis import settings

# Same examples on every run and machine: a failure in CI reproduces locally.
settings.register_profile("k8sfix", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "k8sfix"))

# Caches (rendered overlays and the like) go to a throwaway folder, never to the user's home.
os.environ.setdefault("K8SFIX_CACHE_DIR", tempfile.mkdtemp(prefix="k8sfix-test-cache-"))
