"""Tree-walking executor of Go text/template (exec.go semantics, Helm's `missingkey=zero` by default).

A `_Runner` renders one template into a list of chunks, optionally remembering for each chunk the
template line that produced it (for `execute_with_lines`).
"""

from __future__ import annotations

import inspect
import types
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...errors import K8sfixError
from .errors import TemplateDepthError, TemplateError
from .funcs import BUILTIN_ARITY, BUILTINS, ArgTypeError, BoxedIndex
from .nodes import (
    ActionNode,
    BoolNode,
    BreakNode,
    ChainNode,
    CommandNode,
    ContinueNode,
    DotNode,
    FieldNode,
    IdentifierNode,
    IfNode,
    ListNode,
    NilNode,
    Node,
    NumberNode,
    PipeNode,
    RangeNode,
    StringNode,
    TemplateNode,
    TextNode,
    Tree,
    VariableNode,
    WithNode,
)
from .values import MISSING, format_v, go_quote, go_type, is_list, is_map, map_key_order, truth

if TYPE_CHECKING:  # pragma: no cover
    from . import TemplateSet


class _NoFinal:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_FINAL"


NO_FINAL: Any = _NoFinal()


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


_BREAK = _Break()
_CONTINUE = _Continue()

_DICT_ATTRS = frozenset(dir(dict)) | frozenset(dir(Mapping))
_ARITY_CACHE: "weakref.WeakKeyDictionary[Any, tuple[int, int | None]]" = weakref.WeakKeyDictionary()


def arity(fn: Any) -> tuple[int, int | None]:
    """(min, max or None) positional arguments a Python callable accepts; (0, None) when unknown."""
    if isinstance(fn, types.MethodType):
        lo, hi = arity(fn.__func__)
        return max(lo - 1, 0), (None if hi is None else max(hi - 1, 0))
    try:
        return _ARITY_CACHE[fn]
    except (KeyError, TypeError):
        pass
    lo, hi = 0, 0
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        res: tuple[int, int | None] = (0, None)
    else:
        var = False
        for p in sig.parameters.values():
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
                hi += 1
                if p.default is p.empty:
                    lo += 1
            elif p.kind == p.VAR_POSITIONAL:
                var = True
        res = (lo, None if var else hi)
    try:
        _ARITY_CACHE[fn] = res
    except TypeError:  # not weak-referenceable: just recompute next time
        pass
    return res


class _Frame:
    """One template invocation: its tree, its name, its variable stack."""

    __slots__ = ("tree", "name", "vars", "line_override")

    def __init__(self, tree: Tree, name: str, dot: Any, line_override: int | None) -> None:
        self.tree = tree
        self.name = name
        self.vars: list[list[Any]] = [["$", dot, False]]  # name, value, boxed (Go interface-typed)
        self.line_override = line_override


class Runner:
    """Executes trees of one TemplateSet into `out` (list of strings)."""

    def __init__(self, ts: "TemplateSet", track_lines: bool = False) -> None:
        self.ts = ts
        self.funcs = ts.funcs
        self.strict = ts.strict_missing
        self.hook = ts.emit_hook
        self.hook_offsets = ts.emit_offsets
        self._pos = 0  # output length up to out[_pos_idx] (for emit offsets)
        self._pos_idx = 0
        self.out: list[str] = []
        self.src: list[int] | None = [] if track_lines else None
        self.at: Node | None = None
        # Go types a value read out of a map or slice of interface{} as "interface {}" until a
        # pipeline unwraps it; error messages care (`can't evaluate field x in type ...`), and `slice`
        self.boxed = False
        self.map_hit = False  # whether the last field evaluated was read out of a map

    # -- errors -------------------------------------------------------------------------------------
    def fail(self, fr: _Frame, msg: str, node: Node | None = None, cls: type = TemplateError) -> None:
        node = node if node is not None else self.at
        if node is None:
            raise cls(f"template: {fr.name}: {msg}", template=fr.name)
        line, col = fr.tree.location(node.pos)
        raise cls(
            f"template: {fr.tree.parse_name}:{line}:{col}: executing {go_quote(fr.name)} at <{node}>: {msg}",
            template=fr.tree.parse_name,
            line=line,
            col=col,
        )

    # -- entry ----------------------------------------------------------------------------------------
    def run(self, tree: Tree, name: str, data: Any) -> None:
        dot = MISSING if data is None else data
        fr = _Frame(tree, name, dot, None)
        try:
            self.walk_list(fr, dot, tree.root)
        except (_Break, _Continue):  # pragma: no cover - the parser forbids these outside range
            pass

    # -- statements -------------------------------------------------------------------------------
    def walk_list(self, fr: _Frame, dot: Any, lst: ListNode) -> None:
        walkers = _WALKERS
        out = self.out
        src = self.src
        for n in lst.nodes:
            if n.__class__ is TextNode:
                out.append(n.text)  # type: ignore[attr-defined]
                if src is not None:
                    src.append(n.line if fr.line_override is None else -fr.line_override)  # type: ignore[attr-defined]
            else:
                walkers[n.__class__](self, fr, dot, n)

    def walk_break(self, fr: _Frame, dot: Any, n: Node) -> None:
        raise _BREAK

    def walk_continue(self, fr: _Frame, dot: Any, n: Node) -> None:
        raise _CONTINUE

    def walk_action(self, fr: _Frame, dot: Any, node: ActionNode) -> None:
        val = self.eval_pipeline(fr, dot, node.pipe)
        if node.pipe.decl:
            return
        self.at = node
        if val is MISSING:
            text = "<no value>"
        elif isinstance(val, str):
            text = val
        elif getattr(type(val), "__go_sprint__", None) is not None:
            text = str(val)  # an action prints an addressable value: its pointer-receiver String()
        elif isinstance(val, (types.FunctionType, types.BuiltinFunctionType)):
            self.fail(fr, f"can't print {node} of type func")
            return
        else:
            try:
                text = format_v(val)
            except RecursionError:
                self.fail(fr, "can't print a self-referencing value", node, TemplateDepthError)
            except Exception as e:
                self.fail(fr, f"can't print {node} of type {go_type(val)}: {e}")
        if self.hook is not None:
            try:
                if self.hook_offsets:
                    self.hook(None if val is MISSING else val, text, self._offset())
                else:
                    self.hook(None if val is MISSING else val, text)
            except K8sfixError:
                raise
            except Exception as e:
                self.fail(fr, f"emit hook failed: {e}")
        self.out.append(text)
        if self.src is not None:
            self.src.append(-(fr.line_override or node.line))

    def _offset(self) -> int:
        """Length of the output so far, with `<no value>` replaced as the outermost run will."""
        out = self.out
        no_value = self.ts.no_value
        pos = self._pos
        for piece in out[self._pos_idx:]:
            pos += len(piece) if no_value is None or _NO_VALUE not in piece else len(piece.replace(_NO_VALUE, no_value))
        self._pos = pos
        self._pos_idx = len(out)
        return pos

    def walk_if(self, fr: _Frame, dot: Any, node: IfNode) -> None:
        mark = len(fr.vars)
        try:
            val = self.eval_pipeline(fr, dot, node.pipe)
            if truth(val):
                if node.__class__ is WithNode:
                    saved = self.boxed
                    self.boxed = False
                    try:
                        self.walk_list(fr, val, node.list)
                    finally:
                        self.boxed = saved
                else:
                    self.walk_list(fr, dot, node.list)
            elif node.else_list is not None:
                self.walk_list(fr, dot, node.else_list)
        finally:
            del fr.vars[mark:]

    def walk_range(self, fr: _Frame, dot: Any, node: RangeNode) -> None:
        mark = len(fr.vars)
        try:
            val = self.eval_pipeline(fr, dot, node.pipe)
            pipe = node.pipe
            decl = pipe.decl
            if is_list(val):
                items: Any = enumerate(val)
            elif is_map(val):
                items = ((k, val[k]) for k in map_key_order(list(val.keys())))
            elif isinstance(val, int) and not isinstance(val, bool):
                if len(decl) > 1:
                    self.fail(fr, f"can't use {format_v(val)} to iterate over more than one variable")
                items = ((MISSING, i) for i in range(val))
            elif val is MISSING or val is None:
                items = ()
            elif isinstance(val, (bytes, bytearray)):
                items = enumerate(val)
            else:
                self.fail(fr, f"range can't iterate over {format_v(val)}")
                return
            ran = False
            body = node.list
            boxed = not isinstance(val, int)  # elements of []interface{} / map values are interface-typed
            saved = self.boxed
            for index, elem in items:
                ran = True
                if decl:
                    if pipe.is_assign:
                        if len(decl) > 1:
                            self.set_var(fr, decl[0].ident[0], index)
                        else:
                            self.set_var(fr, decl[0].ident[0], elem, boxed)
                    else:
                        fr.vars[-1][1:] = [elem, boxed]
                if len(decl) > 1:
                    if pipe.is_assign:
                        self.set_var(fr, decl[1].ident[0], elem, boxed)
                    else:
                        fr.vars[-2][1:] = [index, False]
                m2 = len(fr.vars)
                self.boxed = boxed
                try:
                    self.walk_list(fr, elem, body)
                except _Continue:
                    pass
                except _Break:
                    break
                finally:
                    self.boxed = saved
                    del fr.vars[m2:]
            if not ran and node.else_list is not None:
                self.walk_list(fr, dot, node.else_list)
        finally:
            del fr.vars[mark:]

    def walk_template(self, fr: _Frame, dot: Any, node: TemplateNode) -> None:
        self.at = node
        tree = self.ts._lookup(node.name)
        if tree is None:
            self.fail(fr, f"template {go_quote(node.name)} not defined", node)
        ts = self.ts
        depth = ts._depth()
        if depth >= ts.max_depth:
            self.fail(fr, f"exceeded max depth ({ts.max_depth}) of nested templates", node, TemplateDepthError)
        newdot = self.eval_pipeline(fr, dot, node.pipe) if node.pipe is not None else MISSING
        override = fr.line_override if fr.line_override is not None else node.line
        ts._set_depth(depth + 1)
        saved = self.boxed
        self.boxed = False
        try:
            self.walk_list(_Frame(tree, node.name, newdot, override), newdot, tree.root)  # type: ignore[union-attr]
        finally:
            self.boxed = saved
            ts._set_depth(depth)

    # -- expressions ------------------------------------------------------------------------------
    def eval_pipeline(self, fr: _Frame, dot: Any, pipe: PipeNode | None) -> Any:
        if pipe is None:
            return MISSING
        self.at = pipe
        val = NO_FINAL
        for cmd in pipe.cmds:
            val = self.eval_command(fr, dot, cmd, val)
            if val is None:
                val = MISSING
        for v in pipe.decl:
            if pipe.is_assign:
                self.set_var(fr, v.ident[0], val)
            else:
                fr.vars.append([v.ident[0], val, False])
        return val

    def eval_command(self, fr: _Frame, dot: Any, cmd: CommandNode, final: Any) -> Any:
        first = cmd.args[0]
        c = first.__class__
        if c is FieldNode:
            return self.eval_field_node(fr, dot, first, cmd.args, final)  # type: ignore[arg-type]
        if c is IdentifierNode:
            return self.eval_function(fr, dot, first, cmd, cmd.args, final)  # type: ignore[arg-type]
        if c is VariableNode:
            return self.eval_variable(fr, dot, first, cmd.args, final)  # type: ignore[arg-type]
        if c is ChainNode:
            return self.eval_chain(fr, dot, first, cmd.args, final)  # type: ignore[arg-type]
        if c is PipeNode:
            self.not_a_function(fr, cmd.args, final)
            return self.eval_pipeline(fr, dot, first)  # type: ignore[arg-type]
        self.at = first
        self.not_a_function(fr, cmd.args, final)
        if c is DotNode:
            return dot
        if c is StringNode:
            return first.text  # type: ignore[attr-defined]
        if c is NumberNode:
            return first.value  # type: ignore[attr-defined]
        if c is BoolNode:
            return first.value  # type: ignore[attr-defined]
        if c is NilNode:
            self.fail(fr, "nil is not a command")
        self.fail(fr, f"can't evaluate command {go_quote(str(first))}")

    def not_a_function(self, fr: _Frame, args: list[Node], final: Any) -> None:
        if len(args) > 1 or final is not NO_FINAL:
            self.fail(fr, f"can't give argument to non-function {args[0]}")

    def eval_arg(self, fr: _Frame, dot: Any, n: Node) -> Any:
        self.at = n
        c = n.__class__
        if c is FieldNode:
            return self.eval_field_node(fr, dot, n, [n], NO_FINAL)  # type: ignore[arg-type]
        if c is DotNode:
            return dot
        if c is StringNode:
            return n.text  # type: ignore[attr-defined]
        if c is VariableNode:
            return self.eval_variable(fr, dot, n, None, NO_FINAL)  # type: ignore[arg-type]
        if c is PipeNode:
            return self.eval_pipeline(fr, dot, n)  # type: ignore[arg-type]
        if c is NumberNode or c is BoolNode:
            return n.value  # type: ignore[attr-defined]
        if c is NilNode:
            return None
        if c is IdentifierNode:
            return self.eval_function(fr, dot, n, n, None, NO_FINAL)  # type: ignore[arg-type]
        if c is ChainNode:
            return self.eval_chain(fr, dot, n, None, NO_FINAL)  # type: ignore[arg-type]
        self.fail(fr, f"can't handle {n} for arg")

    def eval_field_node(self, fr: _Frame, dot: Any, field: FieldNode, args: list[Node] | None, final: Any) -> Any:
        self.at = field
        return self.eval_field_chain(fr, dot, dot, field, field.ident, args, final, self.boxed)

    def eval_chain(self, fr: _Frame, dot: Any, chain: ChainNode, args: list[Node] | None, final: Any) -> Any:
        self.at = chain
        if chain.node.__class__ is NilNode:
            self.fail(fr, f"indirection through explicit nil in {chain}")
        recv = self.eval_arg(fr, dot, chain.node)
        return self.eval_field_chain(fr, dot, recv, chain, chain.fields, args, final)

    def eval_variable(self, fr: _Frame, dot: Any, var: VariableNode, args: list[Node] | None, final: Any) -> Any:
        self.at = var
        name = var.ident[0]
        for entry in reversed(fr.vars):
            if entry[0] == name:
                value = entry[1]
                boxed = entry[2]
                break
        else:
            self.fail(fr, f"undefined variable: {name}")
        if len(var.ident) == 1:
            self.not_a_function(fr, args or [var], final)
            return value
        return self.eval_field_chain(fr, dot, value, var, var.ident[1:], args, final, boxed)

    def set_var(self, fr: _Frame, name: str, value: Any, boxed: bool = False) -> None:
        for entry in reversed(fr.vars):
            if entry[0] == name:
                entry[1] = value
                entry[2] = boxed
                return
        self.fail(fr, f"undefined variable: {name}")

    def eval_field_chain(
        self,
        fr: _Frame,
        dot: Any,
        recv: Any,
        node: Node,
        idents: list[str],
        args: list[Node] | None,
        final: Any,
        boxed: bool = False,
    ) -> Any:
        last = len(idents) - 1
        for i, name in enumerate(idents):
            if i < last:
                nxt = self.eval_field(fr, dot, name, node, None, NO_FINAL, recv, boxed)
                boxed = isinstance(recv, dict) or is_map(recv)
                recv = nxt
            else:
                return self.eval_field(fr, dot, name, node, args, final, recv, boxed)
        return recv  # pragma: no cover

    def eval_field(
        self,
        fr: _Frame,
        dot: Any,
        name: str,
        node: Node,
        args: list[Node] | None,
        final: Any,
        recv: Any,
        boxed: bool = False,
    ) -> Any:
        if recv is MISSING:
            if self.strict:
                self.fail(fr, f"nil data; no entry for key {go_quote(name)}")
            return MISSING
        if recv is None:
            self.fail(fr, f"nil pointer evaluating interface {{}}.{name}")
        has_args = (args is not None and len(args) > 1) or final is not NO_FINAL
        cls = recv.__class__
        self.map_hit = True
        if cls is dict:
            if has_args:
                self.fail(fr, f"{name} is not a method but has arguments")
            v = recv.get(name, MISSING)
            if v is MISSING:
                if self.strict:
                    self.fail(fr, f"map has no entry for key {go_quote(name)}")
                return None
            return v
        if isinstance(recv, dict) or isinstance(recv, Mapping):
            # only exported (capitalised) names can be methods of a Go map type
            if _is_map_method(cls, name):
                self.map_hit = False
                return self.eval_call(fr, dot, getattr(recv, name), False, node, node, name, args, final)
            if has_args:
                self.fail(fr, f"{name} is not a method but has arguments")
            try:
                present = name in recv
                value = recv[name] if present else None
            except TemplateError:
                raise
            except Exception as e:  # a custom mapping that failed
                self.fail(fr, f"error reading key {go_quote(name)}: {e}")
            if not present:
                if self.strict:
                    self.fail(fr, f"map has no entry for key {go_quote(name)}")
                return None
            return value
        self.map_hit = False
        tname = "interface {}" if boxed else go_type(recv)
        if name.startswith("_") or (isinstance(recv, _BASIC) and not _exported_method(cls, name)):
            self.fail(fr, f"can't evaluate field {name} in type {tname}")
        try:
            attr = getattr(recv, name)
        except AttributeError:
            self.fail(fr, f"can't evaluate field {name} in type {tname}")
        except Exception as e:  # a property that failed
            self.fail(fr, f"error calling {name}: {e}")
        if isinstance(attr, (types.MethodType, types.BuiltinMethodType)):
            return self.eval_call(fr, dot, attr, False, node, node, name, args, final)
        if has_args:
            self.fail(fr, f"{name} has arguments but cannot be invoked as function")
        return attr

    def eval_function(
        self, fr: _Frame, dot: Any, ident: IdentifierNode, cmd: Node, args: list[Node] | None, final: Any
    ) -> Any:
        self.at = ident
        name = ident.name
        fn = self.funcs.get(name)
        builtin = False
        if fn is None:
            fn = BUILTINS.get(name)
            builtin = True
            if fn is None:
                self.fail(fr, f"{go_quote(name)} is not a defined function")
        return self.eval_call(fr, dot, fn, builtin, ident, cmd, name, args, final)

    def eval_call(
        self,
        fr: _Frame,
        dot: Any,
        fn: Any,
        builtin: bool,
        at_node: Node,
        node: Node,
        name: str,
        args: list[Node] | None,
        final: Any,
    ) -> Any:
        argnodes = args[1:] if args else []
        n_in = len(argnodes) + (0 if final is NO_FINAL else 1)
        if builtin and (name == "and" or name == "or"):
            if n_in < 1:
                self.fail(fr, f"wrong number of args for {name}: want at least 1 got 0", at_node)
            want = name == "or"
            v: Any = MISSING
            for a in argnodes:
                v = self.eval_arg(fr, dot, a)
                if truth(v) == want:
                    return v
            if final is not NO_FINAL:
                v = final
            return v
        if builtin and name == "printf":
            return self.eval_printf(fr, dot, fn, at_node, node, argnodes, final)
        lo, hi = BUILTIN_ARITY[name] if builtin else arity(fn)
        if n_in < lo or (hi is not None and n_in > hi):
            if hi is None:
                msg = f"want at least {lo} got {n_in}"
            elif lo == hi:
                msg = f"want {lo} got {n_in}"
            elif n_in < lo:
                msg = f"want at least {lo} got {n_in}"
            else:
                msg = f"want at most {hi} got {n_in}"
            self.fail(fr, f"wrong number of args for {name}: {msg}", at_node)
        if builtin and name == "slice":
            vals = [self.eval_arg(fr, dot, argnodes[0])] if argnodes else []
            for a in argnodes[1:]:
                v = self.eval_arg(fr, dot, a)
                vals.append(BoxedIndex(v) if v is not MISSING and self._is_boxed(fr, a) else v)
        else:
            vals = [self.eval_arg(fr, dot, a) for a in argnodes]
        if final is not NO_FINAL:
            vals.append(final)
        if builtin:
            # builtins take reflect.Values in Go: they tell "no value" (MISSING, also literal nil) from nil
            for i, a in enumerate(argnodes):
                if a.__class__ is NilNode:
                    vals[i] = MISSING
        else:
            vals = [None if v is MISSING else v for v in vals]
        try:
            return fn(*vals)
        except TemplateDepthError:
            raise
        except RecursionError:
            self.fail(fr, f"exceeded max depth ({self.ts.max_depth}) of nested templates", node, TemplateDepthError)
        except ArgTypeError as e:
            self.fail(fr, str(e), node)
        except Exception as e:  # any function failure is Go's (value, error) error
            self.fail(fr, f"error calling {name}: {e}", node)

    def _is_boxed(self, fr: _Frame, a: Node) -> bool:
        """Whether the argument just evaluated is, in Go, an interface value (read out of a map or a
        []interface{} element): `slice` refuses those as indexes whatever they hold."""
        c = a.__class__
        if c is DotNode:
            return self.boxed
        if c is VariableNode and len(a.ident) == 1:  # type: ignore[attr-defined]
            for entry in reversed(fr.vars):
                if entry[0] == a.ident[0]:  # type: ignore[attr-defined]
                    return bool(entry[2])
            return False
        if c is FieldNode or c is ChainNode or c is VariableNode:
            return self.map_hit
        return False

    def eval_printf(
        self, fr: _Frame, dot: Any, fn: Any, at_node: Node, node: Node, argnodes: list[Node], final: Any
    ) -> Any:
        """printf(format string, args ...any): Go checks the format's type while evaluating arguments."""
        if not argnodes and final is NO_FINAL:
            self.fail(fr, "wrong number of args for printf: want at least 1 got 0", at_node)
        vals: list[Any] = []
        if argnodes:
            first = argnodes[0]
            c = first.__class__
            if c is NumberNode or c is BoolNode:
                self.fail(fr, f"expected string; found {first}", first)
            if c is NilNode:
                self.fail(fr, "cannot assign nil to string", first)
            v0 = self.eval_arg(fr, dot, first)
            _string_param(self, fr, v0)
            vals.append(v0)
            vals.extend(self.eval_arg(fr, dot, a) for a in argnodes[1:])
        if final is not NO_FINAL:
            if not argnodes:
                _string_param(self, fr, final)
            vals.append(final)
        try:
            return fn(*[None if v is MISSING else v for v in vals])
        except TemplateError:
            raise
        except Exception as e:  # pragma: no cover - sprintf does not fail on valid input
            self.fail(fr, f"error calling printf: {e}", node)


_MAP_METHODS: dict[tuple[type, str], bool] = {}


def _string_param(runner: "Runner", fr: _Frame, value: Any) -> None:
    """Go's validateType for a `string` parameter (printf's format)."""
    if value is MISSING:
        runner.fail(fr, "invalid value; expected string")
    if value is None:
        runner.fail(fr, "wrong type for value; expected string; got interface {}")
    if not isinstance(value, str):
        runner.fail(fr, f"wrong type for value; expected string; got {go_type(value)}")


def _is_map_method(cls: type, name: str) -> bool:
    """Whether `name` is a (Go-exported, i.e. capitalised) method of a mapping class."""
    key = (cls, name)
    hit = _MAP_METHODS.get(key)
    if hit is None:
        hit = bool(name[:1].isupper() and name not in _DICT_ATTRS and callable(getattr(cls, name, None)))
        _MAP_METHODS[key] = hit
    return hit


_NO_VALUE = "<no value>"
_BASIC = (str, int, float, bool, list, tuple, bytes, bytearray, complex)
_EXPORTED: dict[tuple[type, str], bool] = {}


def _exported_method(cls: type, name: str) -> bool:
    """Whether a subclass of a basic type (a Go named type such as `type VersionSet []string`)
    defines the exported field/method `name` itself; the builtin type's own attributes never count."""
    key = (cls, name)
    hit = _EXPORTED.get(key)
    if hit is None:
        hit = bool(name[:1].isupper()) and any(
            name in k.__dict__ for k in cls.__mro__ if k not in _BASIC and k is not object)
        _EXPORTED[key] = hit
    return hit


_WALKERS: dict[type, Any] = {
    ActionNode: Runner.walk_action,
    IfNode: Runner.walk_if,
    WithNode: Runner.walk_if,
    RangeNode: Runner.walk_range,
    TemplateNode: Runner.walk_template,
    ListNode: Runner.walk_list,
    BreakNode: Runner.walk_break,
    ContinueNode: Runner.walk_continue,
}




def output_lines(out: list[str], src: list[int]) -> list[int]:
    """Per output line, the template line whose node wrote its first non-blank character.

    `src[i]` describes `out[i]`: a positive L is text copied from template line L onwards (each
    newline in it advances the line); a negative -L is a value written by the node on line L.
    Lines with no non-blank character get the line of their first character (or of their newline).
    """
    result: list[int] = []
    cur: int | None = None  # line of the first non-blank char of the current output line
    first: int | None = None  # line of its first character of any kind
    for text, s in zip(out, src):
        if not text:
            continue
        fixed = s < 0
        base = -s if fixed else s
        segs = text.split("\n")
        for i, seg in enumerate(segs):
            line = base if fixed else base + i
            if i > 0:
                result.append(cur if cur is not None else (first if first is not None else prev_line))
                cur = first = None
            if seg:
                if first is None:
                    first = line
                if cur is None and not seg.isspace():
                    cur = line
            prev_line = line
    if first is not None:
        result.append(cur if cur is not None else first)
    return result
