"""In-process events, so one capability can react to another without importing its views.

Listeners are added by a package's ``init_app`` (:func:`portal.registry.add_listener`) and kept
per application. They run synchronously inside the emitter's transaction, in the order the
packages were initialised: whatever they add (notifications, queued emails) is committed, or
rolled back, together with the event itself.

Events and their keyword arguments:
- ``entry_published``: ``entry`` (a published ResponseEntry)
- ``entry_awaiting_sign_off``: ``entry`` (confirmed, waiting for an approver; not public)
- ``entry_returned``: ``entry`` (back to draft with ``returned_reason``), ``returned_by``
- ``comment_posted``: ``comment``
- ``question_asked``: ``question`` (assigned to the lead officer, or unassigned for the organisers)
- ``question_answered``: ``question``
- ``leads_assigned``: ``changes``, a list of ``(recommendation, previous lead id or None)`` for
  recommendations whose lead officer changed in this transaction
- ``lead_declined``: ``decline`` (a LeadDecline: the lead said "This isn't mine" and was cleared)
- ``comment_hidden``: ``comment``
- ``bulletin_sent``: ``bulletin``
- ``report_published``: ``report`` (a published Report) and ``summary`` (its counts)
- ``report_corrected``: ``report`` and ``version`` (the ReportVersion its correction made)
- ``statement_opened``: ``statement`` (a members' statement, its text frozen for endorsement)
- ``statement_replied``: ``statement`` (the council's reply to it was published)
- ``assessment_opened``: ``assessment`` (an AssessmentRound just opened on a published report)
- ``commitment_update_published``: ``update`` (a CommitmentUpdate a partner just published)
"""

from __future__ import annotations

from portal.registry import registry


def emit(event: str, **payload) -> None:
    for listener in list(registry().listeners.get(event, ())):
        listener(**payload)
