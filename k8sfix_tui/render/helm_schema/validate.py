"""The chart tree (called by render.helm between coalescing values and rendering): each chart's
schema checked against its scope of the values, failures gathered into one RenderError located at
the values file:line that set the first offending key."""

from __future__ import annotations

from typing import Any, Iterable

from ...errors import RenderError
from .compile import compile_schema
from .gojson import GoJsonSchema
from .schema import HEADER, SCHEMA_FILE, CompiledSchema, SchemaProblem, Violation, check_finite, json_type
from .tekuri import Tekuri


def check(schema: CompiledSchema, values: Any, chart: str = "", helm_major: int = 3) -> list[Violation]:
    """Every violation of `values` against `schema`, in the validator's order. Raises SchemaProblem
    only for values JSON cannot carry (NaN, infinities) or runaway $ref recursion."""
    check_finite(values)
    validator = Tekuri() if helm_major >= 4 else GoJsonSchema()
    try:
        return validator.run(schema.root, values, chart)
    except RecursionError:  # Python's stack ran out before MAX_DEPTH: the same runaway recursion
        raise SchemaProblem("schema $ref recursion too deep while validating") from None


def _schema_path(chart: Any) -> str:
    return f"{chart.origin}/{SCHEMA_FILE}"


def _walk(chart: Any, prefix: tuple) -> Iterable[tuple[Any, tuple]]:
    yield chart, prefix
    for sub in chart.dependencies:
        yield from _walk(sub, prefix + (sub.name,))


def _has_schema(chart: Any) -> bool:
    if getattr(chart, "schema", None) is not None:
        return True
    return any(_has_schema(sub) for sub in chart.dependencies)


def validate_values(chart: Any, values: dict, sources: list[tuple[str, dict[str, int], dict[str, Any]]] | None = None,
                    *, helm_major: int = 3, strict: bool = True) -> list[str]:
    """Helm's ValidateAgainstSchema over the chart tree (after dependencies were processed and values
    coalesced). Returns warnings (remote $refs skipped when not `strict`); raises RenderError."""
    if not _has_schema(chart):
        return []
    warnings: list[str] = []
    blocks: list[str] = []
    all_violations: list[Violation] = []
    first_schema: str | None = None
    first_location: str | None = None
    for node, prefix in _walk(chart, ()):
        scoped: Any = values
        for part in prefix:
            scoped = scoped.get(part) if isinstance(scoped, dict) else None
        if helm_major >= 4 and node is not chart:
            if scoped is None:
                continue
            if not isinstance(scoped, dict):
                blocks.append(f"{node.name}:\ninvalid type for values: expected object (map), got {_go_type(scoped)}\n")
                continue
        if node.schema is None:
            continue
        schema_file = _schema_path(node)
        try:
            compiled = compile_schema(node.schema, strict)
            for w in compiled.warnings:
                warnings.append(f"{schema_file}: {w}")
            found = check(compiled, scoped if isinstance(scoped, dict) else {}, node.name, helm_major)
        except RecursionError:
            exc = SchemaProblem("values or schema nested too deeply to validate")
            blocks.append(f"{node.name}:\n{exc.message}\n")
            first_schema = first_schema or schema_file
            first_location = first_location or schema_file
            continue
        except SchemaProblem as exc:
            blocks.append(f"{node.name}:\n{exc.message}\n")
            if first_schema is None:
                first_schema = schema_file
                first_location = f"{schema_file}:{exc.line}" if exc.line else schema_file
            continue
        if not found:
            continue
        blocks.append(f"{node.name}:\n" + "".join(v.line(helm_major) + "\n" for v in found))
        all_violations.extend(found)
        if first_schema is None:
            first_schema = schema_file
            first_location = _locate(chart, prefix, found[0], sources or []) or schema_file
    if not blocks:
        return warnings
    exc = RenderError(HEADER + "\n" + "".join(blocks), first_location or first_schema)
    exc.schema_file = first_schema  # type: ignore[attr-defined]
    exc.violations = all_violations  # type: ignore[attr-defined]
    raise exc


def _go_type(value: Any) -> str:
    return {"string": "string", "number": "float64", "boolean": "bool", "array": "[]interface {}"}.get(json_type(value), "string")


def _dotted(parts: Iterable) -> str:
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out = f"{out}.{p}" if out else str(p)
    return out


def _in_data(data: Any, parts: tuple) -> bool:
    cur = data
    for p in parts:
        if isinstance(p, int):
            if not isinstance(cur, list) or p >= len(cur):
                return False
            cur = cur[p]
        else:
            if not isinstance(cur, dict) or p not in cur:
                return False
            cur = cur[p]
    return True


def _locate(root: Any, prefix: tuple, violation: Violation, sources: list) -> str | None:
    """`file:line` that set the violation's key (or its nearest set parent), Helm's priority order:
    the last -f/--set that has it, else the shallowest chart's values.yaml that has it."""
    key = prefix + tuple(violation.key)
    candidates = []
    for n in range(len(key), len(prefix), -1):
        candidates.append(key[:n])
        if key[len(prefix):len(prefix) + 1] == ("global",):  # globals are copied down from the parents
            candidates.extend(prefix[:j] + key[len(prefix):n] for j in range(len(prefix) - 1, -1, -1))
    for parts in candidates:
        for label, lines, data in reversed(sources):
            if _in_data(data, parts):
                line = lines.get(_dotted(parts), 0) if lines else 0
                return f"{label}:{line}" if line else label
        chain = [(root, ())]
        for name in prefix:
            nxt = next((d for d in chain[-1][0].dependencies if d.name == name), None)
            if nxt is None:
                break
            chain.append((nxt, chain[-1][1] + (name,)))
        for chart, scope in chain:
            if parts[: len(scope)] != scope or not chart.values_file:
                continue
            line = chart.values_lines.get(_dotted(parts[len(scope):]))
            if line:
                return f"{root.origin}/{chart.values_file}:{line}"
    return None
