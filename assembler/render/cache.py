"""What rendering a template costs once per process, not once per plan: its bytes, cleaned XML and compiled Jinja.

docxtpl reads the template file, cleans its XML with a dozen regular expressions and compiles the
result with Jinja on every render; for the same template all three give the same result each time.
A batch worker or the watcher renders the same few templates for plan after plan, so they are kept
here, keyed by the file's size and modification time or by the exact text, never by name alone.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, MutableMapping
from io import BytesIO
from pathlib import Path
from types import CodeType
from typing import Any, Generic, TypeVar

from docxtpl import DocxTemplate
from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# A report has a body, headers, footers and a few properties; a handful of templates fit easily.
KEPT = 64


class BoundedCache(Generic[K, V]):
    """A mapping that keeps the most recently used entries, at most `size` of them."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """Return the value kept for key (marking it recently used), or None."""
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def put(self, key: K, value: V) -> V:
        """Keep a value, forgetting the least recently used entry when full; return the value."""
        self.entries[key] = value
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return value


_FILES: BoundedCache[tuple[Path, int, int], bytes] = BoundedCache()
_PATCHED: BoundedCache[str, str] = BoundedCache()
_COMPILED: BoundedCache[tuple[type, bool, bool, str], CodeType] = BoundedCache()


def template_file(path: Path) -> BytesIO:
    """Return a template's bytes as a file, read from disk only when it is new or has changed."""
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size)
    data = _FILES.get(key)
    if data is None:
        data = _FILES.put(key, path.read_bytes())
    return BytesIO(data)


class PreparedDocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    """A DocxTemplate that cleans each distinct XML part once per process."""

    def patch_xml(self, src_xml: str) -> str:
        """Return docxtpl's cleaned XML for a part, from the cache when the part was seen before."""
        patched = _PATCHED.get(src_xml)
        if patched is None:
            patched = _PATCHED.put(src_xml, str(super().patch_xml(src_xml)))
        return patched


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
        key = (type(self), self.autoescape, self.finalize is not None, source)
        code = _COMPILED.get(key)
        if code is None:
            code = _COMPILED.put(key, self.compile(source))
        cls = template_class or self.template_class
        return cls.from_code(self, code, self.make_globals(globals), None)
