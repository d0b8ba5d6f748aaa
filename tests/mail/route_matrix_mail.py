"""Email routes for the shared route matrix (``tests/test_route_matrix.py`` on main).

Assembly A is private; the sent bulletin went to assembly A's members, so members of B get 404.
The thorough checks (CSRF exemption, forged tokens, audiences) are in this package's tests.
"""

from datetime import timedelta

from portal.extensions import db
from portal.mail import bulletins, send_email
from portal.mail.unsubscribe import make_token
from portal.models import Assembly, MessageState
from portal.timeutil import utcnow

LOGIN = 302
ORGANISERS_PAGE = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
ORGANISERS_ACTION = (LOGIN, 403, 403, 403, 302, 403, 403, 403)
SIGNED_IN = (LOGIN, 200, 200, 200, 200, 200, 200, 200)


def extend_world(values, people, app):
    organiser = people["organiser"]
    assembly_a = db.session.get(Assembly, _assembly_id(values))

    def draft(subject):
        return bulletins.save_draft(
            None,
            organiser,
            subject=subject,
            body="Hello.",
            audience="assembly",
            assembly=assembly_a,
            recommendation_ids=[],
        )

    ids = {name: draft(name).id for name in ("draft", "to_delete", "to_send")}
    scheduled = draft("scheduled")
    bulletins.schedule(scheduled, utcnow() + timedelta(days=2))
    sent = draft("sent")
    bulletins.send_now(sent)
    failed = send_email(
        people["member_a"].email,
        "Failed",
        "sign_in_link",
        user=people["member_a"],
        link="x",
        minutes=1,
    )
    failed.state = MessageState.FAILED
    db.session.commit()
    return {
        **{f"bulletin_{name}": bulletin_id for name, bulletin_id in ids.items()},
        "bulletin_scheduled": scheduled.id,
        "bulletin_sent": sent.id,
        "failed_message": failed.id,
        "emailed_person": people["member_a"].id,
        "unsubscribe_token": make_token(people["member_a"].id, "bulletins"),
    }


def _assembly_id(values) -> int:
    from sqlalchemy import select

    return db.session.scalar(select(Assembly.id).where(Assembly.slug == values["assembly_a"]))


ROUTES = {
    "mail.bulletin_list": ("GET", "/admin/bulletins", ORGANISERS_PAGE),
    "mail.compose_bulletin": ("GET", "/admin/bulletins/new", ORGANISERS_PAGE),
    "mail.preview_bulletin": ("GET", "/admin/bulletins/{bulletin_draft}", ORGANISERS_PAGE),
    "mail.edit_bulletin": ("GET", "/admin/bulletins/{bulletin_draft}/edit", ORGANISERS_PAGE),
    "mail.schedule_bulletin": (
        "GET",
        "/admin/bulletins/{bulletin_draft}/schedule",
        ORGANISERS_PAGE,
    ),
    "mail.test_bulletin": ("POST", "/admin/bulletins/{bulletin_draft}/test", ORGANISERS_ACTION),
    "mail.send_bulletin": ("POST", "/admin/bulletins/{bulletin_to_send}/send", ORGANISERS_ACTION),
    "mail.unschedule_bulletin": (
        "POST",
        "/admin/bulletins/{bulletin_scheduled}/unschedule",
        ORGANISERS_ACTION,
    ),
    "mail.delete_bulletin": (
        "POST",
        "/admin/bulletins/{bulletin_to_delete}/delete",
        ORGANISERS_ACTION,
    ),
    "mail.bulletin_report": ("GET", "/admin/bulletins/{bulletin_sent}/report", ORGANISERS_PAGE),
    "mail.sent_email": ("GET", "/admin/sent-email", ORGANISERS_PAGE),
    "mail.person_emails": ("GET", "/admin/sent-email/people/{emailed_person}", ORGANISERS_PAGE),
    "mail.retry_message": (
        "POST",
        "/admin/sent-email/{failed_message}/retry",
        ORGANISERS_ACTION,
    ),
    "mail.retry_failed": ("POST", "/admin/sent-email/retry-failed", ORGANISERS_ACTION),
    "mail.bulletins_received": ("GET", "/bulletins", SIGNED_IN),
    "mail.read_bulletin": (
        "GET",
        "/bulletins/{bulletin_sent}",
        (LOGIN, 200, 404, 200, 200, 200, 200, 404),
    ),
    "mail.preferences": ("GET", "/email-preferences", SIGNED_IN),
    "mail.unsubscribe": ("GET", "/unsubscribe/{unsubscribe_token}", (200,) * 8),
    # a POST without the confirmation page's signed note and CSRF token: nothing to undo
    "mail.undo_unsubscribe": ("POST", "/unsubscribe/{unsubscribe_token}/undo", (400,) * 8),
}
