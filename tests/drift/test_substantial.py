"""Regression: drift's `DocView.substantial` counts written lines with the one shared definition
(`doc.written`): headings over generated-only sections, front matter, boilerplate sections and
k8sfix blocks never make a short document substantial, and a `# comment` in a code block does not
end a Contributing section."""

from __future__ import annotations

import pytest

from k8sfix_tui.drift.context import DocView

GEN = "<!-- k8sfix:begin t sha256=1 -->\nx\ny\n<!-- k8sfix:end t -->\n"
BODY = "# Shop\n\n" + "".join(f"Line {i} about `shop-api`.\n" for i in range(17))  # 18 written lines


def _view(text: str) -> DocView:
    return DocView(None, "README.md", [], text.splitlines(), text.lower(), {})


@pytest.mark.parametrize("text, expected", [
    (BODY, False),
    (BODY + "More.\nAnd more.\n", True),
    # k8sfix inserted two sections: their headings are not the writer's (the old count said 20)
    (BODY + "\n## Monitoring\n\n" + GEN + "\n## Troubleshooting\n\n" + GEN, False),
    # a Contributing section with a '# comment' in a code block stays boilerplate (the old count resumed there)
    (BODY + "\n## Contributing\n\n```bash\n# run the tests\nmake test\nmake lint\n```\n", False),
    ("---\n" + "".join(f"k{i}: v\n" for i in range(5)) + "---\n" + BODY, False),
])
def test_substantial(text, expected):
    assert _view(text).substantial is expected
