"""Helm's values.schema.json check: the coalesced values of the chart and of every enabled subchart
are validated against that chart's own JSON Schema before any template runs.

    from k8sfix_tui.render.helm_schema import validate_values
    warnings = validate_values(chart, values, sources, helm_major=3, strict=True)   # raises RenderError

Where and how, as Helm 3.17 does it (pkg/chartutil/jsonschema.go, gojsonschema): after
CoalesceValues, the root chart is checked against its schema with the whole tree of values, then
each dependency (those left after conditions/tags) with `values[<name or alias>]`, recursively.
Failures are collected over the whole tree and reported as one error:

    values don't meet the specifications of the schema(s) in the following chart(s):
    mychart:
    - replicaCount: Invalid type. Expected: integer, given: string
    subchart:
    - (root): port is required

`helm_major=3` words each line like gojsonschema (`<field>: <description>`, `(root)` for the top,
dotted paths `image.tag`, array items `hosts.0`); `helm_major=4` like santhosh-tekuri/jsonschema v6,
which Helm 4 uses (`- at '/image/tag': got number, want string`): its error tree (a subschema
with several errors is one `validation failed` line with its causes indented below, a `$ref` with
one cause is not shown, every failing anyOf/oneOf branch is listed), missing and additional
properties grouped per object, type/const/enum/format failures ending the checks of that value.

Both validators are ours (no network, no code copied), over one compiled form of the schema.
Helm 3: gojsonschema's keyword semantics, its order (type first, then anyOf/oneOf/allOf/not/
dependencies/if, object or array keywords, const/enum/format, string or number keywords, then
properties in schema order), its scoring of the closest anyOf/oneOf branch, its format checkers,
and its drafts (`$schema` draft-04/06/07, else the permissive "hybrid" mode; 2019-09/2020-12-only
keywords are ignored, as gojsonschema does). Where Go iterates maps (additional and pattern
properties, dependencies; Helm 4's properties) the order here is sorted, so output is stable where
real helm's order varies from run to run.
Unusable schemas fail like Helm does, one line under the chart name: not JSON (Go's decoder
wording where it can be told), a keyword of the wrong form (`minimum must be of a number`...).
`$ref` works inside the file (`#/definitions/x`, `#/$defs/x`, `$id`s declared in the file); a
remote `$ref` (http/https/file) is never fetched: an error saying so when `strict`, otherwise
(analysis) that reference accepts anything and a warning is returned.

The RenderError carries `schema_file` (the first failing chart's values.schema.json), `violations`
(every `Violation`) and `location` = the values file:line that set the first offending key when
it is known (the user's -f file, or a values.yaml), else the schema file.

Modules: `schema` (Node, Violation, SchemaProblem, the JSON view of values), `jsonparse` (Go's
decoder wording), `compile` (keywords, drafts, `$ref`s; `bundled` for Kubernetes URLs), `re2`
(RE2 patterns in Python), `formats`, `gonum` (Go's printing of numbers and JSON), `walk` (what
both validators share), `gojson` (Helm 3), `tekuri` (Helm 4), `validate` (the chart tree).
"""

from __future__ import annotations

from .compile import compile_schema
from .gonum import canonical_json, go_json_float, go_v_float, tekuri_float, tekuri_int
from .re2 import go_regex
from .schema import HEADER, SCHEMA_FILE, CompiledSchema, SchemaProblem, Violation, json_type
from .validate import check, validate_values

_go_regex = go_regex  # the name tests and older callers import

__all__ = ["SCHEMA_FILE", "HEADER", "Violation", "SchemaProblem", "CompiledSchema", "compile_schema", "check", "validate_values"]
