"""What the two validators share: the error record, the accumulator, the walk's skeleton (depth
guard, boolean schemas, `$ref`, `type`), the search for a passing branch, and the keyword checks
whose meaning is the same in gojsonschema and santhosh-tekuri (only their order and wording differ).

A validator subclasses `Walker` and supplies `wrong_type` (the type error it reports), `keywords`
(the other keywords, in its order) and `failure` (what it keeps of a failed subschema);
`REF_TRANSPARENT` says whether a `$ref`'s errors join the referrer's or nest under one error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from .formats import format_ok
from .gonum import canonical_json, rat
from .schema import ANY, MAX_DEPTH, Node, SchemaProblem, is_int, json_type

Failure = tuple[str, dict]  # (keyword, details for the message)


@dataclass
class Err:
    path: tuple
    kind: str
    details: dict
    key: tuple
    nest: int = 0
    causes: list = field(default_factory=list)  # Helm 4 only: the error tree


class Result:
    """Errors found under one (sub)schema, and gojsonschema's score of how well the value fit."""

    __slots__ = ("errors", "score")

    def __init__(self) -> None:
        self.errors: list[Err] = []
        self.score = 0

    def add(self, kind: str, path: tuple, key: tuple | None = None, causes: list | None = None, **details: Any) -> None:
        self.errors.append(Err(path, kind, details, path if key is None else key, causes=causes or []))
        self.score -= 2

    def add_all(self, failures: Iterable[Failure], path: tuple) -> None:
        for kind, details in failures:
            self.add(kind, path, **details)

    def merge(self, other: "Result", nest: int = 0) -> None:
        if nest:
            for e in other.errors:
                e.nest += nest
        self.errors.extend(other.errors)
        self.score += other.score

    def valid(self) -> bool:
        return not self.errors


class Walker:
    """The walk over a compiled schema and a value, common to both validators."""

    ONE_OF_STOPS = False  # stop trying oneOf branches at the second match
    REF_TRANSPARENT = True  # a $ref's errors are the referrer's (else one `ref` error holds them)

    def recurse(self, node: Node, value: Any, result: Result, path: tuple, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema $ref recursion too deep while validating")
        if node.passes is not None:
            if not node.passes:
                result.add("false", path)
            return
        if node.ref is not None:  # inline, not a method: one Python frame per $ref followed
            inner = result if self.REF_TRANSPARENT else Result()
            self.recurse(node.ref_target or ANY, value, inner, path, depth + 1)
            if inner is not result and inner.errors:
                result.add("ref", path, causes=inner.errors)
            return
        jt = json_type(value)
        if node.types and not type_ok(node, value, jt):
            self.wrong_type(node, value, jt, result, path)
            return
        self.keywords(node, value, jt, result, path, depth)

    def sub(self, node: Node, value: Any, path: tuple, depth: int) -> Result:
        result = Result()
        self.recurse(node, value, result, path, depth)
        return result

    def attempt(self, node: Node, value: Any, path: tuple, depth: int) -> Any:
        """None when `value` passes `node`, else what this validator keeps of the failure."""
        result = Result()
        self.recurse(node, value, result, path, depth)
        return None if result.valid() else self.failure(result, path)

    def first_pass(self, tries: Iterable[tuple[Node, Any, tuple]], depth: int) -> list | None:
        """anyOf / contains: None as soon as one (schema, value, path) passes, else every failure."""
        failures = []
        for node, value, path in tries:
            failed = self.attempt(node, value, path, depth)
            if failed is None:
                return None
            failures.append(failed)
        return failures

    def one_of(self, node: Node, value: Any, path: tuple, depth: int) -> tuple[list[int], list]:
        """The indexes of the oneOf branches that pass, and the failures before the first pass."""
        matched: list[int] = []
        failures = []
        for i, branch in enumerate(node.one_of):
            failed = self.attempt(branch, value, path, depth + 1)
            if failed is None:
                matched.append(i)
                if self.ONE_OF_STOPS and len(matched) == 2:
                    break
            elif not matched:
                failures.append(failed)
        return matched, failures

    def if_branch(self, node: Node, value: Any, path: tuple, depth: int) -> tuple[bool, Node | None]:
        """Whether `if` held, and the then/else schema that applies (None when absent)."""
        held = self.attempt(node.if_, value, path, depth + 1) is None
        return held, node.then if held else node.else_

    # what each validator supplies --------------------------------------------------------------

    def wrong_type(self, node: Node, value: Any, jt: str, result: Result, path: tuple) -> None:
        raise NotImplementedError

    def keywords(self, node: Node, value: Any, jt: str, result: Result, path: tuple, depth: int) -> None:
        raise NotImplementedError

    def failure(self, result: Result, path: tuple) -> Any:
        raise NotImplementedError


# keyword checks both validators make the same way ------------------------------------------------


def type_ok(node: Node, value: Any, jt: str) -> bool:
    """`type`: a number with no fraction is also an integer (YAML 2.0 is 2 after YAML -> JSON)."""
    return jt in node.types or (jt == "number" and "integer" in node.types and is_int(value))


def value_failures(node: Node, value: Any) -> list[Failure]:
    """const, enum and format, in that order (equality as JSON text, numbers as float64)."""
    out: list[Failure] = []
    if node.const is not None and canonical_json(value) != node.const:
        out.append(("const", {"allowed": node.const, "want": node.const_value}))
    if node.enum and canonical_json(value) not in node.enum:
        out.append(("enum", {"allowed": ", ".join(node.enum), "want": node.enum_values}))
    if node.format and not format_ok(node.format, value):
        out.append(("format", {"format": node.format, "got": value}))
    return out


def size_failures(n: int, low: int | None, high: int | None, words: tuple[str, str]) -> list[Failure]:
    """min/max of a count: properties, items or string length (`words` names the two keywords)."""
    out: list[Failure] = []
    if low is not None and n < low:
        out.append((words[0], {"min": low, "got": n}))
    if high is not None and n > high:
        out.append((words[1], {"max": high, "got": n}))
    return out


def string_failures(node: Node, value: str) -> list[Failure]:
    out = size_failures(len(value), node.min_length, node.max_length, ("minLength", "maxLength"))
    if node.pattern is not None and node.pattern.search(value) is None:
        out.append(("pattern", {"pattern": node.pattern_src, "got": value}))
    return out


_NUMBER_CHECKS = {
    "multipleOf": ("multiple_of", "multiple", lambda r, b: (r / b).denominator != 1),
    "maximum": ("maximum", "max", lambda r, b: r > b),
    "exclusiveMaximum": ("exclusive_maximum", "max", lambda r, b: r >= b),
    "minimum": ("minimum", "min", lambda r, b: r < b),
    "exclusiveMinimum": ("exclusive_minimum", "min", lambda r, b: r <= b),
}


def number_failures(node: Node, value: Any, order: Iterable[str]) -> list[Failure]:
    """multipleOf and the four bounds, exactly (Fractions), in the validator's `order`."""
    r = rat(value)
    out: list[Failure] = []
    for kind in order:
        attr, word, bad = _NUMBER_CHECKS[kind]
        bound = getattr(node, attr)
        if bound is not None and bad(r, bound):
            out.append((kind, {word: bound, "got": r}))
    return out


def duplicate_pairs(items: list) -> Iterator[tuple[int, int]]:
    """uniqueItems: (earlier, later) index of each repeated item, the earlier being its last sighting."""
    seen: dict[str, int] = {}
    for j, item in enumerate(items):
        c = canonical_json(item)
        if c in seen:
            yield seen[c], j
        seen[c] = j


def present_dependencies(node: Node, value: dict) -> Iterator[tuple[Any, Any]]:
    """(key, dependency) for each `dependencies` entry whose key the object has, keys sorted."""
    for key in sorted(value, key=str):
        if key in node.dependencies:
            yield key, node.dependencies[key]


def pattern_schemas(node: Node, key: Any) -> list[Node]:
    """The patternProperties subschemas whose RE2 pattern finds `key` (unreadable patterns never do)."""
    return [sub for rx, sub in node.pattern_props or () if rx is not None and rx.search(str(key)) is not None]
