"""One definition of a document's hand-written lines (`doc.written`), used by drift's
`DocView.substantial` and the fix generators' doctype: table of texts and expected line numbers."""

from __future__ import annotations

import pytest

from k8sfix_tui.doc.written import count_written, written_lines
from k8sfix_tui.fixes.generators import doctype

GEN = "<!-- k8sfix:begin t sha256=1 -->\nx\ny\n<!-- k8sfix:end t -->\n"


@pytest.mark.parametrize("text, expected", [
    ("# A\n\ntext\n", [1, 3]),
    ("", []),
    ("\n\n", []),
    # front matter
    ("---\ntitle: x\ntags: [a]\n---\n# A\ntext\n", [5, 6]),
    ("---\ntitle: x\n...\ntext\n", [4]),
    # a thematic break that never closes is not front matter
    ("---\ntext\n", [1, 2]),
    # generated blocks and the headings over generated-only sections
    ("# A\n\ntext\n\n## T\n\n" + GEN + "\n## L\n\nnotes\n", [1, 3, 12, 14]),
    ("## T\n\nmine\n\n" + GEN, [1, 3]),
    ("## T\n" + GEN, []),
    ("## T\n\n" + GEN + "\n### Sub\n\nmine\n", [8, 10]),
    # an unclosed begin marker runs to the end
    ("text\n<!-- k8sfix:begin t -->\nx\n", [1]),
    # markers inside a code fence are text
    ("```\n<!-- k8sfix:begin t -->\nx\n<!-- k8sfix:end t -->\n```\n", [1, 2, 3, 4, 5]),
    # boilerplate sections: heading and body up to the next heading of the same or a higher level
    ("# A\ntext\n## License\nMIT\n### Third party\nApache\n## Usage\nrun\n", [1, 2, 7, 8]),
    ("# A\n## Contributing\nPRs welcome\n# Next\nmore\n", [1, 4, 5]),
    ("## Code of Conduct\nbe nice\n", []),
    # a '# comment' inside a fence is not a heading: it neither starts nor ends a section
    ("## Contributing\n```bash\n# build\nmake\n```\nsend PRs\n## Deploy\nkubectl apply\n", [7, 8]),
    ("## Deploy\n```bash\n# License check\nmake\n```\ntext\n", [1, 2, 3, 4, 5, 6]),
    # 'Supported versions' is not boilerplate 'Support'
    ("## Supported versions\n1.29\n", [1, 2]),
])
def test_written_lines(text, expected):
    assert written_lines(text.splitlines(keepends=True)) == expected
    assert count_written(text.splitlines()) == len(expected)
    assert doctype.count_written(text.splitlines(keepends=True)) == len(expected)


def test_accepting_generated_sections_never_changes_the_count():
    doc = "# Shop\n\nRuns `shop-api`.\n\n## Deployment\n\nApply `k8s/`.\n\n## License\n\nMIT\n"
    grown = doc.replace("## License", "## Monitoring\n\n" + GEN + "\n## Troubleshooting\n\n" + GEN + "\n## License")
    assert count_written(doc.splitlines()) == count_written(grown.splitlines()) == 4
