"""Fix generation never crashes on odd findings, and what it proposes always applies."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from k8sfix_tui.fixes import apply_fixes, generate_fixes
from k8sfix_tui.fixes.docview import DocView
from k8sfix_tui.model import RULES, Claim, DocRef, Finding

from .factory import make_facts
from .test_generators import BASE_DOC

FACTS = make_facts()
N_LINES = len(BASE_DOC.split("\n"))
values = st.one_of(st.none(), st.integers(-5, 40000), st.text(max_size=12),
                   st.sampled_from(["4", "1.4.0", "Kafka", "TODO", "deploy/charts/shop/", "api.replicaCount",
                                    "Deployment/shop-db", "shop-db", "VirtualService", "2"]),
                   st.lists(st.sampled_from(["a", "b", "8080"]), max_size=3))


@st.composite
def findings(draw):
    out = []
    for i in range(draw(st.integers(0, 8))):
        line = draw(st.integers(-1, N_LINES + 3))
        end = line + draw(st.integers(0, 3))
        span = draw(st.one_of(st.none(), st.tuples(st.integers(-2, 90), st.integers(-2, 90))))
        ref = DocRef("d.md", line, end, "")
        form = draw(st.sampled_from(["prose", "table", "yaml", "bash", "tree", "mention", "list"]))
        field = draw(st.sampled_from(["replicas", "image", "path", "component", "object-kind", "yaml-object",
                                      "values-key", "make-target", "area", "autoscaling", "placeholder"]))
        value = draw(values)
        claim = Claim(ref, form, "workloads", draw(st.sampled_from([None, "shop-api", "Istio"])), field, value,
                      "", span, {}) if draw(st.booleans()) else None
        out.append(Finding(f"f{i}", draw(st.sampled_from(list(RULES))), "error",
                           draw(st.sampled_from(["workloads", "storage", "helm", "networking", "monitoring"])),
                           ref if draw(st.booleans()) else None, None, field, value, draw(values), [], "m",
                           claim=claim))
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(findings(), st.data())
def test_generate_never_raises_and_any_subset_applies(fs, data):
    view = DocView.parse("d.md", BASE_DOC)
    fixes = generate_fixes(fs, FACTS, view)
    subset = [f for f in fixes if data.draw(st.booleans())]
    apply_fixes(BASE_DOC, subset)
    apply_fixes(BASE_DOC, fixes)
