"""The one reading of a recommendation's progress, in Python and in SQL.

When its assembly has ``progress_from_actions`` on and the recommendation has actions that are
not dropped, its progress is their mean (``recommendations.actions_progress``, kept by
:mod:`portal.actions.services`); otherwise it is the progress its latest update gave by hand
(``current_progress``). Every page, report and open-data file reads progress through here.
"""

from __future__ import annotations

from sqlalchemy import func

from portal.models import Assembly, Recommendation


def progress_of(recommendation: Recommendation) -> int | None:
    """The progress shown for this recommendation. Its assembly is read from the session's
    identity map when it is already loaded, so lists that loaded the assembly run no query."""
    if (
        recommendation.assembly.progress_from_actions
        and recommendation.actions_progress is not None
    ):
        return recommendation.actions_progress
    return recommendation.current_progress


def progress_column(assembly: Assembly):
    """The same rule as a SQL expression, for recommendations of ``assembly``."""
    if assembly.progress_from_actions:
        return func.coalesce(Recommendation.actions_progress, Recommendation.current_progress)
    return Recommendation.current_progress
