"""parse_document: sections, anchors, blocks, tables, links, waivers, front matter."""

from __future__ import annotations

from textwrap import dedent

import pytest

from k8sfix_tui.doc.markdown import github_slug, parse_document, split_table_row, strip_emoji

DOC = dedent(
    """\
    ---
    title: Larkspur
    owner: platform
    ---
    # 🚀 Quick start

    Intro text.

    ## Step 1: Install & run
    <!-- k8sfix: ignore value-mismatch -- legacy numbers -->
    | Name | CPU |
    |------|-----|
    | `api` | 250m / 500m |
    | `a\\|b` | `x|y` |

    - see [the base](../k8s/base/) and ![img](pic.png)
      ```yaml
      a: 1
      ```

    Setext title
    ------------

    ## Quick start
    ### ❤️ Health checks (probes)
    <!-- k8sfix: ignore placeholder -->

    ```bash
    echo hi
    ```
    """
)


@pytest.fixture(scope="module")
def doc():
    return parse_document("docs/d.md", DOC)


def test_front_matter(doc):
    assert doc.front_matter == {"title": "Larkspur", "owner": "platform"}
    assert doc.front_matter_lines == (1, 4)
    assert doc.root.title == "Larkspur"


@pytest.mark.parametrize(
    "index, level, title, anchor, line, end_line, parent",
    [
        (0, 1, "Quick start", "-quick-start", 5, 30, None),
        (1, 2, "Step 1: Install & run", "step-1-install--run", 9, 20, 0),
        (2, 2, "Setext title", "setext-title", 21, 23, 0),
        (3, 2, "Quick start", "quick-start", 24, 30, 0),
        (4, 3, "Health checks (probes)", "️-health-checks-probes", 25, 30, 3),
    ],
)
def test_sections(doc, index, level, title, anchor, line, end_line, parent):
    sec = doc.sections[index]
    assert (sec.level, sec.title, sec.line, sec.end_line, sec.parent) == (level, title, line, end_line, parent)
    assert sec.anchor.lstrip("\ufe0f") == anchor.lstrip("\ufe0f")


def test_section_at_and_body(doc):
    assert doc.section_at(2).level == 0  # front matter: the root
    assert doc.section_at(7).title == "Quick start"
    assert doc.section_at(13).title == "Step 1: Install & run"
    assert doc.section_at(29).title == "Health checks (probes)"
    top = doc.sections[0]
    assert (top.body_line, top.body_end_line) == (6, 8)


def test_duplicate_anchor_numbering():
    d = parse_document("x.md", "# A\n## Setup\n## Setup\n## Setup\n")
    assert [s.anchor for s in d.sections] == ["a", "setup", "setup-1", "setup-2"]


def test_blocks(doc):
    yaml_block, bash_block = doc.blocks
    assert (yaml_block.lang, yaml_block.fence_line, yaml_block.content_start_line, yaml_block.end_line) == ("yaml", 17, 18, 19)
    assert yaml_block.text == "a: 1\n"
    assert (bash_block.lang, bash_block.fence_line, bash_block.end_line, bash_block.closed) == ("bash", 28, 30, True)


def test_unclosed_fence():
    d = parse_document("x.md", "# T\n```yaml\na: 1\nb: 2\n")
    b = d.blocks[0]
    assert (b.fence_line, b.content_start_line, b.closed) == (2, 3, False)


def test_tables(doc):
    (t,) = doc.tables
    assert t.headers == ["Name", "CPU"]
    assert (t.line, t.end_line) == (11, 14)
    row = t.rows[0]
    assert row.line == 13
    line = doc.line(13)
    assert [line[c.start:c.end] for c in row.cells] == ["`api`", "250m / 500m"]
    assert [c.text for c in row.cells] == ["api", "250m / 500m"]
    assert [c.raw for c in t.rows[1].cells] == ["`a\\|b`", "`x|y`"]


@pytest.mark.parametrize(
    "line, cells",
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("|a|b|c|", ["a", "b", "c"]),
        ("| `x|y` | z |", ["`x|y`", "z"]),
        ("| esc \\| pipe | z |", ["esc \\| pipe", "z"]),
        ("|  | empty first |", ["", "empty first"]),
        ("> | q | r |", ["q", "r"]),
        ("  | in | list |", ["in", "list"]),
    ],
)
def test_split_table_row(line, cells):
    assert [line[s:e] for s, e in split_table_row(line)] == cells


def test_links(doc):
    assert [(l.text, l.target, l.line, l.image) for l in doc.links] == [
        ("the base", "../k8s/base/", 16, False),
        ("img", "pic.png", 16, True),
    ]


def test_waivers(doc):
    # own line, then the next non-blank line; alone above a table -> the whole table
    assert doc.waiver_for(10) == (["value-mismatch"], "legacy numbers")
    for ln in (11, 12, 13, 14):
        assert doc.waiver_for(ln, "value-mismatch") is not None
    assert doc.waiver_for(13, "placeholder") is None
    assert doc.waiver_for(16) is None
    # alone above a code block -> the whole block
    for ln in (28, 29, 30):
        assert doc.waiver_for(ln, "placeholder") == (["placeholder"], "")
        assert doc.waiver_for(ln, "value-mismatch") is None
    no_rules = parse_document("x.md", "<!-- k8sfix: ignore -- everything here -->\nReplicas: 3\n")
    assert no_rules.waiver_for(2, "value-mismatch") == ([], "everything here")


def test_waiver_inside_code_is_not_a_waiver():
    d = parse_document("x.md", "```html\n<!-- k8sfix: ignore placeholder -- x -->\nTODO\n```\n")
    assert d.waivers == {}


def test_waiver_on_same_line():
    d = parse_document("x.md", "Replicas: 3 <!-- k8sfix: ignore value-mismatch, placeholder -- pinned -->\n\nNext\n")
    assert d.waiver_for(1, "placeholder") == (["value-mismatch", "placeholder"], "pinned")
    assert d.waiver_for(3) == (["value-mismatch", "placeholder"], "pinned")


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Quick start", "quick-start"),
        ("🚀 Deploy", "-deploy"),
        ("Step 1: Install & run", "step-1-install--run"),
        ("Health checks (probes)", "health-checks-probes"),
        ("`make deploy` target", "make-deploy-target"),
        ("Überblick über Größen", "überblick-über-größen"),
        ("snake_case_name", "snake_case_name"),
        ("v1.2.3 release", "v123-release"),
    ],
)
def test_github_slug(title, slug):
    assert github_slug(title) == slug


def test_heading_title_plain_text():
    d = parse_document("x.md", "## 📦 The `api` *service* :rocket:\n")
    assert d.sections[0].title == "The api service"
    assert d.sections[0].raw == "📦 The `api` *service* :rocket:"
    assert strip_emoji("✅ Done ✨") == "Done"


def test_crlf_and_bad_front_matter():
    d = parse_document("x.md", "---\r\n: [bad\r\n---\r\n# T\r\ntext\r\n")
    assert d.front_matter is None and d.front_matter_error
    assert d.sections[0].line == 4
    assert d.lines[4] == "text"


def test_paragraph_segments_map_columns():
    d = parse_document("x.md", "- item one\n  continues here\n> quoted text\n")
    kinds = [(p.kind, p.line, p.end_line) for p in d.paragraphs]
    assert kinds == [("list", 1, 2), ("blockquote", 3, 3)]
    seg = d.paragraphs[0].segments
    assert [d.line(ln)[s:e] for ln, s, e in seg] == ["item one", "continues here"]
    assert [d.line(ln)[s:e] for ln, s, e in d.paragraphs[1].segments] == ["quoted text"]
