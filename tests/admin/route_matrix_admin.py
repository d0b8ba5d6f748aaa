"""Admin routes for managing the people in an assembly (the older admin rows are in
tests/test_route_matrix.py). Only organisers: everyone else signed in gets 403."""

from portal.extensions import db
from portal.models import Assembly, User

LOGIN = 302
# anonymous, member A, member B, officer, organiser, approver, colleague
ORGANISERS = (LOGIN, 403, 403, 403, 200, 403, 403, 403)
ORGANISERS_POST = (LOGIN, 403, 403, 403, 302, 403, 403, 403)
MEMBERS = "/admin/assemblies/{assembly_a}/members"


def extend_world(values, people, app):
    """An invitation of its own: the older rows withdraw the shared one."""
    from portal.admin import invitations

    assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == values["assembly_a"]))
    organiser = db.session.get(User, people["organiser"].id)
    with app.test_request_context():
        invitation = invitations.invite(
            "Waiting Person", "waiting@example.org", "member", assembly, organiser
        )
    return {"member_invitation": invitation.id}


ROUTES = {
    "admin.members_list": ("GET", MEMBERS, ORGANISERS),
    "admin.members_csv": ("GET", MEMBERS + ".csv", ORGANISERS),
    "admin.remove_member": ("GET", MEMBERS + "/{member_a}/remove", ORGANISERS),
    "admin.change_member_display_name": (
        "GET",
        MEMBERS + "/{member_a}/display-name",
        ORGANISERS,
    ),
    "admin.resend_member_invitation": (
        "POST",
        MEMBERS + "/invitations/{member_invitation}/resend",
        ORGANISERS_POST,
    ),
    "admin.withdraw_member_invitation": (
        "GET",
        MEMBERS + "/invitations/{member_invitation}/withdraw",
        ORGANISERS,
    ),
}
