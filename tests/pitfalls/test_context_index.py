"""Context.selected / workloads_in / has_workloads (the label index that keeps pitfall detection linear)
give exactly what a plain scan of facts.workloads gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from k8sfix_tui.model import Facts, Location, Workload
from k8sfix_tui.pitfalls.context import Context, matches

LABELS = st.dictionaries(st.sampled_from(["app", "tier", "team"]), st.sampled_from(["a", "b", "c"]), max_size=3)
WORKLOAD = st.tuples(st.sampled_from(["manifests", "overlay k8s/prod"]), st.sampled_from([None, "ns1", "ns2"]),
                     LABELS)


def _facts(specs) -> Facts:
    facts = Facts(repo="/nowhere")
    for i, (origin, namespace, labels) in enumerate(specs):
        facts.workloads.append(Workload("Deployment", f"w{i}", namespace, 1, [], [], Location("x.yaml", i + 1),
                                        origin, pod_labels=dict(labels)))
    return facts


@settings(max_examples=150, deadline=None)
@given(st.lists(WORKLOAD, max_size=12), LABELS, st.sampled_from(["manifests", "overlay k8s/prod", "chart c"]),
       st.sampled_from([None, "ns1", "ns3"]))
def test_index_equals_plain_scan(specs, selector, origin, namespace):
    facts = _facts(specs)
    ctx = Context(facts)
    plain = [w for w in facts.workloads if w.origin == origin]
    assert ctx.workloads_in(origin) == plain
    assert ctx.selected(origin, selector) == [w for w in plain if matches(selector, w.pod_labels)]
    expected = bool([w for w in plain if not namespace or w.namespace == namespace])
    assert ctx.has_workloads(origin, namespace) is expected


def test_unhashable_label_values_do_not_break_the_index():
    facts = _facts([("manifests", None, {"app": "a"}), ("manifests", None, {"app": ["odd"]})])
    ctx = Context(facts)
    assert [w.name for w in ctx.selected("manifests", {"app": "a"})] == ["w0"]
    assert [w.name for w in ctx.selected("manifests", {"app": ["odd"]})] == ["w1"]
    assert ctx.selected("manifests", {}) == []
