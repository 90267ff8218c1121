"""YAML reading and writing the way kustomize does it.

Reading follows kyaml (YAML 1.2 flavour): `yes`/`on`/`y` stay strings, dates stay strings,
`1:20` is a string. Writing follows kustomize's output: keys sorted, block style, two-space
indent, sequences not indented under their key, strings that a YAML 1.1 reader would take for
something else double-quoted, multi-line strings as literal blocks, integral floats as ints.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import RenderError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class KLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader with YAML-1.2-like implicit typing (as kyaml/yaml.v3)."""


KLoader.yaml_implicit_resolvers = {}
_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]
for _tag, _rx, _first in _RESOLVERS:
    KLoader.add_implicit_resolver(_tag, re.compile(_rx), list(_first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | float:
    text = str(node.value).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    try:
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if text.startswith("0o"):
            return sign * int(text[2:], 8)
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if len(text) > 1 and text.startswith("0"):
            return sign * int(text, 8)
        return sign * int(text)
    except ValueError:
        return float(node.value)


KLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
KLoader.add_constructor("tag:yaml.org,2002:timestamp", KLoader.construct_yaml_str)


def parse_documents(text: str, where: str) -> list[tuple[Any, int]]:
    """Parse a YAML stream into (document, 1-based first line) pairs; empty documents are dropped.

    Raises RenderError `where:line: message` on invalid YAML.
    """
    loader = KLoader(text)
    out: list[tuple[Any, int]] = []
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            line = node.start_mark.line + 1
            data = loader.construct_document(node)
            if data is None:
                continue
            out.append((data, line))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise RenderError(f"invalid YAML: {problem}", f"{where}:{line}" if line else where) from None
    except yaml.YAMLError as exc:
        raise RenderError(f"invalid YAML: {str(exc).splitlines()[0]}", where) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise RenderError(f"invalid YAML: {exc}", where) from None
    finally:
        loader.dispose()
    return out


def read_yaml_file(path: Path, rel: str) -> list[tuple[Any, int]]:
    """Read and parse a YAML file; unreadable files raise RenderError naming `rel`."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RenderError("file is not UTF-8 text", rel) from None
    except OSError as exc:
        raise RenderError(f"cannot read file: {exc.strerror or exc}", rel) from None
    return parse_documents(text, rel)


# ------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------

_YAML11_SPECIAL = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    |~|null|Null|NULL
    |[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|(?:0|[1-9][0-9_]*)|[1-9][0-9_]*(?::[0-5]?[0-9])+)
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
       (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
    |<<|=)$""",
    re.X,
)


class KDumper(_BaseDumper):  # type: ignore[misc,valid-type]
    """Dumper producing kustomize-like output."""


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    if data == "" or _YAML11_SPECIAL.match(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


def _represent_float(dumper: yaml.SafeDumper, data: float) -> yaml.ScalarNode:
    if data == data and data not in (float("inf"), float("-inf")) and data == int(data) and abs(data) < 1e21:
        return dumper.represent_int(int(data))
    if data != data:
        return dumper.represent_scalar("tag:yaml.org,2002:float", ".nan")
    if data in (float("inf"), float("-inf")):
        return dumper.represent_scalar("tag:yaml.org,2002:float", "+.inf" if data > 0 else "-.inf")
    return dumper.represent_scalar("tag:yaml.org,2002:float", repr(data))


KDumper.add_representer(str, _represent_str)
KDumper.add_representer(float, _represent_float)


def dump_object(obj: Any) -> str:
    """One object as kustomize prints it (no document separator)."""
    return yaml.dump(
        obj, Dumper=KDumper, default_flow_style=False, sort_keys=True, allow_unicode=True, width=80, indent=2
    )


def dump_stream(objects: list[Any]) -> str:
    """A `---`-separated stream, like `kustomize build` output."""
    return "---\n".join(dump_object(o) for o in objects)
