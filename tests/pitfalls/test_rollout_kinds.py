"""Rollout behaviour stated for workload kinds without a rollout (ReplicationController, Job, Pod)."""

from __future__ import annotations

import pytest

from k8sfix_tui.pitfalls import sections

POD_SPEC = """
      containers:
        - name: app
          image: busybox:1.36
"""


@pytest.mark.parametrize("kind, api, template, expected", [
    ("ReplicationController", "v1", True, "running pods keep the old template"),
    ("Deployment", "apps/v1", True, "maxSurge 25%, maxUnavailable 25%"),
    ("Pod", "v1", False, "delete and re-create it"),
])
def test_rollout_behaviour_per_kind(make_repo, kind, api, template, expected):
    spec = ("spec:\n  replicas: 1\n  selector:\n" + ("    matchLabels:\n      app: x\n" if kind == "Deployment"
            else "    app: x\n") + "  template:\n    metadata:\n      labels:\n        app: x\n    spec:" + POD_SPEC
            if template else "spec:" + POD_SPEC.replace("\n      ", "\n  "))
    facts = make_repo({"k8s/app.yaml": f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\n{spec}"})
    assert expected in sections.rollout_section(facts)
