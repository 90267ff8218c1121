"""Differential test against Go's own text/template, when a Go toolchain is installed.

Generates random templates (pipelines, control structures, defines, trim markers, printf verbs),
runs them through the Go oracle in go_oracle/ and through our engine, and requires the same output,
or the same error message. Skipped when `go` is missing (CI has no Go); run it after engine changes.
Known, deliberate differences are filtered: Go older than 1.22 cannot range over integers, our
`unexpected EOF` names the unclosed block, and our depth limit (1000, "exceeded max depth") is not
Go's (100000, "exceeded maximum template depth").
"""

import hashlib
import json
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from k8sfix_tui.render.gotemplate import TemplateError, TemplateSet

HERE = Path(__file__).parent / "go_oracle"


def _go() -> str | None:
    found = shutil.which("go")
    if found:
        return found
    for cand in sorted(Path("/usr/lib").glob("go-*/bin/go"), reverse=True):
        return str(cand)
    return None


@pytest.fixture(scope="module")
def oracle(tmp_path_factory):
    go = _go()
    if go is None:
        pytest.skip("no Go toolchain: the differential test needs `go` to build the oracle")
    digest = hashlib.sha256((HERE / "main.go").read_bytes() + go.encode()).hexdigest()[:16]
    out = Path(tempfile.gettempdir()) / f"k8sfix-go-oracle-{digest}"
    if out.exists():
        return out
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod", GO111MODULE="on")
    res = subprocess.run([go, "build", "-o", str(out), "."], cwd=HERE, env=env, capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot build the Go oracle: {res.stderr.strip()[:200]}")
    return out


def fail(s):
    raise ValueError(s)


FUNCS = {"upper": lambda s: s.upper(), "fail": fail, "list": lambda *a: list(a), "dict": lambda *a: dict(zip(a[::2], a[1::2]))}

DATA = {"a": 1, "b": {"c": "C", "d": [1, 2, None], "e": None}, "l": ["x", "y", "z"], "m": {"k2": 2, "k1": 1},
        "s": "str", "f": 2.5, "z": 0, "t": True, "n": None, "el": [], "em": {}, "big": 1000000, "neg": -3,
        "nested": [{"name": "a", "v": 1}, {"name": "b", "v": 2}]}

OPERANDS = [".a", ".b", ".b.c", ".b.d", ".b.e", ".b.e.x", ".l", ".m", ".m.k1", ".s", ".f", ".z", ".t", ".n", ".el",
            ".em", ".big", ".neg", ".nested", ".missing", ".missing.x", "(.missing).x", ".", "$", "$.a", "1", "0", "-2",
            "1.5", "1e6", "0x10", "'a'", '"s"', '"%v"', '"%d"', '"%s %q"', "`raw`", "true", "false", "nil", "$v", "$x",
            ".s.x", ".l.x", ".a.b"]
FUNCS_USED = ["and", "or", "not", "len", "index", "print", "printf", "println", "html", "js", "urlquery",
              "eq", "ne", "lt", "le", "gt", "ge", "list"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def operand(self, depth):
        if self.r.random() < 0.15 and depth < 2:
            return "(" + self.pipeline(depth + 1) + ")"
        return self.r.choice(OPERANDS)

    def command(self, depth):
        if self.r.random() < 0.55:
            n = self.r.choice([0, 1, 1, 2, 2, 3])
            return " ".join([self.r.choice(FUNCS_USED)] + [self.operand(depth) for _ in range(n)])
        return self.operand(depth)

    def pipeline(self, depth=0):
        cmds = [self.command(depth)]
        while self.r.random() < 0.25:
            n = self.r.choice([0, 1, 1, 2])
            cmds.append(" ".join([self.r.choice(FUNCS_USED)] + [self.operand(depth) for _ in range(n)]))
        return " | ".join(cmds)

    def lt(self):
        return "{{" + self.r.choice(["", " ", "- "])

    def rt(self):
        return self.r.choice(["", " ", " -"]) + "}}"

    def block(self, depth=0, in_range=False):
        r = self.r
        parts = []
        for _ in range(r.randint(1, 3)):
            x = r.random()
            if x < 0.2:
                parts.append(r.choice(["text", "a b", "\n", "  x\n", ": "]))
            elif x < 0.5 or depth > 2:
                parts.append(self.lt() + r.choice(["", "", "", "$x := ", "$v := ", "$x = "]) + self.pipeline() + self.rt())
            elif x < 0.6:
                kw = r.choice(["if", "with"])
                s = self.lt() + kw + " " + r.choice(["", "$v := "]) + self.pipeline() + self.rt() + self.block(depth + 1, in_range)
                if r.random() < 0.3 and kw == "if":
                    s += self.lt() + "else if " + self.pipeline() + self.rt() + self.block(depth + 1, in_range)
                if r.random() < 0.5:
                    s += self.lt() + "else" + self.rt() + self.block(depth + 1, in_range)
                parts.append(s + self.lt() + "end" + self.rt())
            elif x < 0.75:
                s = self.lt() + "range " + r.choice(["", "$v := ", "$x, $v := ", "$x := "]) + self.pipeline() + self.rt()
                s += self.block(depth + 1, True)
                if r.random() < 0.3:
                    s += self.lt() + "else" + self.rt() + self.block(depth + 1, in_range)
                parts.append(s + self.lt() + "end" + self.rt())
            elif x < 0.8 and in_range:
                parts.append(self.lt() + r.choice(["break", "continue"]) + self.rt())
            elif x < 0.88:
                parts.append(self.lt() + 'template "d" ' + r.choice(["", ".", self.pipeline()]) + self.rt())
            elif x < 0.92:
                parts.append("{{/* c */}}" if r.random() < 0.5 else "{{- /* c */ -}}")
            else:
                parts.append(self.lt() + 'block "b" ' + self.pipeline() + self.rt() + self.block(depth + 1) + "{{end}}")
        return r.choice(["", " ", "\n", "  \n "]).join(parts)

    def template(self):
        body = self.block()
        pre = '{{ $x := 1 }}{{ $v := .l }}{{define "d"}}D{{.}}|{{ $.a }}{{end}}'
        if self.r.random() < 0.1:
            p = self.r.randint(0, len(body))
            body = body[:p] + self.r.choice(["}", "{{", ")", "(", "|", '"', "$", ".", "-", " end "]) + body[p:]
        return pre + body


def _floats(v):
    """Go decodes JSON numbers as float64: mirror that."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return float(v)
    if isinstance(v, list):
        return [_floats(x) for x in v]
    if isinstance(v, dict):
        return {k: _floats(x) for k, x in v.items()}
    return v


def _known_difference(go_err: str, py_err: str) -> bool:
    if "range can't iterate over" in go_err and go_err.rstrip().split()[-1].lstrip("-").isdigit():
        return True
    if go_err.endswith("unexpected EOF") and py_err.startswith(go_err):
        return True
    return "exceeded maximum template depth" in go_err and "exceeded max depth" in py_err


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_engine_matches_go(oracle, seed):
    gen = Gen(seed)
    cases = [{"tmpl": gen.template(), "data": DATA, "strict": gen.r.random() < 0.1} for _ in range(400)]
    go = json.loads(subprocess.run([str(oracle)], input=json.dumps(cases), capture_output=True, text=True, check=True).stdout)
    mismatches = []
    for case, want in zip(cases, go):
        ts = TemplateSet(dict(FUNCS), strict_missing=case["strict"])
        try:
            ts.add("t", case["tmpl"])
            out, err = ts.execute("t", _floats(case["data"])), ""
        except TemplateError as e:
            out, err = "", str(e)
        if want["err"]:
            if err != want["err"] and not _known_difference(want["err"], err):
                mismatches.append((case["tmpl"], want["err"], err))
        elif err or out != want["out"]:
            mismatches.append((case["tmpl"], want["out"], out or err))
    assert not mismatches, "\n".join(f"{t!r}\n  go: {g!r}\n  py: {p!r}" for t, g, p in mismatches[:5])


PRINTF_VERBS = list("vdsqxXfFeEgGtTcUobO") + ["%"]
PRINTF_ARGS = ["1", "-7", "255", "0", "1.5", "-0.25", "1e6", "1e21", "1e-7", "0x10", "'a'", '"str"', '"é\\n\\t\\"q"',
               "true", "false", "nil", ".a", ".f", ".s", ".l", ".m", ".n", ".missing", ".big", ".neg", ".nested", ".el", "$"]


@pytest.mark.slow
def test_printf_matches_go(oracle):
    r = random.Random(7)
    cases = []
    for _ in range(1500):
        fmt = "".join(
            r.choice(["x", " ", "%" + r.choice(["", "", "+", "-", "#", " ", "0", "-0", "+0", "#0"])
                      + r.choice(["", "", "5", "1", "08", "12"]) + r.choice(["", "", ".0", ".2", ".5", "."])
                      + r.choice(PRINTF_VERBS)])
            for _ in range(r.randint(1, 4))
        )
        args = " ".join(r.choice(PRINTF_ARGS) for _ in range(r.randint(0, 4)))
        cases.append({"tmpl": "{{ printf %s %s }}" % (json.dumps(fmt), args), "data": DATA, "strict": False})
    go = json.loads(subprocess.run([str(oracle)], input=json.dumps(cases), capture_output=True, text=True, check=True).stdout)
    bad = []
    for case, want in zip(cases, go):
        ts = TemplateSet()
        ts.add("t", case["tmpl"])
        try:
            got, err = ts.execute("t", _floats(case["data"])), ""
        except TemplateError as e:
            got, err = "", str(e)
        if (want["err"] or "") != err or (not err and got != want["out"]):
            bad.append((case["tmpl"], want, got or err))
    assert not bad, "\n".join(f"{t}\n  go: {g}\n  py: {p!r}" for t, g, p in bad[:5])
