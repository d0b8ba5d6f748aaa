"""Referral routes for the route matrix: recommendation B's published decision is referred to
the partner's organisation (B, not A: assembly A's report must stay as it was taken).

Only partners answer referrals, and only those of the organisation asked (others 403; a
partner of another organisation 404, tested in test_referrals.py); organisers list each
assembly's referrals.
"""

from datetime import timedelta

from portal.extensions import db
from portal.models import Recommendation, User
from portal.timeutil import today
from portal.tracker import services

LOGIN = 302
PARTNERS = (LOGIN, 403, 403, 403, 403, 403, 403, 200)
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)


def extend_world(values, people, app):
    recommendation = db.session.get(Recommendation, values["recommendation_b_id"])
    officer = db.session.get(User, people["officer"].id)
    entry = services.publish_decision(
        recommendation,
        officer,
        decision="referred",
        explanation="Only the organisation can do this. We have asked it to respond by the date.",
        referred_organisation=values["organisation"],
        respond_by=today() + timedelta(days=30),
    )
    db.session.commit()
    return {"referral": entry.referral.id}


ROUTES = {
    "partners.respond_to_referral": ("GET", "/partner/referrals/{referral}", PARTNERS),
    "partners.admin_referrals": ("GET", "/admin/assemblies/{assembly_a}/referrals", ORGANISERS),
}
