"""Odd claims and odd objects never make the drift check raise."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift_kit import chart, claim, deployment, facts, obj, run, service
from k8sfix_tui.drift.fields import FIELD_KINDS

FIELDS = sorted(FIELD_KINDS) + [
    "probe.liveness.path", "probe.readiness.port", "probe.startup.type", "probe.x", "namespace", "release",
    "configmap", "secret", "configmap-value", "chart-name", "chart-version", "app-version", "chart-dependency",
    "values-key", "hosts-entry", "overlay", "yaml-object", "values-excerpt", "chart-yaml", "minikube-flag",
    "minikube-addon", "path", "tree", "workflow", "make-target", "script", "command", "component", "object-kind",
    "placeholder", "snippet", "mermaid-edge", "no-such-field",
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=30))
values = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=4),
                                                   st.dictionaries(st.text(max_size=8), c, max_size=4)), max_leaves=12)


def _facts():
    weird = [obj("Deployment", "weird", ["not", "a", "dict"]),
             obj("Deployment", "weird2", {"template": "x", "replicas": "many"}),
             obj("Service", "svc-weird", {"ports": "80", "selector": ["a"]}, api_version="v1"),
             obj("StatefulSet", "db", {"volumeClaimTemplates": [None, {"metadata": {"name": 3}}]})]
    return facts(deployment("api"), service("api"), *weird,
                 charts=[chart(values={"api": {"replicas": 2}, "list": [1, {"a": None}]})])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELDS), values, st.one_of(st.none(), st.text(max_size=20)),
                          st.sampled_from(["prose", "table", "yaml", "bash", "tree", "mention"]),
                          st.dictionaries(st.sampled_from(["flag", "argv", "field_lines", "root", "path_comment",
                                                           "error_line", "key", "configmap", "value", "written"]),
                                          values, max_size=3)),
                max_size=6))
def test_random_claims_never_raise(items):
    claims = []
    for i, (f, v, s, form, extra) in enumerate(items):
        c = claim(f, v, subject=s, form=form, line=i + 1)
        c.extra.update(extra)
        claims.append(c)
    report = run(_facts(), claims)
    report.to_json()
    from k8sfix_tui.drift.formats import render

    for fmt in ("text", "json", "sarif", "github", "junit"):
        render(report, fmt)
