"""Data-rights routes for the route matrix.

Statuses are for the PERSONAS of tests/test_route_matrix.py, in order.
The organiser's delete page is for a member created only for it, so no persona is deleted.
"""

from tests.support.data import create_user

LOGIN = 302
BAD_LINK = 400


def extend_world(values, people, app):
    person = create_user("erasable@example.org", name="Erasable Person")
    return {"erasable": person.id}


ROUTES = {
    "rights.download_data": ("GET", "/account/data", (LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    "rights.delete_account": ("GET", "/account/delete", (LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    # Members are sent a link (the "Check your email" page); staff cannot delete their account,
    # nor can partners (their organisation's record names them: an organiser closes it).
    "rights.email_delete_link": (
        "POST",
        "/account/delete/email",
        (LOGIN, 200, 200, 403, 403, 403, 403, 403),
    ),
    "rights.confirm_delete_link": ("GET", "/account/delete/confirm/forged", (BAD_LINK,) * 8),
    "rights.erase_person": (
        "GET",
        "/admin/people/{erasable}/delete",
        (LOGIN, 403, 403, 403, 200, 403, 403, 403),
    ),
}
