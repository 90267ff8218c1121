"""The benchmark helper itself works (timings are reported by bench/, never asserted in tests)."""

from k8sfix_tui.render.gotemplate import bench


def test_bench_builds_a_helm_sized_library():
    res = bench.run(45)
    assert res["template_lines"] >= 1400
    assert res["output_lines"] > 800


def test_bench_output_is_correct():
    helpers, main = bench.build(2)
    ts = bench.make_set()
    ts.add("_helpers.tpl", helpers)
    ts.add("main.yaml", main)
    out = ts.execute("main.yaml", bench.DATA)
    assert out.startswith(
        "\n---\nmetadata:\n  labels:\n    app.kubernetes.io/name: demo\n    app.kubernetes.io/instance: rel\n"
        '    team: "core"\n    tier: "web"\nspec:\n  containers:\n    - name: demo\n      image: "nginx:1.27"\n'
        "      resources:\n        limits:\n          cpu: 500m\n      ports:\n        - containerPort: 80\n"
        "          name: p0\n        - containerPort: 443\n          name: p1\n---"
    )
