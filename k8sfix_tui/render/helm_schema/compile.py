"""Compiling a values.schema.json into `Node`s: keyword forms checked as gojsonschema checks them
(an unusable schema fails like Helm: `minimum must be of a number`...), the draft from `$schema`
(draft-04/06/07, else gojsonschema's permissive hybrid), `$id`s and `$ref`s resolved inside the
file, Kubernetes schema URLs from the bundled copy, any other remote `$ref` refused (strict) or
accepting anything with a warning. Compiled schemas are cached by content."""

from __future__ import annotations

import urllib.parse
from typing import Any

from .bundled import BundledKubernetes
from .gonum import canonical_json
from .jsonparse import parse_json
from .re2 import go_regex
from .schema import ANY, HYBRID, JSON_TYPES, MAX_DEPTH, CompiledSchema, Node, SchemaProblem, number

_CACHE_MAX = 64
_DRAFTS = {
    "http://json-schema.org/draft-04/schema": 4,
    "http://json-schema.org/draft-06/schema": 6,
    "http://json-schema.org/draft-07/schema": 7,
}
_REMOTE = object()


class _Compiler:
    """One schema document: ids collected, nodes compiled once each (by identity), $refs resolved last."""

    def __init__(self, doc: Any, strict: bool) -> None:
        self.doc = doc
        self.strict = strict
        self.warnings: list[str] = []
        self.by_id: dict[str, Any] = {}
        self.compiled: dict[int, Node] = {}
        self.pending: list[tuple[Node, str, int]] = []  # (node, absolute ref, draft)
        self.kubernetes = BundledKubernetes()  # remote Kubernetes $refs, read offline

    # ids -------------------------------------------------------------------------------------

    def collect_ids(self, node: Any, base: str, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema nested too deeply")
        if isinstance(node, dict):
            for key in ("$id", "id"):
                ident = node.get(key)
                if isinstance(ident, str) and ident and not ident.startswith("#"):
                    base = urllib.parse.urljoin(base, ident) if base else ident
                    self.by_id.setdefault(base.split("#", 1)[0], node)
                elif isinstance(ident, str) and ident.startswith("#") and len(ident) > 1:
                    self.by_id.setdefault(base.split("#", 1)[0] + ident, node)
            for key, value in node.items():
                if key in ("enum", "const", "default", "examples"):
                    continue
                self.collect_ids(value, base, depth + 1)
        elif isinstance(node, list):
            for value in node:
                self.collect_ids(value, base, depth + 1)

    # parse -----------------------------------------------------------------------------------

    def compile(self, node: Any, draft: int, base: str, depth: int = 0) -> Node:
        if depth > MAX_DEPTH:
            raise SchemaProblem("schema nested too deeply")
        key = id(node)
        if key in self.compiled:
            return self.compiled[key]
        out = Node()
        self.compiled[key] = out
        if isinstance(node, bool) and draft >= 6:
            out.passes = node
            return out
        if not isinstance(node, dict):
            raise SchemaProblem("Expected: valid schema, given: Invalid JSON")
        m = node
        id_key = "id" if draft == 4 else ("id" if draft == HYBRID and "id" in m else "$id")
        if id_key in m:
            if not isinstance(m[id_key], str):
                raise SchemaProblem(f"Invalid type. Expected: string, given: {id_key}")
            if not m[id_key].startswith("#"):
                base = urllib.parse.urljoin(base, m[id_key]) if base else m[id_key]
        if "definitions" in m:
            defs = m["definitions"]
            if not isinstance(defs, dict):
                raise SchemaProblem("Invalid type. Expected: array of schemas, given: definitions")
            for dv in defs.values():
                if not isinstance(dv, (dict, bool)):
                    raise SchemaProblem("Invalid type. Expected: array of schemas, given: definitions")
                self.compile(dv, draft, base, depth + 1)
        if isinstance(m.get("$defs"), dict):
            for dv in m["$defs"].values():
                if isinstance(dv, (dict, bool)):
                    self.compile(dv, draft, base, depth + 1)
        for word in ("title", "description"):
            if word in m and not isinstance(m[word], str):
                raise SchemaProblem(f"Invalid type. Expected: string, given: {word}")
        if "$ref" in m:
            if not isinstance(m["$ref"], str):
                raise SchemaProblem("Invalid type. Expected: string, given: $ref")
            out.ref = m["$ref"]
            self.pending.append((out, _join(base, m["$ref"]), draft))
            return out  # gojsonschema ignores every sibling of $ref
        self._types(m, out)
        self._object(m, out, draft, base, depth)
        self._array(m, out, draft, base, depth)
        self._numbers(m, out, draft)
        self._strings(m, out)
        self._misc(m, out, draft, base, depth)
        return out

    def _types(self, m: dict, out: Node) -> None:
        if "type" not in m:
            return
        t = m["type"]
        names = [t] if isinstance(t, str) else t if isinstance(t, list) else None
        if names is None or not all(isinstance(x, str) for x in names):
            raise SchemaProblem("Invalid type. Expected: string/array of strings, given: type")
        for name in names:
            if name not in JSON_TYPES:
                raise SchemaProblem(
                    f"has a primitive type that is NOT VALID -- given: /{name}/ Expected valid values are:[{' '.join(JSON_TYPES)}]")
            if name in out.types:
                raise SchemaProblem(f"{name} type is duplicated")
            out.types.append(name)

    def _object(self, m: dict, out: Node, draft: int, base: str, depth: int) -> None:
        if "properties" in m:
            props = m["properties"]
            if not isinstance(props, dict):
                raise SchemaProblem("properties must be of type object")
            for name, sub in props.items():
                out.properties.append((name, self.compile(sub, draft, base, depth + 1)))
        if "additionalProperties" in m:
            out.additional = self._bool_or_schema(m, "additionalProperties", draft, base, depth)
        if "patternProperties" in m:
            pp = m["patternProperties"]
            if not isinstance(pp, dict):
                raise SchemaProblem("Invalid type. Expected: valid schema, given: patternProperties")
            out.pattern_props = []
            for pat, sub in pp.items():
                try:
                    rx = go_regex(pat)
                except ValueError:
                    raise SchemaProblem(f"Invalid regex pattern '{pat}'") from None
                out.pattern_props.append((rx, self.compile(sub, draft, base, depth + 1)))
        if "propertyNames" in m and draft >= 6:
            pn = m["propertyNames"]
            if not isinstance(pn, (dict, bool)):
                raise SchemaProblem("Invalid type. Expected: valid schema, given: patternProperties")
            out.property_names = self.compile(pn, draft, base, depth + 1)
        if "dependencies" in m:
            deps = m["dependencies"]
            if not isinstance(deps, dict):
                raise SchemaProblem("dependencies must be of type object")
            out.dependencies = {}
            for name, dep in deps.items():
                if isinstance(dep, list):
                    if not all(isinstance(x, str) for x in dep):
                        raise SchemaProblem("dependency must be of type schema or array of strings")
                    out.dependencies[name] = list(dep)
                elif isinstance(dep, (dict, bool)):
                    out.dependencies[name] = self.compile(dep, draft, base, depth + 1)
                else:
                    raise SchemaProblem("dependency must be of type schema or array of strings")

    def _array(self, m: dict, out: Node, draft: int, base: str, depth: int) -> None:
        if "items" in m:
            items = m["items"]
            if isinstance(items, list):
                out.items = []
                for it in items:
                    if not isinstance(it, (dict, bool)):
                        raise SchemaProblem("Invalid type. Expected: valid schema/array of schemas, given: items")
                    out.items.append(self.compile(it, draft, base, depth + 1))
            elif isinstance(items, (dict, bool)):
                out.items = [self.compile(items, draft, base, depth + 1)]
                out.items_single = True
            else:
                raise SchemaProblem("Invalid type. Expected: valid schema/array of schemas, given: items")
        if "additionalItems" in m:
            out.additional_items = self._bool_or_schema(m, "additionalItems", draft, base, depth)

    def _bool_or_schema(self, m: dict, word: str, draft: int, base: str, depth: int) -> bool | Node:
        """additionalProperties / additionalItems: a boolean as such (in every draft), or a schema."""
        value = m[word]
        if isinstance(value, bool):
            return value
        if isinstance(value, dict):
            return self.compile(value, draft, base, depth + 1)
        raise SchemaProblem(f"Invalid type. Expected: boolean/valid schema, given: {word}")

    def _numbers(self, m: dict, out: Node, draft: int) -> None:
        if "multipleOf" in m:
            v = number(m["multipleOf"])
            if v is None:
                raise SchemaProblem("Invalid type. Expected: number, given: multipleOf")
            if v <= 0:
                raise SchemaProblem("multipleOf must be strictly greater than 0")
            out.multiple_of = v
        for word, attr, ex_word, ex_attr in (("minimum", "minimum", "exclusiveMinimum", "exclusive_minimum"),
                                            ("maximum", "maximum", "exclusiveMaximum", "exclusive_maximum")):
            if word in m:
                v = number(m[word])
                if v is None:
                    raise SchemaProblem(f"{word} must be of a number")
                setattr(out, attr, v)
            if ex_word in m:
                ex = m[ex_word]
                if isinstance(ex, bool) and draft in (4, HYBRID):
                    if getattr(out, attr) is None:
                        raise SchemaProblem(f"{ex_word} cannot be used without {word}")
                    if ex:
                        setattr(out, ex_attr, getattr(out, attr))
                        setattr(out, attr, None)
                elif number(ex) is not None and draft != 4:
                    setattr(out, ex_attr, number(ex))
                else:
                    want = "boolean" if draft == 4 else "boolean/number" if draft == HYBRID else "number"
                    raise SchemaProblem(f"Invalid type. Expected: {want}, given: {ex_word}")

    def _strings(self, m: dict, out: Node) -> None:
        for word, attr in (("minLength", "min_length"), ("maxLength", "max_length")):
            if word in m:
                setattr(out, attr, _non_negative(m[word], word))
        if out.min_length is not None and out.max_length is not None and out.min_length > out.max_length:
            raise SchemaProblem("minLength cannot be greater than maxLength")
        if "pattern" in m:
            if not isinstance(m["pattern"], str):
                raise SchemaProblem("pattern must be of a string")
            try:
                out.pattern = go_regex(m["pattern"])
            except ValueError:
                raise SchemaProblem("pattern must be a valid regex") from None
            out.pattern_src = m["pattern"]
        if "format" in m:
            if not isinstance(m["format"], str):
                raise SchemaProblem("format must be of type string")
            out.format = m["format"]

    def _misc(self, m: dict, out: Node, draft: int, base: str, depth: int) -> None:
        for word, attr in (("minProperties", "min_props"), ("maxProperties", "max_props")):
            if word in m:
                setattr(out, attr, _non_negative(m[word], word))
        if out.min_props is not None and out.max_props is not None and out.min_props > out.max_props:
            raise SchemaProblem("minProperties cannot be greater than maxProperties")
        if "required" in m:
            req = m["required"]
            if not isinstance(req, list):
                raise SchemaProblem("required must be of an array")
            for r in req:
                if not isinstance(r, str):
                    raise SchemaProblem("required items must be string")
                if r in out.required:
                    raise SchemaProblem("required items must be unique")
                out.required.append(r)
        for word, attr in (("minItems", "min_items"), ("maxItems", "max_items")):
            if word in m:
                setattr(out, attr, _non_negative(m[word], word))
        if "uniqueItems" in m:
            if not isinstance(m["uniqueItems"], bool):
                raise SchemaProblem("uniqueItems must be of a boolean")
            out.unique = m["uniqueItems"]
        if "contains" in m and draft >= 6:
            out.contains = self.compile(m["contains"], draft, base, depth + 1)
        if "const" in m and draft >= 6:
            out.const = canonical_json(m["const"])
            out.const_value = m["const"]
        if "enum" in m:
            if not isinstance(m["enum"], list):
                raise SchemaProblem("enum must be of an array")
            out.enum, out.enum_values = [], []
            for v in m["enum"]:
                c = canonical_json(v)
                if c in out.enum:
                    raise SchemaProblem("enum items must be unique")
                out.enum.append(c)
                out.enum_values.append(v)
        for word, attr in (("oneOf", "one_of"), ("anyOf", "any_of"), ("allOf", "all_of")):
            if word in m:
                if not isinstance(m[word], list):
                    raise SchemaProblem(f"{'anyOf' if word == 'allOf' else word} must be of an array")
                setattr(out, attr, [self.compile(v, draft, base, depth + 1) for v in m[word]])
        if "not" in m:
            if not isinstance(m["not"], (dict, bool)):
                raise SchemaProblem("not must be of an object")
            out.not_ = self.compile(m["not"], draft, base, depth + 1)
        if draft >= 7:
            for word, attr in (("if", "if_"), ("then", "then"), ("else", "else_")):
                if word in m:
                    if not isinstance(m[word], (dict, bool)):
                        raise SchemaProblem(f"{word} must be of an object")
                    setattr(out, attr, self.compile(m[word], draft, base, depth + 1))

    # references ------------------------------------------------------------------------------

    def resolve_refs(self) -> None:
        done = 0
        while done < len(self.pending):
            node, ref, draft = self.pending[done]
            done += 1
            target = self._lookup(ref)
            if target is _REMOTE:
                scheme = urllib.parse.urlsplit(ref).scheme or "file"
                what = f'$ref "{node.ref}" points to a remote schema ({scheme}), which k8sfix does not fetch (offline)'
                if self.strict:
                    raise SchemaProblem(what)
                self.warnings.append(what + ": that reference accepts any value")
                node.ref_target = ANY
                continue
            if target is None:
                raise SchemaProblem(f'$ref "{node.ref}" cannot be resolved in the schema file')
            if not isinstance(target, (dict, bool)):
                raise SchemaProblem("valid schema must be of type object")
            doc_url = ref.partition("#")[0]
            node.ref_target = self.compile(target, draft if not isinstance(target, dict) else _draft_of(target, draft),
                                           doc_url, 0)

    def _lookup(self, ref: str) -> Any:
        url, _, frag = ref.partition("#")
        doc: Any
        if url in self.by_id:
            doc = self.by_id[url]
        elif ref in self.by_id:
            return self.by_id[ref]
        elif url == "":
            doc = self.doc
        else:
            doc = self.kubernetes.lookup(url)
            if doc is None:
                return _REMOTE
            self.by_id[url] = doc
        if not frag:
            return doc
        if not frag.startswith("/"):
            return self.by_id.get("#" + frag)
        cur = doc
        for i, raw in enumerate(frag[1:].split("/")):
            part = urllib.parse.unquote(raw).replace("~1", "/").replace("~0", "~")
            if i == 0 and part == "definitions" and isinstance(cur, dict) and part not in cur and "$defs" in cur:
                part = "$defs"  # kubernetesjsonschema.dev's `definitions` are `$defs` in the bundled copy
            if isinstance(cur, dict) and part in cur:
                cur = cur[part]
            elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
                cur = cur[int(part)]
            else:
                return None
        return cur


def _draft_of(node: dict, default: int) -> int:
    s = node.get("$schema")
    if isinstance(s, str):
        return _DRAFTS.get(s.split("#", 1)[0].rstrip("/"), default if s == "" else HYBRID)
    return default


def _join(base: str, ref: str) -> str:
    if not base:
        return ref
    if ref.startswith("#"):
        return base.split("#", 1)[0] + ref
    try:
        return urllib.parse.urljoin(base, ref)
    except ValueError:
        return ref


def _non_negative(value: Any, word: str) -> int:
    n = number(value)
    if n is None or n.denominator != 1:
        raise SchemaProblem(f"{word} must be of an integer")
    if n < 0:
        raise SchemaProblem(f"{word} must be greater than or equal to 0")
    return int(n)


_COMPILED: dict[tuple[bytes, bool], CompiledSchema | SchemaProblem] = {}


def compile_schema(data: bytes | str, strict: bool = True) -> CompiledSchema:
    """Parse and compile a values.schema.json (cached by content). Raises SchemaProblem."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    key = (raw, strict)
    hit = _COMPILED.get(key)
    if hit is None:
        try:
            hit = _compile(raw.decode("utf-8", "replace"), strict)
        except SchemaProblem as exc:
            hit = exc
        except RecursionError:
            hit = SchemaProblem("schema nested too deeply")
        if len(_COMPILED) >= _CACHE_MAX:
            _COMPILED.clear()
        _COMPILED[key] = hit
    if isinstance(hit, SchemaProblem):
        raise hit
    return hit


def _compile(text: str, strict: bool) -> CompiledSchema:
    doc = parse_json(text.lstrip("\ufeff"))
    if isinstance(doc, bool):
        root = Node()
        root.passes = doc
        return CompiledSchema(root)
    if not isinstance(doc, dict):
        raise SchemaProblem("schema is invalid")
    if "$schema" in doc and not isinstance(doc["$schema"], str):
        raise SchemaProblem("$schema must be of type string")
    draft = _draft_of(doc, HYBRID)
    comp = _Compiler(doc, strict)
    root_id = doc.get("$id") if draft != 4 else doc.get("id")
    base = root_id if isinstance(root_id, str) and not root_id.startswith("#") else ""
    comp.collect_ids(doc, base)
    if base:
        comp.by_id.setdefault(base.split("#", 1)[0], doc)
    comp.by_id.setdefault("", doc)
    root = comp.compile(doc, draft, base)
    comp.resolve_refs()
    return CompiledSchema(root, comp.warnings)
