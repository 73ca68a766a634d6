"""What rendering a template costs once per process, not once per plan: its bytes, cleaned XML and compiled Jinja.

docxtpl reads the template file, cleans its XML with a dozen regular expressions and compiles the
result with Jinja on every render; for the same template all three give the same result each time.
A batch worker or the watcher renders the same few templates for plan after plan, so they are kept
here, keyed by the file's size and modification time or by the exact text, never by name alone; the
cleaned XML and the compiled code are also kept on disk for the next process (see diskcache).
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable, MutableMapping
from dataclasses import is_dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from types import (
    AsyncGeneratorType,
    BuiltinMethodType,
    CodeType,
    CoroutineType,
    FrameType,
    FunctionType,
    GeneratorType,
    MethodType,
    TracebackType,
)
from typing import Any

import docx
import docxtpl
import jinja2
import lxml
from docxtpl import DocxTemplate
from jinja2 import Template
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Expr
from jinja2.sandbox import SandboxedEnvironment

from assembler.render import diskcache

# A report has a body, headers, footers and a few properties; a handful of templates fit easily.
KEPT = 64


def template_file(path: Path) -> BytesIO:
    """Return a template's bytes as a file, read from disk only when it is new or has changed."""
    stat = path.stat()
    return BytesIO(_file_bytes(path.resolve(), stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=KEPT)
def _file_bytes(path: Path, mtime_ns: int, size: int) -> bytes:
    return path.read_bytes()


# The libraries whose work a stored template body depends on: python-docx opens it, lxml writes it, docxtpl cleans it.
LIBRARIES = f"{docx.__version__}|{lxml.__version__}|{docxtpl.__version__}".encode()


@lru_cache(maxsize=KEPT)
def patched_xml(src_xml: str) -> str:
    """Return docxtpl's cleaned XML for a part: from the user's cache folder when this docxtpl cleaned it."""
    return stored_text(
        "docxtpl-patch",
        lambda: str(DocxTemplate.patch_xml(None, src_xml)),  # docxtpl's cleaning uses nothing of the template
        str(docxtpl.__version__).encode(),
        src_xml.encode(),
    )


def stored_by_template(make: Callable[[bytes], str]) -> Callable[[bytes], str]:
    """Keep what `make` makes of a template's bytes in the user's cache folder too.

    Opening a template and marking its body costs a process that builds one plan more than rendering it.
    """

    def stored(template: bytes) -> str:
        return stored_text("template-body", lambda: make(template), LIBRARIES, template)

    return stored


def stored_text(kind: str, make: Callable[[], str], *parts: bytes) -> str:
    """Return the text `make` makes from the parts, from the user's cache folder when it was made before."""
    disk_key = diskcache.cache_key(kind, *parts)
    stored = diskcache.load(disk_key)
    if stored is not None:
        return stored.decode("utf-8")
    made = make()
    diskcache.store(disk_key, made.encode("utf-8"))
    return made


class PreparedDocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    """A DocxTemplate that cleans each distinct XML part once per process."""

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's cleaned XML for a part, from the cache when the part was seen before."""
        return patched_xml(src_xml)


class CompiledOnceEnvironment(SandboxedEnvironment):
    """A sandboxed Jinja environment that compiles each distinct template text once per process.

    The compiled code looks up `environment.finalize` and the sandbox's checks when it runs, so
    code compiled in one environment renders correctly in another with the same settings.
    """

    def from_string(
        self,
        source: Any,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[Template] | None = None,
    ) -> Template:
        """Return a template for the text, compiling it only the first time it is seen."""
        if not isinstance(source, str) or not isinstance(self.autoescape, bool):
            return super().from_string(source, globals, template_class)
        kind: Any = type(self)  # a class is hashable; mypy's Hashable check misreads a class's __hash__
        code = _code(kind, self.autoescape, self.finalize is not None, source)
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)


@lru_cache(maxsize=KEPT)
def _code(kind: Any, autoescape: bool, finalized: bool, source: str) -> CodeType:
    """Return the code of a template text for an environment class, from the user's cache folder if made before."""
    settings = f"{sys.version}|{jinja2.__version__}|{kind.__qualname__}|{autoescape}|{finalized}"
    disk_key = diskcache.cache_key("jinja-code", settings.encode(), source.encode())
    stored = diskcache.load(disk_key)
    if stored is not None:
        try:
            loaded = marshal.loads(stored)
            if isinstance(loaded, CodeType):
                return loaded
        except (ValueError, EOFError, TypeError):
            pass
    # Compiling depends only on these settings, so an environment made with them compiles alike.
    code: CodeType = kind(autoescape=autoescape, finalize=_unchanged if finalized else None).compile(source)
    diskcache.store(disk_key, marshal.dumps(code))
    return code


def _unchanged(value: Any) -> Any:
    return value


class RecordsEnvironment(CompiledOnceEnvironment):
    """The sandbox, deciding once per class of the context's records what it decides on every lookup.

    For an instance of a dataclass, Jinja's sandbox allows every attribute not starting with "_"
    whose value is not a method (methods of str are wrapped); any other lookup is the sandbox's own.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        kind: Any = type(obj)  # a class is hashable; mypy's Hashable check misreads a class's __hash__
        if _is_record(kind) and not attribute.startswith("_"):
            value = getattr(obj, attribute, _MISSING)
            if value is not _MISSING and not isinstance(value, _METHODS):
                return value
        return super().getattr(obj, attribute)


_MISSING = object()
_METHODS = (MethodType, BuiltinMethodType)
# The kinds of object whose attributes Jinja's sandbox guards beyond their names (is_internal_attribute).
_GUARDED = (type, FunctionType, MethodType, CodeType, TracebackType, FrameType, GeneratorType, CoroutineType)


@lru_cache(maxsize=256)
def _is_record(kind: type) -> bool:
    return is_dataclass(kind) and not issubclass(kind, (*_GUARDED, AsyncGeneratorType))


class _PrintedByFinalize(CodeGenerator):
    """Jinja's code generator, printing a value as the environment's finalize returns it, without escape() around.

    With autoescape on, Jinja prints `escape(environment.finalize(value))`: for a finalize that returns
    Markup already, escape() only copies it into a new Markup (two hasattr() calls and a Python
    __new__ for every value printed).
    """

    def _output_child_pre(self, node: Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is not None:
            self.write("(" + finalize.src)  # the two ")" Jinja writes after the value close both
        else:
            super()._output_child_pre(node, frame, finalize)


class EscapingRecordsEnvironment(RecordsEnvironment):
    """RecordsEnvironment for a finalize that returns every value escaped, as Markup (or a str with __html__)."""

    code_generator_class = _PrintedByFinalize
