"""`--kube-version 1.30`: Helm 3 (chartutil.ParseKubeVersion, semver String()) prints `v1.30.0`; Helm 4
(common.ParseKubeVersion) keeps the text as given, `v1.30`. Pre-release suffixes survive in both."""

from __future__ import annotations

import pytest

from k8sfix_tui.render.helm_funcs import Capabilities


@pytest.mark.parametrize("given, helm3, helm4", [
    ("1.30", "v1.30.0", "v1.30"),
    ("v1.30", "v1.30.0", "v1.30"),
    ("1.30.2", "v1.30.2", "v1.30.2"),
    ("1.30.1-gke.1", "v1.30.1-gke.1", "v1.30.1-gke.1"),
])
def test_version_text_per_helm_major(given: str, helm3: str, helm4: str) -> None:
    three = Capabilities(kube_version=given, helm_major=3).KubeVersion
    four = Capabilities(kube_version=given, helm_major=4).KubeVersion
    assert (three.Version, three.GitVersion) == (helm3, helm3)
    assert four.Version == helm4
    assert three.Minor == four.Minor == "30"
