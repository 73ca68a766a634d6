"""Assembler uses its libraries through what they document: no private name, no override outside a documented hook.

Checks over every module of the package: no name starting with "_" imported from another package;
no attribute starting with "_" that assembler does not define itself (also through getattr() and
its kin with the name as a literal); no method of a class called with None for its instance; and a
class deriving from a library's class overrides only what the library documents for overriding
(ALLOWED_OVERRIDES, each with its page). Names of Python's own protocol (__init__, __html__,
__dict__ …) are not private.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import assembler

PACKAGE = Path(assembler.__file__).resolve().parent
# Names with a leading "_" that their library documents, with the page that does.
DOCUMENTED_PRIVATE_NAMES = {
    "_Element": "https://lxml.de/api/lxml.etree._Element-class.html",
    "_exit": "https://docs.python.org/3/library/os.html#os._exit",
}
# What a class may override in a library class it derives from: the hooks the library documents for it.
ALLOWED_OVERRIDES: dict[str, tuple[set[str], str]] = {
    "jinja2.sandbox.SandboxedEnvironment": (
        {"is_safe_attribute", "is_safe_callable", "call_binop", "call_unop", "intercepted_binops", "intercepted_unops"},
        "https://jinja.palletsprojects.com/en/stable/sandbox/#api",
    ),
    "click.core.Command": ({"invoke"}, "https://click.palletsprojects.com/en/stable/api/#click.Command.invoke"),
    "click.core.Group": (
        {"command_class", "group_class"},
        "https://click.palletsprojects.com/en/stable/api/#click.Group.command_class",
    ),
    "watchdog.events.FileSystemEventHandler": (
        {"on_any_event"},
        "https://python-watchdog.readthedocs.io/en/stable/api.html#watchdog.events.FileSystemEventHandler.on_any_event",
    ),
}
# What every class has or may define of its own: the class's description, and its constructor.
OWN_NAMES = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__", "__annotations__", "__init__"}
OWN_NAMES |= {"__firstlineno__", "__static_attributes__", "__orig_bases__", "__parameters__", "__slots__"}
DYNAMIC = ("getattr", "setattr", "hasattr", "delattr")  # attribute access with the name as a value


def is_private(name: str) -> bool:
    """True for a name starting with "_" that is not one of Python's own (__name__)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_paths() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


def defined_names(paths: list[Path]) -> set[str]:
    """Return every name assembler defines as something's attribute: its functions and classes, the names
    its modules and classes assign, and the attributes it assigns (a function's local variable is none)."""
    names: set[str] = set()
    for path in paths:
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
        names |= names_assigned_in([tree, *(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef))])
    return names


def names_assigned_in(scopes: list[ast.Module] | list[ast.AST]) -> set[str]:
    """Return the names a module's or a class's own statements define (not those inside its functions)."""
    names: set[str] = set()
    for scope in scopes:
        for statement in getattr(scope, "body", []):
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(statement.name)
                continue
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
    return names


def private_uses(tree: ast.AST, defined: set[str]) -> Iterator[tuple[int, str]]:
    """Yield each use of a private name of another package in a module: its line and what it is."""
    for node in ast.walk(tree):
        found = private_import(node) or private_attribute(node, defined) or call_without_instance(node)
        if found:
            yield node.lineno, found


def private_import(node: ast.AST) -> str | None:
    """Describe an import of a private module or name from another package."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if not alias.name.startswith("assembler") and any(map(is_private, alias.name.split("."))):
                return f"import {alias.name}"
    if (
        isinstance(node, ast.ImportFrom)
        and node.level == 0
        and not (node.module or "assembler").startswith("assembler")
    ):
        names = [*str(node.module).split("."), *(alias.name for alias in node.names)]
        if any(is_private(name) and name not in DOCUMENTED_PRIVATE_NAMES for name in names):
            return f"from {node.module} import {', '.join(a.name for a in node.names)}"
    return None


def private_attribute(node: ast.AST, defined: set[str]) -> str | None:
    """Describe an attribute (or a getattr() and kin of a literal name) that is private and not assembler's own."""
    if isinstance(node, ast.Attribute):
        name, shown = node.attr, f"the attribute .{node.attr}"
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DYNAMIC and node.args[1:]:
        literal = node.args[1]
        if not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
            return None
        name, shown = literal.value, f"{node.func.id}(…, {literal.value!r})"
    else:
        return None
    return shown if is_private(name) and name not in defined and name not in DOCUMENTED_PRIVATE_NAMES else None


def call_without_instance(node: ast.AST) -> str | None:
    """Describe a call of a class's method with None for its instance (Class.method(None, …))."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
        return None
    owner, first = node.func.value, node.args[0]
    if (
        isinstance(owner, ast.Name)
        and owner.id[:1].isupper()
        and isinstance(first, ast.Constant)
        and first.value is None
    ):
        return f"{owner.id}.{node.func.attr}(None, …)"
    return None


@cache
def package_definitions() -> set[str]:
    return defined_names(module_paths())


def uses_in(path: Path) -> list[str]:
    """Return where a module uses a private name of another package, and what."""
    uses = private_uses(ast.parse(path.read_text("utf-8")), package_definitions())
    return [f"{relative(path)}:{line}: {what}" for line, what in uses]


@pytest.mark.parametrize("path", module_paths(), ids=relative)
def test_public_api_no_private_name_of_another_package(path: Path) -> None:
    uses = uses_in(path)
    assert not uses, "\n".join(uses)



def package_classes() -> Iterator[type]:
    """Yield every class defined in one of the package's modules (the one run as a program not imported)."""
    for info in pkgutil.walk_packages([str(PACKAGE)], "assembler."):
        if info.name == "assembler.__main__":
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ == info.name:
                yield value


def qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def written_names(cls: type) -> set[str]:
    """Return the names a class's own statements define, as its source has them (not what a metaclass adds)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):  # a class made while the tests run has no source file of its own
        return set(vars(cls))
    return names_assigned_in([tree.body[0]])


def overrides(cls: type) -> dict[str, list[str]]:
    """Return each name a package class (or a package class it derives from) defines over a library class's own."""
    found: dict[str, list[str]] = {}
    own = [c for c in cls.__mro__ if c.__module__.startswith("assembler")]
    libraries = [c for c in cls.__mro__ if not c.__module__.startswith("assembler") and c.__module__ != "builtins"]
    for name in {name for c in own for name in written_names(c)} - OWN_NAMES:
        holders = [qualified(c) for c in libraries if name in vars(c)]
        if holders:
            found[name] = holders
    return found


def test_public_api_library_classes_are_extended_only_through_documented_hooks() -> None:
    wrong = []
    for cls in package_classes():
        for name, holders in overrides(cls).items():
            if not any(name in ALLOWED_OVERRIDES.get(holder, (set(), ""))[0] for holder in holders):
                wrong.append(f"{qualified(cls)} overrides {name} of {', '.join(holders)}")
    assert not wrong, "\n".join(wrong)


SAMPLE = """
from lxml import etree
from markupsafe._speedups import _escape_inner
import docx.opc._private
from docx.opc.pkgwriter import _ContentTypesItem
part._element = x
value = getattr(part, "_blob", None)
cleaned = DocxTemplate.patch_xml(None, xml)
mine = self._kept
class Mine:
    _kept = 1
ok = etree._Element
"""


def test_public_api_finds_each_kind_of_private_use() -> None:
    tree = ast.parse(SAMPLE)
    found = [what for _, what in private_uses(tree, {"_kept", "Mine"} | set(dir(builtins)))]
    assert found == [
        "from markupsafe._speedups import _escape_inner",
        "import docx.opc._private",
        "from docx.opc.pkgwriter import _ContentTypesItem",
        "the attribute ._element",
        "getattr(…, '_blob')",
        "DocxTemplate.patch_xml(None, …)",
    ]


def test_public_api_finds_an_override_outside_the_documented_hooks() -> None:
    from jinja2.sandbox import SandboxedEnvironment

    class Tuned(SandboxedEnvironment):
        __module__ = "assembler.sample"

        def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
            return True

        def getattr(self, obj: object, attribute: str) -> object:
            return None

    found = overrides(Tuned)
    assert set(found) == {"is_safe_attribute", "getattr"}
    allowed = ALLOWED_OVERRIDES["jinja2.sandbox.SandboxedEnvironment"][0]
    assert [name for name in found if name not in allowed] == ["getattr"]
