"""Extension points for pages that several capabilities contribute to.

The public recommendation page (``/assemblies/<slug>/recommendations/<number>``) is one page for
everyone: the public record comes from the public package, and signed-in members, officers and
organisers also see panels from other capabilities (discussion, verdicts, questions, follow).
A panel provider takes ``(recommendation, user)`` and returns ``None`` (nothing to show this
person) or a dict with ``template`` (a partial to include) plus whatever that partial needs.
The page renders each panel as ``{% include panel.template %}`` with ``panel`` in scope.
"""

from __future__ import annotations

from collections.abc import Callable

RECOMMENDATION_PANELS: list[Callable] = []
ASSEMBLY_PANELS: list[Callable] = []


def recommendation_panels(recommendation, user) -> list[dict]:
    return [p for p in (provider(recommendation, user) for provider in RECOMMENDATION_PANELS) if p]


def assembly_panels(assembly, user) -> list[dict]:
    return [p for p in (provider(assembly, user) for provider in ASSEMBLY_PANELS) if p]
