"""Civic charter routes for the route matrix: assembly A (private) has a charter, signed by the
partner's organisation, and one request waiting.

The charter and its form are as visible as the assembly (404 to outsiders, partners included:
they belong to no assembly); organisers manage it.
"""

from portal.extensions import db
from portal.models import Assembly, CharterSignature, OrganisationKind, SignatureState, User
from portal.partners import charter as charters
from portal.partners import logos
from portal.timeutil import today
from tests.support.images import image_bytes

LOGIN = 302
INSIDE_A = (404, 200, 404, 200, 200, 200, 200, 404)
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)


def extend_world(values, people, app):
    assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == values["assembly_a"]))
    organiser = db.session.get(User, people["organiser"].id)
    charters.save_charter(assembly, "We will act on the **recommendations**.", organiser)
    common = {
        "assembly_id": assembly.id,
        "kind": OrganisationKind.VOLUNTARY,
        "contact_name": "Chris Contact",
        "contact_email": "chris@example.org",
        "statement": "We support the assembly.",
    }
    db.session.add(
        CharterSignature(
            **common,
            organisation_id=values["organisation"],
            organisation_name="Riverside Housing Association",
            state=SignatureState.APPROVED,
            signed_on=today(),
        )
    )
    logo = logos.process_logo(image_bytes())
    waiting = CharterSignature(
        **common,
        organisation_name="Waiting Group",
        logo_data=logo.data,
        logo_content_type=logo.content_type,
    )
    db.session.add(waiting)
    db.session.commit()
    return {"charter_request_a": waiting.id}


CHARTER = "/assemblies/{assembly_a}/charter"
ADMIN = "/admin/assemblies/{assembly_a}/charter"

ROUTES = {
    "partners.charter": ("GET", CHARTER, INSIDE_A),
    "partners.sign": ("GET", CHARTER + "/sign", INSIDE_A),
    "partners.sign_sent": ("GET", CHARTER + "/sign/sent", INSIDE_A),
    "partners.admin_charter": ("GET", ADMIN, ORGANISERS),
    "partners.admin_request": ("GET", ADMIN + "/requests/{charter_request_a}", ORGANISERS),
    "partners.request_logo": (
        "GET",
        ADMIN + "/requests/{charter_request_a}/logo",
        ORGANISERS,
    ),
}
