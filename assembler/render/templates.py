"""Where each document's template is: a secretariat's own folder first, the defaults otherwise."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from importlib import resources
from pathlib import Path

from assembler.documents import DOCUMENTS, DocumentSpec
from assembler.errors import TemplateError
from assembler.render.check import TemplateIssue, check_template, check_template_bytes
from assembler.render.diskcache import cache_key, load, store


def default_template_dir() -> Path:
    """Return the folder of the default templates: inside the installed package, or the repository's."""
    packaged = Path(str(resources.files("assembler"))) / "_templates" / "docx"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "templates" / "docx"


def template_paths(documents: Iterable[DocumentSpec], folder: Path | None) -> dict[str, Path]:
    """Return each document's template: the folder's own when it has one, else the default."""
    defaults = default_template_dir()
    paths = {}
    for spec in documents:
        own = folder / spec.template if folder is not None else None
        paths[spec.key] = own if own is not None and own.is_file() else defaults / spec.template
    return paths


@dataclass(frozen=True)
class TemplateReport:
    """The result of checking one document's template."""

    path: Path
    own: bool
    issues: list[TemplateIssue]


def check_templates(folder: Path | None) -> list[TemplateReport]:
    """Check every document's template in a folder (or the default one where the folder has none)."""
    return [
        TemplateReport(path, folder is not None and path.parent == folder, checked(path))
        for path in template_paths(DOCUMENTS, folder).values()
    ]


def checked_template_paths(documents: Iterable[DocumentSpec], folder: Path | None) -> dict[str, Path]:
    """Return the templates to use, after checking them; raise TemplateError listing every problem."""
    paths = template_paths(documents, folder)
    issues = [str(issue) for path in paths.values() for issue in checked(path)]
    if issues:
        raise TemplateError(issues)
    return paths


CHECKS_KEPT = 64
_CHECKED: dict[str, tuple[TemplateIssue, ...]] = {}


def checked(path: Path) -> list[TemplateIssue]:
    """Return a template's problems, from the cache when a template with the same name and bytes was checked."""
    try:
        data = path.read_bytes()
    except OSError:
        return check_template(path)  # the check says, in Danish, that the file cannot be opened
    key = cache_key("template-check", path.name.encode(), data)
    if key not in _CHECKED:
        if len(_CHECKED) >= CHECKS_KEPT:
            del _CHECKED[next(iter(_CHECKED))]
        _CHECKED[key] = _stored_check(key, path.name, data)
    return list(_CHECKED[key])


def _stored_check(key: str, name: str, data: bytes) -> tuple[TemplateIssue, ...]:
    """Return the issues of a template's bytes: from the user's cache folder when checked before, else checked now."""
    stored = load(key)
    if stored is not None:
        try:
            return tuple(TemplateIssue(*map(str, fields)) for fields in json.loads(stored))
        except (ValueError, TypeError):
            pass
    issues = tuple(check_template_bytes(name, data))
    store(key, json.dumps([astuple(issue) for issue in issues], ensure_ascii=False).encode())
    return issues


def warm_templates(paths: Iterable[Path]) -> None:
    """Prepare the templates and compile their Jinja sources now, so worker processes forked later inherit them."""
    from assembler.render.engine import read_prepared
    from assembler.render.environment import jinja_environment

    environment = jinja_environment()
    for path in paths:
        for name in read_prepared(path).sources:
            environment.get_template(name)


def export_templates(target: Path, force: bool = False) -> list[tuple[Path, bool]]:
    """Copy the default templates into a folder; return each path and whether it was written."""
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for spec in DOCUMENTS:
        destination = target / spec.template
        if destination.exists() and not force:
            copied.append((destination, False))
            continue
        shutil.copyfile(default_template_dir() / spec.template, destination)
        copied.append((destination, True))
    return copied
