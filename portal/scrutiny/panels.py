"""Scrutiny's panels on the shared recommendation and assembly pages (see portal/pages.py).

Each provider returns ``None`` when the person should see nothing of it. The work each does is
a fixed number of queries, however many comments, verdicts or questions there are.
"""

from __future__ import annotations

from flask import has_request_context, request, url_for
from flask_babel import gettext as _

from portal import permissions
from portal.following import is_following
from portal.links import recommendation_url
from portal.models import Assembly, Recommendation, User
from portal.pagination import page_number
from portal.public.record import published_entries_of
from portal.scrutiny import comments, questions, verdicts
from portal.scrutiny.forms import CommentForm, ConfirmForm, QuestionForm, VerdictForm
from portal.scrutiny.viewer import Viewer, viewer_for
from portal.timeutil import today, utcnow


def _published_entries(recommendation: Recommendation):
    """Loaded once per request and shared by the discussion and verdict panels."""
    return published_entries_of(recommendation)  # the page's timeline read them already


def _here(recommendation: Recommendation) -> str:
    return (
        request.full_path.rstrip("?")
        if has_request_context()
        else recommendation_url(recommendation)
    )


def comment_actions(viewer: Viewer, comment, now) -> dict[str, bool]:
    member = viewer.user if viewer.takes_part and isinstance(viewer.user, User) else None
    visible = not comment.is_deleted and not comment.is_hidden
    return {
        "reply": viewer.can_comment and visible and not comment.is_reply,
        "edit": member is not None and permissions.can_edit_comment(member, comment, now),
        "delete": member is not None and permissions.can_delete_comment(member, comment),
        "report": viewer.takes_part
        and visible
        and comment.author_id != viewer.user_id
        and not viewer.is_suspended,
        "hide": viewer.can_moderate and not comment.is_hidden and not comment.is_deleted,
        "restore": viewer.can_moderate and comment.is_hidden,
    }


def follow_panel(recommendation: Recommendation, user) -> dict | None:
    assembly = recommendation.assembly
    if not user.is_authenticated:
        return {
            "template": "scrutiny/panels/sign_in.html",
            "sign_in_url": url_for("auth.login", next=recommendation_url(recommendation)),
        }
    viewer = viewer_for(user, assembly)
    if not viewer.can_follow:
        return None
    return {
        "template": "scrutiny/panels/follow.html",
        "recommendation": recommendation,
        "following": is_following(user, recommendation),
        "form": ConfirmForm(formdata=None, next=_here(recommendation)),
    }


def _verdict_form(entry, own) -> VerdictForm:
    form = VerdictForm(
        formdata=None,
        rating=own.rating if own else None,
        reason=own.reason if own else "",
    )
    form.rating.id = f"verdict-{entry.id}-rating"
    form.reason.id = f"verdict-{entry.id}-reason"
    form.submit.id = f"verdict-{entry.id}-submit"
    return form


def verdict_panel(recommendation: Recommendation, user) -> dict | None:
    """Members' verdicts on the current decision and the latest update, counted apart, and the
    history of verdicts on earlier responses. A fixed number of queries (see verdicts.py)."""
    viewer = viewer_for(user, recommendation.assembly)
    if not viewer.can_read:
        return None
    standing = verdicts.standing_of(_published_entries(recommendation))
    everything = standing.everything
    tallies = verdicts.response_tallies(everything)
    mine = verdicts.own_verdicts(user, everything) if viewer.can_give_verdict else {}
    headings = {
        "decision": _("The council’s current decision"),
        "update": _("The latest progress update"),
        "closure": _("Why the council closed it"),
    }

    def item(response: verdicts.JudgedResponse, heading: str = "") -> dict:
        own = mine.get(response.key)
        return {
            "heading": heading,
            "entry": response.entry,
            "label": comments.entry_label(response.entry),
            "corrected": response.is_corrected,
            "tally": tallies[response.key],
            "mine": own,
            "mine_is_earlier": own is not None and own.entry_id != response.entry.id,
            "form": _verdict_form(response.entry, own) if viewer.can_give_verdict else None,
        }

    current = [item(r, headings.get(r.kind, "")) for r in standing.current]
    reasons = None
    decision_ids: set[int] = set()
    if viewer.takes_part and permissions.can_respond_to(user, recommendation):
        reasons = [verdict for _key, verdict in verdicts.verdicts_with_reasons(standing.current)]
        decision_ids = set(standing.decision.entry_ids) if standing.decision else set()
    return {
        "template": "scrutiny/panels/verdicts.html",
        "recommendation": recommendation,
        "responses": current,
        "has_update": standing.update is not None,
        "earlier": [item(r) for r in standing.earlier],
        "can_give_verdict": viewer.can_give_verdict,
        "reasons": reasons,
        "decision_ids": decision_ids,
    }


def question_panel(recommendation: Recommendation, user) -> dict | None:
    viewer = viewer_for(user, recommendation.assembly)
    if not viewer.can_read:
        return None
    listed = questions.questions_on(recommendation)
    form = None
    if viewer.can_ask:
        form = QuestionForm(formdata=None)
        form.body.id = "question-body"
        form.submit.id = "question-submit"
    return {
        "template": "scrutiny/panels/questions.html",
        "recommendation": recommendation,
        "questions": listed,
        "answerable": {
            q.id for q in listed if permissions.can_answer(user, q) and not q.is_answered
        },
        "form": form,
        "answer_days": recommendation.assembly.question_answer_days,
        "today": today(),
        "viewer": viewer,
    }


def discussion_panel(recommendation: Recommendation, user) -> dict | None:
    viewer = viewer_for(user, recommendation.assembly)
    if not viewer.can_read:
        return None
    page = comments.discussion(recommendation, page_number())
    now = utcnow()
    form = None
    if viewer.can_comment:
        form = CommentForm(formdata=None)
        form.body.id = "comment-body"
        form.entry_id.id = "comment-about"
        form.submit.id = "comment-submit"
        form.entry_id.choices = comments.entry_choices(_published_entries(recommendation))
    shown = page.comments + [reply for replies in page.replies.values() for reply in replies]
    return {
        "template": "scrutiny/panels/discussion.html",
        "recommendation": recommendation,
        "discussion": page,
        "form": form,
        "viewer": viewer,
        "actions": {c.id: comment_actions(viewer, c, now) for c in shown},
        "entry_label": comments.entry_label,
    }


def scorecard_panel(assembly: Assembly, user) -> dict | None:
    viewer = viewer_for(user, assembly)
    if not viewer.can_read:
        return None
    return {
        "template": "scrutiny/panels/scorecard.html",
        "assembly": assembly,
        "rows": [
            {
                "number": row.number,
                "title": row.title,
                "url": recommendation_url(slug=assembly.slug, number=row.number),
                "authority_says": row.authority_says,
                "on_decision": row.decision,
                "on_update": row.update,
            }
            for row in verdicts.assembly_scorecard(assembly)
        ],
    }


# The panels on the recommendation page, in the order they are shown.
RECOMMENDATION_PANELS = (follow_panel, verdict_panel, question_panel, discussion_panel)
