"""Where each document's template is: a secretariat's own folder first, the defaults otherwise."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
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


@dataclass(frozen=True)
class Tried:
    """What rendering a template on the sample plans gave: its issues, and whether they hold until it changes.

    A template stopped for its time, or whose worker the system ended, may do better another time.
    """

    issues: Sequence[TemplateIssue]
    lasting: bool = True


@dataclass(frozen=True)
class Trial:
    """How templates are tried by rendering them on sample plans: what the samples are made of, and who renders.

    `run` renders the templates it is given (in a worker bounded in time: see the pipeline) and says
    what each gave; `samples` is part of what a result is kept under, beside the template's bytes.
    """

    samples: bytes
    run: Callable[[Sequence[Path]], Mapping[Path, Tried]]


def check_templates(folder: Path | None, trial: Trial | None = None) -> list[TemplateReport]:
    """Check every document's template in a folder (or the default one where the folder has none).

    With a trial, each template without a problem in its text is also rendered on the sample plans.
    """
    paths = list(template_paths(DOCUMENTS, folder).values())
    issues = template_issues(paths, trial)
    return [TemplateReport(path, folder is not None and path.parent == folder, issues[path]) for path in paths]


def checked_template_paths(
    documents: Iterable[DocumentSpec], folder: Path | None, trial: Trial | None = None
) -> dict[str, Path]:
    """Return the templates to use, checked (and tried, with a trial); raise TemplateError listing every problem."""
    paths = template_paths(documents, folder)
    found = template_issues(list(paths.values()), trial)
    issues = [str(issue) for path in paths.values() for issue in found[path]]
    if issues:
        raise TemplateError(issues)
    return paths


def template_issues(paths: Sequence[Path], trial: Trial | None) -> dict[Path, list[TemplateIssue]]:
    """Return each template's problems: those in its text, else (with a trial) those rendering it meets."""
    issues = {path: checked(path) for path in paths}
    if trial is None:
        return issues
    sound = [path for path in paths if not issues[path]]
    keys = {path: trial_key(path, trial.samples) for path in sound}
    untried = [path for path, key in keys.items() if key is not None and remembered(key) is None]
    tried = trial.run(untried) if untried else {}
    for path in sound:
        key = keys[path]
        if key is None:  # unreadable since it was checked: checking it again says so
            issues[path] = check_template(path)
        elif path in tried:
            issues[path] = list(tried[path].issues)
            if tried[path].lasting:
                remember(key, tuple(tried[path].issues))
        else:
            issues[path] = list(remembered(key) or ())
    return issues


def trial_key(path: Path, samples: bytes) -> str | None:
    """Return what trying a template is kept under: its name and bytes, the samples (None when it cannot be read)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return cache_key("template-trial", path.name.encode(), data, samples)


CHECKS_KEPT = 64
_CHECKED: dict[str, tuple[TemplateIssue, ...]] = {}


def checked(path: Path) -> list[TemplateIssue]:
    """Return a template's problems, from the cache when a template with the same name and bytes was checked."""
    try:
        data = path.read_bytes()
    except OSError:
        return check_template(path)  # the check says, in Danish, that the file cannot be opened
    key = cache_key("template-check", path.name.encode(), data)
    issues = remembered(key)
    if issues is None:
        issues = tuple(check_template_bytes(path.name, data))
        remember(key, issues)
    return list(issues)


def remembered(key: str) -> tuple[TemplateIssue, ...] | None:
    """Return the issues kept under a key: in this process, or in the user's cache folder; None when none are."""
    if key in _CHECKED:
        return _CHECKED[key]
    stored = load(key)
    if stored is None:
        return None
    try:
        issues = tuple(TemplateIssue(*map(str, fields)) for fields in json.loads(stored))
    except (ValueError, TypeError):
        return None
    _keep(key, issues)
    return issues


def remember(key: str, issues: tuple[TemplateIssue, ...]) -> None:
    """Keep a template's issues under a key, in this process and in the user's cache folder."""
    _keep(key, issues)
    store(key, json.dumps([astuple(issue) for issue in issues], ensure_ascii=False).encode())


def _keep(key: str, issues: tuple[TemplateIssue, ...]) -> None:
    if len(_CHECKED) >= CHECKS_KEPT:
        del _CHECKED[next(iter(_CHECKED))]
    _CHECKED[key] = issues


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
