"""Partners routes for the route matrix: one organisation (the partner's) with a logo.

Organisers manage organisations; logos are public, like the charters that show them.
"""

from portal.extensions import db
from portal.models import Organisation
from portal.partners import logos
from tests.support.images import image_bytes

LOGIN = 302
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
ANYONE = (200,) * 8
PARTNERS = (LOGIN, 403, 403, 403, 403, 403, 403, 200)


def extend_world(values, people, app):
    organisation = db.session.get(Organisation, values["organisation"])
    logos.save_logo(organisation, logos.process_logo(image_bytes()))
    db.session.commit()
    return {}


ROUTES = {
    "partners.organisation_list": ("GET", "/admin/organisations", ORGANISERS),
    "partners.add_organisation": ("GET", "/admin/organisations/new", ORGANISERS),
    "partners.edit_organisation": (
        "GET",
        "/admin/organisations/{organisation}/edit",
        ORGANISERS,
    ),
    "partners.logo": ("GET", "/organisations/{organisation}/logo", ANYONE),
    "partners.home": ("GET", "/partner", PARTNERS),
}
