"""Trying a template by rendering it on sample plans: what fails only at run time shows before a real plan meets it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assembler.context import Kontekst
from assembler.contract.model import Plan
from assembler.documents import DOCUMENTS
from assembler.errors import TemplateError
from assembler.render.check import TemplateIssue
from assembler.render.engine import render_template
from assembler.render.faults import TemplateFault

Starting = Callable[[str | None], None]
"""Told the name of each template as its rendering starts, and None when it is over (so it can be bounded in time)."""


@dataclass(frozen=True)
class Sample:
    """A plan a template is tried on: how a message names it, the plan and its templates' context."""

    label: str
    plan: Plan
    context: Kontekst


def trial_issues(template: Path, samples: Sequence[Sample], starting: Starting) -> list[TemplateIssue]:
    """Return the problem a template meets when rendered on each sample plan its report is made for (the first one)."""
    documents = [spec for spec in DOCUMENTS if spec.template == template.name]
    for sample in samples:
        if documents and not any(spec.applies_to(sample.plan) for spec in documents):
            continue
        starting(template.name)
        try:
            render_template(template, sample.context)
        except TemplateFault as fault:
            what = f"{fault.what}, når skabelonen bruges på {sample.label}{fault.detail}"
            return [TemplateIssue(template.name, fault.paragraph, what)]
        except TemplateError as err:  # the template cannot be read or prepared any more
            return [TemplateIssue(template.name, "", issue) for issue in err.issues]
        finally:
            starting(None)
    return []
