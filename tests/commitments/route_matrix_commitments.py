"""Commitments routes for the route matrix: the partner's organisation signed public assembly B's
charter and committed to its recommendation 1.

Only partners of a signatory organisation commit and publish updates: the sign-in page for
visitors, 403 for everyone else signed in.
"""

from portal.extensions import db
from portal.models import Commitment
from portal.timeutil import add_months, today
from tests.commitments.support import sign_charter

LOGIN = 302
PARTNERS = (LOGIN, 403, 403, 403, 403, 403, 403, 200)


def extend_world(values, people, app):
    from portal.models import Assembly, Organisation

    assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == values["assembly_b"]))
    organisation = db.session.get(Organisation, values["organisation"])
    sign_charter(assembly, organisation)
    commitment = Commitment(
        recommendation_id=values["recommendation_b_id"],
        organisation_id=organisation.id,
        text="Insulate 400 homes.",
        due_on=add_months(today(), 12),
    )
    db.session.add(commitment)
    db.session.commit()
    return {"commitment_b": commitment.id}


ROUTES = {
    "commitments.my_commitments": ("GET", "/partner/commitments", PARTNERS),
    "commitments.new_commitment": ("GET", "/partner/commitments/new", PARTNERS),
    "commitments.edit_commitment": (
        "GET",
        "/partner/commitments/{commitment_b}/edit",
        PARTNERS,
    ),
    "commitments.new_update": (
        "GET",
        "/partner/commitments/{commitment_b}/updates/new",
        PARTNERS,
    ),
}
