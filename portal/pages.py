"""Pages that several capabilities contribute to.

The public recommendation page (``/assemblies/<slug>/recommendations/<number>``) is one page for
everyone: the public record comes from the public package, and signed-in members, officers and
organisers also see panels from other capabilities (discussion, verdicts, questions, follow).
A panel provider takes ``(recommendation, user)`` and returns ``None`` (nothing to show this
person) or a dict with ``template`` (a partial to include) plus whatever that partial needs.
The page renders each panel as ``{% include panel.template %}`` with ``panel`` in scope.
A published report's page has panels too (``report_panels``: providers take ``(report, user)``).
Providers are added by a package's ``init_app`` (:mod:`portal.registry`).
"""

from __future__ import annotations

from portal.registry import registry


def recommendation_panels(recommendation, user) -> list[dict]:
    providers = registry().recommendation_panels
    return [p for p in (provider(recommendation, user) for provider in providers) if p]


def assembly_panels(assembly, user) -> list[dict]:
    return [p for p in (provider(assembly, user) for provider in registry().assembly_panels) if p]


def report_panels(report, user) -> list[dict]:
    """Panels under a published report (the members' assessment, their statement and its reply)."""
    return [p for p in (provider(report, user) for provider in registry().report_panels) if p]
