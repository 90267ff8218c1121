#!/usr/bin/env python3
"""Write docs/rules.md (the rules reference SARIF `helpUri` points at) from the code's registries.

    python scripts/rules_doc.py           # rewrite docs/rules.md
    python scripts/rules_doc.py --check   # exit 1 when docs/rules.md is stale (CI)

The text comes from `k8sfix_tui.drift.rulesdoc.markdown()`: drift rule docstrings, pitfall docstrings
and consequences, the 13 areas and the generated sections. tests/drift/test_rules_doc.py fails when the
committed file differs from what this script would write.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from k8sfix_tui.drift.rulesdoc import DOC_PATH, markdown  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the file is stale; write nothing")
    args = parser.parse_args(argv)
    target = ROOT / DOC_PATH
    text = markdown()
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != text:
            print(f"{DOC_PATH}: stale; run python scripts/rules_doc.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {DOC_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
