"""The package ships stubs and py.typed, and the stubs describe the runtime:
every exported name, with the runtime's parameter names."""

import ast
import inspect
from pathlib import Path

import pytest

import rsecrets
import rsecrets.drbg

PACKAGE = Path(rsecrets.__file__).parent


def stub_definitions(name):
    tree = ast.parse((PACKAGE / name).read_text())
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = node
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                found[alias.asname or alias.name] = node
    return found


def test_py_typed_and_stubs_are_installed():
    for name in ("py.typed", "__init__.pyi", "drbg.pyi"):
        assert (PACKAGE / name).is_file(), name


def stub_all(name):
    tree = ast.parse((PACKAGE / name).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"]:
            return ast.literal_eval(node.value)
    raise AssertionError(name + " has no __all__")


@pytest.mark.parametrize("module,stub", [(rsecrets, "__init__.pyi"), (rsecrets.drbg, "drbg.pyi")])
def test_every_exported_name_is_in_the_stub(module, stub):
    # The stub's __all__ restates the module's (type checkers read it); they
    # must agree, and every name must be defined there.
    assert stub_all(stub) == module.__all__
    defined = stub_definitions(stub)
    missing = [name for name in module.__all__ if name not in defined]
    assert missing == []


def parameter_names(function_node):
    args = function_node.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    return [n for n in names if n != "self"]


def signature_node(defined, node):
    """The function a stub definition types: a `def`, or the `__call__` of
    the callback protocol a name is annotated with, through `ClassVar[...]`
    and `_Method[...]` (`password: _PasswordArguments[str]`); None for
    anything else."""
    if isinstance(node, ast.FunctionDef):
        return node
    annotation = node.annotation if isinstance(node, ast.AnnAssign) else None
    while isinstance(annotation, ast.Subscript):
        protocol = defined.get(getattr(annotation.value, "id", None))
        if isinstance(protocol, ast.ClassDef):
            for member in protocol.body:
                if isinstance(member, ast.FunctionDef) and member.name == "__call__":
                    return member
        annotation = annotation.slice
    return None


def test_stub_signatures_match_the_runtime():
    defined = stub_definitions("__init__.pyi")
    for name in rsecrets.__all__:
        node = signature_node(defined, defined[name])
        if node is None:
            continue
        runtime = inspect.signature(getattr(rsecrets, name))
        assert parameter_names(node) == list(runtime.parameters), name


def test_secrets_methods_in_the_stub():
    defined = stub_definitions("__init__.pyi")
    body = list(defined["Secrets"].body)
    for node in list(body):
        if isinstance(node, ast.If):  # version-dependent methods
            body.extend(node.body)
    methods = {}
    for node in body:
        function = signature_node(defined, node)
        if function is not None:
            methods[node.name if isinstance(node, ast.FunctionDef) else node.target.id] = function
    for name, member in vars(rsecrets.Secrets).items():
        if name.startswith("_") or not callable(member):
            continue
        assert name in methods, name
        runtime = inspect.signature(getattr(rsecrets.Secrets("os"), name))
        assert parameter_names(methods[name]) == list(runtime.parameters), name
